/**
 * The simulation worker: runs one scenario at a time and streams frames to the main thread. It steps
 * in slices of ~30 ms of wall time and posts one frame per slice, so the UI stays responsive whatever
 * the cost of a step. MD scenarios advance asynchronously in blocks of k steps (one read-back per block on
 * WebGPU), with k adapted so that a block takes about the scenario's `blockMs`.
 */
import { resolveBackend, type WorkerBackend } from './backend.ts';
import type { BackendMessage, BackendRequest, FromWorker, SimParams, ToWorker } from './protocol.ts';
import { scenarioInfo } from './scenarios/catalog.ts';
import { computeFactory, computeUsesGpu } from './scenarios/opened.ts';
import { scenarioFactory } from './scenarios/registry.ts';
import { RunStoppedError } from './scenarios/run-stopped.ts';
import type { RunningScenario, ScenarioFactory } from './scenarios/scenario.ts';
import { workerScope } from './worker-scope.ts';

const scope = workerScope<FromWorker, ToWorker>();

const SLICE_MS = 30;
/** Default target wall time of one asynchronous block (one read-back and one frame per block); scenarios may set `blockMs`. */
const GPU_BLOCK_MS = 60;
let blockSteps = 1;
let running: RunningScenario | null = null;
let paused = false;
let generation = 0;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

/** Post what went wrong: a run the stability guard stopped as `stopped` (step and quantity), anything else as `error`. */
function postFailure(error: unknown): void {
  if (error instanceof RunStoppedError) post(error.stopped);
  else post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

function postFrame(msPerStep: number): void {
  if (!running) return;
  const frame = running.snapshot(msPerStep);
  const transfer: Transferable[] = [frame.positions.buffer, frame.forces.buffer];
  if (frame.cell) transfer.push(frame.cell.buffer);
  post(frame, transfer as Transferable[]);
}

async function loop(myGeneration: number): Promise<void> {
  while (myGeneration === generation && running?.structure.dynamic) {
    if (paused) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    const start = performance.now();
    let steps = 0;
    try {
      if (running.advanceAsync) {
        steps = blockSteps;
        await running.advanceAsync(steps);
        if (myGeneration !== generation) return;
        const elapsed = performance.now() - start;
        const target = running.blockMs ?? GPU_BLOCK_MS;
        blockSteps = Math.max(1, Math.min(200, Math.round((steps * target) / Math.max(elapsed, 1))));
        postFrame(elapsed / steps);
        await new Promise((resolve) => setTimeout(resolve, 0));
        continue;
      }
      do {
        running.advance();
        steps++;
      } while (performance.now() - start < SLICE_MS);
      postFrame((performance.now() - start) / steps);
    } catch (error) {
      // an unstable run stops here (new parameters, e.g. a smaller time step, continue from its last good state)
      if (myGeneration !== generation) return;
      postFailure(error);
      paused = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

async function streamFields(fields: AsyncGenerator<FromWorker>, myGeneration: number): Promise<void> {
  try {
    for await (const field of fields) {
      if (myGeneration !== generation) return;
      post(field);
    }
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

/**
 * Start a run (a scenario, or a computation on an opened structure) in place of the current one: resolve the
 * backend (WebGPU only for runs with a GPU implementation), build it, post its structure and results, then its
 * fields or its frames.
 */
function begin(factory: ScenarioFactory, gpu: boolean, params: SimParams, requested: BackendRequest, cells?: number, workers = 1): void {
  generation++;
  running = null;
  const myGeneration = generation;
  paused = false;
  blockSteps = 1;
  let reported = false;
  const reportBackend = (backend: BackendMessage): void => {
    reported = true;
    post(backend);
  };
  const backend: Promise<WorkerBackend> = gpu
    ? resolveBackend(requested)
    : Promise.resolve({ backend: 'cpu', reason: 'this scenario runs on the CPU' });
  backend
    .then((chosen) =>
      factory(params, (label, fraction) => post({ type: 'progress', label, fraction }), {
        backend: chosen,
        reportBackend,
        workers,
        reportWorkers: post,
        ...(cells === undefined ? {} : { cells }),
      }),
    )
    .then(async (scenario) => {
      if (myGeneration !== generation) return;
      if (!reported) reportBackend({ type: 'backend', backend: 'cpu', adapter: '', reason: 'this scenario runs on the CPU' });
      if (scenario.advanceAsync) await scenario.advanceAsync(0); // forces and energy at step 0
      running = scenario;
      post(scenario.structure);
      if (scenario.results) post(scenario.results);
      if (scenario.parity) post(scenario.parity);
      if (scenario.model) post(scenario.model);
      if (scenario.fields) void streamFields(scenario.fields(), myGeneration);
      if (scenario.structure.dynamic) {
        postFrame(0);
        void loop(myGeneration);
      }
    })
    .catch(postFailure);
}

scope.addEventListener('message', (event) => {
  const message = event.data;
  switch (message.type) {
    case 'start': {
      const factory = scenarioFactory(message.scenario, message.dataBase);
      if (!factory) {
        generation++;
        running = null;
        post({ type: 'error', message: `scenario "${message.scenario}" is not available in this build` });
        return;
      }
      begin(factory, scenarioInfo(message.scenario).gpu, message.params, message.backend ?? 'auto', message.cells, message.workers);
      return;
    }
    case 'compute':
      try {
        begin(
          computeFactory(message.task, message.structure),
          computeUsesGpu(message.task),
          message.params,
          message.backend ?? 'auto',
          undefined,
          message.workers,
        );
      } catch (error) {
        post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      }
      return;
    case 'params':
      try {
        running?.setParams(message.params);
      } catch (error) {
        post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      }
      return;
    case 'pause':
      paused = true;
      return;
    case 'lose-device':
      running
        ?.loseDevice?.()
        .catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
      return;
    case 'resume':
      paused = false;
      return;
    case 'step':
      if (running?.structure.dynamic) {
        paused = true;
        const start = performance.now();
        if (running.advanceAsync) {
          running
            .advanceAsync(1)
            .then(() => postFrame(performance.now() - start))
            .catch(postFailure);
          return;
        }
        running.advance();
        postFrame(performance.now() - start);
      }
      return;
  }
});
