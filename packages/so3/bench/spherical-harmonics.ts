/**
 * Spherical harmonics of 10⁵ vectors, values and values + analytic gradients, into reused buffers.
 * Usage: `pnpm tsx packages/so3/bench/spherical-harmonics.ts`.
 */
import { sphericalHarmonics, sphericalHarmonicsWithGradient } from '../src/index.ts';
import { fmt, machine, measure } from './common.ts';

const n = 1e5;
let s = 3;
const vectors = Float64Array.from({ length: 3 * n }, () => {
  s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  return s / 2147483648 - 1;
});
console.log(`# spherical harmonics of 10⁵ vectors — ${machine()}\n`);
console.log('| lmax | values (wall / CPU) | values + gradients (wall / CPU) | e3nn 0.5.6 values |');
console.log('|---|---|---|---|');
const e3nn: Record<number, string> = { 1: '1.3 ms', 4: '8.0 ms', 8: '34.7 ms' };
for (const L of [1, 2, 4, 8, 12]) {
  const dim = (L + 1) ** 2;
  const values = new Float64Array(n * dim);
  const gradients = new Float64Array(n * dim * 3);
  const v = measure(() => sphericalHarmonics(L, vectors, true, 'component', values), 7);
  const g = measure(() => sphericalHarmonicsWithGradient(L, vectors, true, 'component', { values, gradients }), 5);
  console.log(
    `| ${L} | ${fmt(v.wall)} / ${fmt(v.cpu)} | ${fmt(g.wall)} / ${fmt(g.cpu)} | ${e3nn[L] ?? (L > 11 ? '— (e3nn stops at 11)' : '—')} |`,
  );
}
