import { type AtomsState, NeighborList } from '@equitensor/md';

/**
 * Every neighbour of every atom within the cutoff (a full list, periodic images included), with the
 * displacement vectors r_ij = r_j − r_i + shift, in CSR layout: the entries of atom i are
 * `start[i] … start[i+1] − 1`. Built on `@equitensor/md`'s `NeighborList`.
 *
 * @example
 * ```ts
 * const nd = neighborData(atoms, 5.5);
 * const firstNeighbourOfAtom0 = nd.neighbors[nd.start[0]!];
 * ```
 */
export interface NeighborData {
  readonly start: Int32Array;
  readonly neighbors: Int32Array;
  readonly vectors: Float64Array;
}

/**
 * Builds {@link NeighborData} for a configuration. Pass a persistent `list` (a full `NeighborList` with
 * a skin) to reuse its Verlet logic during MD; otherwise a fresh one without skin is built.
 *
 * @example
 * ```ts
 * const nd = neighborData(atoms, 5.5);
 * ```
 */
export function neighborData(atoms: AtomsState, cutoff: number, list?: NeighborList): NeighborData {
  const nl = list ?? new NeighborList({ cutoff, skin: 0, kind: 'full' });
  if (nl.kind !== 'full') throw new RangeError('the ACE descriptor needs a full neighbour list');
  nl.update(atoms);
  const N = atoms.numbers.length;
  const x = atoms.positions;
  const c2 = cutoff * cutoff;
  const start = new Int32Array(N + 1);
  const total = nl.start[N] as number;
  const neighbors = new Int32Array(total);
  const vectors = new Float64Array(3 * total);
  let e = 0;
  for (let i = 0; i < N; i++) {
    start[i] = e;
    for (let k = nl.start[i] as number; k < (nl.start[i + 1] as number); k++) {
      const j = nl.neighbors[k] as number;
      const s = 3 * (nl.images[k] as number);
      const dx = (x[3 * j] as number) - (x[3 * i] as number) + (nl.shifts[s] as number);
      const dy = (x[3 * j + 1] as number) - (x[3 * i + 1] as number) + (nl.shifts[s + 1] as number);
      const dz = (x[3 * j + 2] as number) - (x[3 * i + 2] as number) + (nl.shifts[s + 2] as number);
      if (dx * dx + dy * dy + dz * dz >= c2) continue;
      neighbors[e] = j;
      vectors[3 * e] = dx;
      vectors[3 * e + 1] = dy;
      vectors[3 * e + 2] = dz;
      e++;
    }
  }
  start[N] = e;
  return { start, neighbors: neighbors.subarray(0, e), vectors: vectors.subarray(0, 3 * e) };
}
