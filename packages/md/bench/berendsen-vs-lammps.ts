/**
 * Berendsen NPT against LAMMPS: LJ reduced units, 256 atoms from fcc ρ* = 0.8442, lj/cut 2.5, skin 0.3,
 * dt 0.005, Nosé–Hoover chain T* = 1.5 (τ_T 0.5) + Berendsen iso P* = 2.5 (τ_P 0.5, modulus 20) — the protocol
 * of test/fixtures/generate_berendsen_reference.py (`fix nvt` + `fix press/berendsen`): 4 seeds, 10,000 steps
 * of equilibration, then 100,000 steps sampled every 10. Prints ⟨V⟩, ⟨ρ⟩, ⟨P⟩, ⟨T⟩ with standard errors from
 * 5,000-step block means next to LAMMPS' (ref_berendsen_lj_npt.json), the volume's standard deviation, and the speed.
 * With `--mtk`: `mtkNpt` (τ_T 0.5, τ_P 2.0) against LAMMPS' `fix npt temp 1.5 1.5 0.5 iso 2.5 2.5 2.0` (ref_mtk_lj_npt.json).
 *
 * Run: pnpm tsx packages/md/bench/berendsen-vs-lammps.ts [--seeds 4] [--steps 100000] [--mtk]
 */
import { readFileSync } from 'node:fs';
import { volume } from '@equitensor/io';
import {
  berendsenBarostat,
  cubicLattice,
  LennardJones,
  ljUnits,
  maxwellBoltzmann,
  mtkNpt,
  noseHooverChain,
  pressure,
  temperature,
} from '../src/index.ts';
import { blockMean, flagArg, numberArg } from './util.ts';

const seeds = numberArg('--seeds', 4);
const steps = numberArg('--steps', 100_000);
const equilibration = 10_000;
const blockSteps = 5_000;
const mtk = flagArg('--mtk');

interface Summary {
  mean: number;
  stderr: number;
}
const referenceFile = mtk ? 'ref_mtk_lj_npt.json' : 'ref_berendsen_lj_npt.json';
const reference = JSON.parse(readFileSync(new URL(`../test/fixtures/${referenceFile}`, import.meta.url), 'utf8')) as Record<
  'volume' | 'density' | 'pressure' | 'temperature',
  Summary
> & { volumeStd: number };

const series: Record<'volume' | 'density' | 'pressure' | 'temperature', number[]> = {
  volume: [],
  density: [],
  pressure: [],
  temperature: [],
};
let builds = 0;
let deforms = 0;
const t0 = performance.now();
for (let seed = 1; seed <= seeds; seed++) {
  const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [4, 4, 4] });
  maxwellBoltzmann(system, { temperature: 1.5, seed, units: ljUnits });
  const lj = new LennardJones({ cutoff: 2.5, skin: 0.3 });
  const npt = mtk
    ? mtkNpt(lj, { dt: 0.005, temperature: 1.5, pressure: 2.5, tau: 0.5, tauP: 2, units: ljUnits })
    : berendsenBarostat(noseHooverChain(lj, { dt: 0.005, temperature: 1.5, tau: 0.5, units: ljUnits }), {
        pressure: 2.5,
        tau: 0.5,
        bulkModulus: 20,
      });
  const state = npt.init(system);
  for (let s = 0; s < equilibration; s++) npt.step(state);
  for (let s = 1; s <= steps; s++) {
    npt.step(state);
    if (s % 10 !== 0) continue;
    const v = volume(system.cell as Float64Array);
    series.volume.push(v);
    series.density.push(256 / v);
    series.pressure.push(pressure(system, state.virial, ljUnits));
    series.temperature.push(temperature(system, ljUnits));
  }
  builds += lj.neighborList.buildCount;
  deforms += lj.neighborList.deformCount;
}
const seconds = (performance.now() - t0) / 1000;

const blocks = (seeds * steps) / blockSteps;
console.log(`| quantity | equitensor | LAMMPS | difference / combined error |`);
console.log(`|---|---|---|---|`);
for (const key of ['volume', 'density', 'pressure', 'temperature'] as const) {
  const ours = blockMean(series[key], blocks);
  const lmp = reference[key];
  const z = (ours.mean - lmp.mean) / Math.hypot(ours.stderr, lmp.stderr);
  console.log(
    `| ⟨${key}⟩ | ${ours.mean.toFixed(5)} ± ${ours.stderr.toFixed(5)} | ${lmp.mean.toFixed(5)} ± ${lmp.stderr.toFixed(5)} | ${z.toFixed(2)} |`,
  );
}
const meanVolume = series.volume.reduce((a, x) => a + x, 0) / series.volume.length;
const volumeStd = Math.sqrt(series.volume.reduce((a, x) => a + (x - meanVolume) ** 2, 0) / (series.volume.length - 1));
console.log(
  `| σ_V | ${volumeStd.toFixed(3)} | ${reference.volumeStd.toFixed(3)} | ratio ${(volumeStd / reference.volumeStd).toFixed(3)} |`,
);
const total = seeds * (equilibration + steps);
console.log(
  `${total} steps in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)} steps/s); neighbour builds ${builds}, cell changes followed without a rebuild ${deforms}`,
);
