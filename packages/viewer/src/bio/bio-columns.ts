/**
 * The biomolecular per-atom columns that `@equitensor/io`'s PDB and PQR readers fill (atom name, residue name
 * and number, chain), read from a structure's `arrays` when present, and the per-atom charges.
 */
import type { Structure } from '@equitensor/io';
import { BIO_ARRAYS } from '@equitensor/io';

/** Per-atom biomolecular labels of a structure (each column undefined when the file has none). */
export interface BioColumns {
  readonly atomNames?: readonly string[];
  readonly residueNames?: readonly string[];
  readonly residueNumbers?: Int32Array;
  readonly chainIds?: readonly string[];
}

function strings(structure: Pick<Structure, 'arrays'>, name: string): readonly string[] | undefined {
  const a = structure.arrays[name];
  return a?.type === 'S' && a.width === 1 ? a.data : undefined;
}

/**
 * The atom names, residue names and numbers and chains of a PDB/PQR structure (blank codes are `.`).
 *
 * @example
 * ```ts
 * const { residueNames, chainIds } = bioColumns(parsePdb(text)[0]!);
 * residueNames?.[0]; // 'MET'
 * ```
 */
export function bioColumns(structure: Pick<Structure, 'arrays'>): BioColumns {
  const numbers = structure.arrays[BIO_ARRAYS.residueNumbers];
  const residueNumbers = numbers?.type === 'I' && numbers.width === 1 ? numbers.data : undefined;
  const atomNames = strings(structure, BIO_ARRAYS.atomNames);
  const residueNames = strings(structure, BIO_ARRAYS.residueNames);
  const chainIds = strings(structure, BIO_ARRAYS.chainIds);
  return {
    ...(atomNames ? { atomNames } : {}),
    ...(residueNames ? { residueNames } : {}),
    ...(residueNumbers ? { residueNumbers } : {}),
    ...(chainIds ? { chainIds } : {}),
  };
}

/**
 * The per-atom charges (e) of a structure: `charges` (PQR, extxyz) or `initial_charges` (ASE), if any.
 *
 * @example
 * ```ts
 * atomCharges(parsePqr(text)[0]!)?.[0]; // 0.1414
 * ```
 */
export function atomCharges(structure: Pick<Structure, 'arrays'>): Float64Array | undefined {
  for (const key of ['charges', 'initial_charges']) {
    const column = structure.arrays[key];
    if (column?.type === 'R' && column.width === 1) return column.data;
  }
  return undefined;
}
