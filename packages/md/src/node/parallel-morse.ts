import type { AtomsState, ComputeOptions, PotentialResult } from '../potential.ts';
import type { Morse } from '../potentials/morse.ts';
import { MORSE_PAIR, pairPoolKernel } from './pair-pool-kernel.ts';
import { PooledPairPotential, type PooledPotentialOptions } from './pooled-potential.ts';

/** Options of {@link ParallelMorse}. */
export interface ParallelMorseOptions extends PooledPotentialOptions {}

const MORSE_KERNEL = pairPoolKernel(MORSE_PAIR);

/**
 * {@link Morse} computed on a shared-memory {@link WorkerPool} from `@equitensor/tensor` (Node only:
 * `@equitensor/md/node`), `sumPairs`' half-list walk split over fixed atom ranges ({@link pairPoolKernel}): forces into
 * per-worker slots, a fixed-order reduction, two barriers per step, the list shared once per rebuild. A run with k
 * workers gives the same numbers every time and differs from `Morse` (and other k) only by reassociation. Per-atom
 * energies are computed on the calling thread. Call `close()` when done.
 *
 * @example
 * ```ts
 * import { ParallelMorse } from '@equitensor/md/node';
 * const morse = new ParallelMorse(new Morse({ D: 0.3429, alpha: 1.3588, r0: 2.866, cutoff: 9 }), { workers: 2 });
 * const { energy } = morse.compute(system);
 * await morse.close();
 * ```
 */
export class ParallelMorse extends PooledPairPotential<Morse> {
  constructor(serial: Morse, options: ParallelMorseOptions = {}) {
    const { D, alpha, r0, cutoff } = serial;
    // the energy shift exactly as Morse computes it
    const e = Math.exp(-alpha * (cutoff - r0));
    super('ParallelMorse', serial, options, MORSE_KERNEL, 7, [cutoff * cutoff, D, alpha, r0, serial.shift ? D * (e * e - 2 * e) : 0]);
  }

  protected step(_atoms: AtomsState, options: ComputeOptions): PotentialResult {
    this.pool.run(0);
    this.pool.run(1);
    const forces = this.walk.forces(options);
    const [energy, xx, yy, zz, xy, xz, yz] = this.walk.sum(0, [0, 0, 0, 0, 0, 0, 0]) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return { energy, forces, virial: new Float64Array([xx, xy, xz, xy, yy, yz, xz, yz, zz]) };
  }
}
