/**
 * True in a page or a web worker (where `navigator.gpu` is the WebGPU entry point), false in Node.
 *
 * @example
 * ```ts
 * isBrowserLike(); // false under Node, true in a page or a dedicated worker
 * ```
 */
export function isBrowserLike(): boolean {
  const g = globalThis as { document?: unknown; WorkerGlobalScope?: unknown; process?: { versions?: { node?: string } } };
  if (g.process?.versions?.node !== undefined) return false;
  return g.document !== undefined || g.WorkerGlobalScope !== undefined;
}
