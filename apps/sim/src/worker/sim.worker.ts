/**
 * The simulation worker: runs one scenario at a time and streams frames to the main thread. It steps
 * in slices of ~30 ms of wall time and posts one frame per slice, so the UI stays responsive whatever
 * the cost of a step.
 */
import type { FromWorker, ToWorker } from './protocol.ts';
import { scenarioFactory } from './scenarios/registry.ts';
import type { RunningScenario } from './scenarios/scenario.ts';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ToWorker>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;

const SLICE_MS = 30;
let running: RunningScenario | null = null;
let paused = false;
let generation = 0;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
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
      do {
        running.advance();
        steps++;
      } while (performance.now() - start < SLICE_MS);
      postFrame((performance.now() - start) / steps);
    } catch (error) {
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
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

scope.addEventListener('message', (event) => {
  const message = event.data;
  switch (message.type) {
    case 'start': {
      const factory = scenarioFactory(message.scenario, message.dataBase);
      generation++;
      running = null;
      if (!factory) {
        post({ type: 'error', message: `scenario "${message.scenario}" is not available in this build` });
        return;
      }
      const myGeneration = generation;
      paused = false;
      factory(message.params, (label, fraction) => post({ type: 'progress', label, fraction }))
        .then((scenario) => {
          if (myGeneration !== generation) return;
          running = scenario;
          post(scenario.structure);
          if (scenario.fields) void streamFields(scenario.fields(), myGeneration);
          if (scenario.structure.dynamic) {
            postFrame(0);
            void loop(myGeneration);
          }
        })
        .catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
      return;
    }
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
    case 'resume':
      paused = false;
      return;
    case 'step':
      if (running?.structure.dynamic) {
        paused = true;
        const start = performance.now();
        running.advance();
        postFrame(performance.now() - start);
      }
      return;
  }
});
