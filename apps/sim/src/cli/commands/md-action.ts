/**
 * The work of `equitensor md run|bench-lj`, loaded only when the command runs (see md.ts).
 */
import { appendFileSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { type Structure, volume } from '@equitensor/io';
import { readFramesFromFileSync } from '@equitensor/io/node';
import {
  barToPressure,
  berendsenBarostat,
  bussi,
  type Checkpoint,
  checkpoint,
  cubicLattice,
  type Integrator,
  kineticEnergy,
  LennardJones,
  langevin,
  ljUnits,
  type MDState,
  maxwellBoltzmann,
  mtkNpt,
  noseHooverChain,
  type Potential,
  pressure,
  restoreCheckpoint,
  runDynamics,
  type System,
  stressTensor,
  systemFromStructure,
  TrajectoryReporter,
  temperature,
  type UnitSystem,
  velocityVerlet,
} from '@equitensor/md';
import { ParallelLennardJones } from '@equitensor/md/node';
import { UsageError } from '../errors.ts';
import { printJson } from '../json.ts';
import { runMdOnGpu } from '../md-gpu.ts';
import { potentialFromSpec } from '../potential-spec.ts';

export interface RunOptions {
  input?: string;
  checkpoint?: string;
  restart?: string;
  potential: string;
  ensemble: string;
  temperature?: string;
  dt: string;
  steps: string;
  out?: string;
  every: string;
  seed: string;
  friction?: string;
  tau?: string;
  barostat?: string;
  pressure?: string;
  tauP?: string;
  bulkModulus?: string;
  coupling: string;
  backend: string;
  json?: boolean;
}

function parseNumber(value: string | undefined, name: string, check: (v: number) => boolean, what: string): number {
  const v = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isFinite(v) || !check(v))
    throw new UsageError(`${name} must be ${what}, got "${value}"`);
  return v;
}

const positive = (v: number) => v > 0;
const nonNegativeInteger = (v: number) => Number.isInteger(v) && v >= 0;

/** A progress bar on stderr, redrawn at most ~50 times per run. */
function progressBar(total: number): (done: number, stepsPerSecond: number) => void {
  let shown = -1;
  return (done, speed) => {
    const fraction = total === 0 ? 1 : done / total;
    const tick = Math.floor(fraction * 50);
    if (tick === shown && done !== total) return;
    shown = tick;
    const eta = speed > 0 ? `, ${((total - done) / speed).toFixed(1)} s left` : '';
    process.stderr.write(
      `\r[${'#'.repeat(tick)}${' '.repeat(50 - tick)}] ${done}/${total} steps${speed > 0 ? `, ${speed.toFixed(1)} steps/s` : ''}${eta}   `,
    );
    if (done === total) process.stderr.write('\n');
  };
}

function makeIntegrator(ensemble: string, potential: Potential, units: UnitSystem, dt: number, options: RunOptions): Integrator {
  const seed = parseNumber(options.seed, '--seed', nonNegativeInteger, 'a non-negative integer');
  const needT = () =>
    parseNumber(
      options.temperature,
      '--temperature',
      positive,
      `a positive temperature (${units.name === 'lj' ? 'ε/kB' : 'K'}) for ensemble ${ensemble}`,
    );
  const tau = options.tau === undefined ? 100 * dt : parseNumber(options.tau, '--tau', positive, 'a positive time');
  switch (ensemble) {
    case 'nve':
      return velocityVerlet(potential, { dt, units });
    case 'langevin': {
      const friction =
        options.friction === undefined
          ? 1 / tau
          : parseNumber(options.friction, '--friction', (v) => v >= 0, 'a non-negative rate (1/time)');
      return langevin(potential, { dt, units, temperature: needT(), friction, seed });
    }
    case 'nhc':
      return noseHooverChain(potential, { dt, units, temperature: needT(), tau });
    case 'bussi':
      return bussi(potential, { dt, units, temperature: needT(), tau, seed });
    default:
      throw new UsageError(`--ensemble must be one of nve, langevin, nhc, bussi; got "${ensemble}"`);
  }
}

/**
 * `--barostat berendsen` around the ensemble's integrator, or `--barostat mtk` (MTK NPT, which has its own
 * Nosé–Hoover chains: `--ensemble nhc`); pressures in bar (metal) or reduced units (lj).
 */
function withBarostat(integrator: Integrator, potential: Potential, units: UnitSystem, dt: number, options: RunOptions): Integrator {
  if (options.barostat === undefined) {
    for (const [flag, value] of [
      ['--pressure', options.pressure],
      ['--tau-p', options.tauP],
      ['--bulk-modulus', options.bulkModulus],
    ] as const) {
      if (value !== undefined) throw new UsageError(`${flag} needs --barostat berendsen|mtk`);
    }
    return integrator;
  }
  if (options.barostat !== 'berendsen' && options.barostat !== 'mtk')
    throw new UsageError(`--barostat must be berendsen or mtk, got "${options.barostat}"`);
  const lj = units.name === 'lj';
  const toInternal = (p: number) => (lj ? p : barToPressure(p));
  const target = parseNumber(options.pressure, '--pressure', () => true, `a pressure (${lj ? 'reduced units' : 'bar'}) for --barostat`);
  const tau = options.tauP === undefined ? 1000 * dt : parseNumber(options.tauP, '--tau-p', positive, 'a positive time');
  if (options.barostat === 'mtk') {
    if (options.ensemble !== 'nhc') throw new UsageError('--barostat mtk has its own Nosé–Hoover chains: use --ensemble nhc');
    if (options.bulkModulus !== undefined) throw new UsageError('--bulk-modulus is a Berendsen option (mtk has a barostat mass)');
    const thermostatTau = options.tau === undefined ? 100 * dt : parseNumber(options.tau, '--tau', positive, 'a positive time');
    const temperatureTarget = parseNumber(options.temperature, '--temperature', positive, 'a positive temperature for --barostat mtk');
    const coupling = options.coupling;
    if (coupling !== 'iso' && coupling !== 'aniso') throw new UsageError(`--coupling must be iso or aniso, got "${coupling}"`);
    return mtkNpt(potential, {
      dt,
      units,
      temperature: temperatureTarget,
      pressure: toInternal(target),
      tau: thermostatTau,
      tauP: tau,
      coupling,
    });
  }
  const modulus =
    options.bulkModulus === undefined
      ? lj
        ? 10
        : 1e6
      : parseNumber(options.bulkModulus, '--bulk-modulus', positive, `a positive pressure (${lj ? 'reduced units' : 'bar'})`);
  const coupling = options.coupling;
  if (coupling !== 'iso' && coupling !== 'aniso') throw new UsageError(`--coupling must be iso or aniso, got "${coupling}"`);
  return berendsenBarostat(integrator, { pressure: toInternal(target), tau, bulkModulus: toInternal(modulus), coupling });
}

function readInput(path: string): Structure {
  let frames: Structure[];
  try {
    frames = readFramesFromFileSync(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E')) throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
    if (error instanceof RangeError) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
  const first = frames[0];
  if (first === undefined) throw new UsageError(`${path}: no structure found`);
  return first;
}

/** Write a trajectory to `path.partial` and move it into place only when the run succeeded. */
function trajectorySink(path: string | undefined): { write: (text: string) => void; commit: () => void; abort: () => void } {
  if (path === undefined) return { write: () => {}, commit: () => {}, abort: () => {} };
  const partial = `${path}.partial`;
  writeFileSync(partial, '');
  return {
    write: (text) => appendFileSync(partial, text),
    commit: () => renameSync(partial, path),
    abort: () => rmSync(partial, { force: true }),
  };
}

function readCheckpointFile(path: string): Checkpoint {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read checkpoint ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as Checkpoint;
  } catch (error) {
    throw new UsageError(`${path}: not a JSON checkpoint (${(error as Error).message})`);
  }
}

function systemFromInput(
  path: string,
  units: UnitSystem,
  massesFor: ((numbers: Int32Array) => Float64Array) | undefined,
): { system: System; hasVelocities: boolean } {
  const structure = readInput(path);
  const n = structure.numbers.length;
  const masses =
    structure.arrays.masses === undefined
      ? (massesFor?.(structure.numbers) ?? (units === ljUnits ? new Float64Array(n).fill(1) : undefined))
      : undefined;
  try {
    return {
      system: systemFromStructure(structure, masses === undefined ? {} : { masses }),
      hasVelocities: structure.arrays.velocities !== undefined,
    };
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`${path}: ${error.message}`);
    throw error;
  }
}

function runCommand(options: RunOptions): void {
  const { potential, units, massesFor } = potentialFromSpec(options.potential);
  if (options.input === undefined && options.restart === undefined)
    throw new UsageError('md run needs --input FILE (or --restart CHECKPOINT)');
  const steps = parseNumber(options.steps, '--steps', nonNegativeInteger, 'a non-negative integer');
  const dt = parseNumber(options.dt, '--dt', positive, 'a positive time step');
  const every = parseNumber(options.every, '--every', (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  const ensemble = options.ensemble;
  const integrator = withBarostat(makeIntegrator(ensemble, potential, units, dt, options), potential, units, dt, options);
  let restored: MDState | null = null;
  let system: System;
  if (options.restart !== undefined) {
    try {
      restored = restoreCheckpoint(readCheckpointFile(options.restart), integrator);
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(`${options.restart}: ${error.message}`);
      throw error;
    }
    system = restored.system;
  } else {
    const input = systemFromInput(options.input as string, units, massesFor);
    system = input.system;
    if (!input.hasVelocities && options.temperature !== undefined) {
      const t = parseNumber(options.temperature, '--temperature', (v) => v >= 0, 'a non-negative temperature');
      maxwellBoltzmann(system, { temperature: t, seed: Number(options.seed), units });
    }
  }
  const n = system.numbers.length;
  const sink = trajectorySink(options.out);
  try {
    let state: MDState;
    try {
      state = restored ?? integrator.init(system);
    } catch (error) {
      // a barostat on a structure without a (fully periodic, or for aniso orthorhombic) cell
      if (error instanceof RangeError && options.barostat !== undefined) throw new UsageError(`${options.input}: ${error.message}`);
      throw error;
    }
    const e0 = integrator.conservedEnergy(state);
    const trajectory = new TrajectoryReporter(every, sink.write);
    const bar = progressBar(steps);
    const progress = {
      every: Math.max(1, Math.floor(steps / 200)),
      report: (_s: unknown, _i: unknown, p: { stepsDone: number; elapsedSeconds: number }) =>
        bar(p.stepsDone, p.elapsedSeconds > 0 ? p.stepsDone / p.elapsedSeconds : 0),
    };
    const reporters = options.out === undefined ? [progress] : [trajectory, progress];
    const { seconds, stepsPerSecond } = steps === 0 ? { seconds: 0, stepsPerSecond: 0 } : runDynamics(integrator, state, steps, reporters);
    if (steps === 0 && options.out !== undefined) trajectory.report(state, integrator);
    sink.commit();
    if (options.checkpoint !== undefined) {
      const partial = `${options.checkpoint}.partial`;
      writeFileSync(partial, JSON.stringify(checkpoint(state, integrator)));
      renameSync(partial, options.checkpoint);
    }
    const ke = kineticEnergy(system, units);
    const summary: Record<string, unknown> = {
      command: 'md run',
      input: options.input ?? options.restart,
      potential: potential.name,
      units: units.name,
      ensemble,
      atoms: n,
      steps,
      dt,
      potentialEnergy: state.potentialEnergy,
      kineticEnergy: ke,
      totalEnergy: state.potentialEnergy + ke,
      conservedEnergy: integrator.conservedEnergy(state),
      energyDrift: integrator.conservedEnergy(state) - e0,
      temperature: temperature(system, units),
      pressure: system.cell === null ? null : pressure(system, state.virial, units),
      stress: system.cell === null ? null : Array.from(stressTensor(system, state.virial, units, { includeKinetic: false })),
      maxForce: maxAtomForce(state.forces),
      stepsPerSecond,
      seconds,
      frames: options.out === undefined ? 0 : trajectory.frames,
      out: options.out ?? null,
      step: state.step,
      checkpoint: options.checkpoint ?? null,
    };
    if (options.barostat !== undefined && system.cell !== null) {
      summary.barostat = options.barostat;
      summary.volume = volume(system.cell);
      summary.cell = Array.from(system.cell);
    }
    if (options.json === true) printJson(summary);
    else {
      process.stdout.write(
        `${steps === 0 ? 'single point' : `${steps} ${ensemble} steps`}: E_pot ${state.potentialEnergy.toFixed(6)}, E_tot ${(state.potentialEnergy + ke).toFixed(6)}, drift ${(summary.energyDrift as number).toExponential(3)}, T ${(summary.temperature as number).toFixed(3)}, ${stepsPerSecond.toFixed(1)} steps/s\n`,
      );
    }
  } catch (error) {
    sink.abort();
    throw error;
  }
}

/** `md run --backend webgpu`: the same input handling, MD on the device (see `md-gpu.ts`). */
async function runGpuCommand(options: RunOptions): Promise<void> {
  if (options.barostat !== undefined) throw new UsageError('--barostat needs --backend cpu');
  if (options.restart !== undefined || options.checkpoint !== undefined)
    throw new UsageError('--restart and --checkpoint need --backend cpu (checkpoints hold the CPU integrator state)');
  if (options.input === undefined) throw new UsageError('md run needs --input FILE');
  const { potential, units, massesFor } = potentialFromSpec(options.potential);
  const steps = parseNumber(options.steps, '--steps', nonNegativeInteger, 'a non-negative integer');
  const dt = parseNumber(options.dt, '--dt', positive, 'a positive time step');
  const every = parseNumber(options.every, '--every', (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  const seed = parseNumber(options.seed, '--seed', nonNegativeInteger, 'a non-negative integer');
  const temperatureTarget =
    options.temperature === undefined
      ? undefined
      : parseNumber(options.temperature, '--temperature', (v) => v >= 0, 'a non-negative temperature');
  const friction =
    options.friction === undefined ? undefined : parseNumber(options.friction, '--friction', (v) => v >= 0, 'a non-negative rate (1/time)');
  const { system, hasVelocities } = systemFromInput(options.input, units, massesFor);
  if (!hasVelocities && temperatureTarget !== undefined) maxwellBoltzmann(system, { temperature: temperatureTarget, seed, units });
  const sink = trajectorySink(options.out);
  try {
    const bar = progressBar(steps);
    const result = await runMdOnGpu({
      system,
      spec: options.potential,
      cpuPotential: potential,
      units,
      ensemble: options.ensemble,
      dt,
      steps,
      every,
      seed,
      ...(temperatureTarget === undefined ? {} : { temperature: temperatureTarget }),
      ...(friction === undefined ? {} : { friction }),
      ...(options.out === undefined ? {} : { writeFrames: sink.write }),
      progress: bar,
    });
    sink.commit();
    const { final } = result;
    const totalEnergy = final.potentialEnergy + final.kineticEnergy;
    const summary = {
      command: 'md run',
      backend: result.backend,
      adapter: result.adapter,
      input: options.input,
      potential: potential.name,
      units: units.name,
      ensemble: options.ensemble,
      atoms: system.numbers.length,
      steps,
      dt,
      potentialEnergy: final.potentialEnergy,
      kineticEnergy: final.kineticEnergy,
      totalEnergy,
      energyDrift: totalEnergy - result.initialEnergy,
      temperature: temperature(system, units),
      stepsPerSecond: result.stepsPerSecond,
      seconds: result.seconds,
      frames: result.frames,
      out: options.out ?? null,
      step: final.step,
    };
    if (options.json === true) printJson(summary);
    else
      process.stdout.write(
        `${steps} ${options.ensemble} steps on ${result.adapter}: E_pot ${final.potentialEnergy.toFixed(6)}, E_tot ${totalEnergy.toFixed(6)}, drift ${summary.energyDrift.toExponential(3)}, ${result.stepsPerSecond.toFixed(1)} steps/s\n`,
      );
  } catch (error) {
    sink.abort();
    throw error;
  }
}

function maxAtomForce(f: Float64Array): number {
  let m = 0;
  for (let i = 0; i < f.length; i += 3) m = Math.max(m, Math.hypot(f[i]!, f[i + 1]!, f[i + 2]!));
  return m;
}

export interface BenchOptions {
  atoms: string;
  steps: string;
  seed: string;
  workers: string;
  json?: boolean;
}

/**
 * LAMMPS' `bench/in.lj` in this package: fcc at ρ* = 0.8442, LJ rc = 2.5σ, skin 0.3σ, T* = 1.44, dt = 0.005τ, NVE.
 * Returns the step-0 and final thermo (per atom, as LAMMPS prints them) and the speed.
 */
export async function benchLj(atoms: number, steps: number, seed = 87287, workers = 1) {
  const k = Math.round(Math.cbrt(atoms / 4));
  if (4 * k ** 3 !== atoms) throw new UsageError(`--atoms must be 4·k³ (an fcc block, e.g. 32000 = 4·20³), got ${atoms}`);
  const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [k, k, k] });
  maxwellBoltzmann(system, { temperature: 1.44, seed, units: ljUnits });
  const lj = workers > 1 ? new ParallelLennardJones({ cutoff: 2.5, skin: 0.3, workers }) : new LennardJones({ cutoff: 2.5, skin: 0.3 });
  const integrator = velocityVerlet(lj, { dt: 0.005, units: ljUnits });
  const t0 = performance.now();
  const state = integrator.init(system);
  const setupSeconds = (performance.now() - t0) / 1000;
  const thermo = () => ({
    temperature: temperature(system, ljUnits),
    pairEnergy: state.potentialEnergy / atoms,
    totalEnergy: (state.potentialEnergy + kineticEnergy(system, ljUnits)) / atoms,
    pressure: pressure(system, state.virial, ljUnits),
  });
  const step0 = thermo();
  const bar = progressBar(steps);
  try {
    const { seconds, stepsPerSecond } = runDynamics(integrator, state, steps, [
      { every: 1, report: (_s, _i, p) => bar(p.stepsDone, p.elapsedSeconds > 0 ? p.stepsDone / p.elapsedSeconds : 0) },
    ]);
    return {
      atoms,
      steps,
      workers,
      step0,
      final: thermo(),
      stepsPerSecond,
      seconds,
      setupSeconds,
      neighborBuilds: lj.neighborList.buildCount,
    };
  } finally {
    if (lj instanceof ParallelLennardJones) await lj.close();
  }
}

export async function benchCommand(options: BenchOptions): Promise<void> {
  const atoms = parseNumber(options.atoms, '--atoms', (v) => Number.isInteger(v) && v > 0, 'a positive integer');
  const steps = parseNumber(options.steps, '--steps', nonNegativeInteger, 'a non-negative integer');
  const seed = parseNumber(options.seed, '--seed', nonNegativeInteger, 'a non-negative integer');
  const workers = parseNumber(options.workers, '--workers', (v) => Number.isInteger(v) && v >= 1, 'a positive integer');
  const result = await benchLj(atoms, steps, seed, workers);
  if (options.json === true) printJson({ command: 'md bench-lj', ...result });
  else {
    process.stdout.write(
      `in.lj, ${atoms} atoms: step 0 E_pair ${result.step0.pairEnergy.toFixed(7)} TotEng ${result.step0.totalEnergy.toFixed(7)} Press ${result.step0.pressure.toFixed(7)}; ` +
        `step ${steps} T ${result.final.temperature.toFixed(7)} E_pair ${result.final.pairEnergy.toFixed(7)}; ${result.stepsPerSecond.toFixed(2)} steps/s\n`,
    );
  }
}

/** `equitensor md run` on the backend of `--backend` (cpu or webgpu). */
export async function runMd(options: RunOptions): Promise<void> {
  if (options.backend === 'webgpu') return runGpuCommand(options);
  if (options.backend !== 'cpu') throw new UsageError(`--backend must be cpu or webgpu, got "${options.backend}"`);
  return runCommand(options);
}
