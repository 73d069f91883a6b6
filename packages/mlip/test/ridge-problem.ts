import { Random } from '@equitensor/tensor';
import { type DesignRows, NormalEquations } from '../src/index.ts';

/**
 * A weighted design with strongly correlated columns (Chebyshev polynomials at random points, column k scaled by
 * 10^(k mod 4)), split into blocks of 7 rows of one weight: the rows and the same rows as normal equations.
 */
export function ridgeProblem(n: number, P: number, seed: number): { rows: DesignRows[]; ne: NormalEquations } {
  const rng = Random.mulberry32(seed);
  const rows: DesignRows[] = [];
  const ne = new NormalEquations(P);
  for (let r0 = 0; r0 < n; r0 += 7) {
    const k = Math.min(7, n - r0);
    const data = new Float64Array(k * P);
    const targets = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const t = rng.uniform();
      for (let c = 0; c < P; c++) data[i * P + c] = Math.cos(c * Math.acos(2 * t - 1)) * 10 ** (c % 4);
      targets[i] = Math.sin(3 * t) + 0.01 * (rng.uniform() - 0.5);
    }
    const weight = 0.5 + rng.uniform();
    rows.push({ data, rows: k, targets, weight });
    ne.addRows(data, k, targets, weight);
  }
  return { rows, ne };
}
