import { NeighborList } from '../neighbor-list.ts';
import type { AtomsState, ComputeOptions, Potential, PotentialResult } from '../potential.ts';

/** Stillinger–Weber parameters in LAMMPS' `pair_style sw` order and units (eV, Å; the rest unitless). */
export interface StillingerWeberParameters {
  readonly epsilon: number;
  readonly sigma: number;
  readonly a: number;
  readonly lambda: number;
  readonly gamma: number;
  readonly costheta0: number;
  readonly A: number;
  readonly B: number;
  readonly p: number;
  readonly q: number;
}

/**
 * The original silicon parameters (Stillinger & Weber, PRB 31, 5262, 1985; LAMMPS' Si.sw).
 *
 * @example
 * ```ts
 * const sw = new StillingerWeber(SILICON_SW);
 * ```
 */
export const SILICON_SW: StillingerWeberParameters = Object.freeze({
  epsilon: 2.1683,
  sigma: 2.0951,
  a: 1.8,
  lambda: 21.0,
  gamma: 1.2,
  costheta0: -0.333333333333,
  A: 7.049556277,
  B: 0.6022245584,
  p: 4.0,
  q: 0.0,
});

/**
 * The Stillinger–Weber potential for one species: E = Σ_{i<j} φ₂(r_ij) + Σ_i Σ_{j<k} φ₃(r_ij, r_ik, θ_jik) with
 * φ₂ = Aε[B(σ/r)^p − (σ/r)^q] e^{σ/(r−aσ)} and φ₃ = λε(cos θ − cos θ₀)² e^{γσ/(r_ij−aσ)} e^{γσ/(r_ik−aσ)}, cut off at aσ;
 * as LAMMPS' `pair_style sw` (per-atom energies: pairs split in halves, triplets in thirds). All atoms
 * interact with the same parameters (multi-species parameter files are not supported).
 *
 * @example
 * ```ts
 * const sw = new StillingerWeber(SILICON_SW);
 * sw.compute(diamond).energy / 8; // −4.3366 eV/atom for perfect diamond Si at a = 5.431 Å
 * ```
 */
export class StillingerWeber implements Potential {
  readonly name = 'sw';
  readonly cutoff: number;
  readonly parameters: StillingerWeberParameters;
  readonly neighborList: NeighborList;
  private scratch = new Float64Array(64 * 8);

  constructor(parameters: StillingerWeberParameters = SILICON_SW, options: { skin?: number } = {}) {
    const values = Object.values(parameters) as number[];
    if (values.length !== 10 || !values.every(Number.isFinite) || !(parameters.sigma > 0) || !(parameters.a > 0)) {
      throw new RangeError('Stillinger-Weber needs ten finite parameters with sigma > 0 and a > 0');
    }
    this.parameters = { ...parameters };
    this.cutoff = parameters.a * parameters.sigma;
    this.neighborList = new NeighborList({ cutoff: this.cutoff, skin: options.skin ?? 0.5, kind: 'full' });
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    const list = this.neighborList;
    list.update(atoms);
    const { epsilon, sigma, lambda, gamma, costheta0, A, B, p, q } = this.parameters;
    const rc = this.cutoff;
    const rc2 = rc * rc;
    const n = atoms.numbers.length;
    const x = atoms.positions;
    const f = new Float64Array(3 * n);
    const eAtom = options.perAtomEnergies === true ? new Float64Array(n) : null;
    const start = list.start,
      nbr = list.neighbors,
      img = list.images,
      S = list.shifts;
    const Ae = A * epsilon,
      sp = sigma ** p,
      sq = sigma ** q,
      le = lambda * epsilon,
      gs = gamma * sigma;
    let energy = 0,
      wxx = 0,
      wyy = 0,
      wzz = 0,
      wxy = 0,
      wxz = 0,
      wyz = 0;
    // Deliberate hot-loop specialisation: the neighbour walk of pair-loop.ts inlined with the two- and three-body terms (no call per pair).
    for (let i = 0; i < n; i++) {
      const i3 = 3 * i;
      const xi = x[i3] as number,
        yi = x[i3 + 1] as number,
        zi = x[i3 + 2] as number;
      // neighbours within the cutoff: j, dx, dy, dz, r, g = e^{γσ/(r−aσ)}, dg/dr / r
      const count = start[i + 1]! - start[i]!;
      if (this.scratch.length < 7 * count) this.scratch = new Float64Array(14 * count);
      const s = this.scratch;
      let m = 0;
      for (let k = start[i] as number; k < (start[i + 1] as number); k++) {
        const j = nbr[k] as number;
        const t = 3 * (img[k] as number);
        const dx = (x[3 * j] as number) + (S[t] as number) - xi;
        const dy = (x[3 * j + 1] as number) + (S[t + 1] as number) - yi;
        const dz = (x[3 * j + 2] as number) + (S[t + 2] as number) - zi;
        const r2 = dx * dx + dy * dy + dz * dz;
        if (r2 >= rc2) continue;
        const r = Math.sqrt(r2);
        const inv = 1 / (r - rc);
        const g = Math.exp(gs * inv);
        s[7 * m] = j;
        s[7 * m + 1] = dx;
        s[7 * m + 2] = dy;
        s[7 * m + 3] = dz;
        s[7 * m + 4] = r;
        s[7 * m + 5] = g;
        s[7 * m + 6] = (-gs * inv * inv * g) / r; // (dg/dr)/r
        m++;
        // two-body term, once per pair: j > i, or half of each self-image entry (both ±n appear)
        const weight = j > i ? 1 : j === i ? 0.5 : 0;
        if (weight === 0) continue;
        const e = Math.exp(sigma * inv);
        const rp = r ** -p,
          rq = r ** -q;
        const phiA = Ae * (B * sp * rp - sq * rq);
        const dphiA = (Ae * (-p * B * sp * rp + q * sq * rq)) / r;
        const phi = phiA * e;
        const dphi = dphiA * e - phiA * e * sigma * inv * inv; // dφ₂/dr
        const fpair = (-weight * dphi) / r; // force on j along (r_j − r_i)
        const ew = weight * phi;
        energy += ew;
        if (eAtom !== null) {
          eAtom[i] = (eAtom[i] as number) + 0.5 * ew;
          eAtom[j] = (eAtom[j] as number) + 0.5 * ew;
        }
        const fx = fpair * dx,
          fy = fpair * dy,
          fz = fpair * dz;
        f[i3] = (f[i3] as number) - fx;
        f[i3 + 1] = (f[i3 + 1] as number) - fy;
        f[i3 + 2] = (f[i3 + 2] as number) - fz;
        f[3 * j] = (f[3 * j] as number) + fx;
        f[3 * j + 1] = (f[3 * j + 1] as number) + fy;
        f[3 * j + 2] = (f[3 * j + 2] as number) + fz;
        wxx += dx * fx;
        wyy += dy * fy;
        wzz += dz * fz;
        wxy += dx * fy;
        wxz += dx * fz;
        wyz += dy * fz;
      }
      // three-body terms centred on i
      for (let a = 0; a < m - 1; a++) {
        const ja = s[7 * a] as number;
        const ax = s[7 * a + 1] as number,
          ay = s[7 * a + 2] as number,
          az = s[7 * a + 3] as number;
        const ra = s[7 * a + 4] as number,
          ga = s[7 * a + 5] as number,
          dga = s[7 * a + 6] as number;
        for (let b = a + 1; b < m; b++) {
          const jb = s[7 * b] as number;
          const bx = s[7 * b + 1] as number,
            by = s[7 * b + 2] as number,
            bz = s[7 * b + 3] as number;
          const rb = s[7 * b + 4] as number,
            gb = s[7 * b + 5] as number,
            dgb = s[7 * b + 6] as number;
          const rab = 1 / (ra * rb);
          const cs = (ax * bx + ay * by + az * bz) * rab;
          const dc = cs - costheta0;
          const e = le * dc * dc * ga * gb;
          // ∂E/∂r_a (vector) = le·dc²·gb·(dg_a/dr)/r·r_a + 2·le·dc·ga·gb·∂cs/∂r_a
          const h = 2 * le * dc * ga * gb;
          const ca = cs / (ra * ra),
            cb = cs / (rb * rb);
          const ea = le * dc * dc * gb * dga;
          const eb = le * dc * dc * ga * dgb;
          const gax = ea * ax + h * (bx * rab - ca * ax);
          const gay = ea * ay + h * (by * rab - ca * ay);
          const gaz = ea * az + h * (bz * rab - ca * az);
          const gbx = eb * bx + h * (ax * rab - cb * bx);
          const gby = eb * by + h * (ay * rab - cb * by);
          const gbz = eb * bz + h * (az * rab - cb * bz);
          // forces: F_a = −∂E/∂r_a, F_b = −∂E/∂r_b, F_i = −(F_a + F_b)
          f[3 * ja] = (f[3 * ja] as number) - gax;
          f[3 * ja + 1] = (f[3 * ja + 1] as number) - gay;
          f[3 * ja + 2] = (f[3 * ja + 2] as number) - gaz;
          f[3 * jb] = (f[3 * jb] as number) - gbx;
          f[3 * jb + 1] = (f[3 * jb + 1] as number) - gby;
          f[3 * jb + 2] = (f[3 * jb + 2] as number) - gbz;
          f[i3] = (f[i3] as number) + gax + gbx;
          f[i3 + 1] = (f[i3 + 1] as number) + gay + gby;
          f[i3 + 2] = (f[i3 + 2] as number) + gaz + gbz;
          energy += e;
          if (eAtom !== null) {
            const third = e / 3;
            eAtom[i] = (eAtom[i] as number) + third;
            eAtom[ja] = (eAtom[ja] as number) + third;
            eAtom[jb] = (eAtom[jb] as number) + third;
          }
          // virial W = Σ r_a ⊗ F_a + r_b ⊗ F_b (relative to atom i)
          wxx -= ax * gax + bx * gbx;
          wyy -= ay * gay + by * gby;
          wzz -= az * gaz + bz * gbz;
          wxy -= ax * gay + bx * gby;
          wxz -= ax * gaz + bx * gbz;
          wyz -= ay * gaz + by * gbz;
        }
      }
    }
    const virial = new Float64Array([wxx, wxy, wxz, wxy, wyy, wyz, wxz, wyz, wzz]);
    return eAtom === null ? { energy, forces: f, virial } : { energy, forces: f, virial, perAtomEnergies: eAtom };
  }
}
