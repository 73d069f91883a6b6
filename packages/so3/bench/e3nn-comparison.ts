/**
 * The e3nn 0.5.6 reference figures (one thread of this kind of machine, float32, batch 1000,
 * irreps mul×(0e+1o+2e+…+L)) next to ours on the same work: the reference kernels ("before", the sparse
 * index loops of `kernels.ts`) and the fast path ("after": generated coupling kernels + blocked GEMM,
 * `fast-kernels.ts`), measured alternately in the same run. Run: `pnpm tsx packages/so3/bench/e3nn-comparison.ts`.
 */
import { sphericalHarmonics } from '../src/index.ts';
import { buildBenchCase } from './benchmark-case.ts';
import { fmt, machine, measure } from './common.ts';

const rows: [string, 'fctp' | 'uvu', number, number, number][] = [
  ['FCTP mul 1', 'fctp', 1, 1, 105e-6],
  ['FCTP mul 1', 'fctp', 3, 1, 1.04e-3],
  ['FCTP mul 1', 'fctp', 6, 1, 7.7e-3],
  ['FCTP mul 8', 'fctp', 1, 8, 0.56e-3],
  ['FCTP mul 8', 'fctp', 3, 8, 28e-3],
  ['FCTP mul 8', 'fctp', 4, 8, 125e-3],
  ['FCTP mul 8', 'fctp', 6, 8, 1.38],
  ['uvu mul 8', 'uvu', 3, 8, 3.4e-3],
  ['uvu mul 8', 'uvu', 6, 8, 40e-3],
];

console.log(`# e3nn comparison — ${machine()}\n`);
console.log(
  '| work | L | e3nn 0.5.6 | before: reference kernels (CPU) | after: fast path (wall median) | after: fast path (CPU) | speed-up (CPU) | e3nn / after (CPU) |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, setting, L, mul, ref] of rows) {
  const repeats = L >= 6 && mul > 1 ? 1 : 5;
  const before = measure(
    buildBenchCase({ kind: 'cg', setting, lmax: L, mul, batch: 1000, dtype: 'f32', kernels: 'reference' }).run,
    repeats,
  );
  const after = measure(buildBenchCase({ kind: 'cg', setting, lmax: L, mul, batch: 1000, dtype: 'f32' }).run, repeats);
  console.log(
    `| ${name} | ${L} | ${fmt(ref)} | ${fmt(before.cpu)} | ${fmt(after.wall)} | ${fmt(after.cpu)} | ${(before.cpu / after.cpu).toFixed(2)}× | ${(ref / after.cpu).toFixed(2)} |`,
  );
}
console.log(`\nyardstick after the tensor products: ${machine()}\n`);
const shRef: [number, number][] = [
  [1, 1.3e-3],
  [4, 8.0e-3],
  [8, 34.7e-3],
];
let s = 1;
const vectors = Float64Array.from({ length: 3e5 }, () => {
  s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  return s / 2147483648 - 1;
});
console.log('| work | L | e3nn 0.5.6 | equitensor wall (median) | equitensor CPU | e3nn / equitensor (CPU) |');
console.log('|---|---|---|---|---|---|');
for (const [L, ref] of shRef) {
  const out = new Float64Array(1e5 * (L + 1) ** 2);
  const m = measure(() => sphericalHarmonics(L, vectors, true, 'component', out), 7);
  const alloc = measure(() => sphericalHarmonics(L, vectors, true, 'component'), 7);
  console.log(
    `| SH 10⁵ vectors (into a reused buffer; allocating: ${fmt(alloc.cpu)} CPU) | ${L} | ${fmt(ref)} | ${fmt(m.wall)} | ${fmt(m.cpu)} | ${(ref / m.cpu).toFixed(2)} |`,
  );
}
