import { volume } from '@equitensor/io';
import { NeighborList } from '../neighbor-list.ts';
import type { AtomsState } from '../potential.ts';

/** Partial radial distribution functions g_AB(r) on a grid of shells. */
export interface PartialRadialDistribution {
  /** Shell centres (Å). */
  readonly r: Float64Array;
  /** One entry per requested pair of atomic numbers, in the requested order. */
  readonly partials: readonly {
    /** The atomic numbers [A, B]. */
    readonly pair: readonly [number, number];
    /** g_AB(r) per shell: B atoms around an A atom over the ideal-gas count N_B/V × shell volume. */
    readonly g: Float64Array;
    /** Running coordination n_AB(r): B atoms within each shell's upper edge of an A atom, on average. */
    readonly coordination: Float64Array;
  }[];
}

/**
 * The partial radial distribution functions g_AB(r) of a periodic system: for each requested pair of atomic
 * numbers [A, B], the number of B atoms (all periodic images, so rMax may exceed half the box; a rectangular
 * box with rMax within half of each edge takes the minimum image of each pair directly, without a list) in each
 * spherical shell around an A atom, averaged over the A atoms and divided by the ideal-gas count
 * ρ_B · 4π/3 (r_hi³ − r_lo³), ρ_B = N_B/V. An element absent from the system gives zeros.
 *
 * @example
 * ```ts
 * const { r, partials } = partialRadialDistribution(salt, { rMax: 10, bins: 100, pairs: [[11, 17], [11, 11], [17, 17]] });
 * partials[0].g; // Na–Cl g(r)
 * ```
 */
export function partialRadialDistribution(
  atoms: AtomsState,
  options: { rMax: number; bins?: number; pairs: readonly (readonly [number, number])[] },
): PartialRadialDistribution {
  if (atoms.cell === null || !(atoms.pbc[0] && atoms.pbc[1] && atoms.pbc[2]))
    throw new RangeError('partialRadialDistribution needs a fully periodic cell');
  const bins = options.bins ?? 100;
  const rMax = options.rMax;
  if (!(rMax > 0) || !Number.isInteger(bins) || bins < 1)
    throw new RangeError('partialRadialDistribution needs rMax > 0 and a positive integer number of bins');
  const n = atoms.numbers.length;
  const x = atoms.positions;
  const z = atoms.numbers;
  const dr = rMax / bins;
  const counts = options.pairs.map(() => new Float64Array(bins));
  // species index of each atom, and per ordered (species, species) the requested pairs a neighbour counts towards
  const elements = [...new Set(z)];
  const ns = elements.length;
  const species = Int32Array.from(z, (e) => elements.indexOf(e));
  const table: number[][] = [];
  for (const zi of elements)
    for (const zj of elements) {
      const hit: number[] = [];
      for (const [p, [a, b]] of options.pairs.entries()) {
        if (a === zi && b === zj) hit.push(p);
        if (b === zi && a === zj) hit.push(p); // the same pair seen from the other atom
      }
      table.push(hit);
    }
  const count = (si: number, sj: number, r2: number): void => {
    const hit = table[si * ns + sj] as number[];
    if (hit.length === 0) return;
    const bin = Math.floor(Math.sqrt(r2) / dr);
    if (bin >= bins) return;
    for (const p of hit) (counts[p] as Float64Array)[bin]! += 1;
  };
  const box = orthorhombicEdges(atoms.cell);
  if (box !== null && 2 * rMax <= Math.min(...box)) {
    // rMax within half of every edge of a rectangular box: at most the minimum image of each pair counts (O(N²), no list)
    const [lx, ly, lz] = box;
    const [ix, iy, iz] = [1 / lx, 1 / ly, 1 / lz];
    const r2Max = rMax * rMax;
    for (let i = 0; i < n; i++) {
      const si = species[i] as number;
      const xi = x[3 * i] as number;
      const yi = x[3 * i + 1] as number;
      const wi = x[3 * i + 2] as number;
      for (let j = i + 1; j < n; j++) {
        let dx = (x[3 * j] as number) - xi;
        let dy = (x[3 * j + 1] as number) - yi;
        let dz = (x[3 * j + 2] as number) - wi;
        dx -= lx * Math.round(dx * ix);
        dy -= ly * Math.round(dy * iy);
        dz -= lz * Math.round(dz * iz);
        const r2 = dx * dx + dy * dy + dz * dz;
        if (r2 < r2Max) count(si, species[j] as number, r2);
      }
    }
  } else countWithList();
  function countWithList(): void {
    // md's neighbour list holds each pair (and each periodic self-image) once: count it from both atoms
    const list = new NeighborList({ cutoff: rMax, skin: 0 });
    list.build(atoms);
    for (let i = 0; i < n; i++) {
      const si = species[i] as number;
      for (let k = list.start[i] as number; k < (list.start[i + 1] as number); k++) {
        const j = list.neighbors[k] as number;
        const sj = species[j] as number;
        const s = 3 * (list.images[k] as number);
        const dx = (x[3 * j] as number) - (x[3 * i] as number) + (list.shifts[s] as number);
        const dy = (x[3 * j + 1] as number) - (x[3 * i + 1] as number) + (list.shifts[s + 1] as number);
        const dz = (x[3 * j + 2] as number) - (x[3 * i + 2] as number) + (list.shifts[s + 2] as number);
        count(si, sj, dx * dx + dy * dy + dz * dz);
      }
    }
  }
  const v = volume(atoms.cell);
  const tally = (element: number): number => {
    let m = 0;
    for (let i = 0; i < n; i++) if (z[i] === element) m++;
    return m;
  };
  const r = new Float64Array(bins);
  for (let b = 0; b < bins; b++) r[b] = (b + 0.5) * dr;
  const partials = options.pairs.map(([a, b], p) => {
    const nA = tally(a);
    const rhoB = tally(b) / v;
    const c = counts[p] as Float64Array;
    const g = new Float64Array(bins);
    const coordination = new Float64Array(bins);
    let running = 0;
    for (let k = 0; k < bins; k++) {
      const shell = ((4 * Math.PI) / 3) * (((k + 1) * dr) ** 3 - (k * dr) ** 3);
      const perA = nA === 0 ? 0 : (c[k] as number) / nA;
      g[k] = rhoB === 0 ? 0 : perA / (rhoB * shell);
      running += perA;
      coordination[k] = running;
    }
    return { pair: [a, b] as const, g, coordination };
  });
  return { r, partials };
}

/** The edges of a rectangular (diagonal) cell, or null for any other cell. */
function orthorhombicEdges(cell: Float64Array): [number, number, number] | null {
  for (const k of [1, 2, 3, 5, 6, 7]) if (cell[k] !== 0) return null;
  return [cell[0] as number, cell[4] as number, cell[8] as number];
}
