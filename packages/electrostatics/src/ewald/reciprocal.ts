import type { CellGeometry } from '@equitensor/io';
import { type PhaseTable, phaseTables } from './phase-tables.ts';
import type { EwaldPart } from './real-space.ts';

/**
 * Reciprocal-space Ewald sum (k_e = 1): E = (2π/V) Σ_{k≠0} exp(−k²/4α²)/k² |S(k)|², S(k) = Σⱼ qⱼ e^{ik·rⱼ},
 * over the integer box |h| ≤ kmax[0], |k| ≤ kmax[1], |l| ≤ kmax[2] (half of it, using S(−k) = S(k)*).
 * Phases come from per-atom tables of e^{2πi h sⱼ} (`phaseTables`). Forces
 * Fᵢ = (4π/V) qᵢ Σ_k g(k) k Im[S(k)* e^{ik·rᵢ}], virial W = Σ_k E_k [δ − 2kkᵀ(1/k² + 1/4α²)].
 * Cost O(N · Π(2kmax+1)/2).
 */
export function ewaldReciprocal(
  positions: Float64Array,
  charges: Float64Array,
  geometry: CellGeometry,
  alpha: number,
  kmax: readonly [number, number, number],
): EwaldPart {
  const n = charges.length;
  const { inverse, volume } = geometry;
  const [m0, m1, m2] = kmax;
  const tables = phaseTables(positions, inverse, kmax);
  // Reciprocal basis vectors 2π × columns of the inverse cell.
  const g = (d: number): [number, number, number] => [
    2 * Math.PI * inverse[d]!,
    2 * Math.PI * inverse[3 + d]!,
    2 * Math.PI * inverse[6 + d]!,
  ];
  const [g0, g1, g2] = [g(0), g(1), g(2)];
  const forces = new Float64Array(3 * n);
  const virial = new Float64Array(9);
  const perAtom = new Float64Array(n);
  const inv4a2 = 1 / (4 * alpha * alpha);
  const prefactor = (4 * Math.PI) / volume; // (2π/V) × 2 for the ±k pair
  let energy = 0;
  // Per-atom qⱼ e^{i(h s₀ + k s₁)}, then the l loop.
  const abRe = new Float64Array(n);
  const abIm = new Float64Array(n);
  const phRe = new Float64Array(n);
  const phIm = new Float64Array(n);
  const phase = (table: PhaseTable, m: number, j: number): [number, number] => {
    const a = Math.abs(m);
    const c = table.cos[a * n + j]!;
    const s = table.sin[a * n + j]!;
    return [c, m < 0 ? -s : s];
  };
  for (let h = 0; h <= m0; h++) {
    for (let k = h === 0 ? 0 : -m1; k <= m1; k++) {
      for (let j = 0; j < n; j++) {
        const [c0, s0] = phase(tables[0], h, j);
        const [c1, s1] = phase(tables[1], k, j);
        const q = charges[j]!;
        abRe[j] = q * (c0 * c1 - s0 * s1);
        abIm[j] = q * (c0 * s1 + s0 * c1);
      }
      for (let l = h === 0 && k === 0 ? 1 : -m2; l <= m2; l++) {
        const kx = h * g0[0] + k * g1[0] + l * g2[0];
        const ky = h * g0[1] + k * g1[1] + l * g2[1];
        const kz = h * g0[2] + k * g1[2] + l * g2[2];
        const k2 = kx * kx + ky * ky + kz * kz;
        const weight = Math.exp(-k2 * inv4a2) / k2;
        if (weight * prefactor < 1e-300) continue;
        let sRe = 0;
        let sIm = 0;
        const la = Math.abs(l);
        const cosL = tables[2].cos;
        const sinL = tables[2].sin;
        const sign = l < 0 ? -1 : 1;
        for (let j = 0; j < n; j++) {
          const c2 = cosL[la * n + j]!;
          const s2 = sign * sinL[la * n + j]!;
          const re = abRe[j]! * c2 - abIm[j]! * s2;
          const im = abRe[j]! * s2 + abIm[j]! * c2;
          phRe[j] = re;
          phIm[j] = im;
          sRe += re;
          sIm += im;
        }
        const ek = prefactor * weight * (sRe * sRe + sIm * sIm);
        energy += ek;
        // Im[S* qⱼ e^{ik·rⱼ}] = sRe·im − sIm·re; force factor 2·prefactor·weight (d|S|²/dr = 2 Re[S* ∂S]).
        const fk = 2 * prefactor * weight;
        const ew = prefactor * weight;
        for (let j = 0; j < n; j++) {
          perAtom[j] = perAtom[j]! + ew * (sRe * phRe[j]! + sIm * phIm[j]!);
          const t = fk * (sRe * phIm[j]! - sIm * phRe[j]!);
          forces[3 * j] = forces[3 * j]! + t * kx;
          forces[3 * j + 1] = forces[3 * j + 1]! + t * ky;
          forces[3 * j + 2] = forces[3 * j + 2]! + t * kz;
        }
        const b = 2 * (1 / k2 + inv4a2);
        const kv = [kx, ky, kz];
        for (let a = 0; a < 3; a++) {
          for (let c = 0; c < 3; c++) virial[3 * a + c] = virial[3 * a + c]! + ek * ((a === c ? 1 : 0) - b * kv[a]! * kv[c]!);
        }
      }
    }
  }
  return { energy, forces, virial, perAtom };
}
