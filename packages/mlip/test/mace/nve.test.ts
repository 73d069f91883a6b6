import { createSystem, maxwellBoltzmann, velocityVerlet } from '@equitensor/md';
import { describe, expect, it } from 'vitest';
import { MacePotential } from '../../src/index.ts';
import { reference } from './reference.ts';

/** Largest |E_tot(t) − E_tot(0)| over `time` fs of velocity Verlet at step dt, on the periodic reference cell at 300 K. */
function maxDeviation(dt: number, time: number): number {
  const s = reference().json.structures[4];
  if (!s?.cell) throw new Error('missing periodic structure');
  const Z: Record<string, number> = { H: 1, C: 6, O: 8 };
  const system = createSystem({ numbers: s.symbols.map((x) => Z[x] as number), positions: s.positions, cell: s.cell });
  maxwellBoltzmann(system, { temperature: 300, seed: 4 });
  const nve = velocityVerlet(new MacePotential(reference().model), { dt });
  const state = nve.init(system);
  const e0 = nve.conservedEnergy(state);
  let worst = 0;
  for (let k = 0; k < Math.round(time / dt); k++) {
    nve.step(state);
    worst = Math.max(worst, Math.abs(nve.conservedEnergy(state) - e0));
  }
  return worst;
}

describe('NVE with the MACE reference model', () => {
  it('conserves energy with velocity Verlet, the error shrinking as dt² (a consistent force field)', () => {
    // velocity Verlet's energy error on a smooth, conservative force field is O(dt²) (it conserves a shadow
    // Hamiltonian), so halving dt quarters it; inconsistent forces would leave an O(1) drift that does not shrink.
    const coarse = maxDeviation(1, 20);
    const fine = maxDeviation(0.5, 20);
    expect(coarse).toBeGreaterThan(0);
    // ±10 % around 4 leaves room for the next (dt⁴) term and for sampling the maximum at discrete steps
    expect(coarse / fine).toBeGreaterThan(3.6);
    expect(coarse / fine).toBeLessThan(4.4);
    expect(coarse / 24).toBeLessThan(1e-3); // eV/atom: far below kT over 20 fs
  });
});
