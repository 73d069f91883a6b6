/**
 * The cartoon of an opened protein (the work of `cartoon.worker.ts`, a pure function so Node tests run it):
 * residues, secondary structure (the file's HELIX/SHEET records, else DSSP's rules on the backbone) and the ribbon
 * mesh, all from `@equitensor/viewer`. The app asks for it as soon as a protein is shown, so that ticking "Cartoon"
 * only hands the finished mesh to the viewer.
 */
import { BIO_ARRAYS, type Structure } from '@equitensor/io';
import {
  cartoonMesh,
  computeSecondaryStructure,
  recordedSecondaryStructure,
  residuesOf,
  SECONDARY_STRUCTURE_COLORS,
} from '@equitensor/viewer';

/** What the cartoon needs of a structure: its atoms, the residue columns and the HELIX/SHEET records. */
export type CartoonInput = Pick<Structure, 'numbers' | 'positions' | 'arrays' | 'info'>;

/** What the cartoon worker is asked. */
export interface CartoonRequest {
  readonly type: 'cartoon';
  readonly id: number;
  readonly structure: CartoonInput;
}

/** The ribbon mesh and what it shows. */
export interface CartoonResult {
  readonly type: 'cartoon';
  readonly id: number;
  readonly positions: Float32Array;
  readonly normals: Float32Array;
  /** sRGB 0–1, 3 per vertex (the secondary structure's colours). */
  readonly colors: Float32Array;
  readonly indices: Uint32Array;
  readonly residues: number;
  readonly helix: number;
  readonly strand: number;
  /** Where the secondary structure came from. */
  readonly source: 'HELIX/SHEET records' | 'computed (DSSP rules)';
  /** Time from the structure to the mesh, ms. */
  readonly ms: number;
}

/** The cartoon worker's answer when the structure has no cartoon (no protein residues) or the work failed. */
export interface CartoonError {
  readonly type: 'cartoon-error';
  readonly id: number;
  readonly message: string;
}

const CARTOON_COLUMNS = [
  BIO_ARRAYS.atomNames,
  BIO_ARRAYS.residueNames,
  BIO_ARRAYS.residueNumbers,
  BIO_ARRAYS.chainIds,
  BIO_ARRAYS.insertionCodes,
] as const;

/**
 * The part of `structure` the cartoon reads (the residue columns and the HELIX/SHEET records), to post to the worker
 * without copying its other columns.
 *
 * @example
 * ```ts
 * worker.postMessage({ type: 'cartoon', id: 1, structure: cartoonInput(protein) });
 * ```
 */
export function cartoonInput(structure: Structure): CartoonInput {
  const arrays: Record<string, Structure['arrays'][string]> = {};
  for (const name of CARTOON_COLUMNS) {
    const column = structure.arrays[name];
    if (column) arrays[name] = column;
  }
  const info: Record<string, Structure['info'][string]> = {};
  for (const key of ['helices', 'sheets']) if (structure.info[key] !== undefined) info[key] = structure.info[key]!;
  return { numbers: structure.numbers, positions: structure.positions, arrays, info };
}

/**
 * The cartoon of `request.structure`; throws a RangeError when it has no protein residues (atom names with Cα atoms).
 *
 * @example
 * ```ts
 * const cartoon = computeCartoon({ type: 'cartoon', id: 1, structure: cartoonInput(protein) });
 * viewer.setCartoon(cartoon); // positions, normals, colors, indices
 * ```
 */
export function computeCartoon(request: CartoonRequest): CartoonResult {
  const started = performance.now();
  const { structure } = request;
  const residues = residuesOf(structure);
  if (residues.length < 2)
    throw new RangeError('Cartoon: the structure has no protein residues (atom names with Cα atoms, as in a PDB or PQR file)');
  const recorded = recordedSecondaryStructure(structure, residues);
  const ss = recorded ?? computeSecondaryStructure(structure.positions, residues);
  const mesh = cartoonMesh(
    structure.positions,
    residues,
    ss,
    ss.map((s) => SECONDARY_STRUCTURE_COLORS[s]),
  );
  let helix = 0;
  let strand = 0;
  for (const s of ss) {
    if (s === 'H') helix++;
    else if (s === 'E') strand++;
  }
  return {
    type: 'cartoon',
    id: request.id,
    positions: mesh.positions,
    normals: mesh.normals,
    colors: mesh.colors,
    indices: mesh.indices,
    residues: residues.length,
    helix,
    strand,
    source: recorded ? 'HELIX/SHEET records' : 'computed (DSSP rules)',
    ms: performance.now() - started,
  };
}
