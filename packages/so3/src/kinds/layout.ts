/** Offsets of degrees in a one-copy-per-degree feature row, and shared checks. */
import { Irreps } from '../irreps.ts';
import type { FloatArray } from '../tensor-product/tensor-product.ts';

/** The Irreps `1x(l)y` for each listed degree. */
export function degreesToIrreps(ls: readonly number[]): Irreps {
  for (const l of ls)
    if (!Number.isInteger(l) || l < 0) throw new RangeError(`tensor product: degrees must be non-negative integers, got ${l}`);
  return new Irreps(ls.map((l) => [1, `${l}y`] as [number, string]));
}

/** Start offset of each listed degree. */
export function degreeOffsets(ls: readonly number[]): number[] {
  const out: number[] = [];
  let o = 0;
  for (const l of ls) {
    out.push(o);
    o += 2 * l + 1;
  }
  return out;
}

/** Rows of a batch, checking both inputs agree. */
export function rowsOf(x1: FloatArray, x2: FloatArray, dim1: number, dim2: number, name: string): number {
  const rows = x1.length / dim1;
  if (!Number.isInteger(rows) || x2.length !== rows * dim2) {
    throw new RangeError(`${name}: inputs must be rows × ${dim1} and rows × ${dim2}, got lengths ${x1.length} and ${x2.length}`);
  }
  return rows;
}
