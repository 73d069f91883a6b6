import { erfc } from '@equitensor/electrostatics';
import type { NeighborList } from '../neighbor-list.ts';
import type { BornPairTerms } from './born-mayer-huggins.ts';
import { PlainPairArrays } from './plain-arrays.ts';
import { virialFromForces } from './virial.ts';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** What {@link IonicPairTable.build} tabulates: PME's real-space Coulomb pair and an optional Born/Buckingham term. */
export interface IonicPairTableSpec {
  /** The charge (e) of each species (see {@link speciesCharges}). */
  readonly speciesCharge: Float64Array;
  /** Born-Mayer-Huggins rows (`BornPairTerms`), or null for Coulomb alone. */
  readonly born: BornPairTerms | null;
  /** Ewald splitting α (1/Å), real-space cutoff r_c (Å), k_e (eV·Å). */
  readonly alpha: number;
  readonly cutoff: number;
  readonly coulombConstant: number;
  /** Relative force accuracy δ of the PME sum: the table's error stays below 10⁻³ δ (as `ErfcTable`'s). */
  readonly accuracy: number;
}

/**
 * The charge of each species when every atom of a species carries the same one (species without atoms: 0), else null.
 *
 * @example
 * ```ts
 * speciesCharges(Float64Array.of(1, -1, 1), Int32Array.of(0, 1, 0), 2); // [1, −1]
 * ```
 */
export function speciesCharges(charges: Float64Array, types: Int32Array, typeCount: number): Float64Array | null {
  const q = new Float64Array(typeCount).fill(Number.NaN);
  for (let i = 0; i < types.length; i++) {
    const s = types[i] as number;
    const c = charges[i] as number;
    if (Number.isNaN(q[s] as number)) q[s] = c;
    else if (q[s] !== c) return null;
  }
  for (let s = 0; s < typeCount; s++) if (Number.isNaN(q[s] as number)) q[s] = 0;
  return q;
}

/**
 * The whole real-space pair function of an ionic system per species pair, as one cubic-Hermite table in r:
 * φ_ab(r) = k_e q_a q_b erfc(αr)/r + φ_Born,ab(r) (below the Born cutoff) and F_ab(r) = −φ'_ab(r)/r, so a pair
 * costs one table lookup (no charge product, no exponential, no powers of 1/r) — LAMMPS' `born/coul/long` with its
 * Coulomb table, but with the Born term folded in. It applies when every atom of a species carries the same charge
 * (the usual ionic model) and all Born cutoffs are equal (placed on a node, so the truncation stays sharp).
 * Spacing h = r₀(10⁻³δ)^{1/4} with r₀ = 1 Å, as `ErfcTable`; after building, every interval's midpoint is checked
 * against the exact functions (energy within 10⁻³ δ k_e/r, force factor within 10⁻³ δ k_e/r³, the bound
 * `ErfcTable` keeps for a unit-charge pair), and a species pair whose steep Born/dispersion terms miss it at short
 * range is evaluated exactly below the last failing interval (`exactBelow`), where such pairs never come in practice.
 *
 * @example
 * ```ts
 * const terms = born.pairTerms(numbers);
 * const speciesCharge = speciesCharges(charges, terms.types, terms.typeCount); // null: a species with two charges
 * const table = IonicPairTable.build({ speciesCharge, born: terms, alpha: 0.31, cutoff: 10, coulombConstant: 14.399645478, accuracy: 1e-5 });
 * if (table !== null) sumTabulatedPairs(list, positions, types, table, forces, null);
 * ```
 */
export class IonicPairTable {
  readonly start = 1;
  readonly spacing: number;
  readonly inverseSpacing: number;
  readonly cutoff2: number;
  readonly typeCount: number;
  /** Per ordered species pair (a·typeCount + b): offset of its coefficient block. */
  readonly rowOffset: Int32Array;
  /** Per ordered species pair: r² below which the pair is evaluated exactly ({@link IonicPairTable.exactInto}). */
  readonly exactBelow2: Float64Array;
  /** Per interval 8 coefficients: φ then F, cubic in t = (r − r_k)/h. */
  readonly coefficients: Float64Array;
  /**
   * {@link IonicPairTable.coefficients} as a plain array of doubles for the pair loop (as `ErfcTable.coefficientList`:
   * V8 reads it more cheaply than a Float64Array).
   */
  readonly coefficientList: number[];
  /** The charge of each species the table was built for. */
  readonly speciesCharge: Float64Array;
  private readonly spec: IonicPairTableSpec;
  private readonly bornCutoff: number;

  private constructor(spec: IonicPairTableSpec, bornCutoff: number) {
    this.spec = spec;
    this.speciesCharge = spec.speciesCharge;
    this.bornCutoff = bornCutoff;
    this.typeCount = spec.speciesCharge.length;
    this.cutoff2 = spec.cutoff * spec.cutoff;
    const target = Math.max(1e-4, this.start * (1e-3 * spec.accuracy) ** 0.25);
    // the Born cutoff (when inside the table) falls on a node
    const anchor = Math.min(bornCutoff, spec.cutoff);
    const inner = Math.ceil((anchor - this.start) / target);
    this.spacing = (anchor - this.start) / inner;
    this.inverseSpacing = 1 / this.spacing;
    const intervals = Math.ceil((spec.cutoff - this.start) / this.spacing) + 1;
    const t = this.typeCount;
    this.rowOffset = new Int32Array(t * t);
    this.exactBelow2 = new Float64Array(t * t);
    // one block per unordered species pair (φ_ab = φ_ba): a smaller table stays in cache
    this.coefficients = new Float64Array((8 * intervals * t * (t + 1)) / 2);
    const h = this.spacing;
    const out = new Float64Array(4);
    const mid = new Float64Array(4);
    for (let a = 0; a < t; a++) {
      for (let b = a; b < t; b++) {
        const row = a * t + b;
        const base = 8 * intervals * (a * t - (a * (a - 1)) / 2 + (b - a));
        this.rowOffset[row] = base;
        this.rowOffset[b * t + a] = base;
        let exactBelow = this.start;
        for (let k = 0; k < intervals; k++) {
          const r0 = this.start + k * h;
          const r1 = r0 + h;
          const withBorn = r1 <= bornCutoff * (1 + 1e-12);
          this.evaluate(a, b, r0, withBorn, out);
          const [e0, d0, f0, g0] = [out[0] as number, out[1] as number, out[2] as number, out[3] as number];
          this.evaluate(a, b, r1, withBorn, out);
          const [e1, d1, f1, g1] = [out[0] as number, out[1] as number, out[2] as number, out[3] as number];
          const o = base + 8 * k;
          const c = this.coefficients;
          c[o] = e0;
          c[o + 1] = h * d0;
          c[o + 2] = 3 * (e1 - e0) - h * (2 * d0 + d1);
          c[o + 3] = 2 * (e0 - e1) + h * (d0 + d1);
          c[o + 4] = f0;
          c[o + 5] = h * g0;
          c[o + 6] = 3 * (f1 - f0) - h * (2 * g0 + g1);
          c[o + 7] = 2 * (f0 - f1) + h * (g0 + g1);
          // midpoint check against the exact functions
          const rm = r0 + 0.5 * h;
          this.evaluate(a, b, rm, withBorn, mid);
          const te = (c[o] as number) + 0.5 * ((c[o + 1] as number) + 0.5 * ((c[o + 2] as number) + 0.5 * (c[o + 3] as number)));
          const tf = (c[o + 4] as number) + 0.5 * ((c[o + 5] as number) + 0.5 * ((c[o + 6] as number) + 0.5 * (c[o + 7] as number)));
          const scale = 1e-3 * spec.accuracy * spec.coulombConstant;
          if (Math.abs(te - (mid[0] as number)) > scale / rm || Math.abs(tf - (mid[2] as number)) > scale / rm ** 3) exactBelow = r1;
        }
        this.exactBelow2[row] = exactBelow * exactBelow;
        this.exactBelow2[b * t + a] = exactBelow * exactBelow;
      }
    }
    this.coefficientList = Array.from(this.coefficients);
  }

  /**
   * The table for `spec`, or null when it does not apply: Born cutoffs that differ between species pairs or exceed
   * r_c.
   */
  static build(spec: IonicPairTableSpec): IonicPairTable | null {
    let bornCutoff = Number.POSITIVE_INFINITY;
    const born = spec.born;
    if (born !== null) {
      const c2 = born.cutoff2[0] as number;
      for (let r = 0; r < born.cutoff2.length; r++) if (born.cutoff2[r] !== c2) return null;
      bornCutoff = Math.sqrt(c2);
      if (bornCutoff > spec.cutoff * (1 + 1e-12)) return null;
    }
    return new IonicPairTable(spec, bornCutoff);
  }

  /**
   * The exact φ(r), φ'(r), F(r), F'(r) of species pair (a, b) at r, the Born term included when `withBorn`.
   */
  private evaluate(a: number, b: number, r: number, withBorn: boolean, out: Float64Array): void {
    const { alpha, coulombConstant } = this.spec;
    const qq = coulombConstant * (this.speciesCharge[a] as number) * (this.speciesCharge[b] as number);
    const ec = erfc(alpha * r) / r;
    const g = TWO_OVER_SQRT_PI * alpha * Math.exp(-alpha * alpha * r * r);
    const fc = (ec + g) / (r * r);
    // φ = qq E, φ' = −qq F r, F' = −qq (3F + 2α² g)/r
    let e = qq * ec;
    let d = -qq * fc * r;
    let f = qq * fc;
    let df = (-qq * (3 * fc + 2 * alpha * alpha * g)) / r;
    const born = this.spec.born;
    if (born !== null && withBorn) {
      const row = born.pairIndex[a * born.typeCount + b] as number;
      const p = born.params;
      const o = 5 * row;
      const [prefactor, inverseRho, C, D, shift] = [p[o], p[o + 1], p[o + 2], p[o + 3], p[o + 4]] as number[] as [
        number,
        number,
        number,
        number,
        number,
      ];
      const x = prefactor * Math.exp(-r * inverseRho);
      const ir = 1 / r;
      const ir6 = ir ** 6;
      const ir8 = ir6 * ir * ir;
      const phi = x - C * ir6 + D * ir8 - shift;
      const d1 = -inverseRho * x + 6 * C * ir6 * ir - 8 * D * ir8 * ir;
      const d2 = inverseRho * inverseRho * x - 42 * C * ir8 + 72 * D * ir8 * ir * ir;
      e += phi;
      d += d1;
      // F = −φ'/r, F' = −φ''/r + φ'/r²
      f += -d1 * ir;
      df += -d2 * ir + d1 * ir * ir;
    }
    out[0] = e;
    out[1] = d;
    out[2] = f;
    out[3] = df;
  }

  /**
   * φ(r) into `out[0]` and F(r) into `out[1]` for species pair row `a·typeCount + b`, exactly (for pairs closer than
   * the tabulated range).
   *
   * @example
   * ```ts
   * const out = new Float64Array(4);
   * table.exactInto(1, 0.9, out);
   * ```
   */
  exactInto(row: number, r: number, out: Float64Array): void {
    const a = Math.floor(row / this.typeCount);
    this.evaluate(a, row - a * this.typeCount, r, r < this.bornCutoff, out);
    out[1] = out[2] as number;
  }
}

const plain = new PlainPairArrays();

/**
 * The ionic real-space pair sum through an {@link IonicPairTable}: Σ φ_ab(r) over the half list below r_c, forces
 * into `forces` (zeroed by the caller; `virialFromForces` reads them as these pairs' forces alone), per-atom halves
 * into `perAtom`; returns the energy and LAMMPS' f·r virial. Deliberate hot-loop specialisation of
 * `sumIonicPairs` (same walk: zero-image pairs apart from image pairs) for the common ionic model, where the pair
 * function is one table lookup; `CoulombPme` uses it whenever the table applies. Positions and force sums live in plain
 * arrays during the walk ({@link PlainPairArrays}).
 *
 * @example
 * ```ts
 * const { energy, virial } = sumTabulatedPairs(list, positions, types, table, forces, null);
 * ```
 */
export function sumTabulatedPairs(
  list: NeighborList,
  x: Float64Array,
  types: Int32Array,
  table: IonicPairTable,
  forces: Float64Array,
  perAtom: Float64Array | null,
): { energy: number; virial: Float64Array } {
  const n = x.length / 3;
  plain.load(x, null);
  const f = plain.f;
  const xs = plain.x;
  const start = list.start,
    mid = list.mid,
    nbr = list.neighbors,
    img = list.images,
    S = list.shifts;
  const rc2 = table.cutoff2;
  const c = table.coefficientList;
  const r0 = table.start;
  const inverseSpacing = table.inverseSpacing;
  const rowOffset = table.rowOffset;
  const exactBelow2 = table.exactBelow2;
  const typeCount = table.typeCount;
  const kernel = new Float64Array(4);
  let energy = 0,
    sxx = 0,
    sxy = 0,
    sxz = 0,
    syx = 0,
    syy = 0,
    syz = 0,
    szx = 0,
    szy = 0,
    szz = 0;
  for (let i = 0; i < n; i++) {
    const i3 = 3 * i;
    const xi = xs[i3] as number,
      yi = xs[i3 + 1] as number,
      zi = xs[i3 + 2] as number;
    let fxi = 0,
      fyi = 0,
      fzi = 0,
      ei = 0;
    const rowBase = (types[i] as number) * typeCount;
    const m = mid[i] as number;
    const end = start[i + 1] as number;
    for (let e = start[i] as number; e < end; e++) {
      const j = nbr[e] as number;
      const j3 = (3 * j) | 0;
      let shx = 0,
        shy = 0,
        shz = 0;
      if (e >= m) {
        const s = 3 * (img[e] as number);
        shx = S[s] as number;
        shy = S[s + 1] as number;
        shz = S[s + 2] as number;
      }
      const dx = (xs[j3] as number) + shx - xi;
      const dy = (xs[(j3 + 1) | 0] as number) + shy - yi;
      const dz = (xs[(j3 + 2) | 0] as number) + shz - zi;
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      const row = rowBase + (types[j] as number);
      const r = Math.sqrt(r2);
      let pair: number;
      let fpair: number;
      if (r2 >= (exactBelow2[row] as number)) {
        const u = (r - r0) * inverseSpacing;
        const slot = u | 0;
        const t = u - slot;
        // rowOffset and 8·slot are multiples of 8: o | k = o + k, int32 without overflow checks (as sumIonicPairs)
        const o = ((rowOffset[row] as number) + (slot << 3)) | 0;
        pair = (c[o] as number) + t * ((c[o | 1] as number) + t * ((c[o | 2] as number) + t * (c[o | 3] as number)));
        fpair = (c[o | 4] as number) + t * ((c[o | 5] as number) + t * ((c[o | 6] as number) + t * (c[o | 7] as number)));
      } else {
        table.exactInto(row, r, kernel);
        pair = kernel[0] as number;
        fpair = kernel[1] as number;
      }
      ei += pair;
      if (perAtom !== null) perAtom[j] = (perAtom[j] as number) + 0.5 * pair;
      const fx = fpair * dx,
        fy = fpair * dy,
        fz = fpair * dz;
      fxi -= fx;
      fyi -= fy;
      fzi -= fz;
      f[j3] = (f[j3] as number) + fx;
      f[(j3 + 1) | 0] = (f[(j3 + 1) | 0] as number) + fy;
      f[(j3 + 2) | 0] = (f[(j3 + 2) | 0] as number) + fz;
      if (e >= m) {
        sxx += shx * fx;
        sxy += shx * fy;
        sxz += shx * fz;
        syx += shy * fx;
        syy += shy * fy;
        syz += shy * fz;
        szx += shz * fx;
        szy += shz * fy;
        szz += shz * fz;
      }
    }
    energy += ei;
    if (perAtom !== null) perAtom[i] = (perAtom[i] as number) + 0.5 * ei;
    f[i3] = (f[i3] as number) + fxi;
    f[i3 + 1] = (f[i3 + 1] as number) + fyi;
    f[i3 + 2] = (f[i3 + 2] as number) + fzi;
  }
  plain.addForcesInto(forces);
  return { energy, virial: virialFromForces(x, forces, [sxx, sxy, sxz, syx, syy, syz, szx, szy, szz]) };
}
