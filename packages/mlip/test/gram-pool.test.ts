import { NodeWorkerPool } from '@equitensor/tensor/node';
import { SeededRng } from '@equitensor/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { fitPotential, NormalEquations } from '../src/index.ts';
import { siTinyConfigs } from './si-tiny.ts';

const pools = [1, 2, 3].map((workers) => new NodeWorkerPool({ workers }));
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

interface Block {
  readonly values: Float64Array;
  readonly rows: number;
  readonly targets: Float64Array;
  readonly weight: number;
}

/**
 * Blocks of P = 23 columns (not a multiple of 4, so every tile-tail branch runs) with two empty columns per block,
 * small integer entries, targets and weights ±1, ±2 / 2, 1: every product and sum of the normal equations is an integer
 * far below 2^53, so float64 arithmetic is exact in any order and Σ w² a aᵀ has exactly one right answer.
 */
function integerBlocks(P: number, seed: number): Block[] {
  const rng = new SeededRng(seed);
  const out: Block[] = [];
  for (let b = 0; b < 6; b++) {
    const rows = [1, 7, 12, 3, 9, 1][b] as number;
    const values = new Float64Array(rows * P);
    const empty = [(3 * b) % P, (5 * b + 7) % P];
    for (let r = 0; r < rows; r++) for (let c = 0; c < P; c++) values[r * P + c] = empty.includes(c) ? 0 : Math.round(rng.uniformIn(-9, 9));
    const targets = Float64Array.from({ length: rows }, () => Math.round(rng.uniformIn(-5, 5)));
    out.push({ values, rows, targets, weight: b % 2 === 0 ? 2 : 1 });
  }
  return out;
}

/** The blocks added as a fit adds them: single rows by `addRow`, the others by `addRows`. */
function assemble(P: number, blocks: readonly Block[], pool?: NodeWorkerPool): NormalEquations {
  const ne = new NormalEquations(P, pool ? { pool } : {});
  for (const b of blocks) {
    if (b.rows === 1) ne.addRow(b.values, b.targets[0] as number, b.weight);
    else ne.addRows(b.values, b.rows, b.targets, b.weight);
  }
  return ne;
}

describe('normal equations on the shared-memory worker pool', () => {
  const P = 23;
  const blocks = integerBlocks(P, 5);

  it('gives exactly Σ w² a aᵀ and Σ w² y a (integer data: exact in float64) for 1, 2 and 3 workers', () => {
    // Reference: the textbook double loop over every row, written independently of the tiled kernels.
    const G = new Float64Array(P * P);
    const g = new Float64Array(P);
    for (const b of blocks)
      for (let r = 0; r < b.rows; r++) {
        const w2 = b.weight * b.weight;
        for (let i = 0; i < P; i++) {
          g[i] = (g[i] as number) + w2 * (b.targets[r] as number) * (b.values[r * P + i] as number);
          for (let j = i; j < P; j++)
            G[i * P + j] = (G[i * P + j] as number) + w2 * (b.values[r * P + i] as number) * (b.values[r * P + j] as number);
        }
      }
    for (const pool of pools) {
      const ne = assemble(P, blocks, pool);
      expect(Array.from(ne.gram), `${pool.size} workers`).toEqual(Array.from(G));
      expect(Array.from(ne.rhs)).toEqual(Array.from(g));
      expect(ne.rows).toBe(blocks.reduce((s, b) => s + b.rows, 0));
    }
  });

  it('is bit-for-bit the one-thread assembly for every worker count, and the same on every run (real-valued data)', () => {
    const rng = new SeededRng(11);
    const real: Block[] = integerBlocks(41, 9).map((b) => ({
      ...b,
      values: b.values.map((v) => (v === 0 ? 0 : v * rng.uniformIn(0.1, 3))),
      targets: b.targets.map((y) => y + rng.normal()),
      weight: b.weight * 0.37,
    }));
    const serial = assemble(41, real);
    for (const pool of pools)
      for (let run = 0; run < 2; run++) {
        const ne = assemble(41, real, pool);
        expect(Array.from(ne.gram), `${pool.size} workers, run ${run}`).toEqual(Array.from(serial.gram));
        expect(Array.from(ne.rhs)).toEqual(Array.from(serial.rhs));
        expect(ne.targetSquare).toBe(serial.targetSquare);
      }
  });

  it('a fit of Si_tiny on 2 workers (assembly; Cholesky and committee factors) gives the one-thread model bit for bit', () => {
    const configs = siTinyConfigs();
    // both solvers: the eigen path (assembly on the pool) and the Cholesky path (assembly and factors on the pool)
    for (const solver of ['eigen', 'cholesky'] as const) {
      const options = { basis: { order: 3, maxDegree: [10, 10, 10] }, solver };
      const one = fitPotential(configs, options);
      expect(one.columns).toBeGreaterThan(2 * 64); // the Cholesky factor has trailing updates (64-column panels)
      const two = fitPotential(configs, { ...options, pool: pools[1]! });
      expect(two.lambda, solver).toBe(one.lambda);
      expect(Array.from(two.potential.toJSON().coefficients), solver).toEqual(Array.from(one.potential.toJSON().coefficients));
      // the posterior committee's factor on the pool as well
      expect(two.potential.toJSON().uncertainty, solver).toEqual(one.potential.toJSON().uncertainty);
      expect(one.potential.toJSON().uncertainty).toBeDefined();
    }
  });
});
