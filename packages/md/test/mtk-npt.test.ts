import { readFileSync } from 'node:fs';
import { volume } from '@equitensor/io';
import { describe, expect, it } from 'vitest';
import {
  checkpoint,
  createSystem,
  cubicLattice,
  LennardJones,
  ljUnits,
  maxwellBoltzmann,
  mtkNpt,
  pressure,
  restoreCheckpoint,
  temperature,
} from '../src/index.ts';
import { energyErrorRatios, expectSecondOrder } from './energy-order.ts';

interface NptReference {
  pressureTarget: number;
  density: { mean: number; stderr: number };
  volume: { mean: number; stderr: number };
  volumeStd: number;
}
const fixture = (name: string): NptReference =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as NptReference;

// The state point of generate_berendsen_reference.py: LJ T* = 1.5, P* = 2.5, 256 atoms from fcc ρ* = 0.8442, rc 2.5
const ljLiquid = (seed: number) => {
  const system = cubicLattice({ structure: 'fcc', a: (4 / 0.8442) ** (1 / 3), repeat: [4, 4, 4] });
  maxwellBoltzmann(system, { temperature: 1.5, seed, units: ljUnits });
  return system;
};
// shifted: the energy is continuous at the cutoff (forces, virial and so the dynamics equal the unshifted LAMMPS run's)
const npt = (tauP: number) =>
  mtkNpt(new LennardJones({ cutoff: 2.5, skin: 0.3, shift: true }), {
    dt: 0.005,
    temperature: 1.5,
    pressure: 2.5,
    tau: 0.5,
    tauP,
    units: ljUnits,
  });

describe('MTK NPT (isotropic, Nosé–Hoover chains on particles and barostat)', () => {
  it('conserves the extended energy with an error second order in dt', () => {
    const integrator = npt(2);
    const system = ljLiquid(11);
    const state = integrator.init(system);
    for (let s = 0; s < 400; s++) integrator.step(state); // melt and expand from the lattice
    const half = mtkNpt(new LennardJones({ cutoff: 2.5, skin: 0.3, shift: true }), {
      dt: 0.0025,
      temperature: 1.5,
      pressure: 2.5,
      tau: 0.5,
      tauP: 2,
      units: ljUnits,
    });
    // eight 0.5 τ windows, each run at dt = 0.005 and 0.0025 from the same extended state: the RMS ratio of the
    // conserved-energy errors is 4 for the second-order Trotter splitting (2 for first order, ≈ 1 for a wrong
    // conserved energy); tolerance t₇(99.9 %)·σ_mean from the windows' scatter, which must be under 2
    const ratios = energyErrorRatios(integrator, half, state, 8, 100);
    expectSecondOrder(ratios);
  });

  it("samples LAMMPS' fix npt ensemble: ⟨P⟩ = P₀, ⟨ρ⟩ and the volume fluctuations of LAMMPS", () => {
    const ref = fixture('ref_mtk_lj_npt.json');
    const berendsen = fixture('ref_berendsen_lj_npt.json');
    const integrator = npt(0.5); // ensemble averages do not depend on τ_P; a light barostat decorrelates fast
    const system = ljLiquid(5);
    const state = integrator.init(system);
    for (let s = 0; s < 1500; s++) integrator.step(state);
    const blocks = 6;
    const blockSteps = 1000;
    const p: number[] = [];
    const rho: number[] = [];
    const t: number[] = [];
    let v1 = 0;
    let v2 = 0;
    for (let b = 0; b < blocks; b++) {
      let sp = 0;
      let sr = 0;
      let st = 0;
      for (let s = 0; s < blockSteps; s++) {
        integrator.step(state);
        const v = volume(system.cell as Float64Array);
        sp += pressure(system, state.virial, ljUnits);
        sr += 256 / v;
        st += temperature(system, ljUnits);
        v1 += v;
        v2 += v * v;
      }
      p.push(sp / blockSteps);
      rho.push(sr / blockSteps);
      t.push(st / blockSteps);
    }
    const stats = (x: number[]) => {
      const m = x.reduce((a, b) => a + b, 0) / x.length;
      return { mean: m, stderr: Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1) / x.length) };
    };
    const n = blocks * blockSteps;
    const volumeStd = Math.sqrt(v2 / n - (v1 / n) ** 2);
    const ps = stats(p);
    const rs = stats(rho);
    expect(ps.stderr).toBeGreaterThan(1e-3);
    expect(Math.abs(ps.mean - 2.5)).toBeLessThan(4 * ps.stderr);
    expect(Math.abs(stats(t).mean - 1.5)).toBeLessThan(0.02);
    expect(Math.abs(rs.mean - ref.density.mean)).toBeLessThan(4 * Math.hypot(rs.stderr, ref.density.stderr));
    // NPT volume fluctuations (⟨δV²⟩ = kT·V·κ_T): LAMMPS' fix npt value, about twice Berendsen's
    expect(Math.abs(volumeStd / ref.volumeStd - 1)).toBeLessThan(0.25);
    expect(ref.volumeStd / berendsen.volumeStd).toBeGreaterThan(1.5);
  });

  it('restarts from a checkpoint bit for bit', () => {
    const integrator = npt(0.5);
    const state = integrator.init(ljLiquid(2));
    for (let s = 0; s < 100; s++) integrator.step(state);
    const saved = JSON.parse(JSON.stringify(checkpoint(state, integrator)));
    for (let s = 0; s < 100; s++) integrator.step(state);
    const again = npt(0.5);
    const restored = restoreCheckpoint(saved, again);
    for (let s = 0; s < 100; s++) again.step(restored);
    expect(restored.system.cell).toEqual(state.system.cell);
    expect(restored.system.positions).toEqual(state.system.positions);
    expect(restored.extra).toEqual(state.extra);
  });

  it('rejects open boundaries and bad settings', () => {
    const open = createSystem({ numbers: [18, 18], positions: [0, 0, 0, 1.1, 0, 0] });
    expect(() => npt(0.5).init(open)).toThrow(/periodic/);
    expect(() => npt(0)).toThrow(/tauP/);
    expect(() => mtkNpt(new LennardJones(), { dt: 0.005, temperature: 1, pressure: Number.NaN })).toThrow(/pressure/);
  });
});
