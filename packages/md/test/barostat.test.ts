import { readFileSync } from 'node:fs';
import { cartesianToFractional, fractionalToCartesian, volume } from '@equitensor/io';
import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  applyBerendsenPressureCoupling,
  barToPressure,
  berendsenBarostat,
  berendsenSettings,
  checkpoint,
  createSystem,
  cubicLattice,
  gpaToPressure,
  LennardJones,
  ljUnits,
  maxwellBoltzmann,
  NeighborList,
  noseHooverChain,
  pressure,
  pressureToBar,
  pressureToGpa,
  restoreCheckpoint,
  runDynamics,
  scaleSystem,
  ThermoReporter,
  velocityVerlet,
} from '../src/index.ts';
import { LAMMPS_NKTV2P_METAL } from './helpers.ts';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;

interface StepsReference {
  box: number[];
  positions: number[];
  velocities: number[];
  thermo: { Step: number; Volume: number; Lx: number; Ly: number; Lz: number; Press: number; Pxx: number; Pyy: number; Pzz: number }[];
}
interface NptReference {
  temperature: number;
  pressureTarget: number;
  tauT: number;
  tauP: number;
  modulus: number;
  dt: number;
  density: { mean: number; stderr: number };
  pressure: { mean: number; stderr: number };
  pressureStd: number;
}

// LAMMPS' settings in generate_berendsen_reference.py: lj/cut 2.5 (unshifted), neighbor 0.3, dt 0.005
const lj = () => new LennardJones({ cutoff: 2.5, skin: 0.3 });
const ljLiquid = (seed: number) => {
  const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [4, 4, 4] });
  maxwellBoltzmann(system, { temperature: 1.5, seed, units: ljUnits });
  return system;
};
const npt = (potential = lj()) =>
  berendsenBarostat(noseHooverChain(potential, { dt: 0.005, temperature: 1.5, tau: 0.5, units: ljUnits }), {
    pressure: 2.5,
    tau: 0.5,
    bulkModulus: 20,
  });

describe('Berendsen barostat: exact properties', () => {
  it('leaves cell and positions bit for bit unchanged when P = P₀', () => {
    const system = ljLiquid(3);
    const nve = velocityVerlet(lj(), { dt: 0.005, units: ljUnits });
    const state = nve.init(system);
    nve.step(state);
    const p = pressure(system, state.virial, ljUnits);
    const cell = Float64Array.from(system.cell as Float64Array);
    const positions = Float64Array.from(system.positions);
    const mu = applyBerendsenPressureCoupling(state, ljUnits, 0.005, berendsenSettings({ pressure: p, tau: 0.5, bulkModulus: 20 }));
    expect(mu).toEqual([1, 1, 1]);
    expect(system.cell).toEqual(cell);
    expect(system.positions).toEqual(positions);
  });

  it('scaling keeps fractional coordinates (triclinic cell, iso) and multiplies the volume by μ³', () => {
    const rng = new SeededRng(5);
    const cell = new Float64Array([5.1, 0, 0, 1.3, 4.7, 0, -0.8, 0.9, 6.2]);
    const positions = new Float64Array(rng.uniformArray(60, -3, 12));
    const system = createSystem({ numbers: new Int32Array(20).fill(18), positions, cell });
    const before = cartesianToFractional(system.positions, system.cell as Float64Array);
    const v0 = volume(system.cell as Float64Array);
    scaleSystem(system, [1.03, 1.03, 1.03]);
    const after = cartesianToFractional(system.positions, system.cell as Float64Array);
    for (let k = 0; k < before.length; k++) expect(Math.abs((after[k] as number) - (before[k] as number))).toBeLessThan(1e-13);
    expect(volume(system.cell as Float64Array) / v0).toBeCloseTo(1.03 ** 3, 13);
  });

  it('rejects bad settings and cells', () => {
    expect(() => berendsenSettings({ pressure: 1, tau: 0.5 })).toThrow(/exactly one/);
    expect(() => berendsenSettings({ pressure: 1, tau: 0.5, bulkModulus: 1, compressibility: 1 })).toThrow(/exactly one/);
    expect(() => berendsenSettings({ pressure: 1, tau: 0, bulkModulus: 1 })).toThrow(/tau/);
    expect(() => berendsenSettings({ pressure: [1, 2, 3], tau: 1, bulkModulus: 1 })).toThrow(/iso/);
    expect(berendsenSettings({ pressure: 1, tau: 1, bulkModulus: 20 }).compressibility).toBe(0.05);
    const open = createSystem({ numbers: [18, 18], positions: [0, 0, 0, 1.1, 0, 0] });
    expect(() => npt().init(open)).toThrow(/periodic/);
    const skewed = createSystem({ numbers: [18], positions: [0, 0, 0], cell: [5, 0, 0, 1, 5, 0, 0, 0, 5] });
    const aniso = berendsenBarostat(velocityVerlet(lj(), { dt: 0.005, units: ljUnits }), {
      pressure: [1, 1, 1],
      tau: 1,
      bulkModulus: 20,
      coupling: 'aniso',
    });
    expect(() => aniso.init(skewed)).toThrow(/orthorhombic/);
    // a pressure difference the cell cannot follow in one step
    const state = velocityVerlet(lj(), { dt: 0.005, units: ljUnits }).init(ljLiquid(1));
    expect(() =>
      applyBerendsenPressureCoupling(state, ljUnits, 0.005, berendsenSettings({ pressure: 1e6, tau: 0.005, bulkModulus: 1 })),
    ).toThrow(/invert/);
  });

  it('converts bar and GPa with ASE units (1 eV/Å³ = 1.6021766e6 bar, LAMMPS nktv2p)', () => {
    expect(pressureToBar(1) / LAMMPS_NKTV2P_METAL - 1).toBeLessThan(1e-7);
    expect(Math.abs(gpaToPressure(1) / barToPressure(1e4) - 1)).toBeLessThan(1e-15);
    expect(pressureToGpa(gpaToPressure(3.7))).toBeCloseTo(3.7, 14);
    expect(pressureToBar(barToPressure(250))).toBeCloseTo(250, 12);
  });
});

describe("Berendsen barostat against LAMMPS' fix press/berendsen (nve, 256 LJ atoms, 20 steps)", () => {
  for (const coupling of ['iso', 'aniso'] as const) {
    it(`${coupling}: the box and pressure of every step equal LAMMPS' to round-off`, () => {
      const ref = fixture<Record<'iso' | 'aniso', StepsReference>>('ref_berendsen_lj_steps.json')[coupling];
      const [lx, ly, lz] = ref.box as [number, number, number];
      const system = createSystem({
        numbers: new Int32Array(256).fill(1),
        positions: ref.positions,
        velocities: ref.velocities,
        masses: new Float64Array(256).fill(1),
        cell: [lx, 0, 0, 0, ly, 0, 0, 0, lz],
      });
      const barostat = berendsenBarostat(velocityVerlet(lj(), { dt: 0.005, units: ljUnits }), {
        pressure: coupling === 'iso' ? 2.5 : [2.5, 2.5, 2.5],
        tau: 0.5,
        bulkModulus: 20,
        coupling,
      });
      const state = barostat.init(system);
      expect(Math.abs(pressure(system, state.virial, ljUnits) - (ref.thermo[0]?.Press as number))).toBeLessThan(1e-12);
      for (const row of ref.thermo.slice(1)) {
        barostat.step(state);
        const c = system.cell as Float64Array;
        expect(Math.abs(volume(c) / row.Volume - 1)).toBeLessThan(1e-12);
        expect(Math.abs((c[0] as number) - row.Lx)).toBeLessThan(1e-12);
        expect(Math.abs((c[4] as number) - row.Ly)).toBeLessThan(1e-12);
        expect(Math.abs((c[8] as number) - row.Lz)).toBeLessThan(1e-12);
        // LAMMPS' thermo pressure: this step's virial over the rescaled volume
        expect(Math.abs(pressure(system, state.virial, ljUnits) - row.Press)).toBeLessThan(1e-10);
      }
      // the box really moved: −5.0 → ≈1.9 in 20 steps
      expect(volume(system.cell as Float64Array) / (lx * ly * lz)).toBeLessThan(0.97);
    });
  }
});

describe('Berendsen NPT (Nosé–Hoover chain + Berendsen, LJ T* = 1.5, P* = 2.5, 256 atoms)', () => {
  it("⟨P⟩ → P₀ and ⟨ρ⟩ → LAMMPS' ⟨ρ⟩ within their statistical errors", () => {
    const ref = fixture<NptReference>('ref_berendsen_lj_npt.json');
    const system = ljLiquid(7);
    const integrator = npt();
    const state = integrator.init(system);
    for (let s = 0; s < 2000; s++) integrator.step(state); // ≈ 20 τ_P from the fcc lattice (ρ 0.8442)
    const blocks = 8;
    const blockSteps = 500;
    const pressures: number[] = [];
    const densities: number[] = [];
    for (let b = 0; b < blocks; b++) {
      let p = 0;
      let rho = 0;
      for (let s = 0; s < blockSteps; s++) {
        integrator.step(state);
        p += pressure(system, state.virial, ljUnits);
        rho += 256 / volume(system.cell as Float64Array);
      }
      pressures.push(p / blockSteps);
      densities.push(rho / blockSteps);
    }
    const stats = (v: number[]) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      const variance = v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
      return { mean: m, stderr: Math.sqrt(variance / v.length) };
    };
    const p = stats(pressures);
    const rho = stats(densities);
    // the block errors are those of a fluctuating liquid (instantaneous σ_P ≈ 0.27 in LAMMPS), not ≈ 0
    expect(p.stderr).toBeGreaterThan(1e-3);
    expect(p.stderr).toBeLessThan(0.1);
    expect(Math.abs(p.mean - ref.pressureTarget)).toBeLessThan(4 * p.stderr);
    expect(Math.abs(rho.mean - ref.density.mean)).toBeLessThan(4 * Math.hypot(rho.stderr, ref.density.stderr));
    expect(Math.abs(rho.mean / ref.density.mean - 1)).toBeLessThan(0.01);
  });

  it('reports the changing volume in thermo rows', () => {
    const integrator = npt();
    const state = integrator.init(ljLiquid(9));
    const thermo = new ThermoReporter(10);
    runDynamics(integrator, state, 30, [thermo]);
    expect(thermo.rows.map((r) => r.step)).toEqual([0, 10, 20, 30]);
    expect(thermo.rows[3]?.volume).toBe(volume(state.system.cell as Float64Array));
    expect(thermo.rows[0]?.volume).toBeCloseTo(256 / 0.8442, 9);
    expect(thermo.rows[3]?.volume).not.toBe(thermo.rows[0]?.volume);
  });

  it('restarts from a checkpoint bit for bit (cell included), with a fresh potential', () => {
    const integrator = npt();
    const state = integrator.init(ljLiquid(2));
    for (let s = 0; s < 100; s++) integrator.step(state);
    const saved = JSON.parse(JSON.stringify(checkpoint(state, integrator)));
    for (let s = 0; s < 100; s++) integrator.step(state);
    const again = npt();
    const restored = restoreCheckpoint(saved, again);
    for (let s = 0; s < 100; s++) again.step(restored);
    expect(restored.system.cell).toEqual(state.system.cell);
    expect(restored.system.positions).toEqual(state.system.positions);
    expect(restored.system.velocities).toEqual(state.system.velocities);
  });
});

describe('neighbour lists follow a changing cell', () => {
  it('an NPT run keeping lists across cell changes equals one rebuilding every step, bit for bit', () => {
    const kept = lj();
    const a = npt(kept);
    const sa = a.init(ljLiquid(4));
    const rebuilt = new LennardJones({ cutoff: 2.5, skin: 0.3, rebuild: { every: 1, check: false } });
    const b = npt(rebuilt);
    const sb = b.init(ljLiquid(4));
    for (let s = 0; s < 300; s++) {
      a.step(sa);
      b.step(sb);
    }
    expect(sa.system.positions).toEqual(sb.system.positions);
    expect(sa.system.cell).toEqual(sb.system.cell);
    expect(sa.potentialEnergy).toBe(sb.potentialEnergy);
    expect(rebuilt.neighborList.buildCount).toBe(301);
    expect(kept.neighborList.buildCount).toBeLessThan(100);
    expect(kept.neighborList.deformCount).toBeGreaterThan(200);
  });

  it('after random deformations and moves the kept list holds exactly the pairs of a fresh build', () => {
    const rng = new SeededRng(17);
    let followed = 0;
    let rebuilt = 0;
    for (let trial = 0; trial < 40; trial++) {
      const cell0 = new Float64Array([
        6 + rng.uniform(),
        0,
        0,
        rng.uniformIn(-1, 1),
        6 + rng.uniform(),
        0,
        rng.uniformIn(-1, 1),
        rng.uniformIn(-1, 1),
        6,
      ]);
      const positions = fractionalToCartesian(rng.uniformArray(3 * 40, 0, 1), cell0);
      const atoms = { numbers: new Int32Array(40), positions, cell: cell0, pbc: [true, true, true] as const };
      // a long cutoff (several images per pair) and a generous skin
      const list = new NeighborList({ cutoff: 4.5, skin: 0.8, kind: 'half' });
      list.update(atoms);
      const strain = 0.04 * (trial % 5);
      const deformed = new Float64Array(9);
      const m = [
        1 + rng.uniformIn(-strain, strain),
        rng.uniformIn(-strain, strain),
        0,
        0,
        1 + rng.uniformIn(-strain, strain),
        0,
        0,
        0,
        1 + rng.uniformIn(-strain, strain),
      ];
      for (let r = 0; r < 3; r++)
        for (let c = 0; c < 3; c++)
          deformed[3 * r + c] = [0, 1, 2].reduce((s, k) => s + (cell0[3 * r + k] as number) * (m[3 * k + c] as number), 0);
      const moved = new Float64Array(120);
      for (let i = 0; i < 40; i++)
        for (let c = 0; c < 3; c++)
          moved[3 * i + c] =
            [0, 1, 2].reduce((s, k) => s + (positions[3 * i + k] as number) * (m[3 * k + c] as number), 0) + rng.normal() * 0.05;
      const now = { ...atoms, positions: moved, cell: deformed };
      const builds = list.buildCount;
      list.update(now);
      if (list.buildCount === builds) followed++;
      else rebuilt++;
      const fresh = new NeighborList({ cutoff: 4.5, skin: 0, kind: 'half' });
      fresh.update(now);
      expect(pairsWithin(list, moved, 4.5)).toEqual(pairsWithin(fresh, moved, 4.5));
    }
    expect(followed).toBeGreaterThan(5);
    expect(rebuilt).toBeGreaterThan(5);
  });
});

/** "i j dx dy dz" of every stored pair closer than rc (rounded), sorted. */
function pairsWithin(list: NeighborList, x: Float64Array, rc: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < list.start.length - 1; i++) {
    for (let k = list.start[i] as number; k < (list.start[i + 1] as number); k++) {
      const j = list.neighbors[k] as number;
      const s = 3 * (list.images[k] as number);
      const d = [0, 1, 2].map((c) => (x[3 * j + c] as number) - (x[3 * i + c] as number) + (list.shifts[s + c] as number));
      if (Math.hypot(...d) < rc) out.push(`${i} ${j} ${d.map((v) => v.toFixed(9)).join(' ')}`);
    }
  }
  return out.sort();
}
