/** Shared checks of md's pooled potentials (`@equitensor/md/node`) against their serial potentials. */
import { assertClose, assertScalarClose } from '@equitensor/testing';
import { expect } from 'vitest';
import type { PotentialResult, System } from '../src/index.ts';

/**
 * The pooled result `a` of `workers` workers equals the serial one: energy to 1e-12 relative, forces and virial to
 * 1e-12 relative (absolute floor 1e-12 for forces, 1e-10 for the virial's larger entries). The tolerance: the same
 * terms added in another order (per worker slot), reassociation only, ~1e-16 relative per term over at most a few
 * hundred terms per sum, far inside 1e-12.
 */
export function expectSerialAgreement(a: PotentialResult, serial: PotentialResult, workers: number): void {
  assertScalarClose(a.energy, serial.energy, { rtol: 1e-12 }, `energy, ${workers} workers`);
  assertClose(a.forces, serial.forces, { rtol: 1e-12, atol: 1e-12 }, `forces, ${workers} workers`);
  assertClose(a.virial, serial.virial, { rtol: 1e-12, atol: 1e-10 }, `virial, ${workers} workers`);
}

/**
 * For k = 1, 2, 3 workers: the pooled result equals the serial one to 1e-12 and the same bits come back on `repeats`
 * more calls (a fixed partition and fixed-order reductions), then 2 and 3 workers' forces equal 1 worker's to 1e-12.
 * The tolerance: the same terms added in another order (per worker slot), reassociation only, ~1e-16 relative per term
 * over at most a few hundred terms per sum, far inside 1e-12. `check` adds the potential's own assertions for each k.
 */
export async function expectPooledAgreement<P extends { compute(system: System): PotentialResult; close(): Promise<void> }>(
  make: (workers: number) => P,
  system: System,
  serial: PotentialResult,
  repeats: number,
  check: (result: PotentialResult, workers: number) => void = () => {},
): Promise<void> {
  const byK: Float64Array[] = [];
  for (const workers of [1, 2, 3]) {
    const parallel = make(workers);
    try {
      const a = parallel.compute(system);
      check(a, workers);
      expectSerialAgreement(a, serial, workers);
      byK.push(a.forces);
      for (let repeat = 0; repeat < repeats; repeat++) {
        const again = parallel.compute(system);
        expect(again.energy).toBe(a.energy);
        expect(Buffer.compare(Buffer.from(again.forces.buffer), Buffer.from(a.forces.buffer))).toBe(0);
        expect([...again.virial]).toEqual([...a.virial]);
      }
    } finally {
      await parallel.close();
    }
  }
  // different k: reassociation only (as above)
  assertClose(byK[1] as Float64Array, byK[0] as Float64Array, { rtol: 1e-12, atol: 1e-12 }, 'forces, 2 vs 1 workers');
  assertClose(byK[2] as Float64Array, byK[0] as Float64Array, { rtol: 1e-12, atol: 1e-12 }, 'forces, 3 vs 1 workers');
}
