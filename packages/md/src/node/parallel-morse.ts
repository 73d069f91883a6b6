import type { NeighborList } from '../neighbor-list.ts';
import type { AtomsState, ComputeOptions, PotentialResult } from '../potential.ts';
import type { Morse } from '../potentials/morse.ts';
import { MORSE_PAIR, pairPoolKernel } from './pair-pool-kernel.ts';
import { PooledPotential, type PooledPotentialOptions, SharedPairWalk } from './pooled-potential.ts';

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
export class ParallelMorse extends PooledPotential {
  readonly neighborList: NeighborList;
  private readonly serial: Morse;
  private readonly parameters = new SharedArrayBuffer(5 * 8);
  private readonly walk: SharedPairWalk;

  constructor(serial: Morse, options: ParallelMorseOptions = {}) {
    super('ParallelMorse', serial, options);
    this.serial = serial;
    this.neighborList = serial.neighborList;
    this.walk = new SharedPairWalk(this.workerCount, 7);
    const { D, alpha, r0, cutoff } = serial;
    // the energy shift exactly as Morse computes it
    const e = Math.exp(-alpha * (cutoff - r0));
    new Float64Array(this.parameters).set([cutoff * cutoff, D, alpha, r0, serial.shift ? D * (e * e - 2 * e) : 0]);
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    this.assertOpen();
    if (options.perAtomEnergies === true) return this.serial.compute(atoms, options);
    const list = this.neighborList;
    list.update(atoms);
    const n = atoms.numbers.length;
    const walk = this.walk;
    // the (re)built list into shared memory, the kernel loaded with the new buffers
    if (walk.stale(list, n)) this.pool.load({ source: MORSE_KERNEL, buffers: { ...walk.share(list, n), parameters: this.parameters } });
    walk.prepare(list, atoms.positions);
    this.pool.run(0);
    this.pool.run(1);
    const forces = walk.out.slice();
    const [energy, xx, yy, zz, xy, xz, yz] = walk.sum(0, [0, 0, 0, 0, 0, 0, 0]) as [number, number, number, number, number, number, number];
    return { energy, forces, virial: new Float64Array([xx, xy, xz, xy, yy, yz, xz, yz, zz]) };
  }
}
