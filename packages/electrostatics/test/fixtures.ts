import { COULOMB_CONSTANT, parseExtxyz, parsePqr, type Structure } from '@equitensor/io';
import { readFixtureText, SeededRng } from '@equitensor/testing';
import { directCoulomb, rangeSeparatedCoulomb } from '../src/index.ts';

/** A structure from the shared data with its charges pulled out. */
export interface ChargedSystem {
  readonly structure: Structure;
  readonly positions: Float64Array;
  readonly charges: Float64Array;
  readonly cell: Float64Array | null;
}

/** The first frame of a shared extxyz or PQR file that carries a `charges` column. */
export function loadCharged(relative: string): ChargedSystem {
  const text = readFixtureText(relative);
  const frames = relative.endsWith('.pqr') ? parsePqr(text, { fileName: relative }) : parseExtxyz(text, { fileName: relative });
  const structure = frames[0]!;
  const charges = structure.arrays.charges;
  if (charges === undefined || charges.type !== 'R') throw new Error(`${relative} has no real charges array`);
  return { structure, positions: structure.positions, charges: charges.data, cell: structure.cell };
}

/** The charged system of a shared file, its direct-summation Coulomb result and the range-separated (RS) one at accuracy δ. */
export function rangeSeparatedAndDirect(relative: string, accuracy: number) {
  const protein = loadCharged(relative);
  const direct = directCoulomb(protein.positions, protein.charges);
  const rs = rangeSeparatedCoulomb(protein.positions, protein.charges, { accuracy });
  return { protein, direct, rs };
}

/** RMS over atoms of |F − F_exact| divided by k_e (eV/Å per e²/Å²): the relative RMS force error δ is defined by. */
export function rmsForceError(forces: Float64Array, exact: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < exact.length; i++) sum += (forces[i]! - exact[i]!) ** 2;
  return Math.sqrt(sum / (exact.length / 3)) / COULOMB_CONSTANT;
}

/**
 * `n` random ±charges (|q| in [0.5, 1.5]) in a 12 Å cube, seeded; atoms 0 and 1 are uncharged corners at (−1, −1, −1)
 * and (13, 13, 13) that pin the bounding box, so displacing a charge never moves a mesh laid over it.
 */
export function pinnedCluster(seed: number, n: number): { positions: Float64Array; charges: Float64Array } {
  const rng = new SeededRng(seed);
  const positions = Float64Array.from({ length: 3 * n }, () => 12 * rng.uniform());
  const charges = Float64Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * (0.5 + rng.uniform()));
  positions.set([-1, -1, -1], 0);
  positions.set([13, 13, 13], 3);
  charges[0] = 0;
  charges[1] = 0;
  return { positions, charges };
}

/**
 * Eight ions of a rock-salt 2×2×2 cube (2.82 Å) rattled by up to 0.05 Å: every pair distance distinct, the body
 * diagonals (≈ 4.9 Å) beyond a 4 Å split radius, the others within it.
 */
export function rattledRockSaltCluster(): { positions: Float64Array; charges: Float64Array } {
  const positions = new Float64Array([
    0, 0, 0, 2.82, 0, 0, 0, 2.82, 0, 0, 0, 2.82, 2.82, 2.82, 0, 2.82, 0, 2.82, 0, 2.82, 2.82, 2.82, 2.82, 2.82,
  ]).map((v, i) => v + 0.05 * Math.sin(7 * i));
  return { positions, charges: new Float64Array([1, -1, -1, -1, 1, 1, 1, -1]) };
}

/** Max over components of |F − F_exact| divided by max |F_exact| (per-atom norm). */
export function forceError(forces: Float64Array, exact: Float64Array): number {
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < exact.length / 3; i++) {
    scale = Math.max(scale, Math.hypot(exact[3 * i]!, exact[3 * i + 1]!, exact[3 * i + 2]!));
  }
  for (let i = 0; i < exact.length; i++) worst = Math.max(worst, Math.abs(forces[i]! - exact[i]!));
  return worst / scale;
}

/** Largest |a_i|. */
export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/** Largest |a_i − b_i|. */
export function maxDifference(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/**
 * Madelung constants M of the shared conventional crystals, referred to the nearest-neighbour distance r₀ =
 * `nearest(a)` of the lattice constant a, and the ions' charge q in the file: E = −M q² N_pairs / r₀ in Gaussian
 * units (k_e = 1).
 */
export const MADELUNG_CASES = [
  { file: 'crystals/NaCl_conventional.xyz', constant: 1.747564594633, nearest: (a: number) => a / 2, charge: 1 },
  { file: 'crystals/CsCl_conventional.xyz', constant: 1.762674773071, nearest: (a: number) => (a * Math.sqrt(3)) / 2, charge: 1 },
  { file: 'crystals/ZnS_conventional.xyz', constant: 1.638055053389, nearest: (a: number) => (a * Math.sqrt(3)) / 4, charge: 2 },
] as const;

/** n charges (±1.2, or +1.2/−0.8 with net charge unless `neutral`) at seeded uniform positions in a triclinic cell. */
export function triclinicSystem(n: number, seed: number, neutral = false) {
  const rng = new SeededRng(seed);
  const cell = new Float64Array([7.1, 0, 0, 1.3, 6.4, 0, -0.9, 1.1, 7.7]);
  const positions = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const s = [rng.uniform(), rng.uniform(), rng.uniform()];
    for (let d = 0; d < 3; d++) positions[3 * i + d] = s[0]! * cell[d]! + s[1]! * cell[3 + d]! + s[2]! * cell[6 + d]!;
  }
  const charges = new Float64Array(n).map((_, i) => (i % 2 === 0 ? 1.2 : neutral ? -1.2 : -0.8));
  return { cell, positions, charges };
}

/** |v_i − v_j| for the 3-vectors i and j of a flat array (positions, forces): Math.hypot of the three differences. */
export function distance(v: Float64Array, i: number, j: number): number {
  return Math.hypot(v[3 * i]! - v[3 * j]!, v[3 * i + 1]! - v[3 * j + 1]!, v[3 * i + 2]! - v[3 * j + 2]!);
}
