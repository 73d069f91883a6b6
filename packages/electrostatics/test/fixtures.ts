import { parseExtxyz, parsePqr, type Structure } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';

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
