import { determinant3, invertCell, planeSpacings } from '@equitensor/io';
import type { Potential } from '../potential.ts';
import type { System } from '../system.ts';

/** Atoms closer than this (Å, or σ in reduced units) are refused as overlapping by {@link checkDynamicsSystem}. */
export const MIN_ATOM_DISTANCE = 0.1;

/** Largest number of neighbour-list entries a run may need (a JS typed array holds at most 2³¹ − 1 indices). */
const MAX_NEIGHBOR_ENTRIES = 2 ** 31 - 1;

/** Options of {@link checkDynamicsSystem}. */
export interface PreflightOptions {
  /** Smallest allowed distance between two atoms (default {@link MIN_ATOM_DISTANCE}). */
  readonly minDistance?: number;
  /** Receives a warning when a cutoff reaches past half the cell (several periodic images per pair: slow but exact). */
  readonly warn?: (message: string) => void;
}

/** Hash of integer bin coordinates (collisions only add candidate pairs, whose distances are then checked). */
function binHash(bx: number, by: number, bz: number, mask: number): number {
  // `| 0` keeps the low 32 bits: adjacent bins stay adjacent integers, so neighbouring keys are consistent
  return (Math.imul(bx | 0, 73856093) ^ Math.imul(by | 0, 19349663) ^ Math.imul(bz | 0, 83492791)) & mask;
}

/**
 * A pair of atoms nearer than `threshold` (over periodic images), or null: atoms are hashed into bins at
 * least `threshold` wide, and each atom is compared with the atoms of its 27 neighbouring bins only (O(N)).
 * Periodic distances use the rounded fractional difference, exact for distances below `threshold` because
 * every periodic face spacing is at least twice `threshold` (checked before).
 */
function closePair(system: System, threshold: number, inverse: Float64Array | null, spacings: readonly number[] | null) {
  const n = system.masses.length;
  const x = system.positions;
  const cell = system.cell;
  const periodic = [0, 1, 2].map((a) => inverse !== null && cell !== null && system.pbc[a] === true);
  const dims = [0, 1, 2].map((a) => (periodic[a] ? Math.max(1, Math.min(1024, Math.floor((spacings?.[a] as number) / threshold))) : 0));
  const bins = new Float64Array(3 * n);
  const frac = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const px = x[3 * i] as number;
    const py = x[3 * i + 1] as number;
    const pz = x[3 * i + 2] as number;
    for (let a = 0; a < 3; a++) {
      if (inverse === null || cell === null) {
        bins[3 * i + a] = Math.floor((a === 0 ? px : a === 1 ? py : pz) / threshold);
        continue;
      }
      const f = px * (inverse[a] as number) + py * (inverse[3 + a] as number) + pz * (inverse[6 + a] as number);
      frac[3 * i + a] = f;
      const m = dims[a] as number;
      bins[3 * i + a] = periodic[a] ? Math.floor((f - Math.floor(f)) * m) % m : Math.floor((f * (spacings?.[a] as number)) / threshold);
    }
  }
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  const slot = new Int32Array(n);
  const start = new Int32Array(size + 1);
  for (let i = 0; i < n; i++) {
    slot[i] = binHash(bins[3 * i] as number, bins[3 * i + 1] as number, bins[3 * i + 2] as number, mask);
    start[(slot[i] as number) + 1] = (start[(slot[i] as number) + 1] as number) + 1;
  }
  for (let k = 0; k < size; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const fill = Int32Array.from(start.subarray(0, size));
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = slot[i] as number;
    order[fill[k] as number] = i;
    fill[k] = (fill[k] as number) + 1;
  }
  // neighbouring bin offsets per axis (deduplicated where a periodic axis has fewer than 3 bins)
  const offsets = dims.map((m) => (m === 1 ? [0] : m === 2 ? [0, 1] : [-1, 0, 1]));
  const t2 = threshold * threshold;
  const distance2 = (i: number, j: number): number => {
    if (inverse === null || cell === null) {
      const dx = (x[3 * j] as number) - (x[3 * i] as number);
      const dy = (x[3 * j + 1] as number) - (x[3 * i + 1] as number);
      const dz = (x[3 * j + 2] as number) - (x[3 * i + 2] as number);
      return dx * dx + dy * dy + dz * dz;
    }
    let d2 = 0;
    const s0 = (frac[3 * j] as number) - (frac[3 * i] as number);
    const s1 = (frac[3 * j + 1] as number) - (frac[3 * i + 1] as number);
    const s2 = (frac[3 * j + 2] as number) - (frac[3 * i + 2] as number);
    const f0 = periodic[0] ? s0 - Math.round(s0) : s0;
    const f1 = periodic[1] ? s1 - Math.round(s1) : s1;
    const f2 = periodic[2] ? s2 - Math.round(s2) : s2;
    for (let k = 0; k < 3; k++) {
      const r = f0 * (cell[k] as number) + f1 * (cell[3 + k] as number) + f2 * (cell[6 + k] as number);
      d2 += r * r;
    }
    return d2;
  };
  for (let i = 0; i < n; i++) {
    const bx = bins[3 * i] as number;
    const by = bins[3 * i + 1] as number;
    const bz = bins[3 * i + 2] as number;
    // the neighbouring bins' keys, wrapped on periodic axes
    const xs = offsets[0] as number[];
    const ys = offsets[1] as number[];
    const zs = offsets[2] as number[];
    const [m0, m1, m2] = dims as [number, number, number];
    for (let a = 0; a < xs.length; a++) {
      const ux = bx + (xs[a] as number);
      const wx = m0 > 0 ? (ux + m0) % m0 : ux;
      for (let b = 0; b < ys.length; b++) {
        const uy = by + (ys[b] as number);
        const wy = m1 > 0 ? (uy + m1) % m1 : uy;
        for (let c = 0; c < zs.length; c++) {
          const uz = bz + (zs[c] as number);
          const k = binHash(wx, wy, m2 > 0 ? (uz + m2) % m2 : uz, mask);
          for (let p = start[k] as number; p < (start[k + 1] as number); p++) {
            const j = order[p] as number;
            if (j >= i) continue;
            const d2 = distance2(j, i);
            if (d2 < t2) return { i: j, j: i, distance: Math.sqrt(d2) };
          }
        }
      }
    }
  }
  return null;
}

/**
 * What every MD engine refuses before the first step, with a `RangeError` naming the problem: non-finite
 * positions, velocities or masses; a non-finite or singular periodic cell; a periodic cell thinner than
 * twice `minDistance`; two atoms closer than `minDistance` (default 0.1 Å: coincident or overlapping atoms, whose
 * forces are infinite or meaningless); a cutoff so much larger than a periodic cell that the neighbour list
 * could not be stored. Cutoffs beyond half the cell are exact (the neighbour lists of md and gpu include
 * several images) and only warned about.
 *
 * @example
 * ```ts
 * checkDynamicsSystem(system, potential); // throws RangeError('atoms 0 and 1 are 0 Å apart …')
 * ```
 */
export function checkDynamicsSystem(system: System, potential: Potential, options: PreflightOptions = {}): void {
  const n = system.masses.length;
  const minDistance = options.minDistance ?? MIN_ATOM_DISTANCE;
  if (!(minDistance >= 0)) throw new RangeError(`minDistance must be ≥ 0, got ${minDistance}`);
  for (const [name, values] of [
    ['position', system.positions],
    ['velocity', system.velocities],
  ] as const) {
    for (let k = 0; k < values.length; k++) {
      if (!Number.isFinite(values[k] as number))
        throw new RangeError(`atom ${Math.floor(k / 3)} has a non-finite ${name} (${'xyz'[k % 3]} = ${values[k]})`);
    }
  }
  for (let i = 0; i < n; i++) {
    const m = system.masses[i] as number;
    if (!(m > 0) || !Number.isFinite(m)) throw new RangeError(`atom ${i} has mass ${m}; masses must be positive and finite`);
  }
  const cell = system.cell;
  const periodic = cell !== null && (system.pbc[0] || system.pbc[1] || system.pbc[2]);
  let inverse: Float64Array | null = null;
  let spacings: [number, number, number] | null = null;
  if (periodic && cell !== null) {
    if (!Array.from(cell).every(Number.isFinite)) throw new RangeError(`the cell has non-finite entries (${Array.from(cell).join(', ')})`);
    const volume = Math.abs(determinant3(cell));
    const lengths = [0, 1, 2].map((r) => Math.hypot(cell[3 * r] as number, cell[3 * r + 1] as number, cell[3 * r + 2] as number));
    if (!(volume > 1e-10 * (lengths[0] as number) * (lengths[1] as number) * (lengths[2] as number)))
      throw new RangeError(
        `the cell is singular (volume ${volume} for lattice vectors of length ${lengths.map((l) => l.toPrecision(4)).join(', ')}): its rows must be three independent lattice vectors`,
      );
    inverse = invertCell(cell);
    spacings = planeSpacings(cell);
    for (let a = 0; a < 3; a++) {
      if (system.pbc[a] && (spacings[a] as number) < 2 * minDistance)
        throw new RangeError(
          `the periodic cell is ${(spacings[a] as number).toPrecision(3)} thick along lattice vector ${a + 1}, less than twice the smallest allowed distance ${minDistance}: atoms would overlap their own images`,
        );
    }
    const cutoff = potential.cutoff;
    if (Number.isFinite(cutoff) && n > 0) {
      const entries = (n * n * ((4 / 3) * Math.PI * cutoff ** 3)) / volume / 2;
      if (entries > MAX_NEIGHBOR_ENTRIES)
        throw new RangeError(
          `cutoff ${cutoff} of ${potential.name} is far larger than the cell (volume ${volume.toPrecision(4)}): about ${entries.toExponential(2)} neighbour pairs over periodic images, more than a neighbour list can hold; use a larger cell (a supercell) or a smaller cutoff`,
        );
      const thinnest = Math.min(...[0, 1, 2].filter((a) => system.pbc[a]).map((a) => spacings?.[a] as number));
      if (cutoff > thinnest / 2)
        options.warn?.(
          `cutoff ${cutoff} of ${potential.name} exceeds half the cell's thinnest width (${thinnest.toPrecision(4)}): each pair is counted over several periodic images (exact, but slower)`,
        );
    }
  }
  if (minDistance > 0 && n > 1) {
    const pair = closePair(system, minDistance, inverse, spacings);
    if (pair !== null)
      throw new RangeError(
        `atoms ${pair.i} and ${pair.j} are ${pair.distance.toPrecision(3)} apart, closer than ${minDistance}: overlapping or coincident atoms`,
      );
  }
}
