/**
 * The one mapping from md's (and mlip's) potentials to their versions on the shared-memory worker pool, used by
 * `md run --workers` (on a `NodeWorkerPool`, cli/pooled-potential.ts) and by the app's MD runs (on a
 * `WebWorkerPool` made inside the simulation worker, web-pool.ts). The pool is the caller's: it is made only when
 * the potential has a pooled kernel, and the caller closes it.
 */
import { CoulombPme, EmbeddedAtom, LennardJones, Morse, type Potential, SumPotential } from '@equitensor/md';
import { ParallelCoulombPme, ParallelEmbeddedAtom, ParallelLennardJones, ParallelMorse } from '@equitensor/md/node';
import { ACE_POOL_KINDS, MacePotential, MlipPotential } from '@equitensor/mlip';
import type { WorkerPool } from '@equitensor/tensor';

/** What has a pooled kernel, in words (for the message of a run that stays on one thread). */
export const POOLED_POTENTIALS = 'lj, eam, morse, mace, mlip (cg, gaunt) and coulomb:pme (+born|buck)';

/**
 * The pooled version of a potential on the pool `pool()` returns (called once, only when there is one):
 * `ParallelLennardJones` for `LennardJones`, `ParallelEmbeddedAtom` for `EmbeddedAtom`, `ParallelMorse` for `Morse`
 * (same parameters, cutoff, force loop (`kernel`), neighbour search, skin and rebuild schedule), the same MACE model with its edge work on the pool
 * (`MaceModel.usePool`: bit-identical), the same ACE model of the sparse kinds with its descriptors on the pool
 * (`MlipPotential.usePool`: bit-identical), `ParallelCoulombPme` for `CoulombPme` (also fused with Born/Buckingham: its
 * real-space pairs on the pool); null for potentials without a pooled kernel yet (other sums, Stillinger-Weber, Born
 * alone, other Coulomb methods, ACE models of the grid and cp kinds: the caller runs them on one thread and says so).
 *
 * @example
 * ```ts
 * const pooled = potentialOnPool(new LennardJones({ cutoff: 8.5 }), () => pool); // a ParallelLennardJones on pool
 * potentialOnPool(stillingerWeber, () => pool); // null, and no pool asked for
 * ```
 */
export function potentialOnPool(potential: Potential, pool: () => WorkerPool): Potential | null {
  // a sum of one term (what `born:FILE+coulomb:pme` becomes once fused): that term, pooled
  if (potential instanceof SumPotential && potential.terms.length === 1) return potentialOnPool(potential.terms[0] as Potential, pool);
  if (potential instanceof EmbeddedAtom) return new ParallelEmbeddedAtom(potential, { pool: pool() });
  if (potential instanceof MacePotential) return new MacePotential(potential.model.usePool(pool()), potential.name);
  if (potential instanceof MlipPotential)
    return (ACE_POOL_KINDS as readonly string[]).includes(potential.descriptor.kind) ? potential.usePool(pool()) : null;
  if (potential instanceof Morse) return new ParallelMorse(potential, { pool: pool() });
  if (potential instanceof CoulombPme) return new ParallelCoulombPme(potential, { pool: pool() });
  if (potential instanceof LennardJones) {
    const list = potential.neighborList;
    return new ParallelLennardJones({
      epsilon: potential.epsilon,
      sigma: potential.sigma,
      cutoff: potential.cutoff,
      shift: potential.shift,
      // the force loop the serial potential runs (its `kernel` option, resolved), and its neighbour search
      kernel: potential.kernel === 'typescript' ? 'typescript' : 'wasm',
      neighborMethod: list.method,
      skin: list.skin,
      rebuild: { every: list.every, delay: list.delay, check: list.check },
      pool: pool(),
    });
  }
  return null;
}

/**
 * The force loop of a potential that has a choice of one (Lennard-Jones' `kernel`, pooled or not, as it ran last:
 * `wasm-simd`, or `typescript` where WebAssembly SIMD or, on the pool, shared WebAssembly memory was missing), or null
 * for potentials without one; the CLI's JSON and the app's status bar report it, so a slower fallback is never silent.
 *
 * @example
 * ```ts
 * forceLoopOf(new LennardJones({ cutoff: 2.5 })); // 'wasm-simd' where WebAssembly SIMD runs
 * forceLoopOf(stillingerWeber); // null
 * ```
 */
export function forceLoopOf(potential: Potential): 'wasm-simd' | 'typescript' | null {
  const kernel = (potential as { kernel?: unknown }).kernel;
  return kernel === 'wasm-simd' || kernel === 'typescript' ? kernel : null;
}
