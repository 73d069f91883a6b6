/**
 * Molten NaCl side by side with LAMMPS (issue 14): Tosi-Fumi Born-Mayer-Huggins + Coulomb by PME/PPPM, 1,000 ions at
 * the experimental melt density near 1200 K (1.52 g/cm³: 5³ rock-salt cells with a = 6.345 Å), both codes starting
 * from the same melt. LAMMPS (`lmp`, serial) prepares the melt (expanded crystal, Nosé-Hoover NVT 4 ps at 2500 K with
 * 2 fs steps, then 3 ps at 1200 K) and writes it; then both codes run from it:
 *   NVT: Nosé-Hoover chain 1200 K, τ = 100 fs, chain 3 (LAMMPS `fix nvt temp 1200 1200 0.1`), 1 fs, `--steps` steps,
 *        the first `--discard` steps dropped; T, P and E_pot every 10 steps, Na–Cl and total g(r) every 100 steps
 *        (both trajectories analysed by the same code here, LAMMPS' from its dump);
 *   NVE: velocity Verlet (`fix nve`), 1 fs, `--nve` steps: drift of the total energy (slope of a straight-line fit)
 *        and its RMS fluctuation.
 * Means with standard errors from `--blocks` block averages; the difference of the two codes over its combined error.
 * Both sides: `born/coul/long 10` + `pppm δ` (ours: `CoulombPme({ cutoff: 10, accuracy: δ, shortRange: born })`),
 * neighbour skin 1 Å checked every step.
 *
 *   pnpm tsx packages/md/bench/molten-nacl-vs-lammps.ts [--steps 10000] [--discard 1000] [--nve 3000] [--blocks 9] [--accuracy 1e-5]
 *     [--cells 5] [--cutoff 10] [--dir D] [--fixture FILE]
 *
 * `--fixture FILE` writes the melt and LAMMPS' NVT means (with block errors) as JSON and stops (md's molten-NaCl test
 * reads `test/fixtures/molten_nacl_216.json`, made with `--cells 3 --cutoff 9 --steps 4000 --discard 500 --blocks 7`).
 * Prints markdown tables on stdout, progress on stderr.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BornMayerHuggins,
  CoulombPme,
  createSystem,
  type MDState,
  noseHooverChain,
  pressure,
  type System,
  temperature,
  velocityVerlet,
} from '../src/index.ts';
import { blockMean as blockStats, numberArgs, serialLammps } from './util.ts';

const args = process.argv.slice(2);
const {
  steps,
  discard,
  nve: nveSteps,
  blocks,
  accuracy,
  cutoff,
  cells,
} = numberArgs({ steps: 10_000, discard: 1000, nve: 3000, blocks: 9, accuracy: 1e-5, cutoff: 10, cells: 5 });
const a = 6.345;
const length = cells * a;
const EV_PER_A3_IN_BAR = 1.602176634e6;
const BORN = ['1 1 0.2637 0.317 2.340 1.0487 0.4994', '1 2 0.2110 0.317 2.755 6.99 8.676', '2 2 0.1582 0.317 3.170 72.4 145.4'];
const MASS = { 1: 22.98977, 2: 35.453 } as const;

const dirIndex = args.indexOf('--dir');
/** Working directory; `--dir D` reuses D's melt.data from an earlier run (the melt takes a minute). */
const dir = dirIndex >= 0 ? (args[dirIndex + 1] as string) : mkdtempSync(join(tmpdir(), 'molten-nacl-'));

function lammps(name: string, lines: string[]): { stdout: string; cpu: number } {
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  const stdout = serialLammps(dir, ['-in', name, '-log', `${name}.log`]);
  const loop = /Loop time of ([\d.eE+-]+) on 1 procs/g;
  const cpuUse = /([\d.]+)% CPU use/g;
  let cpu = 0;
  for (let m = loop.exec(stdout), c = cpuUse.exec(stdout); m !== null; m = loop.exec(stdout), c = cpuUse.exec(stdout)) {
    cpu += Number(m[1]) * (c === null ? 1 : Number(c[1]) / 100);
  }
  return { stdout, cpu };
}

const setup = (data: string) => [
  'units metal',
  'atom_style charge',
  'boundary p p p',
  `read_data ${data}`,
  `pair_style born/coul/long ${cutoff}`,
  ...BORN.map((l) => `pair_coeff ${l}`),
  `kspace_style pppm ${accuracy}`,
  'neighbor 1.0 bin',
  'neigh_modify every 1 delay 0 check yes',
];

// the expanded crystal
{
  const basis = [
    [0, 0, 0, 1],
    [0, 0.5, 0.5, 1],
    [0.5, 0, 0.5, 1],
    [0.5, 0.5, 0, 1],
    [0.5, 0, 0, 2],
    [0, 0.5, 0, 2],
    [0, 0, 0.5, 2],
    [0.5, 0.5, 0.5, 2],
  ];
  const lines = ['molten NaCl start', '', `${8 * cells ** 3} atoms`, '2 atom types', ''];
  for (const axis of ['x', 'y', 'z']) lines.push(`0 ${length} ${axis}lo ${axis}hi`);
  lines.push('', 'Masses', '', `1 ${MASS[1]}`, `2 ${MASS[2]}`, '', 'Atoms # charge', '');
  let id = 1;
  for (let x = 0; x < cells; x++) {
    for (let y = 0; y < cells; y++) {
      for (let z = 0; z < cells; z++) {
        for (const [bx, by, bz, t] of basis as [number, number, number, 1 | 2][]) {
          lines.push(`${id++} ${t} ${t === 1 ? 1 : -1} ${(x + bx) * a} ${(y + by) * a} ${(z + bz) * a}`);
        }
      }
    }
  }
  writeFileSync(join(dir, 'crystal.data'), `${lines.join('\n')}\n`);
}
process.stderr.write(`melting ${8 * cells ** 3} ions with LAMMPS in ${dir}\n`);
if (!existsSync(join(dir, 'melt.data')))
  lammps('in.melt', [
    ...setup('crystal.data'),
    'velocity all create 2500 4928459 mom yes dist gaussian',
    'timestep 0.002',
    'fix nvt all nvt temp 2500 2500 0.1',
    'thermo 500',
    'run 2000',
    'unfix nvt',
    'fix nvt all nvt temp 1200 1200 0.1',
    'run 1500',
    'write_data melt.data nocoeff',
  ]);

/** LAMMPS data file (atom_style charge, with Velocities) into a System in metal units (Å/fs). */
function readMelt(): System {
  const text = readFileSync(join(dir, 'melt.data'), 'utf8');
  const section = (name: string): string[] => {
    const start = text.indexOf(`\n${name}`);
    const body = text.slice(text.indexOf('\n\n', start) + 2);
    const end = body.search(/\n\s*\n/);
    return (end < 0 ? body : body.slice(0, end)).trim().split('\n');
  };
  const atoms = section('Atoms');
  const n = atoms.length;
  const numbers = new Int32Array(n);
  const charges = new Float64Array(n);
  const masses = new Float64Array(n);
  const positions = new Float64Array(3 * n);
  const velocities = new Float64Array(3 * n);
  const bounds = /([-\d.eE+]+) ([-\d.eE+]+) xlo xhi/.exec(text);
  const lo = Number(bounds?.[1]);
  const box = Number(bounds?.[2]) - lo;
  for (const line of atoms) {
    const f = line.trim().split(/\s+/).map(Number);
    const i = (f[0] as number) - 1;
    const type = f[1] as 1 | 2;
    numbers[i] = type === 1 ? 11 : 17;
    charges[i] = f[2] as number;
    masses[i] = MASS[type];
    for (let d = 0; d < 3; d++) positions[3 * i + d] = (f[3 + d] as number) - lo + box * ((f[6 + d] as number) || 0);
  }
  for (const line of section('Velocities')) {
    const f = line.trim().split(/\s+/).map(Number);
    const i = (f[0] as number) - 1;
    for (let d = 0; d < 3; d++) velocities[3 * i + d] = (f[1 + d] as number) / 1000; // Å/ps → Å/fs
  }
  return createSystem({ numbers, charges, masses, positions, velocities, cell: [box, 0, 0, 0, box, 0, 0, 0, box], pbc: true });
}

const BINS = 200;
const R_MAX = 10;
/** Na–Cl and total pair counts by distance (minimum image in the cubic box), added into `cross` and `all`. */
function countPairs(x: Float64Array, numbers: Int32Array, box: number, cross: Float64Array, all: Float64Array): void {
  const n = numbers.length;
  const dr = R_MAX / BINS;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let dx = (x[3 * j] as number) - (x[3 * i] as number);
      let dy = (x[3 * j + 1] as number) - (x[3 * i + 1] as number);
      let dz = (x[3 * j + 2] as number) - (x[3 * i + 2] as number);
      dx -= box * Math.round(dx / box);
      dy -= box * Math.round(dy / box);
      dz -= box * Math.round(dz / box);
      const b = Math.floor(Math.sqrt(dx * dx + dy * dy + dz * dz) / dr);
      if (b >= BINS) continue;
      all[b] = (all[b] as number) + 1;
      if (numbers[i] !== numbers[j]) cross[b] = (cross[b] as number) + 1;
    }
  }
}

interface Series {
  temperature: number[];
  pressure: number[];
  energy: number[];
  /** Per frame: Na–Cl and total g(r). */
  gCross: Float64Array[];
  gAll: Float64Array[];
}

function frameRdf(x: Float64Array, numbers: Int32Array, box: number): { cross: Float64Array; all: Float64Array } {
  const cross = new Float64Array(BINS);
  const all = new Float64Array(BINS);
  countPairs(x, numbers, box, cross, all);
  const n = numbers.length;
  const nNa = numbers.filter((z) => z === 11).length;
  const volume = box ** 3;
  const dr = R_MAX / BINS;
  for (let b = 0; b < BINS; b++) {
    const shell = ((4 * Math.PI) / 3) * (((b + 1) * dr) ** 3 - (b * dr) ** 3);
    cross[b] = (cross[b] as number) / ((nNa * (n - nNa) * shell) / volume);
    all[b] = (all[b] as number) / ((0.5 * n * (n - 1) * shell) / volume);
  }
  return { cross, all };
}

// LAMMPS NVT and NVE from the melt
process.stderr.write(`LAMMPS NVT ${steps} steps, NVE ${nveSteps} steps\n`);
/** A run from the melt: 1 fs steps under `fix`, thermo every 10 steps to 10 digits, then `extra` (dumps). */
const meltRun = (fix: string, extra: readonly string[], n: number) => [
  ...setup('melt.data'),
  'timestep 0.001',
  fix,
  'thermo_style custom step temp press pe etotal',
  'thermo_modify format float %.10g',
  'thermo 10',
  ...extra,
  `run ${n}`,
];
const nvtRun = lammps(
  'in.nvt',
  meltRun('fix nvt all nvt temp 1200 1200 0.1', ['dump traj all custom 100 traj.dump id type x y z', 'dump_modify traj sort id'], steps),
);
const nveRun = lammps('in.nve', meltRun('fix nve all nve', [], nveSteps));

function thermoRows(stdout: string): number[][] {
  const rows: number[][] = [];
  let inside = false;
  for (const line of stdout.split('\n')) {
    if (/^\s*Step\s+Temp/.test(line)) {
      inside = true;
      continue;
    }
    if (inside && /^Loop time/.test(line)) inside = false;
    if (!inside) continue;
    const f = line.trim().split(/\s+/).map(Number);
    if (f.length === 5 && f.every(Number.isFinite)) rows.push(f);
  }
  return rows;
}

const start = readMelt();
const box = start.cell?.[0] as number;
const lmpSeries: Series = { temperature: [], pressure: [], energy: [], gCross: [], gAll: [] };
for (const [step, t, p, pe] of thermoRows(nvtRun.stdout) as [number, number, number, number][]) {
  if (step < discard || step === 0) continue;
  lmpSeries.temperature.push(t);
  lmpSeries.pressure.push(p);
  lmpSeries.energy.push(pe / start.numbers.length);
}
{
  const dump = readFileSync(join(dir, 'traj.dump'), 'utf8').split('ITEM: TIMESTEP\n').slice(1);
  for (const frame of dump) {
    const lines = frame.split('\n');
    const step = Number(lines[0]);
    if (step < discard || step === 0) continue;
    const n = Number(lines[2]);
    const x = new Float64Array(3 * n);
    const numbers = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const f = (lines[8 + k] as string).trim().split(/\s+/).map(Number);
      const i = (f[0] as number) - 1;
      numbers[i] = f[1] === 1 ? 11 : 17;
      for (let d = 0; d < 3; d++) x[3 * i + d] = f[2 + d] as number;
    }
    const { cross, all } = frameRdf(x, numbers, box);
    lmpSeries.gCross.push(cross);
    lmpSeries.gAll.push(all);
  }
}
const lmpNve = thermoRows(nveRun.stdout).map(([step, , , , etot]) => [step as number, (etot as number) / start.numbers.length]);

const fixtureIndex = args.indexOf('--fixture');
if (fixtureIndex >= 0) {
  const summary = (v: number[]) => blockMean(v);
  writeFileSync(
    args[fixtureIndex + 1] as string,
    `${JSON.stringify({
      source: `LAMMPS (lmp 29 Sep 2021) via packages/md/bench/molten-nacl-vs-lammps.ts ${args.join(' ')}`,
      protocol: { cells, a, cutoff, accuracy, steps, discard, blocks, sampleEvery: 10, temperature: 1200, tau: 100, dt: 1 },
      melt: {
        box,
        numbers: Array.from(start.numbers),
        charges: Array.from(start.charges as Float64Array),
        positions: Array.from(start.positions, (v) => Number(v.toPrecision(12))),
        velocities: Array.from(start.velocities, (v) => Number(v.toPrecision(12))),
      },
      lammps: {
        temperature: summary(lmpSeries.temperature),
        pressure: summary(lmpSeries.pressure),
        energy: summary(lmpSeries.energy),
        // thermo of the melt itself (step 0): T (K), P (bar), E_pot (eV)
        step0: thermoRows(nvtRun.stdout)[0]?.slice(1, 4),
      },
    })}\n`,
  );
  process.exit(0);
}

// ours
const bornText = BORN.map((l) => {
  const [i, j, ...rest] = l.split(' ');
  return `${i === '1' ? 'Na' : 'Cl'} ${j === '1' ? 'Na' : 'Cl'} ${rest.join(' ')} ${cutoff}`;
}).join('\n');
const potential = () => new CoulombPme({ accuracy, cutoff, skin: 1, shortRange: BornMayerHuggins.fromFile(bornText) });
const ours: Series = { temperature: [], pressure: [], energy: [], gCross: [], gAll: [] };
const copy = (s: System) => createSystem({ ...s, positions: s.positions.slice(), velocities: s.velocities.slice() });
process.stderr.write(`ours: NVT ${steps} steps\n`);
const c0 = process.cpuUsage();
{
  const nvt = noseHooverChain(potential(), { dt: 1, temperature: 1200, tau: 100, chainLength: 3 });
  const state: MDState = nvt.init(copy(start));
  for (let s = 1; s <= steps; s++) {
    nvt.step(state);
    if (s < discard) continue;
    if (s % 10 === 0) {
      ours.temperature.push(temperature(state.system));
      ours.pressure.push(pressure(state.system, state.virial) * EV_PER_A3_IN_BAR);
      ours.energy.push(state.potentialEnergy / start.numbers.length);
    }
    if (s % 100 === 0) {
      const { cross, all } = frameRdf(state.system.positions, state.system.numbers, box);
      ours.gCross.push(cross);
      ours.gAll.push(all);
    }
    if (s % 1000 === 0) process.stderr.write(`  step ${s}\n`);
  }
}
const oursNvtCpu = process.cpuUsage(c0);
process.stderr.write(`ours: NVE ${nveSteps} steps\n`);
const oursNve: number[][] = [];
{
  const nve = velocityVerlet(potential(), { dt: 1 });
  const state = nve.init(copy(start));
  for (let s = 0; s <= nveSteps; s++) {
    if (s > 0) nve.step(state);
    if (s % 10 === 0) oursNve.push([s, nve.conservedEnergy(state) / start.numbers.length]);
  }
}

/** Mean and standard error from `blocks` block means. */
function blockMean(values: number[]): { mean: number; error: number } {
  const { mean, stderr } = blockStats(values, blocks);
  return { mean, error: stderr };
}

/** First-peak position (parabola through the top bin and its neighbours) and height of the frame-averaged g(r), per frame block. */
function firstPeak(frames: Float64Array[]): { position: { mean: number; error: number }; height: { mean: number; error: number } } {
  const positions: number[] = [];
  const heights: number[] = [];
  const size = Math.floor(frames.length / blocks);
  const dr = R_MAX / BINS;
  for (let b = 0; b < blocks; b++) {
    const g = new Float64Array(BINS);
    for (const f of frames.slice(b * size, (b + 1) * size))
      for (let k = 0; k < BINS; k++) g[k] = (g[k] as number) + (f[k] as number) / size;
    let top = 1;
    for (let k = 1; k < BINS / 2; k++) if ((g[k] as number) > (g[top] as number)) top = k;
    const [y0, y1, y2] = [g[top - 1] as number, g[top] as number, g[top + 1] as number];
    const shift = (0.5 * (y0 - y2)) / (y0 - 2 * y1 + y2);
    positions.push((top + 0.5 + shift) * dr);
    heights.push(y1 - 0.25 * (y0 - y2) * shift);
  }
  const stats = (v: number[]) => {
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    return { mean, error: Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1) / v.length) };
  };
  return { position: stats(positions), height: stats(heights) };
}

/** Slope (per ps) and RMS residual of a straight-line fit to [step, E] rows. */
function drift(rows: number[][]): { slope: number; rms: number } {
  const n = rows.length;
  const mx = rows.reduce((s, r) => s + (r[0] as number), 0) / n;
  const my = rows.reduce((s, r) => s + (r[1] as number), 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of rows as [number, number][]) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  const slope = sxy / sxx;
  let rss = 0;
  for (const [x, y] of rows as [number, number][]) rss += (y - my - slope * (x - mx)) ** 2;
  return { slope: slope * 1000, rms: Math.sqrt(rss / n) };
}

const fmt = (s: { mean: number; error: number }, digits: number) => `${s.mean.toFixed(digits)} ± ${s.error.toFixed(digits)}`;
const compare = (x: { mean: number; error: number }, y: { mean: number; error: number }) =>
  (x.mean - y.mean) / Math.hypot(x.error, y.error);
const rows: [string, (s: Series) => { mean: number; error: number }, number][] = [
  ['⟨T⟩ (K)', (s) => blockMean(s.temperature), 1],
  ['⟨P⟩ (bar)', (s) => blockMean(s.pressure), 0],
  ['⟨E_pot⟩/N (eV)', (s) => blockMean(s.energy), 5],
  ['Na–Cl g(r) first peak r (Å)', (s) => firstPeak(s.gCross).position, 4],
  ['Na–Cl g(r) first peak height', (s) => firstPeak(s.gCross).height, 3],
  ['total g(r) first peak r (Å)', (s) => firstPeak(s.gAll).position, 4],
  ['total g(r) first peak height', (s) => firstPeak(s.gAll).height, 3],
];
console.log(`NVT 1200 K, ${steps} steps of 1 fs (first ${discard} dropped), ${blocks} blocks; g(r) from ${ours.gCross.length} frames each`);
console.log('');
console.log('| quantity | md (`CoulombPme` + Born) | LAMMPS `born/coul/long` + `pppm` | difference / combined error |');
console.log('|---|---:|---:|---:|');
for (const [name, f, digits] of rows) {
  const x = f(ours);
  const y = f(lmpSeries);
  console.log(`| ${name} | ${fmt(x, digits)} | ${fmt(y, digits)} | ${compare(x, y).toFixed(2)} |`);
}
const dOurs = drift(oursNve);
const dLmp = drift(lmpNve);
console.log('');
console.log(`| NVE, ${nveSteps} steps of 1 fs | md | LAMMPS |`);
console.log('|---|---:|---:|');
console.log(`| total-energy drift (meV/atom/ps) | ${(dOurs.slope * 1e3).toFixed(4)} | ${(dLmp.slope * 1e3).toFixed(4)} |`);
console.log(`| RMS fluctuation about the fit (meV/atom) | ${(dOurs.rms * 1e3).toFixed(4)} | ${(dLmp.rms * 1e3).toFixed(4)} |`);
console.log('');
const oursSeconds = (oursNvtCpu.user + oursNvtCpu.system) / 1e6;
console.log(
  `| NVT speed | md ${(steps / oursSeconds).toFixed(1)} steps/s | LAMMPS ${(steps / nvtRun.cpu).toFixed(1)} steps/s (CPU time; LAMMPS' wall × CPU use) | ratio ${(oursSeconds / nvtRun.cpu).toFixed(2)} |`,
);
