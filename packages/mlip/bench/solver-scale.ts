/**
 * Ridge-solver cost against the column count P, CPU time (process.cpuUsage): today's eigendecomposition path
 * (`ridgePath`: one `symmetricEigen` of the scaled Gram matrix) and the Cholesky path (`CholeskyRidge`: one blocked
 * Cholesky factor, then preconditioned CG iterations of ≈ 3P² multiply-adds each). The normal matrix is synthetic
 * (random symmetric, diagonally dominant; the factorisation's cost does not depend on its values).
 *
 *   pnpm tsx packages/mlip/bench/solver-scale.ts --eigen 2000 --cholesky 2000,5000,10000
 *
 * Prints one JSON line per measurement.
 */
import { Random } from '@equitensor/tensor';
import { NormalEquations, ridgePath } from '../src/index.ts';
import { CholeskyRidge } from '../src/ridge-cholesky.ts';
import { argValue } from './util.ts';

function synthetic(P: number, seed: number): NormalEquations {
  const rng = Random.mulberry32(seed);
  const ne = new NormalEquations(P);
  const G = ne.gram;
  for (let i = 0; i < P; i++) {
    G[i * P + i] = P;
    for (let j = i + 1; j < P; j++) G[i * P + j] = rng.uniform() - 0.5;
    ne.rhs[i] = rng.uniform() - 0.5;
  }
  return ne;
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const list = (name: string): number[] =>
  argValue(name, '')
    .split(',')
    .filter((x) => x !== '')
    .map(Number);

for (const P of list('--eigen')) {
  const ne = synthetic(P, 1);
  const t = cpu();
  ridgePath(ne, [1e-6]).solution(0);
  process.stdout.write(`${JSON.stringify({ solver: 'eigen (ridgePath)', P, cpuSeconds: +(cpu() - t).toFixed(2) })}\n`);
}
for (const P of list('--cholesky')) {
  const ne = synthetic(P, 1);
  const ridge = new CholeskyRidge(ne);
  let t = cpu();
  ridge.solve(1e-6);
  const factor = cpu() - t;
  t = cpu();
  ridge.solve(1e-5);
  const pcg = cpu() - t;
  process.stdout.write(
    `${JSON.stringify({
      solver: 'cholesky (CholeskyRidge)',
      P,
      factorSeconds: +factor.toFixed(2),
      nsPerMultiplyAdd: +((1e9 * factor) / (P ** 3 / 6)).toFixed(3),
      pcgSeconds: +pcg.toFixed(2),
      pcgIterations: ridge.iterations,
    })}\n`,
  );
}
