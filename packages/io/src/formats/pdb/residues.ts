import { atomicNumberAnyCase } from '../../elements/elements.ts';

/**
 * Names of the per-atom arrays that PDB and PQR files fill (shared so PDB ↔ PQR conversion keeps them).
 * Blank PDB fields (chain, insertion code, alternate location) are stored as `.` (mmCIF's "inapplicable"),
 * so they survive formats that cannot hold empty strings (extxyz).
 *
 * @example
 * ```ts
 * const [protein] = parsePqr(text);
 * protein.arrays[BIO_ARRAYS.residueNames].data; // ['MET', 'MET', …]
 * ```
 */
export const BIO_ARRAYS = {
  serials: 'serials',
  atomNames: 'atomNames',
  altLocs: 'altLocs',
  residueNames: 'residueNames',
  chainIds: 'chainIds',
  residueNumbers: 'residueNumbers',
  insertionCodes: 'insertionCodes',
  hetero: 'hetero',
  occupancies: 'occupancies',
  bfactors: 'bfactors',
  segmentIds: 'segmentIds',
  formalCharges: 'formalCharges',
  charges: 'charges',
  radii: 'radii',
} as const;

/** The value stored for a blank chain / insertion code / alternate location. */
export const BLANK = '.';

/** A stored code back to its file form: `.` and `''` are blank. @internal */
export function fromBlank(code: string | undefined): string {
  return code === undefined || code === BLANK ? '' : code;
}

/** A file field to its stored form: blank becomes `.`. @internal */
export function toBlank(field: string): string {
  const t = field.trim();
  return t.length === 0 ? BLANK : t;
}

/**
 * The element of a PDB/PQR atom from its name and residue, when the file has no element column.
 * `nameField` is the 4-character PDB name field when known (alignment carries meaning: a two-letter element
 * starts in the first column, as "FE  " or "CA  " for calcium, in HETATM records; one-letter elements start
 * in the second, as " CA " for an alpha carbon). Ions whose residue is their own name (CA/CA, ZN/ZN, NA/NA, CL/CL) are
 * recognised in both. Otherwise the first letter of the name (after leading digits) is the element.
 * Returns 0 when nothing matches.
 * @internal
 */
export function inferElement(name: string, residueName: string, nameField?: string, hetero = false): number {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 0;
  if (trimmed.toUpperCase() === residueName.trim().toUpperCase()) {
    const ion = atomicNumberAnyCase(trimmed.replace(/[^A-Za-z]/g, ''));
    if (ion !== undefined) return ion;
  }
  // a two-letter element from the name's alignment only for HETATM records (ions, metals in ligands):
  // in ATOM records left-aligned names such as "HG1 " are hydrogens, not mercury
  if (nameField !== undefined && nameField.length >= 2 && hetero) {
    const first = nameField[0]!;
    if (/[A-Za-z]/.test(first) && /[A-Za-z]/.test(nameField[1]!) && trimmed.length < 4) {
      const two = atomicNumberAnyCase(nameField.slice(0, 2));
      if (two !== undefined) return two;
    }
  }
  const letters = trimmed.replace(/^[0-9]+/, '');
  const one = atomicNumberAnyCase(letters.slice(0, 1));
  return one ?? 0;
}
