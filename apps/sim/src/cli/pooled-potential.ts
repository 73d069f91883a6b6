import { CoulombPme, EmbeddedAtom, LennardJones, Morse, type Potential, SumPotential } from '@equitensor/md';
import { ParallelCoulombPme, ParallelEmbeddedAtom, ParallelLennardJones, ParallelMorse } from '@equitensor/md/node';
import { MacePotential } from '@equitensor/mlip';
import { NodeWorkerPool } from '@equitensor/tensor/node';

/** A potential on the shared-memory worker pool, with `close()` to stop its workers. */
export type PooledPotential = Potential & { close(): Promise<void> };

/**
 * The pooled version of a potential for `md run --workers n` (n ≥ 2): `ParallelLennardJones` for `lj`,
 * `ParallelEmbeddedAtom` for `eam`, `ParallelMorse` for `morse` (same parameters, cutoff, skin and rebuild schedule), the
 * same MACE model with its edge work on a `NodeWorkerPool` for `mace` (`MaceModel.usePool`: bit-identical),
 * `ParallelCoulombPme` for `coulomb:pme` and `born:FILE+coulomb:pme` / `buck:FILE+coulomb:pme` (the fused CoulombPme:
 * its real-space pairs on the pool); null for potentials without a pooled kernel yet (other sums, sw, born alone,
 * other coulomb methods, mlip: the caller runs them on one thread and says so).
 *
 * @example
 * ```ts
 * const pooled = pooledPotential(potential, 2); // null for sw, mlip, sums, …
 * ```
 */
export function pooledPotential(potential: Potential, workers: number): PooledPotential | null {
  // a sum of one term (what `born:FILE+coulomb:pme` becomes once fused): that term, pooled
  if (potential instanceof SumPotential && potential.terms.length === 1) return pooledPotential(potential.terms[0] as Potential, workers);
  if (potential instanceof EmbeddedAtom) return new ParallelEmbeddedAtom(potential, { workers });
  if (potential instanceof MacePotential) {
    const pool = new NodeWorkerPool({ workers });
    const pooled = new MacePotential(potential.model.usePool(pool), potential.name);
    return Object.assign(pooled, { close: () => pool.close() });
  }
  if (potential instanceof Morse) return new ParallelMorse(potential, { workers });
  if (potential instanceof CoulombPme) return new ParallelCoulombPme(potential, { workers });
  if (potential instanceof LennardJones) {
    const list = potential.neighborList;
    return new ParallelLennardJones({
      epsilon: potential.epsilon,
      sigma: potential.sigma,
      cutoff: potential.cutoff,
      shift: potential.shift,
      skin: list.skin,
      rebuild: { every: list.every, delay: list.delay, check: list.check },
      workers,
    });
  }
  return null;
}
