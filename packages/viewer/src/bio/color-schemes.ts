/**
 * Per-atom colouring schemes: by element (Jmol colours), chain (a palette in order of first appearance), residue
 * (RasMol's "amino" colours), charge (Moreland's cool-warm map, negative red, positive blue, on ±the largest
 * |q|) and an MLIP's extrapolation grade (the same map, γ = 0 blue to γ ≥ 2 red), and the dimming of atoms outside a
 * selection.
 */
import type { Structure } from '@equitensor/io';
import { elementColors } from '../atoms/element-style.ts';
import { coolWarm, type Rgb } from '../colormap.ts';
import { atomCharges, bioColumns } from './bio-columns.ts';

/** How atoms are coloured. */
export type ColorScheme = 'element' | 'chain' | 'residue' | 'charge' | 'grade';

/** Every colouring scheme, in menu order. */
export const COLOR_SCHEMES: readonly ColorScheme[] = ['element', 'chain', 'residue', 'charge', 'grade'];

/**
 * The grade at the warm end of the `grade` colouring: γ = 0 is blue, γ = 1 (the largest grade of a training atom, the
 * edge of the training data) the map's neutral middle, γ ≥ GRADE_COLOR_MAX red.
 *
 * @example
 * ```ts
 * schemeColors(frame, 'grade'); // arrays.grade: 0 → blue, 1 → grey-white, ≥ 2 → red
 * ```
 */
export const GRADE_COLOR_MAX = 2;

/** The per-atom extrapolation grades of a structure (its `grade` column, as the app's MLIP runs send them), if any. */
function atomGrades(structure: Pick<Structure, 'arrays'>): Float64Array | undefined {
  const g = structure.arrays.grade;
  return g && g.type === 'R' && g.width === 1 ? (g.data as Float64Array) : undefined;
}

/** Chain colours (sRGB 0–1), cycled in order of first appearance: a 10-colour qualitative palette (Tableau 10). */
export const CHAIN_PALETTE: readonly Rgb[] = [
  [0.306, 0.475, 0.655],
  [0.949, 0.557, 0.169],
  [0.882, 0.341, 0.349],
  [0.463, 0.718, 0.698],
  [0.349, 0.631, 0.31],
  [0.929, 0.788, 0.282],
  [0.69, 0.478, 0.631],
  [1, 0.616, 0.655],
  [0.612, 0.459, 0.373],
  [0.729, 0.69, 0.675],
];

const hex = (v: number): Rgb => [((v >> 16) & 255) / 255, ((v >> 8) & 255) / 255, (v & 255) / 255];

/** RasMol's "amino" colours by residue (http://www.openrasmol.org/doc/rasmol.html#aminocolours). */
const AMINO: Record<string, number> = {
  ASP: 0xe60a0a,
  GLU: 0xe60a0a,
  CYS: 0xe6e600,
  MET: 0xe6e600,
  LYS: 0x145aff,
  ARG: 0x145aff,
  SER: 0xfa9600,
  THR: 0xfa9600,
  PHE: 0x3232aa,
  TYR: 0x3232aa,
  ASN: 0x00dcdc,
  GLN: 0x00dcdc,
  GLY: 0xebebeb,
  LEU: 0x0f820f,
  VAL: 0x0f820f,
  ILE: 0x0f820f,
  ALA: 0xc8c8c8,
  TRP: 0xb45ab4,
  HIS: 0x8282d2,
  PRO: 0xdc9682,
};
/** RasMol's colour of any other residue. */
const OTHER_RESIDUE = 0xbea06e;
/** Protonation-state names that force fields and PDB2PQR write, to their standard residue. */
const ALIASES: Record<string, string> = {
  HSD: 'HIS',
  HSE: 'HIS',
  HSP: 'HIS',
  HID: 'HIS',
  HIE: 'HIS',
  HIP: 'HIS',
  CYX: 'CYS',
  CYM: 'CYS',
  ASH: 'ASP',
  GLH: 'GLU',
  LYN: 'LYS',
};

/**
 * The RasMol "amino" colour of a residue name (protonation variants such as HSD, CYX map to their residue).
 *
 * @example
 * ```ts
 * residueColor('ASP'); // [0.902, 0.039, 0.039]
 * ```
 */
export function residueColor(name: string): Rgb {
  const upper = name.toUpperCase();
  return hex(AMINO[ALIASES[upper] ?? upper] ?? OTHER_RESIDUE);
}

/**
 * The schemes a structure can be coloured by: element always; chain and residue with PDB/PQR columns; charge
 * with per-atom charges.
 *
 * @example
 * ```ts
 * availableSchemes(parsePqr(text)[0]!); // ["element", "residue", "charge"] (no chain column)
 * ```
 */
export function availableSchemes(structure: Pick<Structure, 'arrays'>): ColorScheme[] {
  const bio = bioColumns(structure);
  const out: ColorScheme[] = ['element'];
  if (bio.chainIds) out.push('chain');
  if (bio.residueNames) out.push('residue');
  if (atomCharges(structure)) out.push('charge');
  if (atomGrades(structure)) out.push('grade');
  return out;
}

/**
 * Per-atom colours (sRGB 0–1, 3 per atom) of a structure in a scheme. Throws a RangeError naming what is missing
 * when the structure cannot be coloured that way (see {@link availableSchemes}).
 *
 * @example
 * ```ts
 * const rgb = schemeColors(protein, 'chain'); // chain A blue, B orange, …
 * ```
 */
export function schemeColors(
  structure: Pick<Structure, 'numbers' | 'arrays'>,
  scheme: ColorScheme,
  out: Float32Array = new Float32Array(3 * structure.numbers.length),
): Float32Array {
  const n = structure.numbers.length;
  if (scheme === 'element') return elementColors(structure.numbers, out);
  const put = (i: number, c: Rgb): void => {
    out[3 * i] = c[0];
    out[3 * i + 1] = c[1];
    out[3 * i + 2] = c[2];
  };
  if (scheme === 'chain') {
    const chains = bioColumns(structure).chainIds;
    if (!chains) throw new RangeError('colour by chain: the structure has no chain identifiers (a PDB or PQR file has)');
    const order = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const id = chains[i]!;
      if (!order.has(id)) order.set(id, order.size);
      put(i, CHAIN_PALETTE[order.get(id)! % CHAIN_PALETTE.length]!);
    }
    return out;
  }
  if (scheme === 'residue') {
    const names = bioColumns(structure).residueNames;
    if (!names) throw new RangeError('colour by residue: the structure has no residue names (a PDB or PQR file has)');
    for (let i = 0; i < n; i++) put(i, residueColor(names[i]!));
    return out;
  }
  if (scheme === 'grade') {
    const grades = atomGrades(structure);
    if (!grades) throw new RangeError('colour by grade: no extrapolation grades (MD with an MLIP fitted with a committee has them)');
    const c: Rgb = [0, 0, 0];
    for (let i = 0; i < n; i++) put(i, coolWarm((grades[i] as number) / GRADE_COLOR_MAX, c));
    return out;
  }
  const charges = atomCharges(structure);
  if (!charges) throw new RangeError('colour by charge: the structure has no per-atom charges (PQR, or extxyz with charges)');
  let limit = 0;
  for (let i = 0; i < n; i++) limit = Math.max(limit, Math.abs(charges[i]!));
  const c: Rgb = [0, 0, 0];
  // negative red, positive blue (the electrostatics convention): coolWarm runs blue (0) to red (1)
  for (let i = 0; i < n; i++) put(i, coolWarm(limit > 0 ? 0.5 - (0.5 * charges[i]!) / limit : 0.5, c));
  return out;
}

/** Grey that unselected atoms fade towards. */
const DIM_GREY = 0.35;
/** Fraction of an unselected atom's own colour that stays. */
const DIM_KEEP = 0.25;

/**
 * Fade the colours of atoms outside a selection (`mask[i] = 0`) towards grey, in place.
 *
 * @example
 * ```ts
 * dimUnselected(colors, selectAtoms(protein, 'chain A'));
 * ```
 */
export function dimUnselected(colors: Float32Array, mask: Uint8Array): Float32Array {
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) continue;
    for (let c = 0; c < 3; c++) colors[3 * i + c] = DIM_KEEP * colors[3 * i + c]! + (1 - DIM_KEEP) * DIM_GREY;
  }
  return colors;
}
