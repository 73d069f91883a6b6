import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  type Checkpoint,
  checkDynamicsSystem,
  cpuBackend,
  createIntegrator,
  createSystem,
  cubicLattice,
  DynamicsInstabilityError,
  LennardJones,
  langevin,
  ljUnits,
  Morse,
  minimumImageDisplacement,
  restoreCheckpoint,
} from '../src/index.ts';
import { ljLiquid } from './helpers.ts';

const ljCrystal = ljLiquid;

/** NVE dynamics of the plain Lennard-Jones potential in reduced units on the CPU backend (`extra`: limits and the like). */
const ljNve = (system: ReturnType<typeof ljCrystal>, dt: number, extra: Partial<Parameters<typeof cpuBackend.create>[0]> = {}) =>
  cpuBackend.create({ system, potential: new LennardJones(), integrator: { kind: 'nve' }, dt, units: ljUnits, ...extra });

describe('createIntegrator', () => {
  it('builds the integrator a spec describes (same trajectory as the direct constructor)', () => {
    const a = ljCrystal(3, 1.0, 5);
    const b = ljCrystal(3, 1.0, 5);
    const spec = { kind: 'langevin', temperature: 1.0, friction: 2, seed: 9 } as const;
    const viaSpec = createIntegrator(new LennardJones(), spec, { dt: 0.005, units: ljUnits });
    const direct = langevin(new LennardJones(), { dt: 0.005, units: ljUnits, temperature: 1.0, friction: 2, seed: 9 });
    const sa = viaSpec.init(a);
    const sb = direct.init(b);
    for (let s = 0; s < 20; s++) {
      viaSpec.step(sa);
      direct.step(sb);
    }
    expect(viaSpec.name).toBe('langevin');
    expect(Array.from(a.positions)).toEqual(Array.from(b.positions));
    const npt = createIntegrator(
      new LennardJones(),
      { kind: 'nhc', temperature: 1, tau: 0.5, barostat: { kind: 'berendsen', pressure: 1, tau: 0.5, bulkModulus: 20 } },
      { dt: 0.005, units: ljUnits },
    );
    expect(npt.name).toBe('nhc+berendsen');
    expect(createIntegrator(new LennardJones(), { kind: 'mtk-npt', temperature: 1, pressure: 1 }, { dt: 0.005, units: ljUnits }).name).toBe(
      'mtk-npt',
    );
  });
});

describe('cpuBackend', () => {
  it('checkpoints its last snapshot and restarts from it bit for bit', async () => {
    const spec = { kind: 'langevin', temperature: 1.0, friction: 1, seed: 3 } as const;
    const request = { potential: new LennardJones(), integrator: spec, dt: 0.005, units: ljUnits };
    const straight = await cpuBackend.create({ ...request, system: ljCrystal(3, 1.0, 1) });
    await straight.run(20);
    const first = await cpuBackend.create({ ...request, system: ljCrystal(3, 1.0, 1) });
    await first.run(10);
    const chk = JSON.parse(JSON.stringify(first.checkpoint()));
    expect(chk.step).toBe(10);
    expect(chk.potential).toBe('lj');
    const second = await cpuBackend.create({ ...request, potential: new LennardJones(), restart: chk });
    const end = await second.run(10);
    expect(end.step).toBe(20);
    expect(Array.from(end.positions)).toEqual(Array.from(straight.snapshot.positions));
    expect(end.potentialEnergy).toBe(straight.snapshot.potentialEnergy);
  });

  it('refuses a restart with another potential', async () => {
    const first = await ljNve(ljCrystal(2, 1.0, 1), 0.005);
    const chk = first.checkpoint() as Checkpoint;
    const integrator = createIntegrator(new LennardJones({ shift: true }), { kind: 'nve' }, { dt: 0.005, units: ljUnits });
    expect(() => restoreCheckpoint(chk, integrator)).toThrow(/written with the potential lj, not lj\/shifted/);
  });

  it('stops an exploding run naming the step and the quantity, keeping the last good snapshot', async () => {
    // dt = 0.1τ is 20× in.lj's step: a thermal LJ crystal heats past T* = 100 within a few dozen steps.
    const dynamics = await ljNve(ljCrystal(3, 1.44, 2), 0.1, { limits: { maxTemperature: 100 } });
    let error: unknown;
    let good = 0;
    try {
      for (let block = 0; block < 100; block++) good = (await dynamics.run(5)).step;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DynamicsInstabilityError);
    const e = error as DynamicsInstabilityError;
    expect(e.quantity).toMatch(/temperature|potential energy|integration/);
    expect(e.step).toBeGreaterThan(good);
    expect(e.message).toMatch(new RegExp(`step ${e.step}`));
    expect(dynamics.snapshot.step).toBe(good);
    expect(dynamics.snapshot.temperature).toBeLessThanOrEqual(100);
    expect(dynamics.checkpoint()?.step).toBe(good);
    await expect(dynamics.run(1)).rejects.toThrow(DynamicsInstabilityError);
  });

  it('stops at a step boundary when its signal is aborted', async () => {
    const dynamics = await ljNve(ljCrystal(2, 1.0, 1), 0.005);
    const controller = new AbortController();
    controller.abort();
    expect((await dynamics.run(10, { signal: controller.signal })).step).toBe(0);
    expect((await dynamics.run(3)).step).toBe(3);
  });
});

describe('checkDynamicsSystem', () => {
  const lj = new LennardJones();
  const pair = (x: number, cell: number[] | null = [10, 0, 0, 0, 10, 0, 0, 0, 10]) =>
    createSystem({
      numbers: [18, 18],
      positions: [0, 0, 0, x, 0, 0],
      cell,
      pbc: cell === null ? [false, false, false] : [true, true, true],
    });

  it('refuses non-finite coordinates, singular cells, thin cells and overlapping atoms, naming them', () => {
    expect(() => checkDynamicsSystem(pair(Number.NaN), lj)).toThrow(/atom 1 has a non-finite position \(x = NaN\)/);
    expect(() => checkDynamicsSystem(pair(1, [10, 0, 0, 20, 0, 0, 0, 0, 10]), lj)).toThrow(/cell is singular/);
    expect(() => checkDynamicsSystem(pair(0), lj)).toThrow(/atoms 0 and 1 are 0\.00 apart, closer than 0\.1/);
    expect(() => checkDynamicsSystem(pair(0.05, null), lj)).toThrow(/atoms 0 and 1 are 0\.0500 apart/);
    // through the periodic boundary: 9.95 Å apart in a 10 Å box is 0.05 Å
    expect(() => checkDynamicsSystem(pair(9.95), lj)).toThrow(/atoms 0 and 1 are 0\.0500 apart/);
    expect(() => checkDynamicsSystem(pair(1, [10, 0, 0, 0, 10, 0, 0, 0, 0.05]), lj)).toThrow(/0\.0500 thick along lattice vector 3/);
    expect(() => checkDynamicsSystem(pair(1), lj)).not.toThrow();
    expect(() => checkDynamicsSystem(pair(0.5), lj, { minDistance: 0.4 })).not.toThrow();
  });

  it('finds the one overlapping pair among many atoms (binned search agrees with every pair)', () => {
    const system = cubicLattice({ structure: 'fcc', a: 3.6, repeat: [6, 6, 6], number: 29 });
    expect(() => checkDynamicsSystem(system, lj)).not.toThrow();
    const last = system.masses.length - 1;
    system.positions[3 * last] = (system.positions[3 * 17] as number) + 0.03;
    system.positions[3 * last + 1] = system.positions[3 * 17 + 1] as number;
    system.positions[3 * last + 2] = system.positions[3 * 17 + 2] as number;
    expect(() => checkDynamicsSystem(system, lj)).toThrow(new RegExp(`atoms 17 and ${last} are 0\\.0300 apart`));
  });

  it('agrees with a search over every pair and image (random triclinic, mixed and open boundaries)', () => {
    const rng = new SeededRng(11);
    const cell = [6, 0, 0, 2.5, 5.5, 0, -1.5, 1.2, 5];
    let refused = 0;
    for (let trial = 0; trial < 60; trial++) {
      const pbc: [boolean, boolean, boolean] = [trial % 2 === 0, trial % 3 !== 0, trial % 5 !== 0];
      const open = trial % 7 === 0;
      const n = 40;
      const positions = Array.from({ length: 3 * n }, () => rng.uniformIn(-2, 8));
      const system = createSystem({
        numbers: new Array(n).fill(18),
        positions,
        cell: open ? null : cell,
        pbc: open ? [false, false, false] : pbc,
      });
      let closest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          const d = minimumImageDisplacement(system, i, j);
          closest = Math.min(closest, Math.hypot(d[0] as number, d[1] as number, d[2] as number));
        }
      const minDistance = 0.35;
      const check = () => checkDynamicsSystem(system, lj, { minDistance });
      if (closest < minDistance) {
        refused++;
        expect(check, `trial ${trial}`).toThrow(/overlapping or coincident atoms/);
      } else expect(check, `trial ${trial}`).not.toThrow();
    }
    // both outcomes occur, so the comparison is not vacuous
    expect(refused).toBeGreaterThan(5);
    expect(refused).toBeLessThan(55);
  });

  it('accepts cutoffs beyond half the cell with a warning and refuses ones no neighbour list can hold', () => {
    const warnings: string[] = [];
    checkDynamicsSystem(pair(1, [3, 0, 0, 0, 3, 0, 0, 0, 3]), new Morse({ D: 1, alpha: 1, r0: 1, cutoff: 2 }), {
      warn: (m) => warnings.push(m),
    });
    expect(warnings[0]).toMatch(/exceeds half the cell's thinnest width/);
    const dense = cubicLattice({ structure: 'fcc', a: 1.6, repeat: [4, 4, 4] });
    expect(() => checkDynamicsSystem(dense, new LennardJones({ cutoff: 400 }))).toThrow(/far larger than the cell/);
  });
});
