/**
 * The cartoon of the shown protein: residues and secondary structure (the file's HELIX/SHEET records, else DSSP's
 * rules on the backbone) and the ribbon mesh, from `@equitensor/viewer`, on the page's thread (≈ 1 ms per residue).
 */
import type { Structure } from '@equitensor/io';
import {
  cartoonMesh,
  computeSecondaryStructure,
  type MoleculeViewer,
  recordedSecondaryStructure,
  residuesOf,
  SECONDARY_STRUCTURE_COLORS,
} from '@equitensor/viewer';

/** What the app learns about a cartoon shown. */
export interface ShownCartoon {
  readonly residues: number;
  readonly helix: number;
  readonly strand: number;
  /** Where the secondary structure came from. */
  readonly source: 'HELIX/SHEET records' | 'computed (DSSP rules)';
  /** Time from the structure to the mesh in the viewer, ms. */
  readonly ms: number;
}

/**
 * Show `structure`'s cartoon in the viewer (or remove it when `structure` is null); throws a RangeError when the
 * structure has no protein residues (no atom names or Cα atoms).
 *
 * @example
 * ```ts
 * showCartoon(viewer, protein); // { residues: 130, helix: 52, strand: 38, source: 'computed (DSSP rules)', ms: 12 }
 * ```
 */
export function showCartoon(viewer: MoleculeViewer, structure: Structure | null): ShownCartoon | null {
  if (!structure) {
    viewer.setCartoon(null);
    return null;
  }
  const started = performance.now();
  const residues = residuesOf(structure);
  if (residues.length < 2)
    throw new RangeError('Cartoon: the structure has no protein residues (atom names with Cα atoms, as in a PDB or PQR file)');
  const recorded = recordedSecondaryStructure(structure, residues);
  const ss = recorded ?? computeSecondaryStructure(structure.positions, residues);
  viewer.setCartoon(
    cartoonMesh(
      structure.positions,
      residues,
      ss,
      ss.map((s) => SECONDARY_STRUCTURE_COLORS[s]),
    ),
  );
  return {
    residues: residues.length,
    helix: ss.filter((s) => s === 'H').length,
    strand: ss.filter((s) => s === 'E').length,
    source: recorded ? 'HELIX/SHEET records' : 'computed (DSSP rules)',
    ms: performance.now() - started,
  };
}
