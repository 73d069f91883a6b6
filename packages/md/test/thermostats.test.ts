import { describe, expect, it } from 'vitest';
import {
  bussi,
  type Integrator,
  kineticEnergy,
  LennardJones,
  langevin,
  ljUnits,
  noseHooverChain,
  type Potential,
  type System,
  temperature,
} from '../src/index.ts';
import { ljLiquid } from './helpers.ts';

/** Run an NVT integrator on a small LJ liquid and return ⟨T⟩ after equilibration and the conserved-quantity drift. */
function thermostatRun(make: (p: Potential) => Integrator, system: System, equilibrate: number, steps: number) {
  const integrator = make(new LennardJones({ cutoff: 2.5, shift: true })); // shifted: no energy jumps at the cutoff
  const state = integrator.init(system);
  for (let s = 0; s < equilibrate; s++) integrator.step(state);
  const c0 = integrator.conservedEnergy(state);
  let sum = 0;
  let drift = 0;
  for (let s = 0; s < steps; s++) {
    integrator.step(state);
    sum += temperature(system, ljUnits);
    drift = Math.max(drift, Math.abs(integrator.conservedEnergy(state) - c0));
  }
  return { mean: sum / steps, drift, energy: state.potentialEnergy + kineticEnergy(system, ljUnits) };
}

describe('thermostats hold ⟨T⟩ within 2% of the target (LJ liquid, 256 atoms, T* = 1.2)', () => {
  const target = 1.2;
  const options = { dt: 0.005, temperature: target, units: ljUnits };
  it('Nosé–Hoover chain (and conserves its extended energy)', () => {
    const r = thermostatRun((p) => noseHooverChain(p, { ...options, tau: 0.1 }), ljLiquid(4, target, 3), 300, 2000);
    expect(Math.abs(r.mean / target - 1)).toBeLessThan(0.02);
    // per atom, ε: as NVE at this time step (its own fluctuation is 1.2e-3); the bath exchanges O(kT) = 1.2
    expect(r.drift / 256).toBeLessThan(2.5e-3);
  });
  it('Bussi stochastic velocity rescaling (and conserves energy + bath work)', () => {
    const r = thermostatRun((p) => bussi(p, { ...options, tau: 0.1, seed: 4 }), ljLiquid(4, target, 3), 300, 2000);
    expect(Math.abs(r.mean / target - 1)).toBeLessThan(0.02);
    expect(r.drift / 256).toBeLessThan(2.5e-3);
  });
  it('Langevin', () => {
    const r = thermostatRun((p) => langevin(p, { ...options, friction: 2, seed: 4 }), ljLiquid(4, target, 3), 300, 2000);
    expect(Math.abs(r.mean / target - 1)).toBeLessThan(0.02);
  });
});
