import {
  type CpTensor,
  firstColumns,
  leftSingular,
  type Mat,
  mat,
  rankForTolerance,
  rhosvd,
  symmetricEigen,
  type TuckerTensor,
} from '@equitensor/tensor';
import { projectCube, spreadCharges } from './grid-route.ts';
import { lagrangeStencil, STENCIL } from './interpolation.ts';
import type { RangeSplit } from './split.ts';

/**
 * A uniform cubic grid of n nodes per axis: node i of axis d is lo[d] + i·h.
 *
 * @example
 * ```ts
 * const grid: NodeGrid = { lo: [-1, -1, -1], h: 2 / 255, n: 256 };
 * ```
 */
export interface NodeGrid {
  readonly lo: readonly [number, number, number];
  readonly h: number;
  readonly n: number;
}

/**
 * The long-range potential P_l(x) = Σⱼ zⱼ p_l(|x − xⱼ|) (k_e = 1) as a Tucker tensor on the nodes of a
 * {@link NodeGrid}: P_l(x_a, y_b, z_c) ≈ Σ G_{αβγ} U⁰_{aα} U¹_{bβ} U²_{cγ}. Between nodes each factor
 * column is interpolated (degree-7 Lagrange), which makes the format mesh-free for points and gradients.
 *
 * @example
 * ```ts
 * const { tucker, ranks, canonicalRank } = rangeSeparatedCoulomb(positions, charges).model.longRange;
 * ```
 */
export interface LongRangeTucker {
  readonly tucker: TuckerTensor;
  readonly grid: NodeGrid;
  /** Tucker ranks (r₀, r₁, r₂). */
  readonly ranks: readonly [number, number, number];
  /** The canonical rank N·R_l of the CP tensor it was reduced from. */
  readonly canonicalRank: number;
  /**
   * How each charge's Gaussians enter the node values: `'exact'` (sampled at the nodes around the true centre, as
   * {@link longRangeTucker} does) or `'interpolated'` (the centre interpolated between nodes too, as
   * {@link projectedLongRange} does). {@link interpolatedSelfKernel} needs it to remove each charge's own term exactly.
   */
  readonly centres: 'exact' | 'interpolated';
}

/**
 * Assemble the long-range part of the potential of N charges as a canonical tensor of rank N·R_l from
 * 1D shifts of the long-range Gaussians, Σⱼ Σ_{k<R_l} zⱼ a_k g_k(x − xⱼ) ⊗ g_k(y − yⱼ) ⊗ g_k(z − zⱼ) sampled on the
 * grid nodes, and reduce it to Tucker form by RHOSVD (`@equitensor/tensor`) with relative tolerance `eps` on
 * the side matrices. Never forms an n³ array. Cost O(n² N R_l) for the side-matrix SVDs + O(r³ N R_l) for
 * the core; memory 3·n·N·R_l numbers.
 *
 * @example
 * ```ts
 * const lr = longRangeTucker(positions, charges, split, { lo: [-1, -1, -1], h: 2 / 255, n: 256 }, 1e-7);
 * lr.ranks; // e.g. [31, 31, 31]
 * ```
 */
export function longRangeTucker(
  positions: Float64Array,
  charges: Float64Array,
  split: RangeSplit,
  grid: NodeGrid,
  eps: number,
): LongRangeTucker {
  const count = charges.length;
  const rl = split.longCount;
  const rank = count * rl;
  const { t, a } = split.quadrature;
  const weights = new Float64Array(rank);
  for (let j = 0; j < count; j++) for (let k = 0; k < rl; k++) weights[j * rl + k] = charges[j]! * a[k]!;
  const factors = [0, 1, 2].map((d) => {
    const f = mat(grid.n, rank);
    for (let i = 0; i < grid.n; i++) {
      const x = grid.lo[d]! + i * grid.h;
      const row = i * rank;
      for (let j = 0; j < count; j++) {
        const dx = x - positions[3 * j + d]!;
        const dx2 = dx * dx;
        for (let k = 0; k < rl; k++) f.data[row + j * rl + k] = Math.exp(-t[k]! * t[k]! * dx2);
      }
    }
    return f;
  });
  const cp: CpTensor = { weights, factors };
  // The Gram route resolves singular values down to ~1e-8·σ_max, enough for tolerances ≥ 1e-6 and twice as fast.
  const { tucker } = rhosvd(cp, { eps, svd: eps >= 1e-6 ? 'gram' : 'qr' });
  const [r0, r1, r2] = tucker.core.shape as [number, number, number];
  return { tucker, grid, ranks: [r0, r1, r2], canonicalRank: rank, centres: 'exact' };
}

/**
 * Value and gradient of a {@link LongRangeTucker} at a point inside its grid: contracts the core with the
 * interpolated factor rows (cost 2r³ + O(r²)). Writes [P, ∂P/∂x, ∂P/∂y, ∂P/∂z] into `out`.
 *
 * @example
 * ```ts
 * const out = new Float64Array(4);
 * evaluateLongRange(lr, 0.1, 0.2, -0.3, out); // out[0] = P_l(0.1, 0.2, −0.3)
 * ```
 */
export function evaluateLongRange(lr: LongRangeTucker, x: number, y: number, z: number, out: Float64Array): void {
  const [r0, r1, r2] = lr.ranks;
  const { grid } = lr;
  const rows = [x, y, z].map((coordinate, d) => {
    const r = lr.ranks[d]!;
    const factor = lr.tucker.factors[d]!;
    const w = new Float64Array(STENCIL);
    const dw = new Float64Array(STENCIL);
    const first = lagrangeStencil(grid.lo[d]!, grid.h, grid.n, coordinate, w, dw);
    const value = new Float64Array(r);
    const slope = new Float64Array(r);
    for (let m = 0; m < STENCIL; m++) {
      const base = (first + m) * r;
      const wm = w[m]!;
      const dwm = dw[m]!;
      for (let c = 0; c < r; c++) {
        const u = factor.data[base + c]!;
        value[c] = value[c]! + wm * u;
        slope[c] = slope[c]! + dwm * u;
      }
    }
    return { value, slope };
  }) as [
    { value: Float64Array; slope: Float64Array },
    { value: Float64Array; slope: Float64Array },
    { value: Float64Array; slope: Float64Array },
  ];
  const core = lr.tucker.core.data;
  const zv = rows[2].value;
  const zs = rows[2].slope;
  const yv = rows[1].value;
  const ys = rows[1].slope;
  let value = 0;
  let gx = 0;
  let gy = 0;
  let gz = 0;
  for (let p = 0; p < r0; p++) {
    let aVal = 0; // Σ_q Σ_c G φy φz
    let aDy = 0; // Σ_q Σ_c G φy' φz
    let aDz = 0; // Σ_q Σ_c G φy φz'
    for (let q = 0; q < r1; q++) {
      const base = (p * r1 + q) * r2;
      let cz = 0;
      let czs = 0;
      for (let c = 0; c < r2; c++) {
        const g = core[base + c]!;
        cz += g * zv[c]!;
        czs += g * zs[c]!;
      }
      aVal += yv[q]! * cz;
      aDy += ys[q]! * cz;
      aDz += yv[q]! * czs;
    }
    const xv = rows[0].value[p]!;
    value += xv * aVal;
    gx += rows[0].slope[p]! * aVal;
    gy += xv * aDy;
    gz += xv * aDz;
  }
  out[0] = value;
  out[1] = gx;
  out[2] = gy;
  out[3] = gz;
}

/**
 * The same long-range Tucker tensor as {@link longRangeTucker}, with the side-matrix SVD done once for the box
 * instead of for the particles, so that the cost is linear in N without an r³·N·R_l core assembly:
 * 1. Q (n × r): left singular vectors of [B_0 … B_{R_l−1}], B_k[i, i'] = g_k(x_i − x_{i'}) — every long-range
 *    Gaussian centred on every node — truncated so that each column keeps an error ≤ `tolerance` (unit height).
 *    Q spans every long-range Gaussian centred anywhere in the box (interpolating between nodes).
 * 2. With φ(y) the interpolated row of Q at y, g_k(x − y) ≈ φ(x)ᵀ M_k φ(y), M_k = Qᵀ B_k Q, so the core of the
 *    rank-N·R_l CP tensor is G = Σ_k a_k (M_k ⊗ M_k ⊗ M_k) S with the charge moments S = Σⱼ zⱼ φ(xⱼ) ⊗ φ(yⱼ) ⊗ φ(zⱼ).
 * Cost O(n² R_l · n) for Q + O(min(N r³, 512 N + n³ r)) for S + O(R_l r⁴) for G.
 *
 * @example
 * ```ts
 * const lr = projectedLongRange(positions, charges, split, { lo: [-1, -1, -1], h: 2 / 255, n: 256 }, 1e-6);
 * ```
 */
export function projectedLongRange(
  positions: Float64Array,
  charges: Float64Array,
  split: RangeSplit,
  grid: NodeGrid,
  tolerance: number,
): LongRangeTucker {
  const { n, h } = grid;
  const rl = split.longCount;
  const { t, a } = split.quadrature;
  // B = [B_0 … B_{R_l−1}], n × n·R_l; the box is a cube, so one basis serves the three axes.
  const b = mat(n, n * rl);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < rl; k++) {
      const t2 = t[k]! * t[k]! * h * h;
      for (let s = 0; s < n; s++) b.data[i * n * rl + k * n + s] = Math.exp(-t2 * (i - s) * (i - s));
    }
  }
  const { u, s } = leftSingular(b, 'qr');
  const r = rankForTolerance(s, tolerance);
  const q = firstColumns(u, r);
  // M_k = Qᵀ B_k Q.
  const ms: Float64Array[] = [];
  const bq = new Float64Array(n * r);
  for (let k = 0; k < rl; k++) {
    bq.fill(0);
    for (let i = 0; i < n; i++) {
      for (let s2 = 0; s2 < n; s2++) {
        const v = b.data[i * n * rl + k * n + s2]!;
        if (v < 1e-300) continue;
        for (let c = 0; c < r; c++) bq[i * r + c] = bq[i * r + c]! + v * q.data[s2 * r + c]!;
      }
    }
    const m = new Float64Array(r * r);
    for (let i = 0; i < n; i++) {
      for (let p = 0; p < r; p++) {
        const qip = q.data[i * r + p]!;
        for (let c = 0; c < r; c++) m[p * r + c] = m[p * r + c]! + qip * bq[i * r + c]!;
      }
    }
    ms.push(m);
  }
  // Charge moments S = Σⱼ zⱼ φ(xⱼ) ⊗ φ(yⱼ) ⊗ φ(zⱼ): per charge (N·r³) or, when cheaper, by spreading the charges
  // onto the nodes and projecting the cube (512·N + n³·r) — the same numbers up to rounding.
  const count = charges.length;
  const moments =
    n * n * n < count * r * r && n <= 400
      ? projectCube(spreadCharges(positions, charges, grid), q.data, n, r)
      : chargeMoments(positions, charges, grid, q);
  // G = Σ_k a_k (M_k ⊗ M_k ⊗ M_k) S. The wide Gaussians' M_k have low numerical rank ρ_k: with M_k = V Λ Vᵀ
  // (ρ_k eigenpairs kept), the term costs 6 r³ ρ_k instead of 3 r⁴.
  const core = new Float64Array(r * r * r);
  const t1 = new Float64Array(r * r * r);
  const t2 = new Float64Array(r * r * r);
  for (let k = 0; k < rl; k++) {
    const m = ms[k]!;
    const ak = a[k]!;
    const { values, vectors } = symmetricEigen(mat(r, r, Float64Array.from(m)));
    let largest = 0;
    for (const v of values) largest = Math.max(largest, Math.abs(v));
    const kept: number[] = [];
    values.forEach((v, i) => {
      if (Math.abs(v) > 1e-3 * tolerance * largest) kept.push(i);
    });
    const rho = kept.length;
    if (rho === 0) continue;
    if (2 * rho < r) {
      // vt: ρ × r (rows = kept eigenvectors), v: r × ρ.
      const vt = new Float64Array(rho * r);
      const v = new Float64Array(r * rho);
      kept.forEach((col, a2) => {
        for (let i = 0; i < r; i++) {
          vt[a2 * r + i] = vectors.data[i * r + col]!;
          v[i * rho + a2] = vectors.data[i * r + col]!;
        }
      });
      let small = modeProduct3(moments, [r, r, r], vt, rho, 0);
      small = modeProduct3(small, [rho, r, r], vt, rho, 1);
      small = modeProduct3(small, [rho, rho, r], vt, rho, 2);
      for (let x = 0; x < rho; x++) {
        for (let y = 0; y < rho; y++) {
          const lxy = values[kept[x]!]! * values[kept[y]!]!;
          for (let z = 0; z < rho; z++) small[(x * rho + y) * rho + z] = small[(x * rho + y) * rho + z]! * lxy * values[kept[z]!]!;
        }
      }
      let back = modeProduct3(small, [rho, rho, rho], v, r, 0);
      back = modeProduct3(back, [r, rho, rho], v, r, 1);
      back = modeProduct3(back, [r, r, rho], v, r, 2);
      for (let i = 0; i < core.length; i++) core[i] = core[i]! + ak * back[i]!;
    } else {
      modeProductCube(moments, m, r, 0, t1);
      modeProductCube(t1, m, r, 1, t2);
      modeProductCube(t2, m, r, 2, t1);
      for (let i = 0; i < core.length; i++) core[i] = core[i]! + ak * t1[i]!;
    }
  }
  const tucker: TuckerTensor = { core: { shape: [r, r, r], data: core }, factors: [q, q, q] };
  return { tucker, grid, ranks: [r, r, r], canonicalRank: charges.length * rl, centres: 'interpolated' };
}

/** S = Σⱼ zⱼ φ(xⱼ) ⊗ φ(yⱼ) ⊗ φ(zⱼ) charge by charge, φ the interpolated rows of Q. Cost N·r³. */
function chargeMoments(positions: Float64Array, charges: Float64Array, grid: NodeGrid, q: Mat): Float64Array {
  const r = q.cols;
  const moments = new Float64Array(r * r * r);
  const phi = [new Float64Array(r), new Float64Array(r), new Float64Array(r)] as const;
  const w = new Float64Array(STENCIL);
  const dw = new Float64Array(STENCIL);
  const outer = new Float64Array(r * r);
  for (let j = 0; j < charges.length; j++) {
    const zj = charges[j]!;
    if (zj === 0) continue;
    for (let d = 0; d < 3; d++) interpolateRow(q, grid.lo[d]!, grid.h, grid.n, positions[3 * j + d]!, w, dw, phi[d]!);
    const [px, py, pz] = phi;
    for (let p = 0; p < r; p++) {
      const zx = zj * px[p]!;
      for (let c = 0; c < r; c++) outer[p * r + c] = zx * py[c]!;
    }
    for (let pc = 0; pc < r * r; pc++) {
      const o = outer[pc]!;
      const base = pc * r;
      for (let e = 0; e < r; e++) moments[base + e] = moments[base + e]! + o * pz[e]!;
    }
  }
  return moments;
}

/** Row of Q interpolated at x (degree-7 Lagrange on the nodes). */
function interpolateRow(q: Mat, lo: number, h: number, n: number, x: number, w: Float64Array, dw: Float64Array, out: Float64Array): void {
  const r = q.cols;
  const first = lagrangeStencil(lo, h, n, x, w, dw);
  out.fill(0);
  for (let m = 0; m < STENCIL; m++) {
    const base = (first + m) * r;
    const wm = w[m]!;
    for (let c = 0; c < r; c++) out[c] = out[c]! + wm * q.data[base + c]!;
  }
}

/** out = x ×_mode M for an r × r × r cube x (C order) and an r × r matrix M: out[…p…] = Σ_i M[p, i] x[…i…]. */
function modeProductCube(x: Float64Array, m: Float64Array, r: number, mode: 0 | 1 | 2, out: Float64Array): void {
  out.fill(0);
  const r2 = r * r;
  if (mode === 0) {
    for (let p = 0; p < r; p++) {
      for (let i = 0; i < r; i++) {
        const mpi = m[p * r + i]!;
        const src = i * r2;
        const dst = p * r2;
        for (let jl = 0; jl < r2; jl++) out[dst + jl] = out[dst + jl]! + mpi * x[src + jl]!;
      }
    }
  } else if (mode === 1) {
    for (let i = 0; i < r; i++) {
      for (let p = 0; p < r; p++) {
        const dst = i * r2 + p * r;
        for (let j = 0; j < r; j++) {
          const mpj = m[p * r + j]!;
          const src = i * r2 + j * r;
          for (let l = 0; l < r; l++) out[dst + l] = out[dst + l]! + mpj * x[src + l]!;
        }
      }
    }
  } else {
    for (let ij = 0; ij < r2; ij++) {
      const src = ij * r;
      for (let p = 0; p < r; p++) {
        let sum = 0;
        const row = p * r;
        for (let l = 0; l < r; l++) sum += m[row + l]! * x[src + l]!;
        out[src + p] = sum;
      }
    }
  }
}

/** x ×_mode M for a 3-way array x of shape dims and M (rows × dims[mode], row-major); returns the new array. */
function modeProduct3(
  x: Float64Array,
  dims: readonly [number, number, number],
  m: Float64Array,
  rows: number,
  mode: 0 | 1 | 2,
): Float64Array {
  const [d0, d1, d2] = dims;
  if (mode === 0) {
    const out = new Float64Array(rows * d1 * d2);
    const plane = d1 * d2;
    for (let p = 0; p < rows; p++) {
      for (let i = 0; i < d0; i++) {
        const f = m[p * d0 + i]!;
        if (f === 0) continue;
        for (let jk = 0; jk < plane; jk++) out[p * plane + jk] = out[p * plane + jk]! + f * x[i * plane + jk]!;
      }
    }
    return out;
  }
  if (mode === 1) {
    const out = new Float64Array(d0 * rows * d2);
    for (let i = 0; i < d0; i++) {
      for (let p = 0; p < rows; p++) {
        const dst = (i * rows + p) * d2;
        for (let j = 0; j < d1; j++) {
          const f = m[p * d1 + j]!;
          if (f === 0) continue;
          const src = (i * d1 + j) * d2;
          for (let l = 0; l < d2; l++) out[dst + l] = out[dst + l]! + f * x[src + l]!;
        }
      }
    }
    return out;
  }
  const out = new Float64Array(d0 * d1 * rows);
  for (let ij = 0; ij < d0 * d1; ij++) {
    for (let p = 0; p < rows; p++) {
      let sum = 0;
      for (let l = 0; l < d2; l++) sum += m[p * d2 + l]! * x[ij * d2 + l]!;
      out[ij * rows + p] = sum;
    }
  }
  return out;
}
