import { NeighborList, type NeighborRebuildOptions } from '../neighbor-list.ts';
import type { AtomsState, ComputeOptions, Potential, PotentialResult } from '../potential.ts';
import { sumPairs } from './pair-loop.ts';

/** Parameters of {@link Morse} (LAMMPS `pair_style morse` names). */
export interface MorseOptions {
  /** Well depth D₀ (eV). */
  readonly D: number;
  /** Width α (1/Å). */
  readonly alpha: number;
  /** Equilibrium distance r₀ (Å). */
  readonly r0: number;
  /** Cutoff (Å). */
  readonly cutoff: number;
  /** Subtract φ(rc) (default false). */
  readonly shift?: boolean;
  /** Verlet skin (default 0.3). */
  readonly skin?: number;
  /** Rebuild schedule of the neighbour list (LAMMPS' `neigh_modify every/delay/check`; default: check every step). */
  readonly rebuild?: NeighborRebuildOptions;
}

/**
 * The Morse pair potential φ(r) = D₀[e^{−2α(r−r₀)} − 2e^{−α(r−r₀)}] as LAMMPS' `pair_style morse`
 * (minimum −D₀ at r₀), optionally shifted to zero at the cutoff.
 *
 * @example
 * ```ts
 * const morse = new Morse({ D: 0.3429, alpha: 1.3588, r0: 2.866, cutoff: 9 }); // Cu (Girifalco-Weizer)
 * morse.compute(system).energy;
 * ```
 */
export class Morse implements Potential {
  readonly name = 'morse';
  readonly cutoff: number;
  readonly neighborList: NeighborList;
  /** Well depth D₀ (eV). */
  readonly D: number;
  /** Width α (1/Å). */
  readonly alpha: number;
  /** Equilibrium distance r₀ (Å). */
  readonly r0: number;
  /** Whether the energy is shifted to zero at the cutoff. */
  readonly shift: boolean;
  private readonly energyShift: number;

  constructor(options: MorseOptions) {
    const { D, alpha, r0, cutoff } = options;
    if (![D, alpha, r0].every(Number.isFinite) || !(cutoff > 0)) throw new RangeError('Morse needs finite D, alpha, r0 and cutoff > 0');
    this.D = D;
    this.alpha = alpha;
    this.r0 = r0;
    this.cutoff = cutoff;
    this.shift = options.shift === true;
    const e = Math.exp(-alpha * (cutoff - r0));
    this.energyShift = options.shift === true ? D * (e * e - 2 * e) : 0;
    this.neighborList = new NeighborList({ cutoff, skin: options.skin ?? 0.3, kind: 'half', ...options.rebuild });
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    this.neighborList.update(atoms);
    const { D, alpha, r0, energyShift } = this;
    return sumPairs(
      this.neighborList,
      atoms.positions,
      this.cutoff * this.cutoff,
      (r2, out) => {
        const r = Math.sqrt(r2);
        const e = Math.exp(-alpha * (r - r0));
        out[0] = D * (e * e - 2 * e) - energyShift;
        out[1] = (2 * D * alpha * (e * e - e)) / r;
      },
      options.perAtomEnergies === true,
    );
  }
}
