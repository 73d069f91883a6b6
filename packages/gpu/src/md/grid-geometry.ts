import { invertCell } from '@equitensor/io';
import { type AtomsState, planeSpacings } from '@equitensor/md';
import { GpuParameterError } from '../runtime/errors.ts';

/**
 * How space is cut into bins for the GPU cell list: the box (rows = lattice vectors, origin), its
 * inverse, bins per axis, which axes wrap, and how many neighbour bins each side the stencil visits.
 *
 * Periodic axes with at least 3 bins of width ≥ cutoff use the ±1 stencil with wrapped indices;
 * narrower periodic axes use 1 bin and a stencil of ⌈cutoff / width⌉ images each side, so cutoffs
 * larger than half the box are exact. Open axes clamp bin indices (a pair closer than the cutoff
 * is never more than one bin apart, clamped or not), so atoms may leave the initial box.
 *
 * @example
 * ```ts
 * const { dims, reach, periodic } = gridGeometry(atoms, 2.5);
 * ```
 */
export interface GridGeometry {
  readonly box: Float64Array;
  readonly inverse: Float64Array;
  readonly origin: readonly [number, number, number];
  readonly dims: readonly [number, number, number];
  readonly periodic: readonly [boolean, boolean, boolean];
  readonly reach: readonly [number, number, number];
  readonly cellCount: number;
}

/** Byte size of the `Grid` uniform block shared by the cell-list kernels. */
export const GRID_UNIFORM_BYTES = 176;

/**
 * Choose the bins for `atoms` and a cutoff. Open boundaries get a box around the atoms with a
 * margin of one cutoff; bins never outnumber 2N + 64 (wider bins are still exact).
 *
 * @example
 * ```ts
 * const g = gridGeometry({ numbers, positions, cell, pbc: [true, true, true] }, 2.5);
 * g.dims; // e.g. [3, 3, 3]
 * ```
 */
export function gridGeometry(atoms: AtomsState, cutoff: number): GridGeometry {
  if (!(cutoff > 0) || !Number.isFinite(cutoff)) throw new GpuParameterError('cutoff', `must be positive and finite, got ${cutoff}`);
  const n = atoms.numbers.length;
  const periodic: [boolean, boolean, boolean] = [
    atoms.cell !== null && atoms.pbc[0],
    atoms.cell !== null && atoms.pbc[1],
    atoms.cell !== null && atoms.pbc[2],
  ];
  let box: Float64Array;
  let origin: [number, number, number] = [0, 0, 0];
  if (atoms.cell !== null && (periodic[0] || periodic[1] || periodic[2])) {
    box = Float64Array.from(atoms.cell);
    // Open axes of a partly periodic cell: extend the box along them around the atoms.
    if (!(periodic[0] && periodic[1] && periodic[2])) {
      const inv = invertBox(box);
      for (let axis = 0; axis < 3; axis++) {
        if (periodic[axis]) continue;
        let lo = Number.POSITIVE_INFINITY;
        let hi = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < n; i++) {
          const s = fractional(atoms.positions, i, inv, [0, 0, 0])[axis] as number;
          lo = Math.min(lo, s);
          hi = Math.max(hi, s);
        }
        const spacing = planeSpacings(box)[axis] as number;
        const margin = cutoff / spacing;
        if (n === 0) {
          lo = 0;
          hi = 1;
        }
        const scale = hi - lo + 2 * margin;
        for (let c = 0; c < 3; c++) {
          origin[c] = (origin[c] as number) + (lo - margin) * (box[3 * axis + c] as number);
          box[3 * axis + c] = (box[3 * axis + c] as number) * scale;
        }
      }
    }
  } else {
    const lo = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    const hi = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++) {
        const x = atoms.positions[3 * i + c] as number;
        lo[c] = Math.min(lo[c] as number, x);
        hi[c] = Math.max(hi[c] as number, x);
      }
    }
    if (n === 0) {
      lo.fill(0);
      hi.fill(0);
    }
    origin = [(lo[0] as number) - cutoff, (lo[1] as number) - cutoff, (lo[2] as number) - cutoff];
    const len = [0, 1, 2].map((c) => (hi[c] as number) - (lo[c] as number) + 2 * cutoff);
    box = new Float64Array([len[0] as number, 0, 0, 0, len[1] as number, 0, 0, 0, len[2] as number]);
  }
  const inverse = invertBox(box);
  const spacings = planeSpacings(box);
  const dims: [number, number, number] = [1, 1, 1];
  const reach: [number, number, number] = [1, 1, 1];
  for (let a = 0; a < 3; a++) {
    const fit = Math.floor((spacings[a] as number) / cutoff);
    if (periodic[a]) {
      if (fit >= 3) dims[a] = fit;
      else reach[a] = Math.ceil(cutoff / (spacings[a] as number));
    } else {
      dims[a] = Math.max(1, fit);
    }
  }
  // Cap the number of bins (huge boxes, few atoms): halve the finest axis until it fits.
  const maxCells = 2 * n + 64;
  while (dims[0] * dims[1] * dims[2] > maxCells) {
    const a = dims.indexOf(Math.max(...dims));
    const halved = Math.floor((dims[a] as number) / 2);
    if (periodic[a] && halved < 3) {
      dims[a] = 1;
      reach[a] = Math.ceil(cutoff / (spacings[a] as number));
    } else dims[a] = Math.max(1, halved);
  }
  return { box, inverse, origin, dims, periodic, reach, cellCount: dims[0] * dims[1] * dims[2] };
}

/**
 * Pack the `Grid` uniform block (see the WGSL in `cell-list-kernels.ts`).
 *
 * @example
 * ```ts
 * buffers.uniform('grid', packGridUniform(geometry, n, 2.5, 1));
 * ```
 */
export function packGridUniform(g: GridGeometry, atomCount: number, cutoff: number, typeCount: number): ArrayBuffer {
  const bytes = new ArrayBuffer(GRID_UNIFORM_BYTES);
  const f = new Float32Array(bytes);
  const u = new Uint32Array(bytes);
  const i = new Int32Array(bytes);
  for (let row = 0; row < 3; row++) for (let c = 0; c < 3; c++) f[4 * row + c] = g.box[3 * row + c] as number;
  // Columns of the inverse: s_k = (r − origin) · inverse[:, k].
  for (let k = 0; k < 3; k++) for (let a = 0; a < 3; a++) f[12 + 4 * k + a] = g.inverse[3 * a + k] as number;
  for (let c = 0; c < 3; c++) f[24 + c] = g.origin[c] as number;
  for (let a = 0; a < 3; a++) u[28 + a] = g.dims[a] as number;
  u[31] = atomCount;
  for (let a = 0; a < 3; a++) u[32 + a] = g.periodic[a] ? 1 : 0;
  u[35] = g.cellCount;
  for (let a = 0; a < 3; a++) i[36 + a] = g.reach[a] as number;
  i[39] = typeCount;
  f[40] = cutoff * cutoff;
  f[41] = cutoff;
  return bytes;
}

function fractional(positions: Float64Array, i: number, inv: Float64Array, origin: readonly number[]): [number, number, number] {
  const x = (positions[3 * i] as number) - (origin[0] as number);
  const y = (positions[3 * i + 1] as number) - (origin[1] as number);
  const z = (positions[3 * i + 2] as number) - (origin[2] as number);
  return [
    x * (inv[0] as number) + y * (inv[3] as number) + z * (inv[6] as number),
    x * (inv[1] as number) + y * (inv[4] as number) + z * (inv[7] as number),
    x * (inv[2] as number) + y * (inv[5] as number) + z * (inv[8] as number),
  ];
}

function invertBox(box: Float64Array): Float64Array {
  try {
    return invertCell(box);
  } catch (error) {
    throw new GpuParameterError('cell', (error as Error).message);
  }
}
