/**
 * CP kind: fit error and equivariance error against rank (TDN schedules 7L, 7L², 2·7L², full) for MIMO
 * and SIMO, Gaunt couplings. Usage: `pnpm tsx packages/so3/bench/cp-rank.ts [Lmax=4]`.
 */
import { assertEquivariant, type CpRank, createKindTensorProduct, settingDegrees } from '../src/index.ts';
import { fmt, machine, measure } from './common.ts';

const Lmax = Number(process.argv[2] ?? 4);
console.log(`# CP kind: error vs rank — ${machine()}\n`);
console.log(
  '| setting | L | rank schedule | rank | ALS sweeps | relative fit error ‖T−T̂‖/‖T‖ | equivariance error | output error vs CG | time / 1000 rows (CPU) |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const setting of ['simo', 'mimo'] as const) {
  for (let L = 1; L <= Lmax; L++) {
    const deg = settingDegrees(setting, L);
    const irr = (ls: number[]): string => ls.map((l) => `${l}y`).join('+');
    const cg = createKindTensorProduct('cg', deg);
    let s = 7;
    const next = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2147483648 - 1;
    };
    const x1 = Float64Array.from({ length: 1000 * cg.irrepsIn1.dim }, next);
    const x2 = Float64Array.from({ length: 1000 * cg.irrepsIn2.dim }, next);
    const ref = cg.apply(x1, x2);
    const refNorm = Math.sqrt(ref.reduce((a, v) => a + v * v, 0));
    const schedules: [string, CpRank][] = [
      ['7L', '7L'],
      ['7L²', '7L2'],
      ['2·7L²', 14 * L * L],
      ['full', 'full'],
    ];
    for (const [name, rank] of schedules) {
      const tp = createKindTensorProduct('cp', { ...deg, rank, alsIterations: 200 });
      const out = tp.apply(x1, x2);
      let d = 0;
      for (let i = 0; i < out.length; i++) d += ((out[i] as number) - (ref[i] as number)) ** 2;
      let eq = 0;
      try {
        eq = assertEquivariant((a, b) => tp.apply(a as Float64Array, b as Float64Array), [irr(deg.ls1), irr(deg.ls2)], irr(deg.lsOut), {
          tolerance: 1e9,
        }).maxRelativeError;
      } catch {
        eq = Number.NaN;
      }
      const m = measure(() => tp.apply(x1, x2), 3);
      console.log(
        `| ${setting.toUpperCase()} | ${L} | ${name} | ${tp.info.rank} | ${tp.info.sweeps} | ${(tp.info.relativeError as number).toExponential(2)} | ${eq.toExponential(2)} | ${(Math.sqrt(d) / refNorm).toExponential(2)} | ${fmt(m.cpu)} |`,
      );
    }
  }
}
