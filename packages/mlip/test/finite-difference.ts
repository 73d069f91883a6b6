import type { AtomsState } from '@equitensor/md';
import { type AceDescriptor, neighbourData } from '../src/index.ts';

/** Energy of a linear model on a descriptor's features. */
export function modelEnergy(d: AceDescriptor, atoms: AtomsState, c: Float64Array): number {
  return d.evaluate(atoms, neighbourData(atoms, d.cutoff), c).energy;
}

/**
 * Central-difference forces −∂E/∂x (step h) against the analytic `forces`: the worst absolute difference and
 * the largest finite-difference force (the scale to judge it by).
 */
export function forceDifference(
  d: AceDescriptor,
  atoms: AtomsState,
  c: Float64Array,
  forces: Float64Array,
  h = 1e-5,
): { worst: number; scale: number } {
  let worst = 0;
  let scale = 0;
  for (let q = 0; q < forces.length; q++) {
    const p = Float64Array.from(atoms.positions);
    const m = Float64Array.from(atoms.positions);
    p[q] = (p[q] as number) + h;
    m[q] = (m[q] as number) - h;
    const fd = -(modelEnergy(d, { ...atoms, positions: p }, c) - modelEnergy(d, { ...atoms, positions: m }, c)) / (2 * h);
    worst = Math.max(worst, Math.abs(fd - (forces[q] as number)));
    scale = Math.max(scale, Math.abs(fd));
  }
  return { worst, scale };
}
