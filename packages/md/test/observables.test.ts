import { parseExtxyz } from '@equitensor/io';
import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  checkpoint,
  createSystem,
  cubicLattice,
  EmbeddedAtom,
  type Integrator,
  LennardJones,
  langevin,
  ljUnits,
  MeanSquaredDisplacement,
  maxwellBoltzmann,
  noseHooverChain,
  radialDistribution,
  restoreCheckpoint,
  runDynamics,
  ThermoReporter,
  TrajectoryReporter,
} from '../src/index.ts';
import { readPotentialText } from './helpers.ts';

describe('radialDistribution', () => {
  it('counts 12 then 18 neighbours in perfect fcc copper', () => {
    const system = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [3, 3, 3], number: 29 });
    const { r, coordination } = radialDistribution(system, { rMax: 4.2, bins: 42 });
    const at = (x: number) => coordination[r.findIndex((v) => v > x)]!;
    expect(at(3.0)).toBeCloseTo(12, 12); // first shell a/√2 = 2.556 Å
    expect(at(4.0)).toBeCloseTo(18, 12); // second shell a = 3.615 Å
  });

  it('is ≈ 1 for an ideal gas, also beyond half the box', () => {
    const rng = new SeededRng(7);
    const n = 500;
    const system = createSystem({
      numbers: new Int32Array(n),
      positions: rng.uniformArray(3 * n, 0, 10),
      cell: [10, 0, 0, 0, 10, 0, 0, 0, 10],
      masses: new Float64Array(n).fill(1),
    });
    const { g } = radialDistribution(system, { rMax: 6, bins: 6 });
    for (let b = 2; b < 6; b++) expect(Math.abs(g[b]! - 1)).toBeLessThan(0.03);
  });
});

describe('MeanSquaredDisplacement', () => {
  it('is |d|² for a rigid translation', () => {
    const system = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [2, 2, 2], number: 29 });
    const msd = new MeanSquaredDisplacement(system.positions);
    const moved = system.positions.map((v, k) => v + [0.3, -0.4, 1.2][k % 3]!);
    expect(msd.compute(moved)).toBeCloseTo(0.09 + 0.16 + 1.44, 14);
  });
});

describe('checkpoint and restart', () => {
  const cases: { name: string; make: () => Integrator; system: () => ReturnType<typeof cubicLattice> }[] = [
    {
      name: 'Langevin EAM (random stream restored)',
      make: () =>
        langevin(EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_u3.eam'), 'Cu_u3.eam'), {
          dt: 2,
          temperature: 500,
          friction: 0.02,
          seed: 3,
        }),
      system: () => {
        const s = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [3, 3, 3], number: 29 });
        maxwellBoltzmann(s, { temperature: 500, seed: 1 });
        return s;
      },
    },
    {
      name: 'Nosé–Hoover chain LJ (chain restored)',
      make: () => noseHooverChain(new LennardJones(), { dt: 0.005, temperature: 1.5, tau: 0.1, units: ljUnits }),
      system: () => {
        const s = cubicLattice({ structure: 'fcc', a: 1.68, repeat: [3, 3, 3] });
        maxwellBoltzmann(s, { temperature: 1.5, seed: 2, units: ljUnits });
        return s;
      },
    },
  ];
  for (const c of cases) {
    it(`continues bit for bit: ${c.name}`, () => {
      const straight = c.make();
      const s1 = straight.init(c.system());
      for (let k = 0; k < 120; k++) straight.step(s1);

      const first = c.make();
      const s2 = first.init(c.system());
      for (let k = 0; k < 60; k++) first.step(s2);
      const saved = JSON.parse(JSON.stringify(checkpoint(s2, first)));
      const second = c.make();
      const s3 = restoreCheckpoint(saved, second);
      for (let k = 0; k < 60; k++) second.step(s3);

      expect(s3.step).toBe(120);
      expect(Array.from(s3.system.positions)).toEqual(Array.from(s1.system.positions));
      expect(Array.from(s3.system.velocities)).toEqual(Array.from(s1.system.velocities));
      expect(Array.from(s3.extra)).toEqual(Array.from(s1.extra));
    });
  }

  it('refuses a checkpoint of another integrator', () => {
    const nhc = cases[1]!.make();
    const data = checkpoint(nhc.init(cases[1]!.system()), nhc);
    expect(() => restoreCheckpoint(data, cases[0]!.make())).toThrow(/nhc/);
  });
});

describe('reporters', () => {
  it('stream thermo rows and write extxyz frames with energy, stress and forces every k steps', () => {
    const system = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [3, 3, 3], number: 29 });
    maxwellBoltzmann(system, { temperature: 300, seed: 4 });
    const eam = EmbeddedAtom.fromFile(readPotentialText('lammps/potentials/Cu_u3.eam'), 'Cu_u3.eam');
    const integrator = langevin(eam, { dt: 1, temperature: 300, friction: 0.01, seed: 1 });
    const state = integrator.init(system);
    const printed: number[] = [];
    const thermo = new ThermoReporter(5, (row) => printed.push(row.step));
    let text = '';
    const traj = new TrajectoryReporter(10, (t) => {
      text += t;
    });
    runDynamics(integrator, state, 25, [thermo, traj]);
    expect(printed).toEqual([0, 5, 10, 15, 20, 25]);
    const last = thermo.rows.at(-1)!;
    expect(last.totalEnergy).toBeCloseTo(last.potentialEnergy + last.kineticEnergy, 12);
    expect(last.stepsPerSecond).toBeGreaterThan(0);
    const frames = parseExtxyz(text, { fileName: 'md.xyz' });
    expect(frames.map((f) => f.info.step)).toEqual([0, 10, 20, 25]);
    const end = frames.at(-1)!;
    expect(end.info.energy).toBeCloseTo(state.potentialEnergy, 9);
    // the frame's forces and stress are those of the potential at that configuration
    const check = eam.compute(createSystem({ numbers: end.numbers, positions: end.positions, cell: end.cell, pbc: end.pbc }));
    assertClose(end.arrays.forces!.data as Float64Array, check.forces, { rtol: 1e-6, atol: 1e-9 }, 'forces');
    expect((end.info.stress as number[]).length).toBe(9);
    expect(end.arrays.velocities!.width).toBe(3);
  });
});
