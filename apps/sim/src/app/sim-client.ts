/**
 * The worker client: one simulation worker (`../worker/sim.worker.ts`) at a time, started per run and
 * ended with it, and the typed messages to it. The app hands it the handlers of the worker's messages.
 */
import type { FromWorker, SimParams, ToWorker } from '../worker/protocol.ts';

/** The start request of a run (a scenario, or a computation on an opened structure), as the worker receives it. */
export type StartRequest = Extract<ToWorker, { type: 'start' | 'compute' }>;

/**
 * Starts, steers and stops the simulation worker.
 *
 * @example
 * ```ts
 * const client = new SimClient((m) => console.log(m.type), (text) => console.error(text));
 * client.start({ type: 'start', scenario: 'argon', params: DEFAULT_PARAMS, dataBase: new URL('./data/', location.href).href });
 * client.pause();
 * ```
 */
export class SimClient {
  private worker: Worker | null = null;

  constructor(
    private readonly onMessage: (message: FromWorker) => void,
    private readonly onFailure: (text: string) => void,
  ) {}

  /** Whether a worker runs. */
  get running(): boolean {
    return this.worker !== null;
  }

  /** End the current worker (if any) and start a fresh one on `request`. */
  start(request: StartRequest): void {
    this.stop();
    const worker = new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      if (this.worker === worker) this.onMessage(event.data);
    });
    worker.addEventListener('error', (event) => this.onFailure(`simulation worker failed: ${event.message}`));
    this.worker = worker;
    this.post(request);
  }

  /** New parameters for the running simulation. */
  setParams(params: SimParams): void {
    this.post({ type: 'params', params });
  }

  pause(): void {
    this.post({ type: 'pause' });
  }

  resume(): void {
    this.post({ type: 'resume' });
  }

  /** One step (pauses the run). */
  step(): void {
    this.post({ type: 'step' });
  }

  /** Destroy the run's WebGPU device, as a driver reset would (the run continues on the CPU). */
  loseDevice(): void {
    this.post({ type: 'lose-device' });
  }

  /** End the worker and its run. */
  stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }
}
