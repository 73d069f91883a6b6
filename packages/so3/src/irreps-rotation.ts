/**
 * The representation matrix of a whole Irreps (block diagonal) and its action on feature batches.
 */
import { Irreps, type IrrepsLike } from './irreps.ts';
import { det3, matrixToAngles } from './rotation.ts';
import { wignerD } from './wigner-d.ts';

/**
 * Block-diagonal D(R) of an Irreps for an orthogonal 3×3 matrix R (improper allowed: each block gets
 * p^k), dense dim × dim row-major.
 *
 * @example
 * ```ts
 * irrepsD('2x0e+1o', rotation); // 5 × 5: identity(2) ⊕ rotation
 * ```
 */
export function irrepsD(irreps: IrrepsLike, r: ArrayLike<number>): Float64Array {
  const ir = new Irreps(irreps);
  const dim = ir.dim;
  const det = det3(r);
  if (Math.abs(Math.abs(det) - 1) > 1e-6) throw new RangeError(`irrepsD: expected an orthogonal matrix, got det ${det}`);
  const proper = det > 0 ? Array.from(r) : Array.from(r, (v) => -v);
  const [a, b, c] = matrixToAngles(proper);
  const out = new Float64Array(dim * dim);
  const cache = new Map<number, Float64Array>();
  let o = 0;
  for (const { mul, ir: irrep } of ir) {
    let d = cache.get(irrep.l);
    if (!d) {
      d = wignerD(irrep.l, a, b, c);
      cache.set(irrep.l, d);
    }
    const sign = det < 0 && irrep.p === -1 ? -1 : 1;
    const n = irrep.dim;
    for (let u = 0; u < mul; u++) {
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[(o + i) * dim + o + j] = sign * (d[i * n + j] as number);
      o += n;
    }
  }
  return out;
}

/**
 * Apply D(R) of an Irreps to every row of a batch: y[b] = D(R)·x[b].
 *
 * @example
 * ```ts
 * const y = rotateFeatures('1o', rotation, new Float64Array([1, 0, 0])); // = rotation·x
 * ```
 */
export function rotateFeatures(irreps: IrrepsLike, r: ArrayLike<number>, x: ArrayLike<number>): Float64Array {
  const ir = new Irreps(irreps);
  const dim = ir.dim;
  const d = irrepsD(ir, r);
  const batch = dim === 0 ? 0 : x.length / dim;
  if (!Number.isInteger(batch)) throw new RangeError(`rotateFeatures: length ${x.length} is not a multiple of ${dim}`);
  const y = new Float64Array(x.length);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < dim; i++) {
      let s = 0;
      for (let j = 0; j < dim; j++) {
        const v = d[i * dim + j] as number;
        if (v !== 0) s += v * (x[b * dim + j] as number);
      }
      y[b * dim + i] = s;
    }
  }
  return y;
}
