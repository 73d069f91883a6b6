/**
 * Open boundaries at mesh speed (issue 14): `meshCoulomb` side by side with direct summation (the exact reference)
 * and the range-separated (RS) tensor format in one run, on the actin dimer, 1a63 and open rock-salt cubes.
 * Times are CPU seconds of this (single-threaded) process for each call (process.cpuUsage, so time-sharing with
 * other processes on a loaded machine does not count) and wall seconds; least of `--repeat` calls each, interleaved.
 * Errors against direct: relative energy, max |ΔF|/max |F| (RS's force metric) and RMS |ΔF|/k_e (PME's and
 * meshCoulomb's δ). Each mesh row is followed by a "reused plan" row: the same call with a `MeshCoulombPlan` built by
 * one untimed call before (what every MD step after the first pays: no kernel transform, no parameter search).
 *
 *   pnpm tsx packages/electrostatics/bench/open-mesh.ts [--accuracy 1e-6] [--repeat 2] [--no-rs] [--mesh-accuracy 1e-6,1e-7]
 *
 * Prints a markdown table (for docs/benchmarks/electrostatics.md) on stdout and progress on stderr.
 */
import { COULOMB_CONSTANT, parsePqr } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { directCoulomb, MeshCoulombPlan, meshCoulomb, rangeSeparatedCoulomb } from '../src/index.ts';
import { flag, option } from './options.ts';

const accuracy = Number(option('--accuracy', '1e-6'));
const meshAccuracies = option('--mesh-accuracy', String(accuracy)).split(',').map(Number);
const repeat = Number(option('--repeat', '2'));
const withRs = !flag('--no-rs');
const only = option('--systems', '');

interface Result {
  energy: number;
  forces: Float64Array;
  detail: string;
}

function measure(f: () => Result): { result: Result; cpu: number; wall: number } {
  let best: { result: Result; cpu: number; wall: number } | undefined;
  for (let r = 0; r < repeat; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = f();
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    if (best === undefined || cpu < best.cpu) best = { result, cpu, wall };
  }
  return best!;
}

function openCube(m: number): { positions: Float64Array; charges: Float64Array } {
  const positions = new Float64Array(3 * m * m * m);
  const charges = new Float64Array(m * m * m);
  let n = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++)
      for (let k = 0; k < m; k++) {
        positions.set([i * 2.82, j * 2.82, k * 2.82], 3 * n);
        charges[n++] = (i + j + k) % 2 === 0 ? 1 : -1;
      }
  return { positions, charges };
}

function protein(file: string): { positions: Float64Array; charges: Float64Array } {
  const s = parsePqr(readFixtureText(`pqr/${file}.pqr`))[0]!;
  return { positions: s.positions, charges: (s.arrays.charges as { data: Float64Array }).data };
}

const systems: [string, () => { positions: Float64Array; charges: Float64Array }][] = [
  ['1a63', () => protein('1a63')],
  ['actin-dimer_complex', () => protein('actin-dimer_complex')],
  ['NaCl cube 8³', () => openCube(8)],
  ['NaCl cube 10³', () => openCube(10)],
  ['NaCl cube 12³', () => openCube(12)],
  ['NaCl cube 16³', () => openCube(16)],
  ['NaCl cube 22³', () => openCube(22)],
];

console.log('| system | N | method | CPU s | wall s | energy rel. error | max ΔF / max F | RMS ΔF / k_e | CPU / direct | details |');
console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---|');
for (const [name, make] of systems) {
  if (only !== '' && !only.split(',').includes(name)) continue;
  const { positions, charges } = make();
  const n = charges.length;
  process.stderr.write(`${name}: ${n} charges\n`);
  const direct = measure(() => ({ ...directCoulomb(positions, charges), detail: 'reference' }));
  const rows: [string, ReturnType<typeof measure>][] = [['direct', direct]];
  for (const a of meshAccuracies) {
    const plan = new MeshCoulombPlan();
    meshCoulomb(positions, charges, { accuracy: a, plan });
    for (const reuse of [false, true]) {
      rows.push([
        reuse ? `mesh δ=${a}, reused plan` : `mesh δ=${a}`,
        measure(() => {
          const r = meshCoulomb(positions, charges, reuse ? { accuracy: a, plan } : { accuracy: a });
          const p = r.parameters;
          const t = r.timings;
          return {
            ...r,
            detail: `α ${p.alpha.toFixed(3)} Å⁻¹, r_c ${p.cutoff} Å, h ${p.spacing.toFixed(2)} Å, p ${p.order}, mesh ${p.mesh.join('×')}, est. ${p.estimatedError.total.toExponential(1)}; wall s: short ${t.short.toFixed(2)}, kernel ${t.kernel.toFixed(2)}, spread ${t.spread.toFixed(2)}, FFT ${t.fft.toFixed(2)}, gather ${t.gather.toFixed(2)}`,
          };
        }),
      ]);
    }
    if (plan.builds !== 1) throw new Error(`open-mesh: the plan was rebuilt (${plan.builds} builds)`);
  }
  if (withRs) {
    rows.push([
      `rs δ=${accuracy}`,
      measure(() => {
        const r = rangeSeparatedCoulomb(positions, charges, { accuracy });
        return { ...r, detail: `ranks ${r.ranks.join('×')}, n ${r.model.grid.n}` };
      }),
    ]);
  }
  let fmax = 0;
  for (let i = 0; i < n; i++)
    fmax = Math.max(fmax, Math.hypot(direct.result.forces[3 * i]!, direct.result.forces[3 * i + 1]!, direct.result.forces[3 * i + 2]!));
  for (const [method, m] of rows) {
    let worst = 0;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const d = Math.hypot(
        m.result.forces[3 * i]! - direct.result.forces[3 * i]!,
        m.result.forces[3 * i + 1]! - direct.result.forces[3 * i + 1]!,
        m.result.forces[3 * i + 2]! - direct.result.forces[3 * i + 2]!,
      );
      worst = Math.max(worst, d);
      sum += d * d;
    }
    const de = Math.abs(m.result.energy - direct.result.energy) / Math.abs(direct.result.energy);
    const isRef = method === 'direct';
    console.log(
      `| ${name} | ${n} | ${method} | ${m.cpu.toFixed(3)} | ${m.wall.toFixed(3)} | ${isRef ? 0 : de.toExponential(1)} | ${isRef ? 0 : (worst / fmax).toExponential(1)} | ${isRef ? 0 : (Math.sqrt(sum / n) / COULOMB_CONSTANT).toExponential(1)} | ${(m.cpu / direct.cpu).toFixed(2)} | ${m.result.detail} |`,
    );
  }
}
