import { lagrangeStencil, STENCIL } from './interpolation.ts';
import type { NodeGrid } from './long-range.ts';
import type { RangeSplit } from './split.ts';

/**
 * A charge's own long-range kernel at its own position, S̃(x) = p̃_l(x, x), exactly as the interpolated long-range
 * tensor sees it, and its gradient with respect to the evaluation point (the centre held fixed).
 *
 * The long-range tensor interpolates every Gaussian between grid nodes (degree-7 Lagrange). A Gaussian centred
 * between nodes is interpolated with an error of about 2(h·t)⁸ of its height, and at its own centre that error has
 * the same sign for every charge. Subtracting the exact self term p_l(0) therefore leaves Σⱼ zⱼ² × (interpolation
 * error) in the energy, which never cancels — in an ionic lattice the self term (≈ −3000 eV for the 8×8×8 NaCl cube)
 * is larger than the energy itself (−2214 eV), so this bias dominated the RS error. Subtracting S̃ instead removes each
 * charge's own term from P̃_l(xⱼ) exactly, leaving E = ½ Σ_{i≠j} zᵢ zⱼ p̃_l(xᵢ, xⱼ) + short range.
 *
 * Per axis and Gaussian g_k(s) = exp(−t_k² s²), with Lagrange weights w (and derivatives w′) at x:
 * - centres `'exact'` (RHOSVD assembly): v = Σ_m w_m g_k(x_m − x), v′ = Σ_m w′_m g_k(x_m − x);
 * - centres `'interpolated'` (box-basis assembly): v = Σ_{m,m′} w_m w_{m′} g_k(x_m − x_{m′}), v′ = Σ w′_m w_{m′} g_k(…);
 * S̃ = Σ_{k<R_l} a_k v₀v₁v₂ and ∂S̃/∂x_d replaces v_d by v′_d. Cost 24·R_l·8 (or ·64) per charge.
 * (The Tucker truncation of the box basis is not included: its effect is below the requested tolerance.)
 *
 * Writes [S̃, ∂S̃/∂x, ∂S̃/∂y, ∂S̃/∂z] into `out`.
 *
 * @example
 * ```ts
 * const out = new Float64Array(4);
 * interpolatedSelfKernel(split, model.grid, 'interpolated', x, y, z, out); // out[0] ≈ p_l(0)
 * ```
 */
export function interpolatedSelfKernel(
  split: RangeSplit,
  grid: NodeGrid,
  centres: 'exact' | 'interpolated',
  x: number,
  y: number,
  z: number,
  out: Float64Array,
): void {
  const { t, a } = split.quadrature;
  const rl = split.longCount;
  const { lo, h, n } = grid;
  out.fill(0, 0, 4);
  if (rl === 0) return;
  if (values.length < 3 * rl) {
    values = new Float64Array(3 * rl);
    slopes = new Float64Array(3 * rl);
  }
  const point = [x, y, z];
  for (let d = 0; d < 3; d++) {
    const first = lagrangeStencil(lo[d]!, h, n, point[d]!, w[d]!, dw[d]!);
    const wd = w[d]!;
    const dwd = dw[d]!;
    for (let k = 0; k < rl; k++) {
      const t2 = t[k]! * t[k]!;
      let v = 0;
      let s = 0;
      if (centres === 'exact') {
        for (let m = 0; m < STENCIL; m++) {
          const off = lo[d]! + (first + m) * h - point[d]!;
          const g = Math.exp(-t2 * off * off);
          v += wd[m]! * g;
          s += dwd[m]! * g;
        }
      } else {
        const th2 = t2 * h * h;
        for (let m = 0; m < STENCIL; m++) {
          let row = 0;
          for (let q = 0; q < STENCIL; q++) row += wd[q]! * gauss(th2, m - q);
          v += wd[m]! * row;
          s += dwd[m]! * row;
        }
      }
      values[d * rl + k] = v;
      slopes[d * rl + k] = s;
    }
  }
  for (let k = 0; k < rl; k++) {
    const v0 = values[k]!;
    const v1 = values[rl + k]!;
    const v2 = values[2 * rl + k]!;
    const ak = a[k]!;
    out[0] = out[0]! + ak * v0 * v1 * v2;
    out[1] = out[1]! + ak * slopes[k]! * v1 * v2;
    out[2] = out[2]! + ak * v0 * slopes[rl + k]! * v2;
    out[3] = out[3]! + ak * v0 * v1 * slopes[2 * rl + k]!;
  }
}

function gauss(th2: number, offset: number): number {
  return Math.exp(-th2 * offset * offset);
}

/** Scratch (single-threaded, never escapes): weights per axis and per-axis factors of the Gaussians (grown on demand). */
const w = [new Float64Array(STENCIL), new Float64Array(STENCIL), new Float64Array(STENCIL)];
const dw = [new Float64Array(STENCIL), new Float64Array(STENCIL), new Float64Array(STENCIL)];
let values = new Float64Array(3 * 256);
let slopes = new Float64Array(3 * 256);
