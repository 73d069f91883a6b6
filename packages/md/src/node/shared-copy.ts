/**
 * The first `length` values of an array copied into a new `SharedArrayBuffer` (at least one element long), for the
 * pooled potentials' neighbour lists and partitions.
 *
 * @example
 * ```ts
 * const buffers = { start: sharedCopy(list.start, n + 1) };
 * ```
 */
export function sharedCopy(source: Int32Array | Float64Array, length: number): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(Math.max(1, length) * source.BYTES_PER_ELEMENT);
  (source instanceof Int32Array ? new Int32Array(buffer) : new Float64Array(buffer)).set(source.subarray(0, length));
  return buffer;
}
