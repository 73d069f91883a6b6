/**
 * Time and error against tensor size for Tucker (HOSVD, HOOI), CP (ALS), TT (TT-SVD) and Chebyshev-Tucker (Alg 3.1),
 * and the paper's point: Alg 3.3 (CP → Chebyshev-Tucker, no n³ array) versus grid-based Tucker (HOSVD of the dense
 * n³ grid tensor) on the same function (the long-range Newton kernel) at about the same accuracy.
 *
 *   pnpm tsx packages/tensor/bench/decompositions.ts [--quick]
 */
import {
  chebTuckerEvaluate,
  chebTuckerFromCp,
  chebTuckerFromFunction,
  chebTuckerRanks,
  chebTuckerSliceError,
  cpAls,
  cpToDense,
  defaultSvdMethod,
  frobeniusNorm,
  hooi,
  hosvd,
  mat,
  Random,
  relativeDistance,
  rhosvd,
  type TuckerTensor,
  tensor,
  ttRanks,
  ttSvd,
  ttToDense,
  tuckerAt,
  tuckerRanks,
  tuckerToDense,
} from '../src/index.ts';
import { newtonCp } from './newton.ts';

const quick = process.argv.includes('--quick');
const rng = Random.mulberry32(2025); // the stream the published tables were drawn with
const time = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const v = fn();
  return [v, (performance.now() - t0) / 1000];
};
const fmt = (s: number) => (s < 0.01 ? `${(s * 1000).toFixed(2)} ms` : `${s.toFixed(3)} s`);

/** n³ tensor: exact Tucker (5, 5, 5) with Gaussian core/factors plus 1e-6 relative Gaussian noise. */
function lowRankPlusNoise(n: number, r: number, noise: number) {
  const core = tensor(
    [r, r, r],
    Float64Array.from({ length: r ** 3 }, () => rng.normal()),
  );
  const factors = [0, 1, 2].map(() =>
    mat(
      n,
      r,
      Float64Array.from({ length: n * r }, () => rng.normal()),
    ),
  );
  const x = tuckerToDense({ core, factors });
  const scale = (noise * frobeniusNorm(x)) / Math.sqrt(x.data.length);
  for (let i = 0; i < x.data.length; i++) x.data[i]! += scale * rng.normal();
  return x;
}

/** n³ tensor: exact CP rank r with Gaussian factors plus relative Gaussian noise. */
function cpPlusNoise(n: number, r: number, noise: number) {
  const factors = [0, 1, 2].map(() =>
    mat(
      n,
      r,
      Float64Array.from({ length: n * r }, () => rng.normal()),
    ),
  );
  const x = cpToDense({ weights: new Float64Array(r).fill(1), factors });
  const scale = (noise * frobeniusNorm(x)) / Math.sqrt(x.data.length);
  for (let i = 0; i < x.data.length; i++) x.data[i]! += scale * rng.normal();
  return x;
}

console.log(`# tensor decompositions — ${new Date().toISOString()} — Node ${process.version}`);
console.log('\n## Dense n³ tensors: Tucker rank 5 + 1e-6 noise (relative error vs the input)');
console.log(
  '| n | entries | HOSVD ε=1e-4 (gram) | HOOI ranks 5, 3 sweeps | TT-SVD ε=1e-4 | CP-ALS rank 5 (svd init) on CP rank 5 + 1e-6 noise |',
);
console.log('|---|---|---|---|---|---|');
for (const n of quick ? [16, 32] : [16, 32, 64, 128]) {
  const x = lowRankPlusNoise(n, 5, 1e-6);
  const [h, th] = time(() => hosvd(x, { eps: 1e-4 }));
  const eh = relativeDistance(tuckerToDense(h.tucker), x);
  const [o, to] = time(() => hooi(x, { ranks: [5, 5, 5], maxIterations: 3, tolerance: 0 }));
  const [t, tt] = time(() => ttSvd(x, { eps: 1e-4 }));
  const et = relativeDistance(ttToDense(t.tt), x);
  let cpCell = '—';
  if (n <= 64) {
    const y = cpPlusNoise(n, 5, 1e-6);
    const [c, tc] = time(() => cpAls(y, { rank: 5, init: 'svd', tolerance: 2e-6, maxIterations: 200 }));
    cpCell = `${fmt(tc)}, err ${c.relativeError.toExponential(1)}, ${c.iterations} it`;
  }
  console.log(
    `| ${n} | ${n ** 3} | ${fmt(th)}, ranks [${tuckerRanks(h.tucker)}], err ${eh.toExponential(1)} | ${fmt(to)}, err ${o.relativeError.toExponential(1)} | ${fmt(tt)}, ranks [${ttRanks(t.tt)}], err ${et.toExponential(1)} | ${cpCell} |`,
  );
}

console.log('\n## Chebyshev-Tucker, Alg 3.1: f = 1/sqrt(1 + x² + y² + z²)·cos(x y z) on [−1, 1]³, ε = 1e-10');
console.log('| m | m³ samples | time | ranks | max error at 1000 random points |');
console.log('|---|---|---|---|---|');
const fn = (x: number, y: number, z: number) => Math.cos(x * y * z) / Math.sqrt(1 + x * x + y * y + z * z);
const px = Float64Array.from({ length: 1000 }, () => 2 * rng.uniform() - 1);
const py = Float64Array.from({ length: 1000 }, () => 2 * rng.uniform() - 1);
const pz = Float64Array.from({ length: 1000 }, () => 2 * rng.uniform() - 1);
for (const m of quick ? [9, 17] : [9, 17, 33, 65]) {
  const [f, tf] = time(() => chebTuckerFromFunction(fn, { m, eps: 1e-10 }));
  const v = chebTuckerEvaluate(f, px, py, pz);
  let err = 0;
  for (let i = 0; i < 1000; i++) err = Math.max(err, Math.abs(v[i]! - fn(px[i]!, py[i]!, pz[i]!)));
  console.log(`| ${m} | ${m ** 3} | ${fmt(tf)} | [${chebTuckerRanks(f)}] | ${err.toExponential(2)} |`);
}

console.log('\n## Alg 3.3 vs grid-based Tucker: long-range Newton kernel (authors’ CP tensor, n³ cell centres of [−1, 1]³)');
console.log('Error: relative max error on the middle z-slice against the CP tensor.');
console.log('| n | method | time | ranks | mid-slice rel. max error | largest array |');
console.log('|---|---|---|---|---|---|');
for (const n of quick ? [256] : [256, 512]) {
  const x = newtonCp(n, 'long');
  const R = x.weights.length;
  const z = n / 2 - 1;
  const [f, tf] = time(() => chebTuckerFromCp(x, { m: 129, rhosvd: { tol: 1e-7 } }));
  const ef = chebTuckerSliceError(f, x, z).maxRelError;
  console.log(`| ${n} | Alg 3.3 (m = 129, tol 1e-7) | ${fmt(tf)} | [${chebTuckerRanks(f)}] | ${ef.toExponential(2)} | 129 × ${R} |`);
  const [rh, tr] = time(() => rhosvd(x, { tol: 1e-7 }).tucker);
  console.log(
    `| ${n} | RHOSVD of the grid CP (tol 1e-7) | ${fmt(tr)} | [${tuckerRanks(rh)}] | ${sliceError(rh, x, z).toExponential(2)} | ${n} × ${R} |`,
  );
  if (n <= 256) {
    const [dense, td] = time(() => cpToDense(x));
    for (const eps of [1e-6, 1e-8]) {
      // Default SVD route: Gram for ε = 1e-6; QR for ε = 1e-8, below the Gram route's resolution (≈ 1e-8 σ_max).
      const [g, tg] = time(() => hosvd(dense, { eps }).tucker);
      console.log(
        `| ${n} | grid HOSVD (ε = ${eps.toExponential(0)}, ${defaultSvdMethod(eps)}) | ${fmt(tg)} (+ ${fmt(td)} to form n³) | [${tuckerRanks(g)}] | ${sliceError(g, x, z).toExponential(2)} | ${n}³ = ${(n ** 3 / 1e6).toFixed(1)}M |`,
      );
    }
  } else console.log(`| ${n} | grid HOSVD | not run: the n³ array is ${((8 * n ** 3) / 2 ** 30).toFixed(1)} GiB | | | |`);
}

/** Mid-slice relative max error of a grid Tucker tensor against the CP tensor (entries via tuckerAt). */
function sliceError(t: TuckerTensor, x: ReturnType<typeof newtonCp>, z: number): number {
  const n = x.factors[0]!.rows;
  const R = x.weights.length;
  const idx: number[][] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) idx.push([i, j, z]);
  const v = tuckerAt(t, idx);
  let maxAbs = 0;
  let maxRef = 0;
  idx.forEach(([i, j], p) => {
    let s = 0;
    for (let r = 0; r < R; r++) s += x.factors[0]!.data[i! * R + r]! * x.factors[1]!.data[j! * R + r]! * x.factors[2]!.data[z * R + r]!;
    maxAbs = Math.max(maxAbs, Math.abs(v[p]! - s));
    maxRef = Math.max(maxRef, Math.abs(s));
  });
  return maxAbs / maxRef;
}
