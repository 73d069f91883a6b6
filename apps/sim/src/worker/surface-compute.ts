/**
 * The molecular surface of an opened structure and the electrostatic potential on it (the work of
 * `surface.worker.ts`, a pure function so Node tests run it): the surface by `@equitensor/viewer`'s
 * `molecularSurface`; the potential of the structure's charges at every vertex by direct summation
 * (`@equitensor/electrostatics`) while N·M is small, else by direct summation on the nodes of a 3 Å grid around the
 * surface, interpolated and corrected exactly for the charges within 6 Å (`surfacePotential`).
 */
import { directPotentialAtPoints } from '@equitensor/electrostatics';
import { COULOMB_CONSTANT } from '@equitensor/io';
import { molecularSurface, type SurfaceKind, surfacePotential } from '@equitensor/viewer';

/** Atoms × vertices up to which every vertex gets the direct sum (≈ 0.3 s of CPU at 2 ns per pair). */
export const DIRECT_SURFACE_LIMIT = 1.5e8;
/** Charges summed exactly around a vertex, Å, and the spacing of the interpolated grid, Å (1AJJ: max error 0.08 V, p90 |φ| 7.9 V). */
export const SURFACE_CUTOFF = 6;
export const SURFACE_GRID_SPACING = 3;

/** What the surface worker is asked. */
export interface SurfaceRequest {
  readonly type: 'surface';
  readonly id: number;
  readonly positions: Float64Array;
  readonly radii: Float64Array;
  readonly charges: Float64Array | null;
  readonly kind: SurfaceKind;
  readonly probe: number;
  readonly spacing: number;
}

/** The surface and the potential on it. */
export interface SurfaceResult {
  readonly type: 'surface';
  readonly id: number;
  readonly positions: Float32Array;
  readonly normals: Float32Array;
  readonly indices: Uint32Array;
  /** The potential at each vertex, V (null without charges). */
  readonly values: Float64Array | null;
  /** How the potential was computed, in words. */
  readonly method: string;
  /** Wall time of the surface and of the potential, ms. */
  readonly surfaceMs: number;
  readonly potentialMs: number;
}

/**
 * Compute a surface and its potential.
 *
 * @example
 * ```ts
 * const result = computeSurface({ type: 'surface', id: 1, positions, radii, charges, kind: 'ses', probe: 1.4, spacing: 0.5 });
 * ```
 */
export function computeSurface(request: SurfaceRequest): SurfaceResult {
  const t0 = performance.now();
  const mesh = molecularSurface(request.positions, request.radii, {
    kind: request.kind,
    probe: request.probe,
    spacing: request.spacing,
  });
  const t1 = performance.now();
  const charges = request.charges;
  let values: Float64Array | null = null;
  let method = 'no charges';
  if (charges) {
    const n = charges.length;
    const m = mesh.positions.length / 3;
    if (n * m <= DIRECT_SURFACE_LIMIT) {
      values = directPotentialAtPoints(request.positions, charges, Float64Array.from(mesh.positions));
      method = `direct summation at each of the ${m} vertices`;
    } else {
      let nodes = 0;
      values = surfacePotential(mesh.positions, request.positions, charges, {
        cutoff: SURFACE_CUTOFF,
        spacing: SURFACE_GRID_SPACING,
        coulombConstant: COULOMB_CONSTANT,
        potentialAt: (points) => {
          nodes = points.length / 3;
          return directPotentialAtPoints(request.positions, charges, points);
        },
      });
      method = `direct summation on ${nodes} grid nodes (${SURFACE_GRID_SPACING} Å), interpolated, exact within ${SURFACE_CUTOFF} Å of each of the ${m} vertices`;
    }
  }
  return {
    type: 'surface',
    id: request.id,
    positions: mesh.positions,
    normals: mesh.normals,
    indices: mesh.indices,
    values,
    method,
    surfaceMs: t1 - t0,
    potentialMs: performance.now() - t1,
  };
}
