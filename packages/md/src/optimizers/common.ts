import type { Potential, PotentialResult } from '../potential.ts';
import type { System } from '../system.ts';

/** Options shared by the optimisers. */
export interface OptimizerOptions {
  /** Converged when the largest atomic force is below this (eV/Å; default 0.05, ASE's default). */
  readonly fmax?: number;
  /** Give up after this many force evaluations (default 1000). */
  readonly maxSteps?: number;
  /** Largest displacement of any atom in one step (Å; default 0.2, as ASE). */
  readonly maxStep?: number;
  /** Called after each step with the step number and the current result. */
  readonly onStep?: (step: number, result: PotentialResult, fmax: number) => void;
}

/** What an optimiser returns; the system's positions hold the final configuration. */
export interface OptimizerResult {
  readonly converged: boolean;
  /** Number of steps taken. */
  readonly steps: number;
  readonly energy: number;
  /** Largest atomic force at the end (eV/Å). */
  readonly fmax: number;
  readonly forces: Float64Array;
}

/**
 * Largest per-atom force norm (eV/Å), the quantity `fmax` is compared with.
 *
 * @example
 * ```ts
 * maxForce(potential.compute(system).forces); // e.g. 0.012
 * ```
 */
export function maxForce(forces: Float64Array): number {
  let m = 0;
  for (let i = 0; i < forces.length; i += 3) {
    const f2 = (forces[i] as number) ** 2 + (forces[i + 1] as number) ** 2 + (forces[i + 2] as number) ** 2;
    if (f2 > m) m = f2;
  }
  return Math.sqrt(m);
}

/**
 * @internal The loop both optimisers share: from the forces (and the number of steps taken), `proposeStep` returns
 * the next displacement, which is capped at `maxStep` per atom and applied, until the largest force is below `fmax`
 * or `maxSteps` steps are taken. Defaults as ASE: fmax 0.05 eV/Å, 1000 steps, 0.2 Å.
 */
export function relax(
  potential: Potential,
  system: System,
  options: OptimizerOptions,
  proposeStep: (forces: Float64Array, steps: number) => Float64Array,
): OptimizerResult {
  const fmaxTarget = options.fmax ?? 0.05;
  const maxSteps = options.maxSteps ?? 1000;
  const maxStep = options.maxStep ?? 0.2;
  const x = system.positions;
  let result = evaluate(potential, system);
  let fmax = maxForce(result.forces);
  let steps = 0;
  while (fmax >= fmaxTarget && steps < maxSteps) {
    const step = proposeStep(result.forces, steps);
    limitStep(step, maxStep);
    for (let k = 0; k < x.length; k++) x[k] = (x[k] as number) + (step[k] as number);
    result = evaluate(potential, system);
    fmax = maxForce(result.forces);
    steps++;
    options.onStep?.(steps, result, fmax);
  }
  return { converged: fmax < fmaxTarget, steps, energy: result.energy, fmax, forces: result.forces };
}

/** @internal evaluate and check. */
export function evaluate(potential: Potential, system: System): PotentialResult {
  const r = potential.compute(system);
  if (!Number.isFinite(r.energy)) throw new Error(`potential ${potential.name} returned a non-finite energy`);
  return r;
}

/** @internal scale a step so no atom moves more than maxStep. */
export function limitStep(step: Float64Array, maxStep: number): void {
  let longest = 0;
  for (let i = 0; i < step.length; i += 3) {
    longest = Math.max(longest, Math.hypot(step[i] as number, step[i + 1] as number, step[i + 2] as number));
  }
  if (longest > maxStep) {
    const s = maxStep / longest;
    for (let k = 0; k < step.length; k++) step[k] = (step[k] as number) * s;
  }
}
