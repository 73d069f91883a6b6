/**
 * Ridge-solver cost against the column count P, CPU time (process.cpuUsage): today's eigendecomposition path
 * (`ridgePath`: one `symmetricEigen` of the scaled Gram matrix) and the Cholesky path (`CholeskyRidge`: one blocked
 * Cholesky factor, then preconditioned CG iterations of ≈ 3P² multiply-adds each). The normal matrix is synthetic
 * (random symmetric, diagonally dominant; the factorisation's cost does not depend on its values).
 *
 *   pnpm tsx packages/mlip/bench/solver-scale.ts --eigen 2000 --cholesky 2000,5000,10000
 *   pnpm tsx packages/mlip/bench/solver-scale.ts --pooled 2000,5000 --workers 2   # factor wall clock: 1 thread vs pool
 *
 * Prints one JSON line per measurement.
 */
import { Random } from '@equitensor/tensor';
import { NodeWorkerPool } from '@equitensor/tensor/node';
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
// The Cholesky factor on one thread and on the shared-memory pool, wall clock, one after the other (same matrix);
// the solutions must agree bit for bit.
const pooled = list('--pooled');
if (pooled.length > 0) {
  const workers = Number(argValue('--workers', '2'));
  const pool = new NodeWorkerPool({ workers });
  for (const P of pooled) {
    const ne = synthetic(P, 1);
    let t = performance.now();
    const one = new CholeskyRidge(ne).solve(1e-6);
    const oneSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    const many = new CholeskyRidge(ne, undefined, { pool }).solve(1e-6);
    const poolSeconds = (performance.now() - t) / 1000;
    process.stdout.write(
      `${JSON.stringify({
        solver: 'cholesky factor + solve, wall clock',
        P,
        workers,
        oneThreadSeconds: +oneSeconds.toFixed(2),
        poolSeconds: +poolSeconds.toFixed(2),
        ratio: +(oneSeconds / poolSeconds).toFixed(2),
        bitIdentical: one.every((v, k) => Object.is(v, many[k])),
      })}\n`,
    );
  }
  await pool.close();
}
