/**
 * The work of `equitensor md run|bench-lj`, loaded only when the command runs (see md.ts): the typed
 * options become a `DynamicsRequest` (the integrator spec is built here, in one place) and run through
 * `runMd` on the backend `--backend` names.
 */
import { readFileSync } from 'node:fs';
import type { Structure } from '@equitensor/io';
import { volume } from '@equitensor/io';
import { readFramesFromFileSync } from '@equitensor/io/node';
import {
  barToPressure,
  type Checkpoint,
  cpuBackend,
  cubicLattice,
  type DynamicsBackend,
  type IntegratorSpec,
  kineticEnergy,
  LennardJones,
  ljUnits,
  maxwellBoltzmann,
  type NeighborRebuildOptions,
  type Potential,
  pressure,
  runDynamics,
  type System,
  stressTensor,
  systemFromStructure,
  temperature,
  type UnitSystem,
  velocityVerlet,
} from '@equitensor/md';
import { ParallelLennardJones } from '@equitensor/md/node';
import { forceLoopOf, POOLED_POTENTIALS } from '../../worker/pooled-potential.ts';
import { isSystemError, RunStoppedError, UsageError } from '../errors.ts';
import { gradeMonitor } from '../grade-check.ts';
import { printJson } from '../json.ts';
import { runMd } from '../md-run.ts';
import { asUsageError } from '../options.ts';
import { pooledPotential } from '../pooled-potential.ts';
import { potentialFromSpec } from '../potential-spec.ts';
import type { MdBenchOptions, MdRunOptions } from './md.ts';

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

/**
 * The integrator spec of `md run`'s options — the one place the CLI turns `--ensemble`, `--temperature`,
 * `--tau`, `--friction`, `--seed` and the barostat options into an {@link IntegratorSpec}. Pressures are
 * in bar (metal units) or reduced units (lj); default time constants are 100 dt (thermostat) and 1000 dt
 * (barostat), the default bulk modulus 1e6 bar (10 in lj units, as LAMMPS).
 *
 * @example
 * ```ts
 * mdIntegratorSpec({ ...options, ensemble: 'langevin', temperature: 300 }, metalUnits); // { kind: 'langevin', temperature: 300, friction: 1 / (100 dt), seed }
 * ```
 */
export function mdIntegratorSpec(options: MdRunOptions & { dt: number }, units: UnitSystem): IntegratorSpec {
  const { ensemble, dt, seed } = options;
  const lj = units.name === 'lj';
  const needT = (what: string) => {
    const t = options.temperature;
    if (t === undefined || !(t > 0))
      throw new UsageError(`--temperature must be a positive temperature (${lj ? 'ε/kB' : 'K'}) for ${what}, got "${t}"`);
    return t;
  };
  const tau = options.tau ?? 100 * dt;
  if (options.barostat === undefined) {
    for (const [flag, value] of [
      ['--pressure', options.pressure],
      ['--tau-p', options.tauP],
      ['--bulk-modulus', options.bulkModulus],
    ] as const) {
      if (value !== undefined) throw new UsageError(`${flag} needs --barostat berendsen|mtk`);
    }
  }
  const toInternal = (p: number) => (lj ? p : barToPressure(p));
  const targetPressure = () => {
    if (options.pressure === undefined)
      throw new UsageError(`--pressure must be a pressure (${lj ? 'reduced units' : 'bar'}) for --barostat`);
    return toInternal(options.pressure);
  };
  const tauP = options.tauP ?? 1000 * dt;
  if (options.barostat === 'mtk') {
    if (ensemble !== 'nhc') throw new UsageError('--barostat mtk has its own Nosé–Hoover chains: use --ensemble nhc');
    if (options.bulkModulus !== undefined) throw new UsageError('--bulk-modulus is a Berendsen option (mtk has a barostat mass)');
    const pressureTarget = targetPressure();
    return { kind: 'mtk-npt', temperature: needT('--barostat mtk'), pressure: pressureTarget, tau, tauP, coupling: options.coupling };
  }
  const barostat =
    options.barostat === 'berendsen'
      ? {
          barostat: {
            kind: 'berendsen' as const,
            pressure: targetPressure(),
            tau: tauP,
            bulkModulus: toInternal(options.bulkModulus ?? (lj ? 10 : 1e6)),
            coupling: options.coupling,
          },
        }
      : {};
  switch (ensemble) {
    case 'nve':
      return { kind: 'nve', ...barostat };
    case 'langevin':
      return { kind: 'langevin', temperature: needT(`ensemble ${ensemble}`), friction: options.friction ?? 1 / tau, seed, ...barostat };
    case 'nhc':
      return { kind: 'nhc', temperature: needT(`ensemble ${ensemble}`), tau, ...barostat };
    case 'bussi':
      return { kind: 'bussi', temperature: needT(`ensemble ${ensemble}`), tau, seed, ...barostat };
  }
}

function readInput(path: string): Structure {
  let frames: Structure[];
  try {
    // an empty file (or one of blank lines) is io's ParseError naming the file, line 1 and what the format starts with
    frames = asUsageError(() => readFramesFromFileSync(path, { requireStructure: true }), path);
  } catch (error) {
    if (isSystemError(error)) throw new UsageError(`cannot read ${path}: ${error.message}`);
    throw error;
  }
  return frames[0] as Structure;
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
  return asUsageError(() => {
    // the potential's masses (EAM files) refuse an element they do not describe: named with this file
    const masses =
      structure.arrays.masses === undefined
        ? (massesFor?.(structure.numbers) ?? (units === ljUnits ? new Float64Array(n).fill(1) : undefined))
        : undefined;
    return {
      system: systemFromStructure(structure, masses === undefined ? {} : { masses }),
      hasVelocities: structure.arrays.velocities !== undefined,
    };
  }, path);
}

/** The backend `--backend` names (gpu is loaded only when asked for). */
async function backendNamed(name: MdRunOptions['backend']): Promise<DynamicsBackend> {
  if (name === 'cpu') return cpuBackend;
  const { webgpuBackend } = await import('@equitensor/gpu');
  return webgpuBackend();
}

function maxAtomForce(f: Float64Array): number {
  let m = 0;
  for (let i = 0; i < f.length; i += 3) m = Math.max(m, Math.hypot(f[i]!, f[i + 1]!, f[i + 2]!));
  return m;
}

/** The messages of the potentials that refuse an element (ACE, MACE, pair files) or atoms without charges (Coulomb). */
const ELEMENT_NOT_COVERED = /not one of the model's|no parameters for (element|the pair)|carry no charges/;

/** `equitensor md run`: options → request → {@link runMd} on the named backend → summary. */
export async function mdRunCommand(options: MdRunOptions): Promise<void> {
  const { potential: serialPotential, units, massesFor } = potentialFromSpec(options.potential);
  if (options.input === undefined && options.restart === undefined)
    throw new UsageError('md run needs --input FILE (or --restart CHECKPOINT)');
  const pooled = options.workers > 1 && options.backend === 'cpu' ? pooledPotential(serialPotential, options.workers) : null;
  if (options.workers > 1 && pooled === null)
    process.stderr.write(
      `md run: --workers ${options.workers}: ${options.backend === 'cpu' ? `${serialPotential.name} has no pooled kernel yet (${POOLED_POTENTIALS} have)` : `the ${options.backend} backend does not use the worker pool`}; running on one thread\n`,
    );
  const potential = pooled ?? serialPotential;
  try {
    await runAndReport(options, potential, units, massesFor, pooled === null ? 1 : options.workers);
  } finally {
    await pooled?.close();
  }
}

/**
 * The time step `md run` uses: `--dt` when given, else the checkpoint's on `--restart`, else LAMMPS' default for the
 * units (1 fs in metal units, 0.005 τ in reduced lj units — 1 τ would blow an LJ crystal apart within 100 steps).
 *
 * @example
 * ```ts
 * defaultTimeStep(ljUnits); // 0.005
 * ```
 */
export function defaultTimeStep(units: UnitSystem): number {
  return units.name === 'lj' ? 0.005 : 1;
}

async function runAndReport(
  options: MdRunOptions,
  potential: Potential,
  units: UnitSystem,
  massesFor: ((numbers: Int32Array) => Float64Array) | undefined,
  workers: number,
): Promise<void> {
  const { steps, every } = options;
  const checkpoint = options.restart === undefined ? undefined : readCheckpointFile(options.restart);
  const dt = options.dt ?? (typeof checkpoint?.dt === 'number' ? checkpoint.dt : defaultTimeStep(units));
  const integrator = mdIntegratorSpec({ ...options, dt }, units);
  let start: { system: System } | { restart: Checkpoint };
  if (checkpoint !== undefined) start = { restart: checkpoint };
  else {
    const input = systemFromInput(options.input as string, units, massesFor);
    if (!input.hasVelocities && options.temperature !== undefined)
      maxwellBoltzmann(input.system, { temperature: options.temperature, seed: options.seed, units });
    start = { system: input.system };
  }
  const warn = (message: string) => process.stderr.write(`md run: ${message}\n`);
  const grades =
    options.maxGrade === undefined && options.warnGrade === undefined
      ? null
      : gradeMonitor(potential, {
          ...(options.maxGrade === undefined ? {} : { maxGrade: options.maxGrade }),
          ...(options.warnGrade === undefined ? {} : { warnGrade: options.warnGrade }),
          spec: options.potential,
          warn,
          checkpoint: options.checkpoint !== undefined,
        });
  const backend = await backendNamed(options.backend);
  const result = await runMd(
    {
      dynamics: {
        ...start,
        potential,
        integrator,
        dt,
        units,
        ...(options.maxTemperature === undefined ? {} : { limits: { maxTemperature: options.maxTemperature } }),
        warn,
      },
      steps,
      every,
      ...(options.out === undefined ? {} : { out: options.out }),
      ...(options.checkpoint === undefined ? {} : { checkpoint: options.checkpoint, checkpointEvery: options.checkpointEvery }),
      progress: progressBar(steps),
      ...(grades === null ? {} : { check: grades.check }),
    },
    backend,
  ).catch((error: unknown) => {
    // a restart refused by the checkpoint (another integrator, potential or time step) names the checkpoint
    if (error instanceof UsageError && options.restart !== undefined && /checkpoint/.test(error.message))
      throw new UsageError(`${options.restart}: ${error.message}`);
    if (error instanceof UsageError && options.input !== undefined && options.barostat !== undefined && /periodic/.test(error.message))
      throw new UsageError(`${options.input}: ${error.message}`);
    // an element the potential has no parameters for names the structure's file and the potential (with its file)
    if (error instanceof UsageError && ELEMENT_NOT_COVERED.test(error.message))
      throw new UsageError(`${options.input ?? options.restart}: --potential ${options.potential} does not cover it: ${error.message}`);
    throw error;
  });
  const { dynamics, final, initial, stopped } = result;
  dynamics.destroy();
  const system: System = { ...dynamics.system, positions: final.positions, velocities: final.velocities, cell: final.cell };
  const ke = kineticEnergy(system, units);
  const forceLoop = forceLoopOf(potential);
  const summary: Record<string, unknown> = {
    command: 'md run',
    backend: final.backend,
    ...(dynamics.device === undefined ? {} : { adapter: dynamics.device }),
    input: options.input ?? options.restart,
    potential: potential.name,
    workers,
    // the pair potentials' force loop (`wasm-simd`, or `typescript` where WebAssembly SIMD or, on the pool, shared
    // WebAssembly memory was missing): a slower fallback is reported, never silent
    ...(forceLoop === null ? {} : { forceLoop }),
    units: units.name,
    ensemble: options.ensemble,
    atoms: system.numbers.length,
    steps,
    dt,
    potentialEnergy: final.potentialEnergy,
    kineticEnergy: ke,
    totalEnergy: final.potentialEnergy + ke,
    conservedEnergy: final.conservedEnergy,
    energyDrift: final.conservedEnergy - initial.conservedEnergy,
    temperature: temperature(system, units),
    pressure: system.cell === null ? null : pressure(system, final.virial, units),
    stress: system.cell === null ? null : Array.from(stressTensor(system, final.virial, units, { includeKinetic: false })),
    maxForce: maxAtomForce(final.forces),
    stepsPerSecond: result.stepsPerSecond,
    seconds: result.seconds,
    frames: result.frames,
    out: options.out ?? null,
    step: final.step,
    checkpoint: options.checkpoint ?? null,
  };
  if (grades !== null) summary.extrapolation = grades.summary();
  if (options.barostat !== undefined && system.cell !== null) {
    summary.barostat = options.barostat;
    summary.volume = volume(system.cell);
    summary.cell = Array.from(system.cell);
  }
  if (stopped !== null)
    summary.stopped = {
      reason: stopped.reason,
      exitCode: stopped.exitCode,
      message: stopped.message,
      step: stopped.step ?? final.step,
      ...(stopped.quantity === undefined ? {} : { quantity: stopped.quantity }),
    };
  if (options.json === true) printJson(summary);
  else {
    const where = dynamics.device === undefined ? '' : ` on ${dynamics.device}`;
    process.stdout.write(
      `${steps === 0 ? 'single point' : `${final.step - initial.step} ${options.ensemble} steps${where}`}: E_pot ${final.potentialEnergy.toFixed(6)}, E_tot ${(final.potentialEnergy + ke).toFixed(6)}, drift ${(summary.energyDrift as number).toExponential(3)}, T ${(summary.temperature as number).toFixed(3)}, ${result.stepsPerSecond.toFixed(1)} steps/s\n`,
    );
  }
  if (stopped !== null) {
    if (steps > 0) process.stderr.write('\n'); // end the progress bar's line
    throw new RunStoppedError(stopped.message, stopped.exitCode);
  }
}

/**
 * LAMMPS' `bench/in.lj` in this package: fcc at ρ* = 0.8442, LJ rc = 2.5σ, skin 0.3σ, T* = 1.44, dt = 0.005τ, NVE.
 * Returns the step-0 and final thermo (per atom, as LAMMPS prints them), the speed, and which LJ force kernel ran
 * (`ljKernel`: `wasm-simd`, or `typescript` where WebAssembly SIMD is unavailable or a pool worker fell back to it).
 * `rebuild` is the list schedule (LAMMPS' `neigh_modify every/check`); default: check every step, this package's
 * safe default; in.lj itself uses `{ every: 20, check: false }`.
 *
 * @example
 * ```ts
 * const asInLj = await benchLj(32000, 100, 87287, 2, { every: 20, check: false });
 * ```
 */
export async function benchLj(atoms: number, steps: number, seed = 87287, workers = 1, rebuild: NeighborRebuildOptions = {}) {
  const k = Math.round(Math.cbrt(atoms / 4));
  if (4 * k ** 3 !== atoms) throw new UsageError(`--atoms must be 4·k³ (an fcc block, e.g. 32000 = 4·20³), got ${atoms}`);
  const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [k, k, k] });
  maxwellBoltzmann(system, { temperature: 1.44, seed, units: ljUnits });
  const lj =
    workers > 1
      ? new ParallelLennardJones({ cutoff: 2.5, skin: 0.3, workers, rebuild })
      : new LennardJones({ cutoff: 2.5, skin: 0.3, rebuild });
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
      ljKernel: lj.kernel,
    };
  } finally {
    if (lj instanceof ParallelLennardJones) await lj.close();
  }
}

export async function benchCommand(options: MdBenchOptions): Promise<void> {
  const { atoms, steps, seed, workers } = options;
  const rebuild = { every: options.neighEvery, check: options.neighCheck === 'yes' };
  const result = await benchLj(atoms, steps, seed, workers, rebuild);
  if (options.json === true)
    printJson({ command: 'md bench-lj', ...result, neighModify: `every ${rebuild.every} check ${options.neighCheck}` });
  else {
    process.stdout.write(
      `in.lj, ${atoms} atoms: step 0 E_pair ${result.step0.pairEnergy.toFixed(7)} TotEng ${result.step0.totalEnergy.toFixed(7)} Press ${result.step0.pressure.toFixed(7)}; ` +
        `step ${steps} T ${result.final.temperature.toFixed(7)} E_pair ${result.final.pairEnergy.toFixed(7)}; ${result.stepsPerSecond.toFixed(2)} steps/s (LJ kernel ${result.ljKernel})\n`,
    );
  }
}
