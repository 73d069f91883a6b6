import { matrix3Entries } from '@equitensor/io';
import { bsplineWeights } from './bspline.ts';

/**
 * Per-atom B-spline stencils of a PME mesh: for each atom and lattice direction α the p mesh points it touches,
 * already wrapped into the mesh and multiplied by the direction's stride (K1K2, K2, 1), with their weights
 * M_p(w + j) and derivatives M_p'(w + j) (j = 0 … p−1, the point ⌊u_α⌋ − j). Filled by {@link bsplineStencils};
 * {@link spreadCharges} and {@link gatherForces} read them over any range of atoms, so the three stages can run on
 * disjoint atom ranges (e.g. on a worker pool, spreading into one mesh per worker).
 *
 * @example
 * ```ts
 * const stencils = new MeshStencils([30, 30, 30], 7);
 * stencils.reserve(n);
 * bsplineStencils(stencils, positions, inverse, 0, n);
 * ```
 */
export class MeshStencils {
  readonly mesh: readonly [number, number, number];
  readonly order: number;
  /** 3p per atom: the offsets of the points along direction 0 (× K1K2), 1 (× K2), 2 (× 1). */
  offsets = new Int32Array(0);
  /** 3p per atom, same layout: M_p(w + j). */
  weights = new Float64Array(0);
  /** 3p per atom, same layout: M_p'(w + j). */
  derivs = new Float64Array(0);
  /** Mesh index → wrapped offset (× stride) per direction, indexed by ⌊u⌋ − j + p − 1 ∈ [0, K + p]. */
  private readonly wraps: readonly [Int32Array, Int32Array, Int32Array];

  constructor(mesh: readonly [number, number, number], order: number) {
    this.mesh = mesh;
    this.order = order;
    const strides = [mesh[1] * mesh[2], mesh[2], 1];
    this.wraps = [0, 1, 2].map((d) => {
      const size = mesh[d] as number;
      const table = new Int32Array(size + order + 1);
      for (let t = 0; t < table.length; t++) table[t] = ((((t - (order - 1)) % size) + size) % size) * (strides[d] as number);
      return table;
    }) as unknown as [Int32Array, Int32Array, Int32Array];
  }

  /** Room for n atoms (keeps the arrays when they are large enough). */
  reserve(n: number): void {
    const size = 3 * n * this.order;
    if (this.weights.length >= size) return;
    this.offsets = new Int32Array(size);
    this.weights = new Float64Array(size);
    this.derivs = new Float64Array(size);
  }

  /** The wrap table of direction d (for {@link bsplineStencils}). */
  wrap(d: 0 | 1 | 2): Int32Array {
    return this.wraps[d];
  }
}

/**
 * B-spline stencils of atoms `from` … `to − 1`: fractional coordinates s = r·cell⁻¹ (`inverse` row-major, columns
 * the reciprocal vectors), mesh coordinates u_α = K_α (s_α − ⌊s_α⌋), the p wrapped points below each u_α and their
 * weights and derivatives (Essmann et al. eqs. 4.1–4.2, via `bsplineWeights`).
 *
 * @example
 * ```ts
 * bsplineStencils(stencils, positions, cellGeometry(cell).inverse, 0, n);
 * ```
 */
export function bsplineStencils(stencils: MeshStencils, positions: Float64Array, inverse: Float64Array, from: number, to: number): void {
  const p = stencils.order;
  const [k0, k1, k2] = stencils.mesh;
  const w = stencils.weights;
  const d = stencils.derivs;
  const offsets = stencils.offsets;
  const wrap0 = stencils.wrap(0),
    wrap1 = stencils.wrap(1),
    wrap2 = stencils.wrap(2);
  const [i00, i01, i02, i10, i11, i12, i20, i21, i22] = matrix3Entries(inverse);
  for (let i = from; i < to; i++) {
    const x = positions[3 * i] as number,
      y = positions[3 * i + 1] as number,
      z = positions[3 * i + 2] as number;
    const s0 = x * i00 + y * i10 + z * i20;
    const s1 = x * i01 + y * i11 + z * i21;
    const s2 = x * i02 + y * i12 + z * i22;
    const u0 = (s0 - Math.floor(s0)) * k0;
    const u1 = (s1 - Math.floor(s1)) * k1;
    const u2 = (s2 - Math.floor(s2)) * k2;
    // ⌊u⌋ may equal K when s rounds to 1 − ε; the wrap tables cover it
    const f0 = Math.floor(u0),
      f1 = Math.floor(u1),
      f2 = Math.floor(u2);
    const o = 3 * i * p;
    bsplineWeights(u0 - f0, p, w, d, o);
    bsplineWeights(u1 - f1, p, w, d, o + p);
    bsplineWeights(u2 - f2, p, w, d, o + 2 * p);
    for (let j = 0; j < p; j++) {
      offsets[o + j] = wrap0[f0 - j + p - 1] as number;
      offsets[o + p + j] = wrap1[f1 - j + p - 1] as number;
      offsets[o + 2 * p + j] = wrap2[f2 - j + p - 1] as number;
    }
  }
}

/**
 * Adds Q(k) += q_i θ_i(k) for atoms `from` … `to − 1` into `grid` (K0K1K2, row-major), θ_i the product of the three
 * weight rows of its stencil. The innermost p points are unrolled (orders 4–8) with the weights in registers.
 *
 * @example
 * ```ts
 * grid.fill(0);
 * spreadCharges(stencils, charges, grid, 0, n);
 * ```
 */
export function spreadCharges(stencils: MeshStencils, charges: Float64Array, grid: Float64Array, from: number, to: number): void {
  const p = stencils.order;
  const w = stencils.weights;
  const offsets = stencils.offsets;
  for (let i = from; i < to; i++) {
    const q = charges[i] as number;
    if (q === 0) continue;
    const o = 3 * i * p;
    const o1 = o + p;
    const o2 = o1 + p;
    const z0 = w[o2] as number,
      z1 = w[o2 + 1] as number,
      z2 = w[o2 + 2] as number,
      z3 = w[o2 + 3] as number,
      z4 = p > 4 ? (w[o2 + 4] as number) : 0,
      z5 = p > 5 ? (w[o2 + 5] as number) : 0,
      z6 = p > 6 ? (w[o2 + 6] as number) : 0,
      z7 = p > 7 ? (w[o2 + 7] as number) : 0;
    const c0 = offsets[o2] as number,
      c1 = offsets[o2 + 1] as number,
      c2 = offsets[o2 + 2] as number,
      c3 = offsets[o2 + 3] as number,
      c4 = p > 4 ? (offsets[o2 + 4] as number) : 0,
      c5 = p > 5 ? (offsets[o2 + 5] as number) : 0,
      c6 = p > 6 ? (offsets[o2 + 6] as number) : 0,
      c7 = p > 7 ? (offsets[o2 + 7] as number) : 0;
    for (let a = 0; a < p; a++) {
      const qa = q * (w[o + a] as number);
      const ra = offsets[o + a] as number;
      for (let b = 0; b < p; b++) {
        const v = qa * (w[o1 + b] as number);
        const r = ra + (offsets[o1 + b] as number);
        grid[r + c0] = (grid[r + c0] as number) + v * z0;
        grid[r + c1] = (grid[r + c1] as number) + v * z1;
        grid[r + c2] = (grid[r + c2] as number) + v * z2;
        grid[r + c3] = (grid[r + c3] as number) + v * z3;
        if (p > 4) {
          grid[r + c4] = (grid[r + c4] as number) + v * z4;
          if (p > 5) {
            grid[r + c5] = (grid[r + c5] as number) + v * z5;
            if (p > 6) {
              grid[r + c6] = (grid[r + c6] as number) + v * z6;
              if (p > 7) grid[r + c7] = (grid[r + c7] as number) + v * z7;
            }
          }
        }
      }
    }
  }
}

/**
 * Interpolates the mesh potential φ (`grid`) at atoms `from` … `to − 1`: F_i = −k_e q_i Σ_k φ(k) ∇θ_i(k) added into
 * `forces` (∇ from ∂u_α/∂r = K_α × column α of `inverse`), and ½ k_e q_i φ(r_i) into `perAtom` when given. With
 * the B-spline stencil this is the exact gradient of the mesh energy ½ Σ Q φ. Deliberate hot-loop specialisation of
 * {@link spreadCharges}' stencil walk (weights and offsets of the third axis in registers, plus the derivative rows);
 * kept apart so that spreading loads no derivatives.
 *
 * @example
 * ```ts
 * gatherForces(stencils, charges, phi, inverse, 14.399645478, 0, n, forces, undefined);
 * ```
 */
export function gatherForces(
  stencils: MeshStencils,
  charges: Float64Array,
  grid: Float64Array,
  inverse: Float64Array,
  coulombConstant: number,
  from: number,
  to: number,
  forces: Float64Array | undefined,
  perAtom: Float64Array | undefined,
): void {
  const p = stencils.order;
  const [k0, k1, k2] = stencils.mesh;
  const w = stencils.weights;
  const d = stencils.derivs;
  const offsets = stencils.offsets;
  for (let i = from; i < to; i++) {
    const q = charges[i] as number;
    if (q === 0) continue;
    const o = 3 * i * p;
    const o1 = o + p;
    const o2 = o1 + p;
    const z0 = w[o2] as number,
      z1 = w[o2 + 1] as number,
      z2 = w[o2 + 2] as number,
      z3 = w[o2 + 3] as number,
      z4 = p > 4 ? (w[o2 + 4] as number) : 0,
      z5 = p > 5 ? (w[o2 + 5] as number) : 0,
      z6 = p > 6 ? (w[o2 + 6] as number) : 0,
      z7 = p > 7 ? (w[o2 + 7] as number) : 0;
    const e0 = d[o2] as number,
      e1 = d[o2 + 1] as number,
      e2 = d[o2 + 2] as number,
      e3 = d[o2 + 3] as number,
      e4 = p > 4 ? (d[o2 + 4] as number) : 0,
      e5 = p > 5 ? (d[o2 + 5] as number) : 0,
      e6 = p > 6 ? (d[o2 + 6] as number) : 0,
      e7 = p > 7 ? (d[o2 + 7] as number) : 0;
    const c0 = offsets[o2] as number,
      c1 = offsets[o2 + 1] as number,
      c2 = offsets[o2 + 2] as number,
      c3 = offsets[o2 + 3] as number,
      c4 = p > 4 ? (offsets[o2 + 4] as number) : 0,
      c5 = p > 5 ? (offsets[o2 + 5] as number) : 0,
      c6 = p > 6 ? (offsets[o2 + 6] as number) : 0,
      c7 = p > 7 ? (offsets[o2 + 7] as number) : 0;
    let g0 = 0,
      g1 = 0,
      g2 = 0,
      potential = 0;
    for (let a = 0; a < p; a++) {
      const wa = w[o + a] as number,
        da = d[o + a] as number;
      const ra = offsets[o + a] as number;
      // Σ_b over the row: value and derivative weights along direction 1, for the two sums along direction 2
      let rowV = 0,
        rowD1 = 0,
        rowD2 = 0;
      for (let b = 0; b < p; b++) {
        const r = ra + (offsets[o1 + b] as number);
        const v0 = grid[r + c0] as number,
          v1 = grid[r + c1] as number,
          v2 = grid[r + c2] as number,
          v3 = grid[r + c3] as number;
        let sv = v0 * z0 + v1 * z1 + v2 * z2 + v3 * z3;
        let sd = v0 * e0 + v1 * e1 + v2 * e2 + v3 * e3;
        if (p > 4) {
          const v4 = grid[r + c4] as number;
          sv += v4 * z4;
          sd += v4 * e4;
          if (p > 5) {
            const v5 = grid[r + c5] as number;
            sv += v5 * z5;
            sd += v5 * e5;
            if (p > 6) {
              const v6 = grid[r + c6] as number;
              sv += v6 * z6;
              sd += v6 * e6;
              if (p > 7) {
                const v7 = grid[r + c7] as number;
                sv += v7 * z7;
                sd += v7 * e7;
              }
            }
          }
        }
        const wb = w[o1 + b] as number;
        rowV += wb * sv;
        rowD1 += (d[o1 + b] as number) * sv;
        rowD2 += wb * sd;
      }
      g0 += da * rowV;
      g1 += wa * rowD1;
      g2 += wa * rowD2;
      potential += wa * rowV;
    }
    if (perAtom !== undefined) perAtom[i] = (perAtom[i] as number) + 0.5 * coulombConstant * q * potential;
    if (forces === undefined) continue;
    // ∂θ/∂u_α → Cartesian: ∂u_α/∂r_x = K_α inverse[x][α]
    const s = -coulombConstant * q;
    const h0 = g0 * k0,
      h1 = g1 * k1,
      h2 = g2 * k2;
    forces[3 * i] =
      (forces[3 * i] as number) + s * (h0 * (inverse[0] as number) + h1 * (inverse[1] as number) + h2 * (inverse[2] as number));
    forces[3 * i + 1] =
      (forces[3 * i + 1] as number) + s * (h0 * (inverse[3] as number) + h1 * (inverse[4] as number) + h2 * (inverse[5] as number));
    forces[3 * i + 2] =
      (forces[3 * i + 2] as number) + s * (h0 * (inverse[6] as number) + h1 * (inverse[7] as number) + h2 * (inverse[8] as number));
  }
}
