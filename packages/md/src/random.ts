/**
 * md's seeded generator is `@equitensor/tensor`'s {@link Random} (xoshiro128**, checkpointable): re-exported here so
 * that md's integrators, initial velocities and checkpoints keep importing it from one place. Its state (six
 * numbers) is what a checkpoint saves, so a Langevin or Bussi run restarts bit-exactly.
 *
 * @example
 * ```ts
 * const rng = new Random(42);
 * const saved = rng.getState();
 * new Random(0).setState(saved); // continues identically
 * ```
 */
export { Random } from '@equitensor/tensor';
