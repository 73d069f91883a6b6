import type { ErfcTable } from '@equitensor/electrostatics';
import type { NeighborList } from '../neighbor-list.ts';
import type { BornPairTerms } from './born-mayer-huggins.ts';
import type { ExpTable } from './exp-table.ts';
import { PlainPairArrays } from './plain-arrays.ts';
import { virialFromForces } from './virial.ts';

/**
 * The Coulomb part of {@link sumIonicPairs}: PME's real-space pair k_e q_i q_j erfc(αr)/r below r_c, read from an
 * `ErfcTable`.
 *
 * @example
 * ```ts
 * const coulomb: RealSpaceCoulomb = { charges, scale: 14.399645478, cutoff2: 10 ** 2, table: new ErfcTable(0.3, 10, 1e-5) };
 * ```
 */
export interface RealSpaceCoulomb {
  readonly charges: Float64Array;
  /** k_e (eV·Å). */
  readonly scale: number;
  /** r_c² (Å²). */
  readonly cutoff2: number;
  readonly table: ErfcTable;
}

/**
 * Born-Mayer-Huggins pair `row` of {@link BornPairTerms} (its `params` and `exps`) at distance r (r² given too): φ = A e^{(σ−r)/ρ} − C/r⁶ + D/r⁸ −
 * shift into `out[0]` and −φ'/r = (A/ρ) e^{(σ−r)/ρ}/r − 6C/r⁸ + 8D/r¹⁰ into `out[1]`.
 *
 * @example
 * ```ts
 * const out = new Float64Array(2);
 * bornPairInto(terms.params, terms.exps, row, 3, 9, out);
 * ```
 */
export function bornPairInto(params: Float64Array, exps: readonly ExpTable[], row: number, r: number, r2: number, out: Float64Array): void {
  const o = 5 * row;
  const ir2 = 1 / r2;
  const ir6 = ir2 * ir2 * ir2;
  const rexp = (exps[row] as ExpTable).at(r);
  const c6 = (params[o + 2] as number) * ir6;
  const d8 = (params[o + 3] as number) * ir6 * ir2;
  out[0] = rexp - c6 + d8 - (params[o + 4] as number);
  out[1] = (rexp * (params[o + 1] as number)) / r + (8 * d8 - 6 * c6) * ir2;
}

const plain = new PlainPairArrays();

/**
 * The one pair walk of the ionic pair terms over a half neighbour list: the real-space PME Coulomb pair (`coulomb`),
 * the Born-Mayer-Huggins pair of each species pair (`born`, also Buckingham's), or both in one pass (LAMMPS'
 * `born/coul/long`). Forces go into `forces` (length 3N, zeroed by the caller: `virialFromForces` reads them as the
 * forces of these pairs alone), per-atom halves into `perAtom`; returns the energy and LAMMPS' f·r virial.
 * `BornMayerHuggins` calls it with `coulomb` null, `CoulombPme` with `born` null unless it has a `shortRange` term.
 * Positions, charges and the force sums live in plain arrays during the walk ({@link PlainPairArrays}).
 *
 * @example
 * ```ts
 * const { energy, virial } = sumIonicPairs(list, atoms.positions, null, born.pairTerms(atoms.numbers), forces, null);
 * ```
 */
export function sumIonicPairs(
  list: NeighborList,
  x: Float64Array,
  coulomb: RealSpaceCoulomb | null,
  born: BornPairTerms | null,
  forces: Float64Array,
  perAtom: Float64Array | null,
): { energy: number; virial: Float64Array } {
  const n = x.length / 3;
  plain.load(x, coulomb?.charges ?? null);
  const f = plain.f;
  const xs = plain.x;
  const start = list.start,
    mid = list.mid,
    nbr = list.neighbors,
    img = list.images,
    S = list.shifts;
  const charges = coulomb === null ? null : plain.q;
  const k = coulomb?.scale ?? 0;
  const rc2 = coulomb?.cutoff2 ?? Number.POSITIVE_INFINITY;
  const table = coulomb?.table ?? null;
  // ErfcTable.valuesInto inlined (same operations, same bits) on its plain-array coefficients, and int32 index
  // arithmetic (`| 0`, `<< 3`, o | k on 8-aligned o) that V8 compiles without overflow checks: ~20 % of the walk
  const coef = table === null ? [] : table.coefficientList;
  const r0 = table === null ? 0 : table.start;
  const r02 = r0 * r0;
  const inverseSpacing = table === null ? 0 : table.inverseSpacing;
  const types = born?.types ?? null;
  const typeCount = born?.typeCount ?? 0;
  const pairIndex = born?.pairIndex ?? null;
  const bc2 = born?.cutoff2 ?? null;
  const bornParams = born?.params ?? null;
  const exps = born?.exps ?? null;
  const kernel = new Float64Array(2);
  const short = new Float64Array(2);
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
  // Deliberate hot-loop specialisation of pair-loop.ts' `sumPairs` (kept for one-species kernels without a row lookup
  // or a table): the pair functions are called on concrete classes (inlined), the zero-image pairs (most of them) skip
  // the shift and the S ⊗ f virial term.
  for (let i = 0; i < n; i++) {
    const qi = charges === null ? 0 : k * (charges[i] as number);
    if (qi === 0 && born === null) continue;
    const i3 = 3 * i;
    const xi = xs[i3] as number,
      yi = xs[i3 + 1] as number,
      zi = xs[i3 + 2] as number;
    let fxi = 0,
      fyi = 0,
      fzi = 0,
      ei = 0;
    const rowBase = types === null ? 0 : (types[i] as number) * typeCount;
    const m = mid[i] as number;
    const end = start[i + 1] as number;
    for (let e = start[i] as number; e < end; e++) {
      const j = nbr[e] as number;
      const j3 = (3 * j) | 0;
      let shx = 0,
        shy = 0,
        shz = 0;
      if (e >= m) {
        // image neighbour: displacement x_j + S − x_i
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
      let row = -1;
      if (types !== null) {
        row = (pairIndex as Int32Array)[rowBase + (types[j] as number)] as number;
        if (r2 >= ((bc2 as Float64Array)[row] as number)) row = -1;
      }
      if (charges === null && row < 0) continue;
      const r = Math.sqrt(r2);
      let pair = 0;
      let fpair = 0;
      if (charges !== null) {
        const qq = qi * (charges[j] as number);
        if (r2 >= r02) {
          const u = (r - r0) * inverseSpacing;
          const slot = u | 0;
          const t = u - slot;
          const o = slot << 3;
          pair = qq * ((coef[o] as number) + t * ((coef[o | 1] as number) + t * ((coef[o | 2] as number) + t * (coef[o | 3] as number))));
          fpair =
            qq * ((coef[o | 4] as number) + t * ((coef[o | 5] as number) + t * ((coef[o | 6] as number) + t * (coef[o | 7] as number))));
        } else {
          (table as ErfcTable).exactInto(r, kernel);
          pair = qq * (kernel[0] as number);
          fpair = qq * (kernel[1] as number);
        }
      }
      if (row >= 0) {
        bornPairInto(bornParams as Float64Array, exps as readonly ExpTable[], row, r, r2, short);
        pair += short[0] as number;
        fpair += short[1] as number;
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
