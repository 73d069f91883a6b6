/**
 * Energy conservation of velocity Verlet on Cu EAM (Cu_u3.eam): 256 atoms (4×4×4 fcc, a = 3.615 Å),
 * Maxwell–Boltzmann velocities at 600 K on the perfect lattice (equilibrating at ≈300 K), dt = 1 fs, 10,000 steps. Reports the drift of the total energy
 * as the least-squares slope times the run length, the difference of the mean energy over the first and
 * last 10%, and the largest fluctuation. The target: drift < 1e-4 eV.
 *
 * Run: pnpm tsx packages/md/bench/nve-drift.ts [--steps 10000] [--dt 1]
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@equitensor/testing';
import { cubicLattice, EmbeddedAtom, maxwellBoltzmann, temperature, velocityVerlet } from '../src/index.ts';
import { numberArg, serialLammps } from './util.ts';

const steps = numberArg('--steps', 10_000);
const dt = numberArg('--dt', 1);

const eam = EmbeddedAtom.fromFile(readFileSync(fixturePath('lammps/potentials/Cu_u3.eam'), 'utf8'), 'Cu_u3.eam');
const system = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [4, 4, 4], number: 29, mass: 63.55 });
// 600 K on the perfect lattice: equipartition brings the run to ≈300 K
maxwellBoltzmann(system, { temperature: numberArg('--initial-temperature', 600), seed: 2026 });
const nve = velocityVerlet(eam, { dt });
const state = nve.init(system);
const energies = new Float64Array(steps + 1);
energies[0] = nve.conservedEnergy(state);
let tSum = 0;
const t0 = performance.now();
for (let s = 1; s <= steps; s++) {
  nve.step(state);
  energies[s] = nve.conservedEnergy(state);
  tSum += temperature(system);
}
const seconds = (performance.now() - t0) / 1000;
/** Drift measures of an energy series sampled every `stride` steps. */
function driftOf(series: Float64Array, stride: number) {
  const m = series.length;
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  for (let s = 0; s < m; s++) {
    sx += s;
    sy += series[s]!;
    sxx += s * s;
    sxy += s * series[s]!;
  }
  const slope = (m * sxy - sx * sy) / (m * sxx - sx * sx);
  const tenth = Math.max(1, Math.floor(m / 10));
  const mean = (a: Float64Array) => a.reduce((x, y) => x + y, 0) / a.length;
  let lo = Number.POSITIVE_INFINITY,
    hi = Number.NEGATIVE_INFINITY;
  for (const e of series) {
    lo = Math.min(lo, e);
    hi = Math.max(hi, e);
  }
  return {
    fitDriftEv: slope * (m - 1),
    windowDriftEv: mean(series.subarray(m - tenth)) - mean(series.subarray(0, tenth)),
    maxMinusMinEv: hi - lo,
    samplesEvery: stride,
  };
}

/** The same run in LAMMPS (velocity create 600 K, fix nve, thermo every 10 steps). */
function lammpsRun() {
  const dir = mkdtempSync(join(tmpdir(), 'lmp-nve-'));
  copyFileSync(fixturePath('lammps/potentials/Cu_u3.eam'), join(dir, 'Cu_u3.eam'));
  writeFileSync(
    join(dir, 'in.nve'),
    `units metal\natom_style atomic\nlattice fcc 3.615\nregion box block 0 4 0 4 0 4\ncreate_box 1 box\ncreate_atoms 1 box\n` +
      `pair_style eam\npair_coeff 1 1 Cu_u3.eam\nvelocity all create 600.0 2026 loop geom\nneighbor 1.0 bin\nneigh_modify every 1 delay 0 check yes\n` +
      `fix 1 all nve\ntimestep ${dt / 1000}\nthermo 10\nthermo_style custom step temp etotal\nthermo_modify format float %.15g\nrun ${steps}\n`,
  );
  const stdout = serialLammps(dir, ['-in', 'in.nve', '-log', 'none']);
  const rows = stdout
    .split('\n')
    .filter((l) => /^\s*\d+\s+[\d.eE+-]+\s+-?[\d.eE+-]+\s*$/.test(l))
    .map((l) => l.trim().split(/\s+/).map(Number));
  const loop = /Loop time of ([\d.eE+-]+)/.exec(stdout);
  return {
    ...driftOf(Float64Array.from(rows.map((row) => row[2]!)), 10),
    meanTemperatureK: rows.reduce((a, row) => a + row[1]!, 0) / rows.length,
    stepsPerSecond: loop === null ? Number.NaN : steps / Number(loop[1]),
  };
}

const ours = { ...driftOf(energies, 1), meanTemperatureK: tSum / steps, stepsPerSecond: steps / seconds };
console.log(JSON.stringify({ atoms: 256, steps, dtFs: dt, equitensor: ours, lammps: lammpsRun() }, null, 1));
