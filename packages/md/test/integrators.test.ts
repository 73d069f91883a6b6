import { assertClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  cpuBackend,
  cubicLattice,
  EmbeddedAtom,
  LennardJones,
  langevin,
  ljUnits,
  maxwellBoltzmann,
  temperature,
  totalMomentum,
  velocityVerlet,
} from '../src/index.ts';
import { energyErrorRatios, expectSecondOrder } from './energy-order.ts';
import { ljLiquid, readPotentialText } from './helpers.ts';

const cuEam = () => EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_u3.eam'), 'Cu_u3.eam');
const copper = (t: number, seed: number) => {
  const system = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [4, 4, 4], number: 29 });
  maxwellBoltzmann(system, { temperature: t, seed });
  return system;
};

describe('maxwellBoltzmann', () => {
  it('gives the exact temperature, zero momentum, and the same velocities for the same seed', () => {
    const a = copper(300, 42);
    const b = copper(300, 42);
    const c = copper(300, 43);
    expect(temperature(a)).toBeCloseTo(300, 9);
    for (const p of totalMomentum(a)) expect(Math.abs(p)).toBeLessThan(1e-12);
    expect(Array.from(a.velocities)).toEqual(Array.from(b.velocities));
    expect(a.velocities[0]).not.toBe(c.velocities[0]);
    // the components are Gaussian with variance kT/m: check the fourth moment ratio ⟨v⁴⟩/⟨v²⟩² ≈ 3
    let m2 = 0;
    let m4 = 0;
    for (const v of a.velocities) {
      m2 += v * v;
      m4 += v ** 4;
    }
    const n = a.velocities.length;
    expect(m4 / n / (m2 / n) ** 2).toBeGreaterThan(2.5);
    expect(m4 / n / (m2 / n) ** 2).toBeLessThan(3.5);
  });
});

describe('velocity Verlet (NVE)', () => {
  it('conserves the energy of Cu EAM (256 atoms, 300 K) with an error second order in dt', () => {
    const nve = velocityVerlet(cuEam(), { dt: 1 });
    const state = nve.init(copper(600, 1)); // equipartition brings it to ≈300 K
    for (let s = 0; s < 100; s++) nve.step(state);
    // 256 atoms: σ_T = T·√(2/3N) ≈ 15 K, so 200–400 K is ±6σ around 300 K
    expect(temperature(state.system)).toBeGreaterThan(200);
    expect(temperature(state.system)).toBeLessThan(400);
    // twelve 100 fs windows, each run at dt = 1 fs and 0.5 fs from the same state: the energy error's RMS ratio is 4
    // for a second-order scheme (2 for first order); tolerance t₁₁(99.9 %)·σ_mean from the windows' scatter, and
    // that tolerance must be under 2 so that a first-order error could not pass
    const ratios = energyErrorRatios(nve, velocityVerlet(cuEam(), { dt: 0.5 }), state, 12, 100);
    expectSecondOrder(ratios);
  });
});

describe('Langevin (BAOAB)', () => {
  it('with zero friction follows the velocity Verlet trajectory', () => {
    const a = copper(300, 5);
    const b = copper(300, 5);
    const nve = velocityVerlet(cuEam(), { dt: 1 });
    const ld = langevin(cuEam(), { dt: 1, temperature: 300, friction: 0, seed: 9 });
    const sa = nve.init(a);
    const sb = ld.init(b);
    for (let s = 0; s < 150; s++) {
      nve.step(sa);
      ld.step(sb);
    }
    assertClose(b.positions, a.positions, { rtol: 0, atol: 1e-10 }, 'positions');
    assertClose(b.velocities, a.velocities, { rtol: 0, atol: 1e-12 }, 'velocities');
    expect(sb.potentialEnergy).toBeCloseTo(sa.potentialEnergy, 9);
  });
});

describe('neighbour-list MD equals all-pairs MD', () => {
  it('to 1e-12 over 2,000 steps (32 LJ atoms in a box smaller than twice the cutoff)', () => {
    const a = ljLiquid(2, 1.0, 8);
    const b = ljLiquid(2, 1.0, 8);
    const verlet = velocityVerlet(new LennardJones({ cutoff: 2.5, skin: 0.3 }), { dt: 0.005, units: ljUnits });
    const allPairs = velocityVerlet(new LennardJones({ cutoff: 2.5, skin: 0, neighborMethod: 'all-pairs' }), { dt: 0.005, units: ljUnits });
    const sa = verlet.init(a);
    const sb = allPairs.init(b);
    for (let s = 0; s < 2000; s++) {
      verlet.step(sa);
      allPairs.step(sb);
    }
    expect((verlet.potential as LennardJones).neighborList.buildCount).toBeLessThan(2000);
    assertClose(a.positions, b.positions, { rtol: 1e-12, atol: 1e-12 }, 'positions');
    assertClose(a.velocities, b.velocities, { rtol: 1e-12, atol: 1e-12 }, 'velocities');
    expect(Math.abs(sa.potentialEnergy - sb.potentialEnergy)).toBeLessThan(1e-12 * Math.abs(sb.potentialEnergy));
  });
});

describe("cpuBackend (md's Dynamics)", () => {
  it('follows the synchronous trajectory bit for bit, run in blocks', async () => {
    const a = ljLiquid(3, 1.0, 2);
    const b = ljLiquid(3, 1.0, 2);
    const lj = new LennardJones({ cutoff: 2.5 });
    const ljForDynamics = new LennardJones({ cutoff: 2.5 });
    const sync = velocityVerlet(lj, { dt: 0.005, units: ljUnits });
    const dynamics = await cpuBackend.create({
      system: b,
      potential: ljForDynamics,
      integrator: { kind: 'nve' },
      dt: 0.005,
      units: ljUnits,
    });
    const sa = sync.init(a);
    for (let s = 0; s < 50; s++) sync.step(sa);
    for (let block = 0; block < 5; block++) await dynamics.run(10);
    expect(Array.from(b.positions)).toEqual(Array.from(a.positions));
    expect(dynamics.snapshot.conservedEnergy).toBe(sync.conservedEnergy(sa));
  });
});
