import type { AtomsState, PotentialResult } from '../potential.ts';
import { LennardJones, type LennardJonesOptions } from '../potentials/lennard-jones.ts';
import { virialFromForces } from '../potentials/virial.ts';
import { LJ_POOL_KERNEL } from './lj-pool-kernel.ts';
import { PooledPairPotential, type PooledPotentialOptions } from './pooled-potential.ts';

/** Options of {@link ParallelLennardJones}. */
export interface ParallelLennardJonesOptions extends LennardJonesOptions, PooledPotentialOptions {}

/**
 * Lennard-Jones forces computed on a shared-memory {@link WorkerPool} from `@equitensor/tensor` (Node only:
 * `@equitensor/md/node`). The neighbour list is built on the calling thread and shared once per rebuild;
 * each step only the positions are written to shared memory and the pool runs two barriers (forces, then
 * their reduction), with no messages. Each worker takes a fixed slice of atoms with about the same number of
 * list entries and accumulates into its own slot; slots are added in a fixed order, so a run with k workers
 * gives the same numbers every time and differs from {@link LennardJones} (and other k) only by
 * reassociation. `compute` stays synchronous. Per-atom energies are computed on the calling thread. Call
 * `close()` when done.
 *
 * @example
 * ```ts
 * import { ParallelLennardJones } from '@equitensor/md/node';
 * const lj = new ParallelLennardJones({ cutoff: 2.5, workers: 2 });
 * const { energy } = lj.compute(system);
 * await lj.close();
 * ```
 */
export class ParallelLennardJones extends PooledPairPotential<LennardJones> {
  constructor(options: ParallelLennardJonesOptions = {}) {
    const serial = new LennardJones(options);
    const { sigma, epsilon, cutoff } = serial;
    const sr6 = (sigma / cutoff) ** 6;
    super('ParallelLennardJones', serial, options, LJ_POOL_KERNEL, 10, [
      cutoff * cutoff,
      sigma * sigma,
      4 * epsilon,
      24 * epsilon,
      serial.shift ? 4 * epsilon * (sr6 * sr6 - sr6) : 0,
    ]);
  }

  protected step(atoms: AtomsState): PotentialResult {
    this.pool.run(0);
    this.pool.run(1);
    const forces = this.walk.out.slice();
    const [energy, ...image] = this.walk.sum(0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) as [number, ...number[]];
    return { energy, forces, virial: virialFromForces(atoms.positions, forces, image) };
  }
}
