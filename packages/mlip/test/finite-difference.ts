import type { AtomsState } from '@equitensor/md';
import { assertEquivariant } from '@equitensor/so3';
import { type AceDescriptor, neighborData } from '../src/index.ts';

/** Energy of a linear model on a descriptor's features. */
export function modelEnergy(d: AceDescriptor, atoms: AtomsState, c: Float64Array): number {
  return d.evaluate(atoms, neighborData(atoms, d.cutoff), c).energy;
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

/**
 * so3's `assertEquivariant` on a six-atom O/H cluster (positions 1.2 × the random inputs): the energy must be
 * invariant and the forces equivariant under rotations and inversion, to 1e-12. Returns the number of checks.
 */
export function clusterEquivarianceChecks(d: AceDescriptor, c: Float64Array): number {
  const numbers = new Int32Array([8, 1, 1, 8, 1, 1]);
  const report = assertEquivariant(
    (x) => {
      const positions = x.map((v) => 1.2 * v);
      const atoms: AtomsState = { numbers, positions, cell: null, pbc: [false, false, false] };
      const r = d.evaluate(atoms, neighborData(atoms, d.cutoff), c);
      return [r.energy, ...r.forces];
    },
    ['6x1o'],
    '0e+6x1o',
    { batch: 1, trials: 3, tolerance: 1e-12 },
  );
  return report.checks;
}
