/**
 * The four kinds in PriceofFreedom's settings (SISO, SIMO, MIMO), float64 and float32, median of
 * repeats after warm-up. Usage: `pnpm tsx packages/so3/bench/kinds.ts [Lmax=6] [batch=10000]`.
 */
import type { TensorProductKind } from '../src/index.ts';
import { buildBenchCase } from './benchmark-case.ts';
import { fmt, machine, measure } from './common.ts';

const Lmax = Number(process.argv[2] ?? 6);
const batch = Number(process.argv[3] ?? 10000);
const kinds: TensorProductKind[] = ['cg', 'gaunt', 'grid', 'cp'];
console.log(`# tensor-product kinds, batch ${batch} — ${machine()}\n`);
for (const dtype of ['f64', 'f32'] as const) {
  for (const setting of ['siso', 'simo', 'mimo'] as const) {
    console.log(`\n## ${setting.toUpperCase()} ${dtype} (seconds per batch of ${batch}: wall median / CPU)\n`);
    console.log(`| L | ${kinds.join(' | ')} | fastest |`);
    console.log(`|---|${kinds.map(() => '---').join('|')}|---|`);
    for (let L = 1; L <= Lmax; L++) {
      const cells: string[] = [];
      let best = '';
      let bestT = Number.POSITIVE_INFINITY;
      for (const kind of kinds) {
        if (kind === 'cp' && L > 4) {
          cells.push('—');
          continue;
        }
        const c = buildBenchCase({ kind, setting, lmax: L, batch, dtype, ...(kind === 'cp' ? { rank: '7L2' as const } : {}) });
        const m = measure(c.run, 3);
        cells.push(`${fmt(m.wall)} / ${fmt(m.cpu)}`);
        if (m.cpu < bestT) {
          bestT = m.cpu;
          best = kind;
        }
      }
      console.log(`| ${L} | ${cells.join(' | ')} | ${best} |`);
    }
  }
}
