import { determinant3, invertCell } from '@equitensor/io';
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

function cross(a: readonly number[], b: readonly number[]): number[] {
  return [
    (a[1] as number) * (b[2] as number) - (a[2] as number) * (b[1] as number),
    (a[2] as number) * (b[0] as number) - (a[0] as number) * (b[2] as number),
    (a[0] as number) * (b[1] as number) - (a[1] as number) * (b[0] as number),
  ];
}

/** Distances between opposite faces of the cell (volume / face area), per lattice vector. */
function faceSpacings(cell: Float64Array, volume: number): [number, number, number] {
  const row = (r: number) => [cell[3 * r] as number, cell[3 * r + 1] as number, cell[3 * r + 2] as number];
  const a = row(0);
  const b = row(1);
  const c = row(2);
  return [cross(b, c), cross(c, a), cross(a, b)].map((v) => volume / Math.hypot(v[0] as number, v[1] as number, v[2] as number)) as [
    number,
    number,
    number,
  ];
}

/**
 * The closest pair of atoms nearer than `threshold` (over periodic images), or null: binning on a grid of
 * bins at least `threshold` wide, so each atom is compared with the atoms of its 27 neighbouring bins only.
 */
function closePair(system: System, threshold: number, inverse: Float64Array | null, spacings: readonly number[] | null) {
  const n = system.masses.length;
  const x = system.positions;
  const cell = system.cell;
  const periodic = [0, 1, 2].map((a) => inverse !== null && system.pbc[a] === true);
  const dims = [0, 1, 2].map((a) =>
    periodic[a] ? Math.max(1, Math.min(1024, Math.floor((spacings?.[a] as number) / threshold))) : Number.POSITIVE_INFINITY,
  );
  const binOf = (i: number): number[] => {
    const p = [x[3 * i] as number, x[3 * i + 1] as number, x[3 * i + 2] as number];
    if (inverse === null || cell === null) return p.map((v) => Math.floor(v / threshold));
    return [0, 1, 2].map((a) => {
      const s =
        (p[0] as number) * (inverse[a] as number) +
        (p[1] as number) * (inverse[3 + a] as number) +
        (p[2] as number) * (inverse[6 + a] as number);
      if (periodic[a]) return Math.floor((s - Math.floor(s)) * (dims[a] as number)) % (dims[a] as number);
      return Math.floor((s * (spacings?.[a] as number)) / threshold);
    });
  };
  const distance = (i: number, j: number): number => {
    const d = [0, 1, 2].map((k) => (x[3 * j + k] as number) - (x[3 * i + k] as number));
    if (inverse === null || cell === null) return Math.hypot(d[0] as number, d[1] as number, d[2] as number);
    const s = [0, 1, 2].map((a) => {
      const f =
        (d[0] as number) * (inverse[a] as number) +
        (d[1] as number) * (inverse[3 + a] as number) +
        (d[2] as number) * (inverse[6 + a] as number);
      return periodic[a] ? f - Math.round(f) : f;
    });
    let best = Number.POSITIVE_INFINITY;
    const range = (a: number) => (periodic[a] ? [-1, 0, 1] : [0]);
    for (const u of range(0))
      for (const v of range(1))
        for (const w of range(2)) {
          const f = [(s[0] as number) + u, (s[1] as number) + v, (s[2] as number) + w];
          const r = [0, 1, 2].map(
            (k) =>
              (f[0] as number) * (cell[k] as number) +
              (f[1] as number) * (cell[3 + k] as number) +
              (f[2] as number) * (cell[6 + k] as number),
          );
          best = Math.min(best, Math.hypot(r[0] as number, r[1] as number, r[2] as number));
        }
    return best;
  };
  const bins = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const b = binOf(i);
    const seen = new Set<string>();
    for (let u = -1; u <= 1; u++)
      for (let v = -1; v <= 1; v++)
        for (let w = -1; w <= 1; w++) {
          const key = [u, v, w]
            .map((o, a) => {
              const k = (b[a] as number) + o;
              const m = dims[a] as number;
              return Number.isFinite(m) ? ((k % m) + m) % m : k;
            })
            .join(',');
          if (seen.has(key)) continue;
          seen.add(key);
          for (const j of bins.get(key) ?? []) {
            const r = distance(j, i);
            if (r < threshold) return { i: j, j: i, distance: r };
          }
        }
    const own = b.join(',');
    const list = bins.get(own);
    if (list === undefined) bins.set(own, [i]);
    else list.push(i);
  }
  return null;
}

/**
 * What every MD engine refuses before the first step, with a `RangeError` naming the problem: non-finite
 * positions, velocities or masses; a non-finite or singular periodic cell; a periodic cell thinner than
 * `minDistance`; two atoms closer than `minDistance` (default 0.1 Å: coincident or overlapping atoms, whose
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
    spacings = faceSpacings(cell, volume);
    for (let a = 0; a < 3; a++) {
      if (system.pbc[a] && (spacings[a] as number) < minDistance)
        throw new RangeError(
          `the periodic cell is ${(spacings[a] as number).toPrecision(3)} thick along lattice vector ${a + 1}: each atom would overlap its own image (closer than ${minDistance})`,
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
