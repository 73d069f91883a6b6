/**
 * How atoms and bonds are drawn.
 * - `ball-and-stick`: spheres at a quarter of the van der Waals radius, bonds of 0.15 Å;
 * - `spacefill`: spheres at the van der Waals radius, no bonds;
 * - `licorice`: spheres and bonds of the same radius (0.2 Å);
 * - `points`: round point sprites (cheapest; for millions of atoms), no bonds.
 */
export type Representation = 'ball-and-stick' | 'spacefill' | 'licorice' | 'points';

/**
 * Every representation, in menu order.
 *
 * @example
 * ```ts
 * for (const r of REPRESENTATIONS) select.append(new Option(r, r));
 * ```
 */
export const REPRESENTATIONS: readonly Representation[] = ['ball-and-stick', 'spacefill', 'licorice', 'points'];

/** Sizes of a representation: sphere radius = `vdwScale`·r_vdW, or `fixedRadius` when set; bond radius (0 = no bonds). */
export interface RepresentationSizes {
  readonly vdwScale: number;
  readonly fixedRadius: number;
  readonly bondRadius: number;
}

/**
 * The sizes used by each representation.
 *
 * @example
 * ```ts
 * representationSizes('licorice'); // { vdwScale: 0, fixedRadius: 0.2, bondRadius: 0.2 }
 * ```
 */
export function representationSizes(representation: Representation): RepresentationSizes {
  switch (representation) {
    case 'ball-and-stick':
      return { vdwScale: 0.25, fixedRadius: 0, bondRadius: 0.15 };
    case 'spacefill':
      return { vdwScale: 1, fixedRadius: 0, bondRadius: 0 };
    case 'licorice':
      return { vdwScale: 0, fixedRadius: 0.2, bondRadius: 0.2 };
    case 'points':
      return { vdwScale: 0.5, fixedRadius: 0, bondRadius: 0 };
  }
}
