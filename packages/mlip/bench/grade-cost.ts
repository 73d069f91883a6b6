/**
 * Cost of the extrapolation grade against one energy + forces evaluation, 64-atom rattled diamond Si, a Si_tiny
 * model (order 3, degree 12, 5.5 Å): CPU time of `extrapolationGrades` and of `compute`, interleaved, best of 5 rounds.
 *
 *   nice pnpm tsx packages/mlip/bench/grade-cost.ts
 */
import { SeededRng } from '@equitensor/testing';
import { extrapolationGrades, fitPotential, withGradeReference } from '../src/index.ts';
import { siTinyConfigs } from '../test/si-tiny.ts';
import { rattledDiamond } from './util.ts';

const configs = siTinyConfigs();
const model = withGradeReference(fitPotential(configs, { basis: { order: 3, maxDegree: [12, 12, 12], rcut: 5.5 } }).potential, configs);
const atoms = rattledDiamond(5.43, new SeededRng(1));
const cpu = (f: () => void, reps: number): number => {
  const t = process.cpuUsage();
  for (let r = 0; r < reps; r++) f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1e6 / reps;
};
let best = { compute: Infinity, grade: Infinity };
for (let round = 0; round < 5; round++) {
  best = {
    compute: Math.min(
      best.compute,
      cpu(() => model.compute(atoms), 5),
    ),
    grade: Math.min(
      best.grade,
      cpu(() => extrapolationGrades(model, atoms), 5),
    ),
  };
}
const g = extrapolationGrades(model, atoms);
process.stdout.write(
  `${JSON.stringify({ features: model.descriptor.features.count, computeSeconds: best.compute, gradeSeconds: best.grade, ratio: best.grade / best.compute, maxGrade: g.max })}\n`,
);
