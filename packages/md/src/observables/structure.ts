import { volume } from '@equitensor/io';
import { NeighborList } from '../neighbor-list.ts';
import type { AtomsState } from '../potential.ts';

/** The radial distribution function on a grid of shells. */
export interface RadialDistribution {
  /** Shell centres (Å). */
  readonly r: Float64Array;
  /** g(r) per shell. */
  readonly g: Float64Array;
  /** Running coordination number n(r) = ρ ∫₀^{r_upper} g 4πr² dr at each shell's upper edge. */
  readonly coordination: Float64Array;
}

/**
 * The radial distribution function g(r) of a periodic system (all atoms, all periodic images, so rMax may
 * exceed half the box), normalised by the ideal-gas pair count in each spherical shell.
 *
 * @example
 * ```ts
 * const { r, g } = radialDistribution(system, { rMax: 6, bins: 120 });
 * ```
 */
export function radialDistribution(atoms: AtomsState, options: { rMax: number; bins?: number }): RadialDistribution {
  if (atoms.cell === null || !(atoms.pbc[0] && atoms.pbc[1] && atoms.pbc[2]))
    throw new RangeError('radialDistribution needs a fully periodic cell');
  const bins = options.bins ?? 100;
  const rMax = options.rMax;
  if (!(rMax > 0) || !Number.isInteger(bins) || bins < 1)
    throw new RangeError('radialDistribution needs rMax > 0 and a positive integer number of bins');
  const list = new NeighborList({ cutoff: rMax, skin: 0 });
  list.build(atoms);
  const n = atoms.numbers.length;
  const x = atoms.positions;
  const counts = new Float64Array(bins);
  const dr = rMax / bins;
  for (let i = 0; i < n; i++) {
    for (let k = list.start[i] as number; k < (list.start[i + 1] as number); k++) {
      const j = list.neighbors[k] as number;
      const s = 3 * (list.images[k] as number);
      const dx = (x[3 * j] as number) - (x[3 * i] as number) + (list.shifts[s] as number);
      const dy = (x[3 * j + 1] as number) - (x[3 * i + 1] as number) + (list.shifts[s + 1] as number);
      const dz = (x[3 * j + 2] as number) - (x[3 * i + 2] as number) + (list.shifts[s + 2] as number);
      const b = Math.floor(Math.sqrt(dx * dx + dy * dy + dz * dz) / dr);
      if (b < bins) counts[b] = (counts[b] as number) + 2; // each pair seen from both atoms
    }
  }
  const rho = n / volume(atoms.cell);
  const r = new Float64Array(bins);
  const g = new Float64Array(bins);
  const coordination = new Float64Array(bins);
  let running = 0;
  for (let b = 0; b < bins; b++) {
    const lo = b * dr;
    const hi = lo + dr;
    const shell = ((4 * Math.PI) / 3) * (hi ** 3 - lo ** 3);
    r[b] = lo + 0.5 * dr;
    g[b] = (counts[b] as number) / (n * rho * shell);
    running += (counts[b] as number) / n;
    coordination[b] = running;
  }
  return { r, g, coordination };
}

/**
 * Mean-squared displacement from a reference configuration. Positions are never wrapped by this
 * package's integrators, so the displacement is the true one.
 *
 * @example
 * ```ts
 * const msd = new MeanSquaredDisplacement(system.positions);
 * // … run dynamics …
 * msd.compute(system.positions); // Å²
 * ```
 */
export class MeanSquaredDisplacement {
  private readonly reference: Float64Array;

  constructor(reference: Float64Array) {
    this.reference = Float64Array.from(reference);
  }

  /** ⟨|r(t) − r(0)|²⟩ over atoms. */
  compute(positions: Float64Array): number {
    if (positions.length !== this.reference.length) throw new RangeError('MSD: the number of atoms changed');
    let sum = 0;
    for (let k = 0; k < positions.length; k++) sum += ((positions[k] as number) - (this.reference[k] as number)) ** 2;
    return sum / (positions.length / 3);
  }
}
