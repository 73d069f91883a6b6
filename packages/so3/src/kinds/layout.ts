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

/** Width of a one-copy-per-degree feature row: Σ (2l + 1). */
export function degreesDim(ls: readonly number[]): number {
  return ls.reduce((s, l) => s + 2 * l + 1, 0);
}

/** Row widths and degree offsets of a product's two inputs and its output. */
export function productLayout(
  ls1: readonly number[],
  ls2: readonly number[],
  lsOut: readonly number[],
): { dim1: number; dim2: number; dimOut: number; off1: number[]; off2: number[]; offO: number[] } {
  return {
    dim1: degreesDim(ls1),
    dim2: degreesDim(ls2),
    dimOut: degreesDim(lsOut),
    off1: degreeOffsets(ls1),
    off2: degreeOffsets(ls2),
    offO: degreeOffsets(lsOut),
  };
}

/** Rows of a batch, checking both inputs agree. */
export function rowsOf(x1: FloatArray, x2: FloatArray, dim1: number, dim2: number, name: string): number {
  const rows = x1.length / dim1;
  if (!Number.isInteger(rows) || x2.length !== rows * dim2) {
    throw new RangeError(`${name}: inputs must be rows × ${dim1} and rows × ${dim2}, got lengths ${x1.length} and ${x2.length}`);
  }
  return rows;
}
