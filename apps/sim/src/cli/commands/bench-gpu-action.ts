/**
 * The work of `equitensor bench gpu`, loaded only when the command runs (see bench-gpu.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rangeSeparatedCoulomb } from '@equitensor/electrostatics';
import {
  type DeviceForceField,
  deviceForceFieldFor,
  evaluateForceField,
  type GpuContext,
  GpuGridTensorProduct,
  GpuMdRunner,
  GpuPmeForceField,
  GpuRangeSeparatedField,
  GpuSparseTensorProduct,
  GpuSphericalHarmonics,
  type GpuTensorProduct,
  requestGpu,
  TimestampProfiler,
} from '@equitensor/gpu';
import {
  BornMayerHuggins,
  CoulombPme,
  createSystem,
  cubicLattice,
  EmbeddedAtom,
  LennardJones,
  ljUnits,
  maxwellBoltzmann,
  metalUnits,
  type Potential,
  type System,
  type UnitSystem,
  velocityVerlet,
} from '@equitensor/md';
import { FullyConnectedTensorProduct, type InstructionSpec, Irreps, sphericalHarmonics, TensorProduct } from '@equitensor/so3';
import { buildBenchCase, timeMedian } from '@equitensor/so3/bench';
import { MOLTEN_NACL_ACCURACY, MOLTEN_NACL_LATTICE, rockSaltCells, tosiFumiNaCl } from '../../worker/scenarios/molten-salt.ts';
import { UsageError } from '../errors.ts';
import { printJson } from '../json.ts';
import type { BenchGpuOptions } from './bench-gpu.ts';

/** One side of the comparison. */
interface Measurement {
  readonly seconds: number;
  readonly throughput: number;
  readonly unit: string;
  readonly [key: string]: number | string;
}

export async function runBenchGpu(options: BenchGpuOptions): Promise<void> {
  const { size, repeats, cpuSeconds } = options;
  const gpu = await requestGpu({ powerPreference: 'high-performance' });
  const report = gpu.report;
  process.stderr.write(
    `bench gpu: ${options.kernel} on ${report.vendor} ${report.device} ${report.description}${report.isSoftware ? ' (software adapter: figures mean nothing)' : ''}\n`,
  );
  try {
    let result: { gpu: Measurement; cpu: Measurement; details: Record<string, number | string> };
    if (options.kernel === 'lj' || options.kernel === 'eam' || options.kernel === 'pme')
      result = await benchMd(gpu, options.kernel, size, options, cpuSeconds);
    else if (options.kernel === 'sh') result = await benchSh(gpu, size, options, repeats, cpuSeconds);
    else if (options.kernel === 'rs') result = await benchRs(gpu, size, options, cpuSeconds);
    else result = await benchTp(gpu, size, options, repeats, cpuSeconds);
    const out = {
      kernel: options.kernel,
      size,
      adapter: {
        vendor: report.vendor,
        architecture: report.architecture,
        device: report.device,
        description: report.description,
        isSoftware: report.isSoftware,
        environment: report.environment,
      },
      ...result.details,
      gpu: result.gpu,
      cpu: result.cpu,
      ratio: result.gpu.throughput / result.cpu.throughput,
      date: new Date().toISOString(),
    };
    if (options.json) printJson(out);
    else
      process.stdout.write(
        `${options.kernel} size ${size}: GPU ${result.gpu.throughput.toExponential(3)} ${result.gpu.unit}, CPU ${result.cpu.throughput.toExponential(3)} ${result.cpu.unit}, ratio ${out.ratio.toFixed(2)}\n`,
      );
  } finally {
    gpu.destroy();
  }
}

/** Repeat `run` until `budget` seconds have passed (at least once); seconds per call. */
function timeWithin(run: () => void, budget: number): { perCall: number; calls: number } {
  run();
  let calls = 0;
  const t0 = performance.now();
  do {
    run();
    calls++;
  } while ((performance.now() - t0) / 1000 < budget && calls < 1000);
  return { perCall: (performance.now() - t0) / 1000 / calls, calls };
}

function defaultEamFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const data = process.env.EQUITENSOR_DATA ? resolve(process.env.EQUITENSOR_DATA) : resolve(dir, '..', 'shared', 'data');
  return join(data, 'lammps', 'potentials', 'Cu_u3.eam');
}

async function benchMd(gpu: GpuContext, kernel: 'lj' | 'eam' | 'pme', size: number, options: BenchGpuOptions, cpuSeconds: number) {
  const { steps } = options;
  const cells = Math.max(2, Math.round((size / 4) ** (1 / 3)));
  let system: System;
  let cpuPotential: Potential;
  let field: DeviceForceField;
  let units: UnitSystem;
  let dt: number;
  if (kernel === 'lj') {
    // LAMMPS bench/in.lj: fcc at ρ* = 0.8442, T* = 1.44, rc = 2.5σ, dt = 0.005τ.
    system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [cells, cells, cells], number: 18, mass: 1 });
    units = ljUnits;
    dt = 0.005;
    maxwellBoltzmann(system, { temperature: 1.44, seed: 87287, units });
    cpuPotential = new LennardJones({ epsilon: 1, sigma: 1, cutoff: 2.5 });
    field = deviceForceFieldFor(gpu, cpuPotential) as DeviceForceField;
  } else if (kernel === 'pme') {
    // The app's molten-salt system (md's bench/molten-nacl-vs-lammps.ts): Tosi-Fumi NaCl, Born + PME at 1e-5 with
    // r_c = 10 Å (LAMMPS born/coul/long 10 + pppm 1e-5), expanded rock salt at the melt's density, 1200 K, 2 fs.
    const salt = rockSaltCells(Math.max(2, Math.round((size / 8) ** (1 / 3))), MOLTEN_NACL_LATTICE);
    system = createSystem({ ...salt, pbc: true });
    units = metalUnits;
    dt = 2;
    maxwellBoltzmann(system, { temperature: 1200, seed: 87287, units });
    cpuPotential = new CoulombPme({ accuracy: MOLTEN_NACL_ACCURACY, cutoff: 10 }).withShortRange(
      BornMayerHuggins.fromFile(tosiFumiNaCl(10)),
    );
    field = deviceForceFieldFor(gpu, cpuPotential) as DeviceForceField;
  } else {
    const file = options.eamFile ?? defaultEamFile();
    if (!existsSync(file)) throw new UsageError(`--eam-file: ${file} does not exist`);
    const eam = EmbeddedAtom.fromFile(readFileSync(file, 'utf8'), file);
    // LAMMPS bench/in.eam: Cu fcc a = 3.615 Å, 1600 K, dt = 5 fs.
    system = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [cells, cells, cells], number: 29, mass: eam.splines.masses[0] ?? 63.55 });
    units = metalUnits;
    dt = 5;
    maxwellBoltzmann(system, { temperature: 1600, seed: 87287, units });
    cpuPotential = eam;
    field = deviceForceFieldFor(gpu, eam) as DeviceForceField;
  }
  const atoms = system.masses.length;
  const runner = new GpuMdRunner({
    field,
    atoms: system,
    masses: system.masses,
    velocities: system.velocities,
    timestep: dt,
    units,
    readEvery: steps,
  });
  await runner.run(2); // compile pipelines, warm caches
  const t0 = performance.now();
  const end = await runner.run(steps);
  const gpuSeconds = (performance.now() - t0) / 1000;
  // One more evaluation with GPU timestamps per pass (bin, scan, scatter, forces), when the adapter has them.
  const profiler = new TimestampProfiler(gpu, 64);
  await evaluateForceField(field, system, {}, profiler);
  const passes = Object.fromEntries((await profiler.read()).map((t) => [`gpuMicroseconds:${t.label}`, t.nanoseconds / 1000]));
  profiler.destroy();
  runner.destroy();
  const integrator = velocityVerlet(cpuPotential, { dt, units });
  const state = integrator.init(system);
  const cpu = timeWithin(() => integrator.step(state), cpuSeconds);
  return {
    details: { atoms, steps, timestep: dt, units: units.name, finalPotentialEnergy: end.potentialEnergy, ...pmeDetails(field), ...passes },
    gpu: { seconds: gpuSeconds, throughput: (atoms * steps) / gpuSeconds, unit: 'atom-steps/s', stepsPerSecond: steps / gpuSeconds },
    cpu: {
      seconds: cpu.perCall * cpu.calls,
      throughput: atoms / cpu.perCall,
      unit: 'atom-steps/s',
      stepsPerSecond: 1 / cpu.perCall,
      steps: cpu.calls,
    },
  };
}

/** PME's α, mesh, order and estimated error (as `electrostatics --method pme` reports them), for a PME field. */
function pmeDetails(field: DeviceForceField): Record<string, number | string> {
  const p = field instanceof GpuPmeForceField ? field.parameters : null;
  if (p === null) return {};
  return { alpha: p.alpha, cutoff: p.cutoff, mesh: p.mesh.join('x'), order: p.order, estimatedError: p.estimatedError.total };
}

function randomVectors(n: number, seed: number): Float64Array {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}

async function timeGpu(prepare: () => number, dispatch: (n: number) => Promise<void>, repeats: number): Promise<number> {
  const n = prepare();
  await dispatch(n);
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await dispatch(n);
    samples.push((performance.now() - t0) / 1000);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

async function benchSh(gpu: GpuContext, size: number, options: BenchGpuOptions, repeats: number, cpuSeconds: number) {
  const lmax = options.lmax ?? 6;
  const vectors = randomVectors(3 * size, 7);
  const sh = new GpuSphericalHarmonics(gpu, lmax, 'component', true);
  const seconds = await timeGpu(
    () => sh.prepare(vectors),
    (n) => sh.dispatch(n),
    repeats,
  );
  sh.destroy();
  const cpu = timeWithin(() => sphericalHarmonics(lmax, vectors, true, 'component'), cpuSeconds);
  return {
    details: { lmax },
    gpu: { seconds, throughput: size / seconds, unit: 'vectors/s' },
    cpu: { seconds: cpu.perCall, throughput: size / cpu.perCall, unit: 'vectors/s' },
  };
}

async function benchTp(gpu: GpuContext, batch: number, options: BenchGpuOptions, repeats: number, cpuSeconds: number) {
  const { kind } = options;
  const lmax = options.lmax ?? 3;
  let gpuTp: GpuTensorProduct;
  let cpuRun: () => void;
  let details: Record<string, number | string>;
  let weights: Float64Array | undefined;
  if (kind === 'cg') {
    const perSample = options.perSampleWeights === true;
    const { setting, mul } = options;
    // The same product as so3's `bench tp --kind cg --setting …`: mul×(0e+1o+…+L).
    const irreps = new Irreps(Array.from({ length: lmax + 1 }, (_, l) => [mul, `${l}y`] as [number, string]));
    let tp: TensorProduct;
    if (setting === 'fctp') tp = new FullyConnectedTensorProduct(irreps, irreps, irreps, { sharedWeights: !perSample });
    else {
      const in2 = new Irreps(Array.from({ length: lmax + 1 }, (_, l) => `${l}y`).join('+'));
      const ins: InstructionSpec[] = [];
      irreps.entries.forEach((a, i) => {
        in2.entries.forEach((b, j) => {
          irreps.entries.forEach((c, k) => {
            if (a.ir.p * b.ir.p === c.ir.p && Math.abs(a.ir.l - b.ir.l) <= c.ir.l && c.ir.l <= a.ir.l + b.ir.l)
              ins.push([i, j, k, 'uvu', true]);
          });
        });
      });
      tp = new TensorProduct(irreps, in2, irreps, ins, { sharedWeights: !perSample });
    }
    // The CPU runs the same TensorProduct in float64 on the same inputs (as so3's `bench tp --kind cg`).
    weights = randomVectors(perSample ? batch * tp.weightNumel : tp.weightNumel, 3);
    const cpuWeights = weights;
    gpuTp = new GpuSparseTensorProduct(gpu, tp, perSample ? undefined : weights);
    const cpuX1 = randomVectors(batch * tp.irrepsIn1.dim, 5);
    const cpuX2 = randomVectors(batch * tp.irrepsIn2.dim, 6);
    cpuRun = () => {
      tp.forward(cpuX1, cpuX2, cpuWeights);
    };
    if (perSample === false) weights = undefined;
    details = {
      kind,
      setting,
      weights: perSample ? 'per-sample' : 'shared',
      lmax,
      mul,
      entries: (gpuTp as GpuSparseTensorProduct).sparse.coef.length,
      irrepsIn1: tp.irrepsIn1.toString(),
    };
  } else {
    gpuTp = new GpuGridTensorProduct(gpu, lmax, lmax, 2 * lmax);
    cpuRun = buildBenchCase({ kind: 'grid', setting: 'mimo', lmax, batch, mul: 1, dtype: 'f64' }).run;
    details = { kind, setting: 'mimo', lmax, points: (gpuTp as GpuGridTensorProduct).points };
  }
  const x1 = randomVectors(batch * gpuTp.dim1, 5);
  const x2 = randomVectors(batch * gpuTp.dim2, 6);
  const seconds = await timeGpu(
    () => gpuTp.prepare(x1, x2, weights),
    (n) => gpuTp.dispatch(n),
    repeats,
  );
  gpuTp.destroy();
  const t = timeMedian(cpuRun, { warmup: 1, repeats: Math.max(1, Math.min(repeats, Math.ceil(cpuSeconds))) });
  return {
    details,
    gpu: { seconds, throughput: batch / seconds, unit: 'samples/s' },
    cpu: { seconds: t.median, throughput: batch / t.median, unit: 'samples/s' },
  };
}

async function benchRs(gpu: GpuContext, size: number, options: BenchGpuOptions, cpuSeconds: number) {
  const requested = options.charges;
  const side = Math.max(2, Math.round(requested ** (1 / 3)));
  const positions = new Float64Array(3 * side ** 3);
  const charges = new Float64Array(side ** 3);
  let k = 0;
  for (let a = 0; a < side; a++)
    for (let b = 0; b < side; b++)
      for (let c = 0; c < side; c++) {
        positions.set([2.82 * a, 2.82 * b, 2.82 * c], 3 * k);
        charges[k++] = (a + b + c) % 2 === 0 ? 1 : -1;
      }
  const setupStart = performance.now();
  const { model } = rangeSeparatedCoulomb(positions, charges, { accuracy: 1e-4, splitRadius: 3.5 });
  const setupSeconds = (performance.now() - setupStart) / 1000;
  const { lo, h, n } = model.grid;
  const unit = randomVectors(3 * size, 11);
  const points = unit.map((u, i) => (lo[i % 3] as number) + h * (n - 1) * (0.05 + 0.45 * (u + 1)));
  const field = new GpuRangeSeparatedField(gpu, model);
  await field.potentialAt(points);
  const t0 = performance.now();
  await field.potentialAt(points);
  const gpuSeconds = (performance.now() - t0) / 1000;
  field.destroy();
  const cpuPoints = points.subarray(0, 3 * Math.min(size, 2000));
  const cpu = timeWithin(() => model.potentialAt(cpuPoints), cpuSeconds / 2);
  return {
    details: {
      charges: charges.length,
      ranks: model.ranks.join('x'),
      gridNodes: n,
      cpuSetupSeconds: setupSeconds,
      cpuPoints: cpuPoints.length / 3,
    },
    gpu: { seconds: gpuSeconds, throughput: size / gpuSeconds, unit: 'points/s' },
    cpu: { seconds: cpu.perCall, throughput: cpuPoints.length / 3 / cpu.perCall, unit: 'points/s' },
  };
}
