/**
 * The "all parities" combination: Gaunt and grid products only couple functions on the sphere, whose
 * degree-l parts have parity (−1)^l. Inputs that also carry the opposite parity (pseudo-tensors,
 * e.g. 1e) are split into the two parity classes x = x⁺ + x⁻ and combined with four products of the
 * underlying kind: out⁺ = G(x1⁺, x2⁺) + G(x1⁻, x2⁻), out⁻ = G(x1⁺, x2⁻) + G(x1⁻, x2⁺). The result is
 * O(3)-equivariant for inputs of both parities at every degree (still only l1+l2+l3-even paths).
 */
import { Irreps } from '../irreps.ts';
import { asFloat64, type FloatArray } from '../tensor-product/tensor-product.ts';
import { createKindTensorProduct } from './create.ts';
import { rowsOf } from './layout.ts';
import type { KindTensorProduct, KindTensorProductOptions, TensorProductKind } from './types.ts';

/** Irreps with both parities of each degree, the natural one first: `1x0e+1x0o+1x1o+1x1e+…`. */
function bothParities(ls: readonly number[]): Irreps {
  const entries: [number, string][] = [];
  for (const l of ls) {
    const natural = l % 2 === 0 ? 'e' : 'o';
    const other = natural === 'e' ? 'o' : 'e';
    entries.push([1, `${l}${natural}`], [1, `${l}${other}`]);
  }
  return new Irreps(entries);
}

/** Copy the natural-parity (which = 0) or opposite-parity (which = 1) half of each degree into a compact row. */
function split(x: Float64Array, rows: number, ls: readonly number[], which: 0 | 1): Float64Array {
  const half = ls.reduce((s, l) => s + 2 * l + 1, 0);
  const out = new Float64Array(rows * half);
  for (let r = 0; r < rows; r++) {
    let src = r * 2 * half;
    let dst = r * half;
    for (const l of ls) {
      const d = 2 * l + 1;
      out.set(x.subarray(src + which * d, src + which * d + d), dst);
      src += 2 * d;
      dst += d;
    }
  }
  return out;
}

/**
 * A kind-`kind` product whose inputs and outputs hold both parities of each listed degree.
 *
 * @example
 * ```ts
 * const tp = allParitiesTensorProduct('grid', { ls1: [0, 1], ls2: [0, 1], lsOut: [0, 1, 2] });
 * tp.irrepsIn1.toString(); // '1x0e+1x0o+1x1o+1x1e'
 * ```
 */
export function allParitiesTensorProduct(kind: TensorProductKind, options: KindTensorProductOptions): KindTensorProduct {
  const base = createKindTensorProduct(kind, options);
  const { ls1, ls2, lsOut } = options;
  const irrepsIn1 = bothParities(ls1);
  const irrepsIn2 = bothParities(ls2);
  const irrepsOut = bothParities(lsOut);
  const dimOut = irrepsOut.dim;
  return {
    kind: base.kind,
    coupling: base.coupling,
    irrepsIn1,
    irrepsIn2,
    irrepsOut,
    paths: base.paths,
    info: base.info,
    apply<T extends FloatArray>(x1In: T, x2In: FloatArray): T {
      const rows = rowsOf(x1In, x2In, irrepsIn1.dim, irrepsIn2.dim, 'all-parities tensor product');
      const x1 = asFloat64(x1In);
      const x2 = asFloat64(x2In);
      const a = [split(x1, rows, ls1, 0), split(x1, rows, ls1, 1)] as const;
      const b = [split(x2, rows, ls2, 0), split(x2, rows, ls2, 1)] as const;
      const pp = base.apply(a[0], b[0]);
      const mm = base.apply(a[1], b[1]);
      const pm = base.apply(a[0], b[1]);
      const mp = base.apply(a[1], b[0]);
      const out = new Float64Array(rows * dimOut);
      const half = dimOut / 2;
      for (let r = 0; r < rows; r++) {
        let src = r * half;
        let dst = r * dimOut;
        for (const l of lsOut) {
          const d = 2 * l + 1;
          for (let m = 0; m < d; m++) {
            out[dst + m] = (pp[src + m] as number) + (mm[src + m] as number);
            out[dst + d + m] = (pm[src + m] as number) + (mp[src + m] as number);
          }
          src += d;
          dst += 2 * d;
        }
      }
      return (x1In instanceof Float64Array ? out : Float32Array.from(out)) as T;
    },
  };
}
