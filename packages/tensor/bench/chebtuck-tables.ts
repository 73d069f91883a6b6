/**
 * Reproduces Tables 1–2 of Benner, Khoromskij, Khoromskaia, Sun (arXiv:2503.01696): Chebyshev-Tucker (Alg. 3.3)
 * approximation of the Newton kernel 1/|x| given as the authors' CP tensors on n³ grids, relative max error on the
 * middle z-slice and Tucker ranks, for the full kernel and for its long-range part (first ceil(R/2) − 3 terms).
 *
 *   pnpm tsx packages/tensor/bench/chebtuck-tables.ts [n …]
 */
import { newtonTableEntry } from './newton.ts';

const ns = process.argv.slice(2).map(Number);
const nList = ns.length > 0 ? ns : [256, 512, 1024];
const mList = [129, 257, 513, 1025];

for (const part of ['full', 'long'] as const) {
  console.log(
    `\n${part === 'full' ? 'Table 1: full Newton kernel' : 'Table 2: long-range part'} (tol 1e-7): rel. max error on the middle z-slice [Tucker ranks] (seconds)`,
  );
  console.log(['n \\ m', ...mList.map(String)].join('\t'));
  for (const n of nList) {
    const cells = mList.map((m) => {
      const e = newtonTableEntry(n, m, part);
      return `${e.maxRelError.toExponential(2)} [${e.ranks.join(',')}] (${e.seconds.toFixed(2)})`;
    });
    console.log([String(n), ...cells].join('\t'));
  }
}
