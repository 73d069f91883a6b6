/**
 * Per-axis MTK NPT against LAMMPS' `fix npt temp 0.5 0.5 0.5 aniso 1.0 1.0 2.0` (ref_mtk_lj_aniso.json from
 * test/fixtures/generate_berendsen_reference.py): an fcc LJ crystal, 256 atoms from ρ* = 1.0, lj/cut 2.5, skin 0.3,
 * dt 0.005; 4 seeds × (10,000 steps equilibration + 100,000 sampled every 10), standard errors from 5,000-step
 * block means. Prints ⟨Lx⟩, ⟨Ly⟩, ⟨Lz⟩, ⟨V⟩, ⟨ρ⟩, ⟨Pxx⟩, ⟨Pyy⟩, ⟨Pzz⟩, ⟨T⟩ next to LAMMPS'.
 *
 * Run: pnpm tsx packages/md/bench/mtk-aniso-vs-lammps.ts [--seeds 4] [--steps 100000]
 */
import { readFileSync } from 'node:fs';
import { volume } from '@equitensor/io';
import { LennardJones, ljUnits, mtkNpt, stressTensor, temperature } from '../src/index.ts';
import { LJ_ANISO_NPT, ljAnisoCrystal } from '../test/helpers.ts';
import { blockMean, numberArg } from './util.ts';

const seeds = numberArg('--seeds', 4);
const steps = numberArg('--steps', 100_000);
const keys = ['Lx', 'Ly', 'Lz', 'Volume', 'Density', 'Pxx', 'Pyy', 'Pzz', 'Temp'] as const;
type Key = (typeof keys)[number];
const reference = JSON.parse(readFileSync(new URL('../test/fixtures/ref_mtk_lj_aniso.json', import.meta.url), 'utf8')) as Record<
  Key,
  { mean: number; stderr: number }
>;
const series = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<Key, number[]>;
const t0 = performance.now();
for (let seed = 1; seed <= seeds; seed++) {
  const system = ljAnisoCrystal(seed);
  const npt = mtkNpt(new LennardJones({ cutoff: 2.5, skin: 0.3 }), { dt: 0.005, ...LJ_ANISO_NPT });
  const state = npt.init(system);
  for (let s = 0; s < 10_000; s++) npt.step(state);
  for (let s = 1; s <= steps; s++) {
    npt.step(state);
    if (s % 10 !== 0) continue;
    const c = system.cell as Float64Array;
    const sigma = stressTensor(system, state.virial, ljUnits);
    const v = volume(c);
    const row: Record<Key, number> = {
      Lx: c[0] as number,
      Ly: c[4] as number,
      Lz: c[8] as number,
      Volume: v,
      Density: 256 / v,
      Pxx: -(sigma[0] as number),
      Pyy: -(sigma[4] as number),
      Pzz: -(sigma[8] as number),
      Temp: temperature(system, ljUnits),
    };
    for (const k of keys) series[k].push(row[k]);
  }
}
const seconds = (performance.now() - t0) / 1000;
const blocks = (seeds * steps) / 5_000;
console.log('| quantity | @equitensor/md | LAMMPS | difference / combined error |');
console.log('|---|---|---|---|');
for (const k of keys) {
  const { mean, stderr } = blockMean(series[k], blocks);
  const ref = reference[k];
  const z = (mean - ref.mean) / Math.hypot(stderr, ref.stderr);
  console.log(
    `| ⟨${k}⟩ | ${mean.toFixed(5)} ± ${stderr.toFixed(5)} | ${ref.mean.toFixed(5)} ± ${ref.stderr.toFixed(5)} | ${z.toFixed(2)} |`,
  );
}
console.log(`${seeds * (10_000 + steps)} steps in ${seconds.toFixed(1)} s`);
