import { readFileSync } from 'node:fs';
import {
  createGpuEam,
  createGpuLennardJones,
  createGpuMorse,
  type DeviceForceField,
  type GpuContext,
  type GpuIntegrator,
  GpuMdRunner,
  type MdSnapshot,
  requestGpu,
} from '@equitensor/gpu';
import { formatExtxyz } from '@equitensor/io';
import {
  createSystem,
  EmbeddedAtom,
  kineticEnergy,
  langevin,
  type Potential,
  runDynamics,
  type System,
  systemToStructure,
  type UnitSystem,
  velocityVerlet,
} from '@equitensor/md';
import { UsageError } from './errors.ts';

/**
 * The device force field for a `--potential` spec: `lj`, `lj:EPS,SIGMA,RC`, `eam:FILE` and
 * `morse:D,ALPHA,R0,RC` have WebGPU kernels; anything else is refused with the list of what is.
 *
 * @example
 * ```ts
 * const field = gpuForceField(gpu, 'eam:Cu_u3.eam');
 * ```
 */
export function gpuForceField(gpu: GpuContext, spec: string): DeviceForceField {
  const colon = spec.indexOf(':');
  const prefix = colon < 0 ? spec : spec.slice(0, colon);
  const arg = colon < 0 ? undefined : spec.slice(colon + 1);
  const numbers = (count: number, usage: string): number[] => {
    const values = (arg ?? '').split(',').map(Number);
    if (values.length !== count || values.some((v) => !Number.isFinite(v))) throw new UsageError(`expected ${usage}, got "${spec}"`);
    return values;
  };
  switch (prefix) {
    case 'lj': {
      if (arg === undefined) return createGpuLennardJones(gpu, { epsilon: 1, sigma: 1, cutoff: 2.5 }).field;
      const [epsilon, sigma, cutoff] = numbers(3, 'lj:EPS,SIGMA,RC') as [number, number, number];
      return createGpuLennardJones(gpu, { epsilon, sigma, cutoff }).field;
    }
    case 'morse': {
      const [D, alpha, r0, cutoff] = numbers(4, 'morse:D,ALPHA,R0,RC') as [number, number, number, number];
      return createGpuMorse(gpu, { D, alpha, r0, cutoff }).field;
    }
    case 'eam': {
      if (arg === undefined) throw new UsageError('eam needs a file: --potential eam:Cu_u3.eam');
      const eam = EmbeddedAtom.fromFile(readFileSync(arg, 'utf8'), arg);
      return createGpuEam(gpu, eam.splines, eam.name).field;
    }
    default:
      throw new UsageError(`--backend webgpu supports the potentials lj, lj:EPS,SIGMA,RC, eam:FILE and morse:…; got "${spec}"`);
  }
}

/** How a {@link createGpuMdRunner} runs: time step, units, read-back period, and optionally the device integrator and a CPU fallback. */
export interface GpuMdRunnerSetup {
  readonly dt: number;
  readonly units: UnitSystem;
  /** Steps between read-backs of positions and energies. */
  readonly readEvery: number;
  /** Device integrator (default: velocity Verlet). */
  readonly integrator?: GpuIntegrator;
  /** The CPU twin of the device potential: when given, a lost device hands the run to the CPU with the same integrator. */
  readonly cpuPotential?: Potential;
  /** Seed of the CPU Langevin noise after a device loss. */
  readonly seed?: number;
  readonly warn?: (message: string) => void;
}

/**
 * A {@link GpuMdRunner} for `system` (positions, masses, velocities) with a device force field, as
 * `md run --backend webgpu` and `bench gpu --kernel lj|eam` build it.
 *
 * @example
 * ```ts
 * const runner = createGpuMdRunner(gpuForceField(gpu, 'lj'), system, { dt: 0.005, units: ljUnits, readEvery: 100 });
 * const end = await runner.run(100);
 * runner.destroy();
 * ```
 */
export function createGpuMdRunner(field: DeviceForceField, system: System, setup: GpuMdRunnerSetup): GpuMdRunner {
  const { dt, units, cpuPotential } = setup;
  const integrator = setup.integrator ?? { kind: 'velocity-verlet' };
  const cpuIntegratorFor = (potential: Potential) =>
    integrator.kind === 'langevin'
      ? langevin(potential, { dt, units, temperature: integrator.temperature, friction: integrator.friction, seed: setup.seed ?? 0 })
      : velocityVerlet(potential, { dt, units });
  return new GpuMdRunner({
    field,
    atoms: system,
    masses: system.masses,
    velocities: system.velocities,
    timestep: dt,
    units,
    integrator,
    readEvery: setup.readEvery,
    ...(cpuPotential === undefined
      ? {}
      : {
          cpuContinuation: (from: MdSnapshot, count: number): MdSnapshot => {
            const copy = createSystem({ ...system, positions: from.positions, velocities: from.velocities });
            const cpu = cpuIntegratorFor(cpuPotential);
            const state = cpu.init(copy);
            runDynamics(cpu, state, count, []);
            return {
              step: from.step + count,
              positions: Float64Array.from(copy.positions),
              velocities: Float64Array.from(copy.velocities),
              potentialEnergy: state.potentialEnergy,
              kineticEnergy: kineticEnergy(copy, units),
              backend: 'cpu',
            };
          },
        }),
    ...(setup.warn === undefined ? {} : { warn: setup.warn }),
  });
}

/** What {@link runMdOnGpu} needs: the system, the CPU twin of the potential (for device loss) and the run. */
export interface GpuRunRequest {
  readonly system: System;
  readonly spec: string;
  readonly cpuPotential: Potential;
  readonly units: UnitSystem;
  readonly ensemble: string;
  readonly dt: number;
  readonly steps: number;
  readonly every: number;
  readonly temperature?: number;
  readonly friction?: number;
  readonly seed: number;
  /** Receives extxyz text for each frame written (every `every` steps, and the first). */
  readonly writeFrames?: (text: string) => void;
  readonly progress?: (stepsDone: number, stepsPerSecond: number) => void;
}

/** The outcome of a GPU run: the final snapshot, the energy at the start, speed and the adapter. */
export interface GpuRunResult {
  readonly final: MdSnapshot;
  readonly initialEnergy: number;
  readonly seconds: number;
  readonly stepsPerSecond: number;
  readonly adapter: string;
  readonly backend: 'webgpu' | 'cpu';
  readonly frames: number;
}

/**
 * Molecular dynamics with `--backend webgpu`: positions, velocities and forces stay on the device and
 * come back every `every` steps for the trajectory. NVE (velocity Verlet) and Langevin run on the device;
 * if the device is lost, the run continues on the CPU from the last read-back with the same integrator
 * and the CPU potential, losing no state.
 *
 * @example
 * ```ts
 * const r = await runMdOnGpu({ system, spec: 'lj', cpuPotential, units: ljUnits, ensemble: 'nve', dt: 0.005, steps: 100, every: 10, seed: 0 });
 * ```
 */
export async function runMdOnGpu(request: GpuRunRequest): Promise<GpuRunResult> {
  const { system, units, dt, steps, every, ensemble } = request;
  let integrator: GpuIntegrator;
  if (ensemble === 'nve') integrator = { kind: 'velocity-verlet' };
  else if (ensemble === 'langevin') {
    if (request.temperature === undefined) throw new UsageError('--ensemble langevin needs --temperature');
    integrator = { kind: 'langevin', temperature: request.temperature, friction: request.friction ?? 1 / (100 * dt), seed: request.seed };
  } else throw new UsageError(`--backend webgpu runs the ensembles nve and langevin; got "${ensemble}" (use --backend cpu)`);

  const gpu = await requestGpu({ powerPreference: 'high-performance' });
  const adapter = `${gpu.report.vendor} ${gpu.report.device} ${gpu.report.description}`.trim();
  const runner = createGpuMdRunner(gpuForceField(gpu, request.spec), system, {
    dt,
    units,
    integrator,
    readEvery: every,
    cpuPotential: request.cpuPotential,
    seed: request.seed,
    warn: (message) => process.stderr.write(`md run: ${message}\n`),
  });
  let frames = 0;
  const writeFrame = (snapshot: MdSnapshot) => {
    if (request.writeFrames === undefined) return;
    system.positions.set(snapshot.positions);
    system.velocities.set(snapshot.velocities);
    request.writeFrames(
      formatExtxyz(
        systemToStructure(system, { energy: snapshot.potentialEnergy, info: { step: snapshot.step, backend: snapshot.backend } }),
      ),
    );
    frames++;
  };
  try {
    let snapshot = await runner.run(0);
    const initialEnergy = snapshot.potentialEnergy + snapshot.kineticEnergy;
    writeFrame(snapshot);
    const t0 = performance.now();
    let done = 0;
    while (done < steps) {
      const block = Math.min(every, steps - done);
      snapshot = await runner.run(block);
      done += block;
      const seconds = (performance.now() - t0) / 1000;
      request.progress?.(done, seconds > 0 ? done / seconds : 0);
      writeFrame(snapshot);
    }
    const seconds = (performance.now() - t0) / 1000;
    system.positions.set(snapshot.positions);
    system.velocities.set(snapshot.velocities);
    return {
      final: snapshot,
      initialEnergy,
      seconds,
      stepsPerSecond: steps > 0 && seconds > 0 ? steps / seconds : 0,
      adapter,
      backend: runner.backend,
      frames,
    };
  } finally {
    runner.destroy();
  }
}
