/**
 * Runs async tasks one after another: GPU calls that share buffers (upload → dispatch → read back)
 * must not interleave, or one call would read the other's results.
 *
 * @example
 * ```ts
 * const queue = new SerialQueue();
 * const [a, b] = await Promise.all([queue.run(() => evaluate(x)), queue.run(() => evaluate(y))]);
 * ```
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Run `task` after every task queued before it has settled; resolves with its result. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
