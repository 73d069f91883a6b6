import { assertScalarClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { createSystem, cubicLattice, Morse } from '../src/index.ts';
import { ParallelMorse } from '../src/node/index.ts';
import { expectSerialAgreement } from './pooled.ts';

describe('ParallelMorse (pair walk on the shared worker pool)', () => {
  it('the analytic dimer energy and force (D, α, r₀ of Cu, Girifalco-Weizer)', async () => {
    const parallel = new ParallelMorse(new Morse({ D: 0.3429, alpha: 1.3588, r0: 2.866, cutoff: 9 }), { workers: 2 });
    try {
      const r = 3.4;
      const result = parallel.compute(createSystem({ numbers: [29, 29], positions: [0, 0, 0, r, 0, 0] }));
      const e = Math.exp(-1.3588 * (r - 2.866));
      // one pair: the closed form in float64, a few roundings apart
      assertScalarClose(result.energy, 0.3429 * (e * e - 2 * e), { rtol: 1e-14 }, 'E(3.4)');
      // F = −dE/dr = 2Dα(e² − e): negative (attractive) beyond r₀
      assertScalarClose(result.forces[3] as number, 2 * 0.3429 * 1.3588 * (e * e - e), { rtol: 1e-13 }, 'F_x on atom 1');
    } finally {
      await parallel.close();
    }
  });

  it('k = 1, 2, 3 equal the serial Morse to 1e-12 (triclinic, shifted, rattled) and repeat bit for bit', async () => {
    const rng = new SeededRng(4);
    const base = cubicLattice({ structure: 'fcc', a: 3.3, repeat: [4, 4, 4], number: 29 });
    const positions = base.positions.map((v) => v + rng.normal() * 0.15);
    const cell = [13.2, 0, 0, 1, 13, 0, 0.5, -0.7, 13.6];
    const system = createSystem({ numbers: base.numbers, positions, cell, pbc: true });
    const make = () => new Morse({ D: 0.3, alpha: 1.4, r0: 2.8, cutoff: 5.5, shift: true });
    const serial = make().compute(system);
    for (const workers of [1, 2, 3]) {
      const parallel = new ParallelMorse(make(), { workers });
      try {
        const a = parallel.compute(system);
        // the same pair terms added per worker slot: reassociation only (~1e-16 per term, ≤ 100 terms per sum)
        expectSerialAgreement(a, serial, workers);
        const again = parallel.compute(system);
        expect(again.energy).toBe(a.energy);
        expect(Buffer.compare(Buffer.from(again.forces.buffer), Buffer.from(a.forces.buffer))).toBe(0);
        expect(parallel.name).toBe('morse');
      } finally {
        await parallel.close();
      }
    }
  });
});
