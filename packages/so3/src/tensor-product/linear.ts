/**
 * e3nn's `o3.Linear`: an equivariant linear map mixing the multiplicities of equal irreps, with
 * `element` (default) or `path` normalisation and e3nn's weight layout (one (mul_in × mul_out)
 * block per matching pair, row-major, in order of input then output entries).
 */
import { Irreps, type IrrepsLike } from '../irreps.ts';
import { asFloat64, type FloatArray } from './tensor-product.ts';

/**
 * One block of a {@link Linear}: the (mulIn × mulOut) weights at `offset` (row-major) mixing input entry `iIn` (at
 * `sIn`) into output entry `iOut` (at `sOut`), both of irrep dimension `dim`, scaled by the normalisation `alpha`.
 */
export interface LinearPath {
  readonly iIn: number;
  readonly iOut: number;
  readonly mulIn: number;
  readonly mulOut: number;
  readonly dim: number;
  readonly sIn: number;
  readonly sOut: number;
  readonly offset: number;
  readonly alpha: number;
}

/**
 * An equivariant linear layer between two Irreps.
 *
 * @example
 * ```ts
 * const lin = new Linear('4x0e+2x1o', '3x0e+1x1o');
 * const y = lin.forward(x, new Float64Array(lin.weightNumel).fill(0.1)); // batch × 6
 * ```
 */
export class Linear {
  readonly irrepsIn: Irreps;
  readonly irrepsOut: Irreps;
  readonly weightNumel: number;
  /** The weight blocks, in e3nn's order (input entries, then output entries). */
  readonly paths: readonly LinearPath[];

  constructor(irrepsIn: IrrepsLike, irrepsOut: IrrepsLike, options: { readonly pathNormalization?: 'element' | 'path' } = {}) {
    this.irrepsIn = new Irreps(irrepsIn);
    this.irrepsOut = new Irreps(irrepsOut);
    const norm = options.pathNormalization ?? 'element';
    const pairs: [number, number][] = [];
    this.irrepsIn.entries.forEach((a, i) => {
      this.irrepsOut.entries.forEach((b, o) => {
        if (a.ir.equals(b.ir)) pairs.push([i, o]);
      });
    });
    const sIn = this.irrepsIn.slices();
    const sOut = this.irrepsOut.slices();
    let offset = 0;
    this.paths = pairs.map(([i, o]) => {
      const a = this.irrepsIn.get(i);
      const b = this.irrepsOut.get(o);
      let x = 0;
      if (norm === 'element') {
        for (const [pi, po] of pairs) if (po === o) x += this.irrepsIn.get(pi).mul;
      } else {
        x = a.mul * pairs.filter(([, po]) => po === o).length;
      }
      const path = {
        iIn: i,
        iOut: o,
        mulIn: a.mul,
        mulOut: b.mul,
        dim: a.ir.dim,
        sIn: (sIn[i] as { start: number }).start,
        sOut: (sOut[o] as { start: number }).start,
        offset,
        alpha: x > 0 ? 1 / Math.sqrt(x) : 1,
      };
      offset += a.mul * b.mul;
      return path;
    });
    this.weightNumel = offset;
  }

  /** y = Σ_paths alpha · Wᵀ x per irrep component; x is batch × irrepsIn.dim. */
  forward<T extends FloatArray>(x: T, weights: FloatArray): T {
    const dIn = this.irrepsIn.dim;
    const dOut = this.irrepsOut.dim;
    const batch = dIn > 0 ? x.length / dIn : 0;
    if (!Number.isInteger(batch)) throw new RangeError(`Linear: input length ${x.length} is not a multiple of ${dIn}`);
    if (weights.length !== this.weightNumel) throw new RangeError(`Linear: expected ${this.weightNumel} weights, got ${weights.length}`);
    const xd = asFloat64(x);
    const out = new Float64Array(batch * dOut);
    for (let b = 0; b < batch; b++) {
      for (const p of this.paths) {
        for (let u = 0; u < p.mulIn; u++) {
          const xi = b * dIn + p.sIn + u * p.dim;
          for (let w = 0; w < p.mulOut; w++) {
            const c = p.alpha * (weights[p.offset + u * p.mulOut + w] as number);
            const yo = b * dOut + p.sOut + w * p.dim;
            for (let m = 0; m < p.dim; m++) out[yo + m] = (out[yo + m] as number) + c * (xd[xi + m] as number);
          }
        }
      }
    }
    return (x instanceof Float64Array ? out : Float32Array.from(out)) as T;
  }
}
