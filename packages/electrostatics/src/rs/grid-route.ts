import { lagrangeStencil, STENCIL } from './interpolation.ts';
import type { NodeGrid } from './long-range.ts';

/**
 * Dense values of a Tucker tensor Σ G_{abc} U⁰_{ia} U¹_{jb} U²_{kc} (factors given as m_d × r_d row-major arrays),
 * in C order over (i, j, k). Contracts the first mode first so that the n³ output is written once, by contiguous
 * dot products: cost m₀r₀r₁r₂ + m₀m₁r₁r₂ + m₀m₁m₂r₂.
 *
 * @example
 * ```ts
 * const values = tuckerOnAxes(core, [r, r, r], [u0, u1, u2], [n, n, n]);
 * ```
 */
export function tuckerOnAxes(
  core: Float64Array,
  ranks: readonly [number, number, number],
  factors: readonly [Float64Array, Float64Array, Float64Array],
  sizes: readonly [number, number, number],
): Float64Array {
  const [r0, r1, r2] = ranks;
  const [nx, ny, nz] = sizes;
  // A[i, q, c] = Σ_p U⁰[i, p] G[p, q, c].
  const a = new Float64Array(nx * r1 * r2);
  const block = r1 * r2;
  for (let i = 0; i < nx; i++) {
    for (let p = 0; p < r0; p++) {
      const f = factors[0][i * r0 + p]!;
      for (let qc = 0; qc < block; qc++) a[i * block + qc] = a[i * block + qc]! + f * core[p * block + qc]!;
    }
  }
  // B[i, j, c] = Σ_q U¹[j, q] A[i, q, c].
  const b = new Float64Array(nx * ny * r2);
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      const dst = (i * ny + j) * r2;
      for (let q = 0; q < r1; q++) {
        const f = factors[1][j * r1 + q]!;
        const src = (i * r1 + q) * r2;
        for (let c = 0; c < r2; c++) b[dst + c] = b[dst + c]! + f * a[src + c]!;
      }
    }
  }
  // values[i, j, k] = Σ_c B[i, j, c] U²[k, c]: contiguous dot products, each output written once.
  const values = new Float64Array(nx * ny * nz);
  const u2 = factors[2];
  for (let ij = 0; ij < nx * ny; ij++) {
    const src = ij * r2;
    for (let k = 0; k < nz; k++) {
      let sum = 0;
      const row = k * r2;
      for (let c = 0; c < r2; c++) sum += b[src + c]! * u2[row + c]!;
      values[ij * nz + k] = sum;
    }
  }
  return values;
}

/**
 * Spread charges onto the n³ nodes with the degree-7 Lagrange weights (8³ nodes per charge):
 * ρ_{ijk} = Σ_q z_q L_i(x_q) L_j(y_q) L_k(z_q). Projecting ρ onto a factor basis gives exactly the charge moments
 * Σ_q z_q φ(x_q) ⊗ φ(y_q) ⊗ φ(z_q) of the interpolated basis φ. Cost 512·N.
 *
 * @example
 * ```ts
 * const rho = spreadCharges(positions, charges, grid);
 * ```
 */
export function spreadCharges(positions: Float64Array, charges: Float64Array, grid: NodeGrid): Float64Array {
  const { n, h, lo } = grid;
  const rho = new Float64Array(n * n * n);
  const w = [new Float64Array(STENCIL), new Float64Array(STENCIL), new Float64Array(STENCIL)] as const;
  const dw = new Float64Array(STENCIL);
  for (let q = 0; q < charges.length; q++) {
    const z = charges[q]!;
    if (z === 0) continue;
    const f0 = lagrangeStencil(lo[0], h, n, positions[3 * q]!, w[0], dw);
    const f1 = lagrangeStencil(lo[1], h, n, positions[3 * q + 1]!, w[1], dw);
    const f2 = lagrangeStencil(lo[2], h, n, positions[3 * q + 2]!, w[2], dw);
    for (let a = 0; a < STENCIL; a++) {
      const za = z * w[0][a]!;
      for (let b = 0; b < STENCIL; b++) {
        const zab = za * w[1][b]!;
        const base = ((f0 + a) * n + f1 + b) * n + f2;
        for (let c = 0; c < STENCIL; c++) rho[base + c] = rho[base + c]! + zab * w[2][c]!;
      }
    }
  }
  return rho;
}

/**
 * Project an n³ array onto a basis in every mode: S_{abc} = Σ_{ijk} Q_{ia} Q_{jb} Q_{kc} ρ_{ijk} (Q is n × r).
 * Contracts the last (contiguous) mode first, reading ρ once: cost n³r + n²r² + nr³.
 *
 * @example
 * ```ts
 * const moments = projectCube(rho, q.data, n, r);
 * ```
 */
export function projectCube(rho: Float64Array, q: Float64Array, n: number, r: number): Float64Array {
  // A[i, j, c] = Σ_k ρ[i, j, k] Q[k, c]: ρ is read once, row by row (zero entries — no charge nearby — skipped).
  const a = new Float64Array(n * n * r);
  for (let ij = 0; ij < n * n; ij++) {
    const src = ij * n;
    const dst = ij * r;
    for (let k = 0; k < n; k++) {
      const v = rho[src + k]!;
      if (v === 0) continue;
      const row = k * r;
      for (let c = 0; c < r; c++) a[dst + c] = a[dst + c]! + v * q[row + c]!;
    }
  }
  // B[i, b, c] = Σ_j Q[j, b] A[i, j, c].
  const b = new Float64Array(n * r * r);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const src = (i * n + j) * r;
      for (let bb = 0; bb < r; bb++) {
        const f = q[j * r + bb]!;
        const dst = (i * r + bb) * r;
        for (let c = 0; c < r; c++) b[dst + c] = b[dst + c]! + f * a[src + c]!;
      }
    }
  }
  // S[a, b, c] = Σ_i Q[i, a] B[i, b, c].
  const s = new Float64Array(r * r * r);
  const block = r * r;
  for (let i = 0; i < n; i++) {
    for (let aa = 0; aa < r; aa++) {
      const f = q[i * r + aa]!;
      for (let bc = 0; bc < block; bc++) s[aa * block + bc] = s[aa * block + bc]! + f * b[i * block + bc]!;
    }
  }
  return s;
}

/**
 * Value and gradient at (x, y, z) of a function given on the n³ nodes, by tensor-product degree-7 Lagrange
 * interpolation (8³ nodes). Writes [f, ∂f/∂x, ∂f/∂y, ∂f/∂z] into `out`.
 *
 * @example
 * ```ts
 * interpolateCube(values, grid, 0.1, 0.2, 0.3, out);
 * ```
 */
export function interpolateCube(values: Float64Array, grid: NodeGrid, x: number, y: number, z: number, out: Float64Array): void {
  const { n, h, lo } = grid;
  const w0 = scratch.w0;
  const w1 = scratch.w1;
  const w2 = scratch.w2;
  const d0 = scratch.d0;
  const d1 = scratch.d1;
  const d2 = scratch.d2;
  const f0 = lagrangeStencil(lo[0], h, n, x, w0, d0);
  const f1 = lagrangeStencil(lo[1], h, n, y, w1, d1);
  const f2 = lagrangeStencil(lo[2], h, n, z, w2, d2);
  let value = 0;
  let gx = 0;
  let gy = 0;
  let gz = 0;
  for (let a = 0; a < STENCIL; a++) {
    let sv = 0;
    let sy = 0;
    let sz = 0;
    for (let b = 0; b < STENCIL; b++) {
      const base = ((f0 + a) * n + f1 + b) * n + f2;
      let cv = 0;
      let cz = 0;
      for (let c = 0; c < STENCIL; c++) {
        const v = values[base + c]!;
        cv += w2[c]! * v;
        cz += d2[c]! * v;
      }
      sv += w1[b]! * cv;
      sy += d1[b]! * cv;
      sz += w1[b]! * cz;
    }
    value += w0[a]! * sv;
    gx += d0[a]! * sv;
    gy += w0[a]! * sy;
    gz += w0[a]! * sz;
  }
  out[0] = value;
  out[1] = gx;
  out[2] = gy;
  out[3] = gz;
}

const scratch = {
  w0: new Float64Array(STENCIL),
  w1: new Float64Array(STENCIL),
  w2: new Float64Array(STENCIL),
  d0: new Float64Array(STENCIL),
  d1: new Float64Array(STENCIL),
  d2: new Float64Array(STENCIL),
};
