import { readFileSync } from 'node:fs';
import { volume } from '@equitensor/io';
import { describe, expect, it } from 'vitest';
import { createSystem, LennardJones, ljUnits, mtkNpt, stressTensor } from '../src/index.ts';
import { energyErrorRatios, expectSecondOrder, meanAndError, STUDENT_T_999 } from './energy-order.ts';
import { LJ_ANISO_NPT, ljAnisoCrystal } from './helpers.ts';

type Summary = { mean: number; stderr: number };
interface AnisoReference {
  pressureTarget: number;
  Lx: Summary;
  Ly: Summary;
  Lz: Summary;
  Density: Summary;
}
const reference = JSON.parse(readFileSync(new URL('./fixtures/ref_mtk_lj_aniso.json', import.meta.url), 'utf8')) as AnisoReference;

// generate_berendsen_reference.py part 4: fcc LJ crystal, 256 atoms from ρ* = 1.0, T* = 0.5, P* = 1.0, rc 2.5
const crystal = ljAnisoCrystal;
const aniso = (dt: number) => mtkNpt(new LennardJones({ cutoff: 2.5, skin: 0.3, shift: true }), { dt, ...LJ_ANISO_NPT });

describe('MTK NPT with per-axis (aniso) coupling', () => {
  it("holds each diagonal pressure at P₀ and reaches LAMMPS' box lengths and density (fix npt aniso)", () => {
    const integrator = aniso(0.005);
    const system = crystal(3);
    const state = integrator.init(system);
    for (let s = 0; s < 1000; s++) integrator.step(state);
    const blocks = 6;
    const blockSteps = 1000;
    const series: number[][] = [[], [], [], [], [], [], []]; // Lx Ly Lz Pxx Pyy Pzz ρ
    for (let b = 0; b < blocks; b++) {
      const sums = [0, 0, 0, 0, 0, 0, 0];
      for (let s = 0; s < blockSteps; s++) {
        integrator.step(state);
        const c = system.cell as Float64Array;
        const sigma = stressTensor(system, state.virial, ljUnits);
        for (let a = 0; a < 3; a++) {
          sums[a] = (sums[a] as number) + (c[4 * a] as number);
          sums[3 + a] = (sums[3 + a] as number) - (sigma[4 * a] as number);
        }
        sums[6] = (sums[6] as number) + 256 / volume(c);
      }
      for (const [k, x] of sums.entries()) series[k]?.push(x / blockSteps);
    }
    const [lx, ly, lz, pxx, pyy, pzz, rho] = series.map(meanAndError) as Summary[];
    // Six block means: a difference over its block error follows Student's t with 5 degrees of freedom (the
    // combined error with LAMMPS' 80 blocks has at least as many), so k = t₅(99.9 %) = 6.869 fails by chance once
    // in 1,000 per comparison (seven here: < 1 %). Over seeds 3–8 the largest of the 48 |differences|/error was 6.1.
    const k = STUDENT_T_999[5] as number;
    for (const p of [pxx, pyy, pzz] as Summary[]) {
      expect(p.stderr).toBeGreaterThan(1e-4);
      expect(Math.abs(p.mean - reference.pressureTarget)).toBeLessThan(k * p.stderr);
    }
    const lengths: [Summary, Summary][] = [
      [lx as Summary, reference.Lx],
      [ly as Summary, reference.Ly],
      [lz as Summary, reference.Lz],
      [rho as Summary, reference.Density],
    ];
    for (const [ours, lmp] of lengths) expect(Math.abs(ours.mean - lmp.mean)).toBeLessThan(k * Math.hypot(ours.stderr, lmp.stderr));
  });

  it('conserves its extended energy with an error second order in dt', () => {
    const integrator = aniso(0.005);
    const system = crystal(4);
    const state = integrator.init(system);
    for (let s = 0; s < 400; s++) integrator.step(state);
    // as the iso test: eight 0.5 τ windows at dt and dt/2 from the same extended state, RMS error ratio 4 within
    // t₇(99.9 %)·σ_mean, a tolerance that must be under 2 (a first-order error's ratio)
    const ratios = energyErrorRatios(integrator, aniso(0.0025), state, 8, 100);
    expectSecondOrder(ratios);
    // the three box lengths moved independently
    const c = system.cell as Float64Array;
    expect(new Set([c[0], c[4], c[8]]).size).toBe(3);
  });

  it('needs an orthorhombic cell', () => {
    const skewed = createSystem({ numbers: [18], positions: [0, 0, 0], cell: [5, 0, 0, 1, 5, 0, 0, 0, 5] });
    expect(() => aniso(0.005).init(skewed)).toThrow(/orthorhombic/);
    expect(() => mtkNpt(new LennardJones(), { dt: 0.005, temperature: 1, pressure: 1, coupling: 'tri' as 'iso' })).toThrow(/coupling/);
  });
});
