import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { createSystem, cubicLattice, LennardJones, ljUnits, maxwellBoltzmann, NeighborList, velocityVerlet } from '../src/index.ts';
import { atomsIn, layout, ljLiquid, stepSideBySide } from './helpers.ts';

describe('NeighborList periodic fast path (boxes at least twice the search radius)', () => {
  const geometries = [
    { name: 'orthorhombic', cell: [13, 0, 0, 0, 12, 0, 0, 0, 14], spread: 0.4 },
    { name: 'triclinic', cell: [12, 0, 0, 2.5, 11.5, 0, -1.5, 1.8, 12.5], spread: 0.4 },
    { name: 'atoms unwrapped by up to 20 boxes', cell: [12, 0, 0, 0, 12, 0, 0, 0, 12], spread: 40 },
    { name: 'atoms unwrapped by up to 100 boxes (general search)', cell: [12, 0, 0, 0, 12, 0, 0, 0, 12], spread: 200 },
  ];
  for (const g of geometries) {
    it(`writes exactly the all-pairs layout (order, images, shifts): ${g.name}`, () => {
      const atoms = atomsIn(new SeededRng(21), 400, g.cell, g.spread);
      for (const kind of ['half', 'full'] as const) {
        const cells = new NeighborList({ cutoff: 2.6, skin: 0.3, kind });
        const brute = new NeighborList({ cutoff: 2.6, skin: 0.3, kind, method: 'all-pairs' });
        cells.build(atoms);
        brute.build(atoms);
        expect(cells.size).toBeGreaterThan(400);
        expect(layout(cells, 400)).toEqual(layout(brute, 400));
        cells.build(atoms); // a second build reuses the scratch storage and gives the same list
        expect(layout(cells, 400)).toEqual(layout(brute, 400));
      }
    });
  }

  it('gives bit-identical MD to the all-pairs search (256 LJ atoms, 25 steps, rebuilds in between)', () => {
    const cells = new LennardJones({ cutoff: 2.5, skin: 0.05 });
    const verlet = velocityVerlet(cells, { dt: 0.005, units: ljUnits });
    const allPairs = velocityVerlet(new LennardJones({ cutoff: 2.5, skin: 0, neighborMethod: 'all-pairs' }), { dt: 0.005, units: ljUnits });
    const [sa, sb] = stepSideBySide(verlet, allPairs, () => ljLiquid(4, 3, 4), 25);
    const [a, b] = [sa.system, sb.system];
    expect(cells.neighborList.buildCount).toBeGreaterThan(2);
    expect(Array.from(a.positions)).toEqual(Array.from(b.positions));
    expect(Array.from(a.velocities)).toEqual(Array.from(b.velocities));
    expect(sa.potentialEnergy).toBe(sb.potentialEnergy);
  });
});

describe('NeighborList rebuild schedule (LAMMPS neigh_modify every/delay/check)', () => {
  const box = [10, 0, 0, 0, 10, 0, 0, 0, 10];

  it('check no: rebuilds on every N-th update whether or not atoms moved', () => {
    const atoms = atomsIn(new SeededRng(2), 50, box, 0);
    const list = new NeighborList({ cutoff: 3, skin: 0.4, every: 5, check: false });
    const rebuilt: boolean[] = [];
    for (let k = 0; k < 11; k++) rebuilt.push(list.update(atoms));
    expect(rebuilt).toEqual([true, false, false, false, false, true, false, false, false, false, true]);
  });

  it('check yes with delay: waits D updates, then rebuilds only when atoms moved far enough', () => {
    const atoms = atomsIn(new SeededRng(3), 50, box, 0);
    const list = new NeighborList({ cutoff: 3, skin: 0.4, delay: 3 });
    expect(list.update(atoms)).toBe(true);
    atoms.positions[0] = atoms.positions[0]! + 0.5; // beyond the skin at once
    expect([list.update(atoms), list.update(atoms), list.update(atoms)]).toEqual([false, false, true]);
    expect(list.update(atoms)).toBe(false); // unmoved since that build
  });

  it('a new cell rebuilds whatever the schedule; bad schedules are rejected', () => {
    const atoms = atomsIn(new SeededRng(4), 50, box, 0);
    const list = new NeighborList({ cutoff: 3, skin: 0.4, every: 20, check: false });
    list.update(atoms);
    const bigger = createSystem({ numbers: atoms.numbers, positions: atoms.positions, cell: [10.5, 0, 0, 0, 10, 0, 0, 0, 10], pbc: true });
    expect(list.update(bigger)).toBe(true);
    expect(() => new NeighborList({ cutoff: 3, every: 0 })).toThrow(/every/);
    expect(() => new NeighborList({ cutoff: 3, delay: 1.5 })).toThrow(/delay/);
  });

  it("runs in.lj's schedule: every 20 steps unchecked gives 1 + 5 builds in 100 steps", () => {
    const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [4, 4, 4] });
    maxwellBoltzmann(system, { temperature: 1.44, seed: 87287, units: ljUnits });
    const lj = new LennardJones({ cutoff: 2.5, skin: 0.3, rebuild: { every: 20, delay: 0, check: false } });
    const integrator = velocityVerlet(lj, { dt: 0.005, units: ljUnits });
    const state = integrator.init(system);
    for (let s = 0; s < 100; s++) integrator.step(state);
    expect(lj.neighborList.buildCount).toBe(6);
  });
});
