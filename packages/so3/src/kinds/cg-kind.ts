/**
 * Kind 1, Clebsch-Gordan: every path's coupling stored sparsely (only m3 = ±m1 ± m2 are non-zero),
 * flattened into one list of (a, b, c, value) for all paths.
 */
import { gauntFactor } from '../gaunt.ts';
import { asFloat64, type FloatArray } from '../tensor-product/tensor-product.ts';
import { isTriangle, wigner3jSparse } from '../wigner-3j.ts';
import { degreeOffsets, degreesDim, degreesToIrreps, rowsOf } from './layout.ts';
import type { KindCoupling, KindTensorProduct, KindTensorProductOptions } from './types.ts';

/** The flattened sparse coupling tensor of all paths between degree lists. */
export interface SparseCouplingTensor {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly c: Int32Array;
  readonly value: Float64Array;
  readonly dim1: number;
  readonly dim2: number;
  readonly dimOut: number;
}

/**
 * All couplings between the listed degrees: Gaunt (even paths) or unit-norm w3j (every path).
 *
 * @example
 * ```ts
 * const t = couplingTensor([0, 1], [0, 1], [0, 1, 2], 'gaunt');
 * ```
 */
export function couplingTensor(
  ls1: readonly number[],
  ls2: readonly number[],
  lsOut: readonly number[],
  coupling: KindCoupling,
): SparseCouplingTensor {
  const o1 = degreeOffsets(ls1);
  const o2 = degreeOffsets(ls2);
  const oo = degreeOffsets(lsOut);
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  ls1.forEach((l1, n1) => {
    ls2.forEach((l2, n2) => {
      lsOut.forEach((l3, n3) => {
        if (!isTriangle(l1, l2, l3)) return;
        const f = coupling === 'gaunt' ? gauntFactor(l1, l2, l3) : 1;
        if (f === 0) return;
        const sp = wigner3jSparse(l1, l2, l3);
        for (let n = 0; n < sp.value.length; n++) {
          a.push((o1[n1] as number) + (sp.i[n] as number));
          b.push((o2[n2] as number) + (sp.j[n] as number));
          c.push((oo[n3] as number) + (sp.k[n] as number));
          v.push(f * (sp.value[n] as number));
        }
      });
    });
  });
  return {
    a: Int32Array.from(a),
    b: Int32Array.from(b),
    c: Int32Array.from(c),
    value: Float64Array.from(v),
    dim1: degreesDim(ls1),
    dim2: degreesDim(ls2),
    dimOut: degreesDim(lsOut),
  };
}

/**
 * The Clebsch-Gordan kind.
 *
 * @example
 * ```ts
 * const tp = cgKindTensorProduct({ ls1: [0, 1, 2], ls2: [0, 1, 2], lsOut: [0, 1, 2, 3, 4] });
 * const out = tp.apply(x1, x2);
 * ```
 */
export function cgKindTensorProduct(options: KindTensorProductOptions): KindTensorProduct {
  const coupling = options.coupling ?? 'gaunt';
  const t = couplingTensor(options.ls1, options.ls2, options.lsOut, coupling);
  const { a, b, c, value, dim1, dim2, dimOut } = t;
  const nnz = value.length;
  return {
    kind: 'cg',
    coupling,
    irrepsIn1: degreesToIrreps(options.ls1),
    irrepsIn2: degreesToIrreps(options.ls2),
    irrepsOut: degreesToIrreps(options.lsOut),
    paths: coupling === 'gaunt' ? 'even' : 'all',
    info: { nonZeros: nnz },
    apply<T extends FloatArray>(x1In: T, x2In: FloatArray): T {
      const rows = rowsOf(x1In, x2In, dim1, dim2, 'cg tensor product');
      const x1 = asFloat64(x1In);
      const x2 = asFloat64(x2In);
      const out = new Float64Array(rows * dimOut);
      const acc = new Float64Array(dimOut);
      for (let r = 0; r < rows; r++) {
        acc.fill(0);
        const r1 = r * dim1;
        const r2 = r * dim2;
        for (let n = 0; n < nnz; n++) {
          const k = c[n] as number;
          acc[k] =
            (acc[k] as number) + (value[n] as number) * (x1[r1 + (a[n] as number)] as number) * (x2[r2 + (b[n] as number)] as number);
        }
        out.set(acc, r * dimOut);
      }
      return (x1In instanceof Float64Array ? out : Float32Array.from(out)) as T;
    },
  };
}
