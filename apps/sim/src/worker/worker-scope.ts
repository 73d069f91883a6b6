/**
 * The global scope of a dedicated worker, typed by the messages it posts (`Out`) and receives (`In`): the one
 * declaration the app's workers (simulation, file, surface) share.
 */

/** A dedicated worker's `postMessage` and `message` listener, typed by its protocol. */
export interface WorkerScope<Out, In> {
  postMessage(message: Out, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<In>) => void): void;
}

/**
 * This worker's global scope with its protocol's types.
 *
 * @example
 * ```ts
 * const scope = workerScope<FromWorker, ToWorker>();
 * scope.addEventListener('message', (event) => handle(event.data));
 * ```
 */
export function workerScope<Out, In>(): WorkerScope<Out, In> {
  return globalThis as unknown as WorkerScope<Out, In>;
}
