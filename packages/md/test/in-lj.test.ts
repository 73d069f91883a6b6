import { describe, expect, it } from 'vitest';
import {
  cubicLattice,
  kineticEnergy,
  LennardJones,
  ljUnits,
  maxwellBoltzmann,
  pressure,
  temperature,
  velocityVerlet,
} from '../src/index.ts';

// LAMMPS' bench/in.lj (log.lj.lammps-29Sep2021u2.serial in the shared data): fcc ρ* = 0.8442, LJ rc = 2.5σ,
// T* = 1.44, dt = 0.005τ, NVE. Step 0: E_pair −6.7733681, TotEng −4.6134356, Press −5.0197073;
// step 100: Temp 0.7574531, E_pair −5.7585055, TotEng −4.6223613, Press 0.20726105.
const inLjLattice = (repeat: number) => cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [repeat, repeat, repeat] });

describe("LAMMPS' in.lj", () => {
  it("reproduces in.lj's step-0 thermo (32,000 atoms: E_pair −6.7733681, TotEng −4.6134356, Press −5.0197073)", () => {
    const system = inLjLattice(20);
    expect(system.masses.length).toBe(32000);
    maxwellBoltzmann(system, { temperature: 1.44, seed: 87287, units: ljUnits });
    const result = new LennardJones({ cutoff: 2.5 }).compute(system);
    const n = system.masses.length;
    // LAMMPS prints 8 significant digits
    expect(Math.abs(result.energy / n - -6.7733681)).toBeLessThan(6e-8);
    expect(Math.abs((result.energy + kineticEnergy(system, ljUnits)) / n - -4.6134356)).toBeLessThan(6e-8);
    expect(Math.abs(pressure(system, result.virial, ljUnits) - -5.0197073)).toBeLessThan(6e-8);
  });

  it('follows the log over 100 steps (4,000 atoms: the same lattice, statistically)', () => {
    const system = inLjLattice(10);
    maxwellBoltzmann(system, { temperature: 1.44, seed: 87287, units: ljUnits });
    const n = system.masses.length;
    const nve = velocityVerlet(new LennardJones({ cutoff: 2.5, skin: 0.3 }), { dt: 0.005, units: ljUnits });
    const state = nve.init(system);
    const total0 = (state.potentialEnergy + kineticEnergy(system, ljUnits)) / n;
    for (let s = 0; s < 100; s++) nve.step(state);
    const total = (state.potentialEnergy + kineticEnergy(system, ljUnits)) / n;
    // the melt: T falls from 1.44 to ≈0.757 (thermal fluctuation for 4,000 atoms ≈ 0.01)
    expect(Math.abs(temperature(system, ljUnits) - 0.7574531)).toBeLessThan(0.025);
    expect(Math.abs(state.potentialEnergy / n - -5.7585055)).toBeLessThan(0.03);
    expect(Math.abs(pressure(system, state.virial, ljUnits) - 0.20726105)).toBeLessThan(0.15);
    // the total energy drifts as in LAMMPS (the unshifted cutoff): −4.6134356 → −4.6223613
    expect(Math.abs(total - total0 - (-4.6223613 - -4.6134356))).toBeLessThan(1e-3);
  });
});
