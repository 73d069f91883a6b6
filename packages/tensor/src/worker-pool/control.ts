/**
 * The control words both worker pools (`NodeWorkerPool`, `WebWorkerPool`) keep in an Int32Array over a
 * SharedArrayBuffer, interpolated into their worker sources: the generation counter the workers sleep on, the count
 * of workers done, the command, the phase and the failed worker (index + 1).
 *
 * @example
 * ```ts
 * Atomics.load(control, CONTROL.DONE);
 * ```
 */
export const CONTROL = { GENERATION: 0, DONE: 1, COMMAND: 2, PHASE: 3, FAILED: 4 } as const;

/** The command that runs the loaded kernel once (command 2 is each pool's own: stop, or yield to the event loop). */
export const RUN = 1;

/**
 * Start a new generation with `command` and `phase`, wake every worker and wait until all `size` have counted
 * themselves done or `timeoutMs` has passed. Returns how many did not finish (0 when all did), so that each pool
 * throws its own message.
 *
 * @example
 * ```ts
 * const late = broadcast(control, pool.size, 60_000, RUN, 0);
 * if (late > 0) throw new Error(`${late} workers did not finish`);
 * ```
 */
export function broadcast(control: Int32Array, size: number, timeoutMs: number, command: number, phase: number): number {
  const { GENERATION, DONE, COMMAND, PHASE, FAILED } = CONTROL;
  Atomics.store(control, DONE, 0);
  Atomics.store(control, FAILED, 0);
  Atomics.store(control, PHASE, phase);
  Atomics.store(control, COMMAND, command);
  Atomics.add(control, GENERATION, 1);
  Atomics.notify(control, GENERATION);
  const deadline = Date.now() + timeoutMs;
  for (let done = Atomics.load(control, DONE); done < size; done = Atomics.load(control, DONE)) {
    const left = deadline - Date.now();
    if (left <= 0) return size - done;
    Atomics.wait(control, DONE, done, left);
  }
  return 0;
}
