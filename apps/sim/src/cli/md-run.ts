/**
 * The one path of `equitensor md run`: a {@link DynamicsRequest} on a {@link DynamicsBackend} (md's CPU
 * engine or gpu's WebGPU one, chosen by the caller), with the trajectory, periodic checkpoints, progress,
 * and what happens when a run stops early — the stability guard (exit code 3) or SIGINT/SIGTERM (130/143)
 * — written once for every backend.
 */
import { appendFileSync, closeSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { isSpecialFile } from '@equitensor/io/node';
import {
  type Dynamics,
  type DynamicsBackend,
  DynamicsInstabilityError,
  type DynamicsRequest,
  type DynamicsSnapshot,
  snapshotFrame,
} from '@equitensor/md';
import { UsageError } from './errors.ts';
import { asUsageErrorAsync } from './options.ts';
import { checkOutputPath } from './output-path.ts';

/** What {@link runMd} runs and writes. */
export interface MdRunRequest {
  readonly dynamics: DynamicsRequest;
  readonly steps: number;
  /** Steps between frames, progress updates and checks of the run (one read-back per block on a GPU). */
  readonly every: number;
  /** extxyz trajectory (written to `PATH.partial`, moved into place when the run ends or stops). */
  readonly out?: string;
  /** Checkpoint file, written every `checkpointEvery` steps, at the end, and of the last good state when the run stops. */
  readonly checkpoint?: string;
  readonly checkpointEvery?: number;
  /** Called after each block with the steps done and the speed. */
  readonly progress?: (stepsDone: number, stepsPerSecond: number) => void;
  /**
   * Checked on the first state and after each block (after its frame is written): a stop ends the run there, the
   * trajectory and checkpoint keeping that state (e.g. `md run --max-grade`: exit code 4).
   */
  readonly check?: (snapshot: DynamicsSnapshot, system: Dynamics['system']) => MdRunStop | null;
}

/** Why a run ended before its last step. */
export interface MdRunStop {
  /** CLI exit code: 3 unstable, 4 extrapolating (`--max-grade`), 130 SIGINT, 143 SIGTERM. */
  readonly exitCode: number;
  readonly reason: 'unstable' | 'extrapolation' | 'SIGINT' | 'SIGTERM';
  readonly message: string;
  /** For `unstable`: the step and the quantity that failed. */
  readonly step?: number;
  readonly quantity?: string;
}

/** The outcome of {@link runMd}. */
export interface MdRunResult {
  readonly dynamics: Dynamics;
  readonly initial: DynamicsSnapshot;
  /** The last good state (the end of the run, or where it stopped). */
  readonly final: DynamicsSnapshot;
  readonly seconds: number;
  readonly stepsPerSecond: number;
  readonly frames: number;
  readonly stopped: MdRunStop | null;
}

/** Write a file atomically (`PATH.partial`, then rename); a device or FIFO (`/dev/null`) is written in place. */
function writeAtomically(path: string, text: string): void {
  if (isSpecialFile(path)) {
    writeFileSync(path, text);
    return;
  }
  const partial = `${path}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, path);
}

/**
 * A trajectory written to `path.partial` and moved into place when the run ends or stops; a device or FIFO
 * (`/dev/null`, `/dev/stdout`) is written in place through one descriptor, never replaced.
 */
function trajectorySink(path: string | undefined) {
  if (path === undefined) return { write: (_text: string) => {}, commit: () => {}, abort: () => {} };
  if (isSpecialFile(path)) {
    const fd = openSync(path, 'w');
    return {
      write: (text: string) => {
        writeSync(fd, text);
      },
      commit: () => closeSync(fd),
      abort: () => closeSync(fd),
    };
  }
  const partial = `${path}.partial`;
  writeFileSync(partial, '');
  return {
    write: (text: string) => appendFileSync(partial, text),
    commit: () => renameSync(partial, path),
    abort: () => rmSync(partial, { force: true }),
  };
}

/**
 * Run MD on `backend`: refuse what the backend cannot run and output paths into missing directories
 * (`UsageError`), create the dynamics (a `RangeError` from the engine's checks becomes a `UsageError`), then
 * advance in blocks of `every` steps, writing a frame after each block. A run that becomes unstable, or
 * receives SIGINT/SIGTERM, stops with `stopped` set: the trajectory holds every good frame and is moved into
 * place, and the checkpoint (when asked for) holds the last good state.
 *
 * @example
 * ```ts
 * const result = await runMd({ dynamics: { system, potential, integrator: { kind: 'nve' }, dt: 1 }, steps: 1000, every: 10, out: 'md.xyz' }, cpuBackend);
 * ```
 */
export async function runMd(request: MdRunRequest, backend: DynamicsBackend): Promise<MdRunResult> {
  const why = backend.unsupported(request.dynamics);
  if (why !== null) throw new UsageError(`--backend ${backend.name} ${why}: this run needs --backend cpu`);
  if (request.checkpoint !== undefined && !backend.checkpoints)
    throw new UsageError(`--checkpoint needs --backend cpu (the ${backend.name} backend writes no checkpoints)`);
  if (request.out !== undefined) checkOutputPath(request.out, '--out');
  if (request.checkpoint !== undefined) checkOutputPath(request.checkpoint, '--checkpoint');
  const dynamics = await asUsageErrorAsync(async () => {
    try {
      return await backend.create(request.dynamics);
    } catch (error) {
      if (error instanceof DynamicsInstabilityError) throw new UsageError(`the starting state is already unstable: ${error.message}`);
      throw error;
    }
  });
  const { steps, every } = request;
  const checkpointEvery = request.checkpointEvery ?? Number.POSITIVE_INFINITY;
  const sink = trajectorySink(request.out);
  const controller = new AbortController();
  let frames = 0;
  let lastFrameStep = -1;
  // The first signal stops the run at the backend's next step boundary it checks (cpu: between steps; webgpu: within
  // two 25-step slices of its block) and writes that frame; a second one leaves at once, keeping the frames written
  // so far and the last checkpoint (it used to be ignored until the block ended).
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      controller.abort(signal);
      return;
    }
    if (frames > 0) sink.commit();
    else sink.abort();
    process.stderr.write(
      `equitensor: ${signal} again: stopped at once; ${frames > 0 ? `the trajectory kept up to step ${lastFrameStep}` : 'no frame written'}${request.checkpoint === undefined ? '' : ', the last checkpoint kept'}\n`,
    );
    // Release the backend's device first: leaving with a WebGPU device busy crashed Dawn's teardown (SIGSEGV instead
    // of exit 130, about one run in four on SwiftShader).
    try {
      dynamics.destroy();
    } catch {
      // leaving anyway
    }
    process.exit(signal === 'SIGTERM' ? 143 : 130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const writeFrame = (snapshot: DynamicsSnapshot) => {
    if (request.out === undefined || snapshot.step === lastFrameStep) return;
    const info = backend.name === 'cpu' ? {} : { backend: snapshot.backend };
    sink.write(snapshotFrame(dynamics.system, snapshot, dynamics.units, info));
    frames++;
    lastFrameStep = snapshot.step;
  };
  const writeCheckpoint = () => {
    const data = dynamics.checkpoint();
    if (request.checkpoint !== undefined && data !== null) writeAtomically(request.checkpoint, JSON.stringify(data));
  };
  const initial = dynamics.snapshot;
  let stopped: MdRunStop | null = null;
  const t0 = performance.now();
  let done = 0;
  try {
    writeFrame(initial);
    stopped = request.check?.(initial, dynamics.system) ?? null;
    let sinceCheckpoint = 0;
    while (done < steps && stopped === null) {
      const before = dynamics.snapshot.step;
      let snapshot: DynamicsSnapshot;
      try {
        snapshot = await dynamics.run(Math.min(every, steps - done), { signal: controller.signal });
      } catch (error) {
        if (!(error instanceof DynamicsInstabilityError)) throw error;
        stopped = {
          exitCode: 3,
          reason: 'unstable',
          message: `${error.message}; stopped, keeping the trajectory up to step ${dynamics.snapshot.step}${request.checkpoint === undefined ? '' : ' and a checkpoint of it'}`,
          step: error.step,
          quantity: error.quantity,
        };
        break;
      }
      done += snapshot.step - before;
      sinceCheckpoint += snapshot.step - before;
      const seconds = (performance.now() - t0) / 1000;
      request.progress?.(done, seconds > 0 ? done / seconds : 0);
      writeFrame(snapshot);
      stopped = request.check?.(snapshot, dynamics.system) ?? null;
      if (stopped !== null) break;
      if (controller.signal.aborted) {
        const signal = String(controller.signal.reason) as 'SIGINT' | 'SIGTERM';
        stopped = {
          exitCode: signal === 'SIGTERM' ? 143 : 130,
          reason: signal,
          message: `interrupted by ${signal} at step ${snapshot.step}; the trajectory${request.checkpoint === undefined ? '' : ' and a checkpoint'} of it kept`,
        };
        break;
      }
      if (sinceCheckpoint >= checkpointEvery && done < steps) {
        writeCheckpoint();
        sinceCheckpoint = 0;
      }
    }
    writeCheckpoint();
    sink.commit();
  } catch (error) {
    // Keep what was written of a run that failed midway; nothing half-written when nothing was.
    if (frames > 0) sink.commit();
    else sink.abort();
    throw error;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    dynamics,
    initial,
    final: dynamics.snapshot,
    seconds: steps === 0 ? 0 : seconds,
    stepsPerSecond: done > 0 && seconds > 0 ? done / seconds : 0,
    frames,
    stopped,
  };
}
