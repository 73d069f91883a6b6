/**
 * Boundaries of `parts` contiguous ranges of `count` items of about equal size: range w is
 * `[b[w], b[w + 1])`. A fixed partition: the same arguments give the same ranges, so a pooled kernel adds
 * the same numbers in the same order every run.
 *
 * @example
 * ```ts
 * evenRanges(10, 3); // Int32Array [0, 3, 6, 10]
 * ```
 */
export function evenRanges(count: number, parts: number): Int32Array {
  checkParts(count, parts);
  const b = new Int32Array(parts + 1);
  for (let w = 0; w <= parts; w++) b[w] = Math.floor((count * w) / parts);
  return b;
}

/**
 * Boundaries of `parts` contiguous ranges of `count` items with about equal total weight, from the
 * prefix sums of the weights (`prefix[i]` = weight of items before i, length ≥ count + 1, non-decreasing; a
 * CSR neighbour list's `start` array). Range w is `[b[w], b[w + 1])`.
 *
 * @example
 * ```ts
 * weightedRanges(Int32Array.of(0, 8, 9, 10, 11), 4, 2); // Int32Array [0, 1, 4]
 * ```
 */
export function weightedRanges(prefix: ArrayLike<number>, count: number, parts: number): Int32Array {
  checkParts(count, parts);
  if (prefix.length < count + 1) throw new RangeError(`prefix needs count + 1 = ${count + 1} entries, got ${prefix.length}`);
  const total = prefix[count] as number;
  const b = new Int32Array(parts + 1);
  let item = 0;
  for (let w = 1; w < parts; w++) {
    const target = (total * w) / parts;
    while (item < count && (prefix[item] as number) < target) item++;
    b[w] = item;
  }
  b[parts] = count;
  return b;
}

function checkParts(count: number, parts: number): void {
  if (!Number.isInteger(parts) || parts < 1) throw new RangeError(`parts must be a positive integer, got ${parts}`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
}
