import { cellGeometry } from '@equitensor/io';
import { bsplineModuli } from './bspline.ts';

/** Aliases per axis in the separable sums of u = sinc^{2p}: |j| ≤ 6; the first left out, |x| ≥ 6.5K, weighs u ≤ (1/(6.5π))^{2p} < 1e-20. */
const ALIASES = 6;

/**
 * Per lattice direction, over the K mesh indices n (signed, |n| ≤ K/2), u0 = u(n) of u(x) = sinc^{2p}(πx/K) and the
 * aliases' sums over x = n + jK, 0 < |j| ≤ {@link ALIASES}: Σ u, Σ u x, Σ u x² (kept apart from the j = 0 terms, so
 * that the functional's near-cancelling differences are formed from them without rounding).
 */
function aliasSums(size: number, order: number): Float64Array {
  const out = new Float64Array(4 * size);
  for (let i = 0; i < size; i++) {
    const n = 2 * i <= size ? i : i - size;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    for (let j = -ALIASES; j <= ALIASES; j++) {
      if (j === 0) continue;
      const x = n + j * size;
      const arg = (Math.PI * x) / size;
      const u = (Math.sin(arg) / arg) ** (2 * order);
      s0 += u;
      s1 += u * x;
      s2 += u * x * x;
    }
    const arg = (Math.PI * n) / size;
    out[4 * i] = n === 0 ? 1 : (Math.sin(arg) / arg) ** (2 * order);
    out[4 * i + 1] = s0;
    out[4 * i + 2] = s1;
    out[4 * i + 3] = s2;
  }
  return out;
}

/** (a + ra)(b + rb)(c + rc) − abc, without forming the product: ra(b + rb)(c + rc) + a·rb(c + rc) + ab·rc. */
function productExcess(a: number, ra: number, b: number, rb: number, c: number, rc: number): number {
  return ra * (b + rb) * (c + rc) + a * rb * (c + rc) + a * b * rc;
}

/**
 * Which influence function the mesh uses: `'spme'` Essmann's G = B(m) exp(−π²m²/α²)/(πV m²) with the B-spline moduli
 * B, or `'optimal'` the Hockney-Eastwood influence function optimal for analytic differentiation of the B-spline mesh
 * (Ballenegger, Cerdà, Holm, J. Chem. Theory Comput. 8, 936 (2012), eq. 33 with D = ik on the particles).
 */
export type PmeInfluence = 'spme' | 'optimal';

/**
 * The mesh's RMS force error (relative to k_e/Å², as `pmeParameters`' accuracy) for random charges by the
 * Hockney-Eastwood error functional of SPME/P3M with analytic differentiation (Ballenegger, Cerdà, Holm, JCTC 8, 936
 * (2012), eqs. 31–34; the form of ESPResSo's `p3m_k_space_error` for ad, here for triclinic cells and either
 * influence function): ΔF = 2Σq² √(Q/N)/V with Q = Σ_{m≠0} [A − 2gB + g²CD] over the mesh's Brillouin zone, where for
 * the aliases m_j = m + jK (reciprocal vectors s_j = Σ_α (m + jK)_α a*_α) and U_j² = Π_α sinc^{2p}(π(m + jK)_α/K_α):
 * A = Σ_j e_j²/s_j², B = Σ_j U_j² e_j, C = Σ_j U_j² s_j², D = Σ_j U_j², e_j = exp(−π²s_j²/α²), and g = πV·G the
 * influence function (for `'optimal'` g = B/(CD), which minimises Q to A − B²/(CD)). C and D are summed over
 * |j_α| ≤ 6 (separable); A and B over j ∈ {−1, 0, 1}³, leaving out the aliases with π²s_j²/α² > 60 (their terms
 * are below e⁻⁶⁰). Cost: one pass over half the mesh.
 *
 * @example
 * ```ts
 * pmeMeshError(cell, [32, 32, 32], 5, 0.3, 216, 216);
 * ```
 */
export function pmeMeshError(
  cell: Float64Array,
  mesh: readonly [number, number, number],
  order: number,
  alpha: number,
  sumQ2: number,
  count: number,
  influence: PmeInfluence = 'spme',
): number {
  const geometry = cellGeometry(cell);
  const inv = geometry.inverse;
  const volume = geometry.volume;
  const [k0, k1, k2] = mesh;
  // metric of the reciprocal vectors a*_α = column α of cell⁻¹
  const g = new Float64Array(9);
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      g[3 * a + b] = inv[a]! * inv[b]! + inv[3 + a]! * inv[3 + b]! + inv[6 + a]! * inv[6 + b]!;
    }
  }
  const g00 = g[0]!,
    g11 = g[4]!,
    g22 = g[8]!,
    g01 = 2 * g[1]!,
    g02 = 2 * g[2]!,
    g12 = 2 * g[5]!;
  const quad = (x: number, y: number, z: number): number =>
    g00 * x * x + g11 * y * y + g22 * z * z + g01 * x * y + g02 * x * z + g12 * y * z;
  const sums = [aliasSums(k0, order), aliasSums(k1, order), aliasSums(k2, order)];
  const [t0, t1, t2] = sums as [Float64Array, Float64Array, Float64Array];
  const moduli = influence === 'spme' ? [bsplineModuli(k0, order), bsplineModuli(k1, order), bsplineModuli(k2, order)] : null;
  const c = (Math.PI * Math.PI) / (alpha * alpha);
  // smallest |s_j|² of any alias j ≠ 0: |x|_∞ ≥ K_min/2 in index units, s² ≥ λ_min(g)|x|² ≥ λ_min(g)·(K_min/2)²;
  // λ_min bounded below by Gershgorin's discs
  const lambda = Math.min(
    g00 - Math.abs(g[1]!) - Math.abs(g[2]!),
    g11 - Math.abs(g[1]!) - Math.abs(g[5]!),
    g22 - Math.abs(g[2]!) - Math.abs(g[5]!),
  );
  const kMin = Math.min(k0, k1, k2);
  const aliasesNeeded = !(lambda > 0 && c * lambda * (kMin / 2) ** 2 > 60);
  const farAliases = !(lambda > 0 && c * lambda * kMin * kMin > 60);
  const half = Math.floor(k2 / 2);
  let q = 0;
  for (let i0 = 0; i0 < k0; i0++) {
    const n0 = 2 * i0 <= k0 ? i0 : i0 - k0;
    // per axis: u(n) and the aliases' Σu, Σux, Σux²
    const [u0, r00, r01, r02] = t0.subarray(4 * i0, 4 * i0 + 4) as unknown as [number, number, number, number];
    for (let i1 = 0; i1 < k1; i1++) {
      const n1 = 2 * i1 <= k1 ? i1 : i1 - k1;
      const [u1, r10, r11, r12] = t1.subarray(4 * i1, 4 * i1 + 4) as unknown as [number, number, number, number];
      // Q's terms are even in m (m and −m: the same sums): the half spectrum 0 ≤ i2 ≤ K2/2, weighted 2 off the planes
      // i2 = 0 and i2 = K2/2 that hold both
      for (let i2 = 0; i2 <= half; i2++) {
        if (i0 === 0 && i1 === 0 && i2 === 0) continue;
        const weight = i2 === 0 || 2 * i2 === k2 ? 1 : 2;
        const n2 = i2;
        const u2 = t2[4 * i2]!,
          r20 = t2[4 * i2 + 1]!,
          r21 = t2[4 * i2 + 2]!,
          r22 = t2[4 * i2 + 3]!;
        // D − U0² and C − U0²s0² from the aliases' parts alone (each factor = its j = 0 term + its aliases')
        const uu = u0 * u1 * u2;
        const dExcess = productExcess(u0, r00, u1, r10, u2, r20);
        const cExcess =
          g00 * productExcess(u0 * n0 * n0, r02, u1, r10, u2, r20) +
          g11 * productExcess(u0, r00, u1 * n1 * n1, r12, u2, r20) +
          g22 * productExcess(u0, r00, u1, r10, u2 * n2 * n2, r22) +
          g01 * productExcess(u0 * n0, r01, u1 * n1, r11, u2, r20) +
          g02 * productExcess(u0 * n0, r01, u1, r10, u2 * n2, r21) +
          g12 * productExcess(u0, r00, u1 * n1, r11, u2 * n2, r21);
        const s2 = quad(n0, n1, n2);
        const e = Math.exp(-c * s2);
        const dSum = uu + dExcess;
        const cSum = uu * s2 + cExcess;
        // CD − U0⁴s0² ≥ 0
        const excess = cExcess * dSum + uu * s2 * dExcess;
        let aAlias = 0;
        let bAlias = 0;
        // aliases j ∈ {−1, 0, 1}³ \ {0}: with j_α = sign(n_α) (away from the zone) |x_α| ≥ K_α, so s_j² ≥ λ_min K_min²,
        // left out unless that bound is ≤ 60; with j_α = −sign(n_α) (or ±1 at n_α = 0) |x_α| ≥ K_α − |n_α|
        const far = Math.min(k0 - Math.abs(n0), k1 - Math.abs(n1), k2 - Math.abs(n2));
        if (aliasesNeeded && !(c * lambda * far * far > 60)) {
          for (let j0 = -1; j0 <= 1; j0++) {
            if (!farAliases && j0 !== 0 && j0 === Math.sign(n0)) continue;
            const x0 = n0 + j0 * k0;
            const sin0 = x0 === 0 ? 1 : Math.sin((Math.PI * x0) / k0) / ((Math.PI * x0) / k0);
            for (let j1 = -1; j1 <= 1; j1++) {
              if (!farAliases && j1 !== 0 && j1 === Math.sign(n1)) continue;
              const x1 = n1 + j1 * k1;
              const sin1 = x1 === 0 ? 1 : Math.sin((Math.PI * x1) / k1) / ((Math.PI * x1) / k1);
              for (let j2 = -1; j2 <= 1; j2++) {
                if (j0 === 0 && j1 === 0 && j2 === 0) continue;
                if (!farAliases && j2 !== 0 && j2 === Math.sign(n2)) continue;
                const x2 = n2 + j2 * k2;
                const sj = quad(x0, x1, x2);
                if (c * sj > 60) continue;
                const ej = Math.exp(-c * sj);
                const sin2 = x2 === 0 ? 1 : Math.sin((Math.PI * x2) / k2) / ((Math.PI * x2) / k2);
                aAlias += (ej * ej) / sj;
                bAlias += (sin0 * sin1 * sin2) ** (2 * order) * ej;
              }
            }
          }
        }
        const e2s = (e * e) / s2;
        const b0 = uu * e;
        if (moduli === null) {
          // A − B²/(CD) with A = e²/s0² + A', B = U0²e + B': the j = 0 parts give e²/s0² · excess/(CD) exactly
          q += weight * ((e2s * excess) / (cSum * dSum) + aAlias - ((2 * b0 + bAlias) * bAlias) / (cSum * dSum));
        } else {
          // A − 2gB + g²CD with g = B_mod e/s0²: the j = 0 parts give e²/s0² (1 − B_mod U0²)² + g² (CD − U0⁴s0²)
          const mod = moduli[0]![i0]! * moduli[1]![i1]! * moduli[2]![i2]!;
          const w = (mod * e) / s2;
          const miss = 1 - mod * uu;
          q += weight * (e2s * miss * miss + w * w * excess + aAlias - 2 * w * bAlias);
        }
      }
    }
  }
  return (2 * sumQ2 * Math.sqrt(q / count)) / volume;
}
