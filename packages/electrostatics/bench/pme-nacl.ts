/**
 * Smooth particle-mesh Ewald against our Ewald sum and LAMMPS (`lmp`, serial) on m³ conventional NaCl cells (a = 5.64 Å,
 * rattled ±0.1 Å, ±1 e), side by side in one run: time per force evaluation (energy, forces, virial) at a relative
 * RMS force accuracy δ with the same real-space cutoff, and the breakdown (pair, spread, FFT, gather) as LAMMPS reports
 * it. Ours: `pmeCoulomb` (one-shot: cell binning on every call) and md's `CoulombPme` (the MD path: neighbour list
 * built once, as LAMMPS between rebuilds). LAMMPS runs `pair_style coul/long r_c` + `kspace_style pppm δ` for `--steps`
 * NVE steps (its per-step Pair and Kspace times). Then MD steps per second of Tosi-Fumi NaCl at 1200 K:
 * md's velocity Verlet with `BornMayerHuggins` + `CoulombPme` (summed, and fused in one pair loop) against LAMMPS `born/coul/long r_c` + `pppm δ`, 1 fs,
 * neighbour skin 1 Å checked every step on both sides; with `--rounds R` the fused run and LAMMPS alternate R times and
 * the least CPU time of each is reported (robust against other jobs' load). Times are CPU seconds of each process (robust on a loaded
 * shared machine); LAMMPS' are its wall times × its reported CPU use. md is imported by path (a bench, not a
 * dependency: md depends on this package).
 *
 *   pnpm tsx packages/electrostatics/bench/pme-nacl.ts [--cells 8] [--accuracy 1e-5] [--cutoff 12] [--repeat 5] [--warmup 10] [--steps 20] [--rounds 1] [--thermo 100] [--no-md] [--ewald]
 *
 * Our evaluations are timed one by one after `--warmup` untimed ones (V8 has compiled the hot loops by then) and the
 * least CPU time is reported with that evaluation's stages (LAMMPS: the least of `--rounds` runs).
 * Prints markdown tables on stdout, progress on stderr. `--ewald` adds one `ewaldCoulomb` evaluation (seconds).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NACL_LATTICE, rockSalt } from '@equitensor/testing';
import { BornMayerHuggins, CoulombPme, createSystem, maxwellBoltzmann, SumPotential, velocityVerlet } from '../../md/src/index.ts';
import { ewaldCoulomb, PmeReciprocal, pmeCoulomb, pmeParameters } from '../src/index.ts';
import { flag, option } from './options.ts';

const cells = Number(option('--cells', '8'));
const accuracy = Number(option('--accuracy', '1e-5'));
const cutoff = Number(option('--cutoff', '12'));
const repeat = Number(option('--repeat', '5'));
const steps = Number(option('--steps', '20'));
const rounds = Number(option('--rounds', '1'));
const warmup = Number(option('--warmup', '10'));
// LAMMPS computes energies and the virial only on thermo steps; `--thermo 1` makes its Coulomb-only run compute them on
// every step, as each of our evaluations does (the MD comparison keeps `thermo 100`, LAMMPS' usual MD cost)
const thermo = Number(option('--thermo', '100'));
const order = flag('--order') ? Number(option('--order', '5')) : undefined;

function rattledSalt(m: number) {
  let seed = 2026;
  const uniform = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  return { ...rockSalt(m, { displace: () => 0.2 * (uniform() - 0.5) }), length: m * NACL_LATTICE };
}

function cpuSeconds(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

interface LammpsRun {
  pair: number;
  kspace: number;
  neigh: number;
  cpuShare: number;
  grid: string;
  gEwald: number;
  order: number;
  estimate: number;
}

const BORN = ['1 1 0.2637 0.317 2.340 1.0487 0.4994', '1 2 0.2110 0.317 2.755 6.99 8.676', '2 2 0.1582 0.317 3.170 72.4 145.4']; // NaCl_tosi_fumi.born

function runLammps(system: ReturnType<typeof rattledSalt>, born: boolean): LammpsRun & { loop: number } {
  const dir = mkdtempSync(join(tmpdir(), 'lmp-pme-'));
  const n = system.charges.length;
  const lines = [`NaCl ${cells}x${cells}x${cells}`, '', `${n} atoms`, '2 atom types', ''];
  for (const axis of ['x', 'y', 'z']) lines.push(`0 ${system.length} ${axis}lo ${axis}hi`);
  lines.push('', 'Masses', '', '1 22.98977', '2 35.453', '', 'Atoms # charge', '');
  for (let i = 0; i < n; i++) {
    const q = system.charges[i] as number;
    lines.push(`${i + 1} ${q > 0 ? 1 : 2} ${q} ${system.positions[3 * i]} ${system.positions[3 * i + 1]} ${system.positions[3 * i + 2]}`);
  }
  writeFileSync(join(dir, 'data'), `${lines.join('\n')}\n`);
  writeFileSync(
    join(dir, 'in'),
    [
      'units metal',
      'atom_style charge',
      'boundary p p p',
      'read_data data',
      ...(born
        ? [`pair_style born/coul/long ${cutoff}`, ...BORN.map((l) => `pair_coeff ${l}`)]
        : [`pair_style coul/long ${cutoff}`, 'pair_coeff * *']),
      `kspace_style pppm ${accuracy}`,
      'neighbor 1.0 bin',
      'neigh_modify every 1 delay 0 check yes',
      'timestep 0.001',
      ...(born ? ['velocity all create 1200 4928459 mom yes dist gaussian'] : []),
      'fix nve all nve',
      `thermo ${born ? 100 : thermo}`,
      `run ${steps}`,
      '',
    ].join('\n'),
  );
  const r = spawnSync('lmp', ['-in', 'in', '-log', 'none'], { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (r.status !== 0) throw new Error(`lmp failed: ${r.stderr}\n${r.stdout}`);
  const out = r.stdout;
  const section = (name: string): number => {
    const m = new RegExp(`^${name}\\s*\\|\\s*([\\d.eE+-]+)\\s*\\|\\s*([\\d.eE+-]+)`, 'm').exec(out);
    if (m === null) throw new Error(`no ${name} time in LAMMPS output`);
    return Number(m[2]);
  };
  const cpu = /([\d.]+)% CPU use/.exec(out);
  const grid = /grid = (\d+ \d+ \d+)/.exec(out);
  const g = /G vector \(1\/distance\) = ([\d.eE+-]+)/.exec(out);
  const stencil = /stencil order = (\d+)/.exec(out);
  const est = /estimated relative force accuracy = ([\d.eE+-]+)/.exec(out);
  const loop = /Loop time of ([\d.eE+-]+) on 1 procs/.exec(out);
  return {
    loop: Number(loop?.[1]) * (cpu === null ? 1 : Number(cpu[1]) / 100),
    pair: section('Pair'),
    kspace: section('Kspace'),
    neigh: section('Neigh'),
    cpuShare: cpu === null ? 1 : Number(cpu[1]) / 100,
    grid: grid?.[1] ?? '?',
    gEwald: Number(g?.[1]),
    order: Number(stencil?.[1]),
    estimate: Number(est?.[1]),
  };
}

const system = rattledSalt(cells);
const n = system.charges.length;
process.stderr.write(`NaCl ${cells}³ cells: ${n} ions, δ = ${accuracy}, r_c = ${cutoff} Å\n`);
const parameters = pmeParameters(system.cell, system.charges, { accuracy, cutoff, ...(order === undefined ? {} : { order }) });
const reciprocal = new PmeReciprocal(parameters.mesh, parameters.order);
const options = { accuracy, cutoff, reciprocal, ...(order === undefined ? {} : { order }) };
// warm-up: V8 compiles the hot loops after a few calls (the first ones run them half interpreted), as LAMMPS' figures
// are those of a running simulation
for (let w = 0; w < warmup; w++) pmeCoulomb(system.positions, system.charges, system.cell, options);
const oneShot = { real: 0, spread: 0, fft: 0, convolve: 0, gather: 0 };
// the least CPU time of `repeat` evaluations (the least disturbed by other load), with that evaluation's stages
let pmeSeconds = Number.POSITIVE_INFINITY;
for (let r = 0; r < repeat; r++) {
  let timings = oneShot;
  const seconds = cpuSeconds(() => {
    timings = { ...pmeCoulomb(system.positions, system.charges, system.cell, options).timings };
  });
  if (seconds < pmeSeconds) {
    pmeSeconds = seconds;
    Object.assign(oneShot, timings);
  }
}
process.stderr.write(`pmeCoulomb: ${(pmeSeconds * 1e3).toFixed(1)} ms per evaluation\n`);
const numbers = Int32Array.from(system.charges, (q) => (q > 0 ? 11 : 17));
const atoms = { numbers, positions: system.positions, cell: system.cell, pbc: [true, true, true] as const, charges: system.charges };
const md = new CoulombPme({ accuracy, cutoff, ...(order === undefined ? {} : { order }) });
for (let w = 0; w < warmup; w++) md.compute(atoms); // warm-up; the neighbour list is built once
const mdParts = { pair: 0, spread: 0, fft: 0, convolve: 0, gather: 0 };
let mdSeconds = Number.POSITIVE_INFINITY;
for (let r = 0; r < repeat; r++) {
  const seconds = cpuSeconds(() => md.compute(atoms));
  if (seconds < mdSeconds) {
    mdSeconds = seconds;
    Object.assign(mdParts, md.timings);
  }
}
process.stderr.write(`CoulombPme: ${(mdSeconds * 1e3).toFixed(1)} ms per evaluation\n`);
let lammps = runLammps(system, false);
for (let round = 1; round < rounds; round++) {
  const next = runLammps(system, false);
  if (next.pair + next.kspace < lammps.pair + lammps.kspace) lammps = next;
}
const lammpsPair = (lammps.pair * lammps.cpuShare) / steps;
const lammpsKspace = (lammps.kspace * lammps.cpuShare) / (steps + 1);
process.stderr.write(`LAMMPS: pair ${(lammpsPair * 1e3).toFixed(1)} ms, kspace ${(lammpsKspace * 1e3).toFixed(1)} ms per step\n`);
let ewaldSeconds = Number.NaN;
if (flag('--ewald')) {
  ewaldSeconds = cpuSeconds(() => ewaldCoulomb(system.positions, system.charges, system.cell, { accuracy, cutoff }));
  process.stderr.write(`Ewald: ${ewaldSeconds.toFixed(2)} s\n`);
}
const ms = (s: number) => (s * 1e3).toFixed(1);
const lammpsTotal = lammpsPair + lammpsKspace;
/** Wall-clock stage times scaled to the measured CPU total (the stages' shares of it). */
const row = (name: string, cpu: number, pair: number, stages: { spread: number; fft: number; convolve: number; gather: number }) => {
  const wall = pair + stages.spread + stages.fft + stages.convolve + stages.gather;
  const f = cpu / wall;
  const mesh = (stages.spread + stages.fft + stages.convolve + stages.gather) * f;
  return `| ${name} | ${n} | ${cutoff} | ${parameters.alpha.toFixed(4)} | ${parameters.mesh.join('×')}, ${parameters.order} | ${parameters.estimatedError.total.toExponential(1)} | ${ms(pair * f)} | ${ms(mesh)}: ${ms(stages.spread * f)} / ${ms((stages.fft + stages.convolve) * f)} / ${ms(stages.gather * f)} | ${ms(cpu)} | ${(cpu / lammpsTotal).toFixed(2)} |`;
};
console.log(
  '| code | N | r_c (Å) | α (1/Å) | mesh, order | est. rel. force error | pair (ms) | k-space (ms): spread / FFT / gather | total (ms) | / LAMMPS |',
);
console.log('|---|---:|---:|---:|---|---:|---:|---|---:|---:|');
console.log(row('md `CoulombPme` (list built once)', mdSeconds, mdParts.pair, mdParts));
console.log(row('`pmeCoulomb` (cell binning per call)', pmeSeconds, oneShot.real, oneShot));
console.log(
  `| LAMMPS \`coul/long\` + \`pppm\`${thermo === 1 ? ' (energy and virial every step)' : ''} | ${n} | ${cutoff} | ${lammps.gEwald.toFixed(4)} | ${lammps.grid.replaceAll(' ', '×')}, ${lammps.order} | ${lammps.estimate.toExponential(1)} | ${ms(lammpsPair)} | ${ms(lammpsKspace)} | ${ms(lammpsTotal)} | 1.00 |`,
);
if (!Number.isNaN(ewaldSeconds)) {
  console.log(
    `| \`ewaldCoulomb\` (δ ${accuracy}) | ${n} | ${cutoff} | | | | | | ${ms(ewaldSeconds)} | ${(ewaldSeconds / lammpsTotal).toFixed(1)} |`,
  );
}

if (flag('--no-md')) process.exit(0);
// MD: Tosi-Fumi NaCl, NVE from 1200 K, Born-Mayer-Huggins + PME, `steps` steps of 1 fs
const masses = Float64Array.from(system.charges, (q) => (q > 0 ? 22.98977 : 35.453));
const salt = createSystem({
  numbers,
  positions: system.positions.slice(),
  cell: system.cell,
  pbc: [true, true, true],
  masses,
  charges: system.charges,
});
maxwellBoltzmann(salt, { temperature: 1200, seed: 4928459 });
const bornText = BORN.map((l) => {
  const [a, b, ...rest] = l.split(' ');
  return `${a === '1' ? 'Na' : 'Cl'} ${b === '1' ? 'Na' : 'Cl'} ${rest.join(' ')} ${cutoff}`;
}).join('\n');
const orderOption = order === undefined ? {} : { order };
/** CPU seconds of `steps` velocity Verlet steps (1 fs) from the same start, after `--warmup` untimed steps (JIT). */
const verletSeconds = (potential: SumPotential | CoulombPme): number => {
  const integrator = velocityVerlet(potential, { dt: 1 });
  const state = integrator.init(createSystem({ ...salt, positions: salt.positions.slice(), velocities: salt.velocities.slice() }));
  for (let s = 0; s < warmup; s++) integrator.step(state);
  return cpuSeconds(() => {
    for (let s = 0; s < steps; s++) integrator.step(state);
  });
};
const mdRun = verletSeconds(new SumPotential([BornMayerHuggins.fromFile(bornText), new CoulombPme({ accuracy, cutoff, ...orderOption })]));
// the fused run and LAMMPS alternate `--rounds` times; the least CPU time of each (the least disturbed by other load)
let mdFused = Number.POSITIVE_INFINITY;
let lammpsMd = { loop: Number.POSITIVE_INFINITY };
for (let round = 0; round < rounds; round++) {
  mdFused = Math.min(
    mdFused,
    verletSeconds(new CoulombPme({ accuracy, cutoff, ...orderOption, shortRange: BornMayerHuggins.fromFile(bornText) })),
  );
  const next = runLammps(system, true);
  if (next.loop < lammpsMd.loop) lammpsMd = next;
  process.stderr.write(`MD round ${round + 1}: fused ${mdFused.toFixed(2)} s, LAMMPS ${lammpsMd.loop.toFixed(2)} s (least so far)\n`);
}
console.log('');
console.log('| MD, Tosi-Fumi NaCl NVE from 1200 K | N | steps | CPU s | steps/s | / LAMMPS |');
console.log('|---|---:|---:|---:|---:|---:|');
console.log(
  `| md velocity Verlet, \`SumPotential([BornMayerHuggins, CoulombPme])\` | ${n} | ${steps} | ${mdRun.toFixed(2)} | ${(steps / mdRun).toFixed(1)} | ${(mdRun / lammpsMd.loop).toFixed(2)} |`,
);
console.log(
  `| md velocity Verlet, \`CoulombPme({ shortRange: born })\` (one pair loop, species-pair table${rounds > 1 ? `, least of ${rounds}` : ''}) | ${n} | ${steps} | ${mdFused.toFixed(2)} | ${(steps / mdFused).toFixed(1)} | ${(mdFused / lammpsMd.loop).toFixed(2)} |`,
);
console.log(
  `| LAMMPS \`born/coul/long ${cutoff}\` + \`pppm ${accuracy}\`${rounds > 1 ? ` (least of ${rounds})` : ''} | ${n} | ${steps} | ${lammpsMd.loop.toFixed(2)} | ${(steps / lammpsMd.loop).toFixed(1)} | 1.00 |`,
);
