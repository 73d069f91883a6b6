/**
 * Symmetric eigendecomposition: ml-matrix's `EigenvalueDecomposition` (JAMA tred2 + tql2 through Matrix.get/set)
 * against our flat-array `symmetricEigen`, interleaved in one run, on the matrices the ridge path decomposes:
 * Gram matrices XᵀX of a random 2P×P design, scaled to unit diagonal.
 *
 *   pnpm tsx packages/mlip/bench/eigen.ts [--sizes 300,755,1058,1652] [--reps 1]
 *
 * Prints a markdown table: seconds per decomposition (best of `reps`), the ratio, the largest eigenvalue difference
 * (sorted) and, for both, a probe residual ‖A V y − V Λ y‖ / (‖A‖_F ‖y‖) with a random y (O(P²), so it stays cheap).
 */

import { mat, symmetricEigen } from '@equitensor/tensor';
import { SeededRng } from '@equitensor/testing';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { NormalEquations } from '../src/lsq.ts';
import { argValue } from './util.ts';

const sizes = argValue('--sizes', '300,755,1058,1652').split(',').map(Number);
const reps = Number(argValue('--reps', '1'));

/** Unit-diagonal Gram matrix of a random 2P×P design (full symmetric, row-major). */
function scaledGram(P: number, seed: number): Float64Array {
  const rng = new SeededRng(seed);
  const rows = 2 * P;
  const ne = new NormalEquations(P);
  ne.addRows(rng.normalArray(rows * P), rows, new Float64Array(rows), 1); // tiled XᵀX (upper triangle)
  const G = ne.gram;
  const d = Float64Array.from({ length: P }, (_, k) => Math.sqrt(G[k * P + k] as number));
  const A = new Float64Array(P * P);
  for (let i = 0; i < P; i++) {
    for (let j = i; j < P; j++) {
      const v = (G[i * P + j] as number) / ((d[i] as number) * (d[j] as number));
      A[i * P + j] = v;
      A[j * P + i] = v;
    }
  }
  return A;
}

/** ‖A V y − V Λ y‖ / (‖A‖_F ‖y‖) for V given by `vec(k, j)` (component k of eigenvector j). */
function probeResidual(A: Float64Array, P: number, values: ArrayLike<number>, vec: (k: number, j: number) => number): number {
  const rng = new SeededRng(99);
  const y = rng.normalArray(P);
  const Vy = new Float64Array(P);
  const VLy = new Float64Array(P);
  for (let k = 0; k < P; k++) {
    let s = 0;
    let t = 0;
    for (let j = 0; j < P; j++) {
      const v = vec(k, j);
      s += v * (y[j] as number);
      t += v * (values[j] as number) * (y[j] as number);
    }
    Vy[k] = s;
    VLy[k] = t;
  }
  let num = 0;
  let normA = 0;
  let normY = 0;
  for (let i = 0; i < P; i++) {
    let s = 0;
    for (let k = 0; k < P; k++) {
      const a = A[i * P + k] as number;
      s += a * (Vy[k] as number);
      normA += a * a;
    }
    num += (s - (VLy[i] as number)) ** 2;
    normY += (y[i] as number) ** 2;
  }
  return Math.sqrt(num / (normA * normY));
}

function runMlMatrix(A: Float64Array, P: number): { seconds: number; values: Float64Array; residual: number } {
  const m = new Matrix(P, P);
  for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) m.set(i, j, A[i * P + j] as number);
  const t0 = performance.now();
  const evd = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const seconds = (performance.now() - t0) / 1000;
  const raw = evd.realEigenvalues;
  const V = evd.eigenvectorMatrix;
  const residual = probeResidual(A, P, raw, (k, j) => V.get(k, j));
  return { seconds, values: Float64Array.from(raw).sort(), residual };
}

function runOurs(A: Float64Array, P: number): { seconds: number; values: Float64Array; residual: number } {
  const t0 = performance.now();
  const { values, vectors: V } = symmetricEigen(mat(P, P, A));
  const vectors = V.data;
  const seconds = (performance.now() - t0) / 1000;
  const residual = probeResidual(A, P, values, (k, j) => vectors[k * P + j] as number);
  return { seconds, values, residual };
}

const lines = [
  '| P | ml-matrix EVD s | symmetricEigen s | speed-up | max \\|Δλ\\| | probe residual ml-matrix / ours |',
  '|---|---|---|---|---|---|',
];
for (const P of sizes) {
  const A = scaledGram(P, P);
  let best = { ml: Infinity, ours: Infinity };
  let last: { ml?: ReturnType<typeof runMlMatrix>; ours?: ReturnType<typeof runOurs> } = {};
  for (let r = 0; r < reps; r++) {
    // Alternate the order so that machine-load drifts hit both alike.
    const order = r % 2 === 0 ? ['ml', 'ours'] : ['ours', 'ml'];
    for (const which of order) {
      if (which === 'ml') {
        last.ml = runMlMatrix(A, P);
        best = { ...best, ml: Math.min(best.ml, last.ml.seconds) };
      } else {
        last.ours = runOurs(A, P);
        best = { ...best, ours: Math.min(best.ours, last.ours.seconds) };
      }
      process.stderr.write(`P=${P} rep ${r} ${which}: ${(which === 'ml' ? last.ml?.seconds : last.ours?.seconds)?.toFixed(2)} s\n`);
    }
  }
  const ml = last.ml as ReturnType<typeof runMlMatrix>;
  const ours = last.ours as ReturnType<typeof runOurs>;
  let diff = 0;
  for (let k = 0; k < P; k++) diff = Math.max(diff, Math.abs((ml.values[k] as number) - (ours.values[k] as number)));
  lines.push(
    `| ${P} | ${best.ml.toFixed(2)} | ${best.ours.toFixed(2)} | ${(best.ml / best.ours).toFixed(1)}× | ${diff.toExponential(1)} | ` +
      `${ml.residual.toExponential(1)} / ${ours.residual.toExponential(1)} |`,
  );
  last = {};
}
process.stdout.write(`${lines.join('\n')}\n`);
