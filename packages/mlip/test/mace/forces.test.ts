import type { AtomsState } from '@equitensor/md';
import { assertEquivariant } from '@equitensor/so3';
import { describe, expect, it } from 'vitest';
import { MacePotential } from '../../src/index.ts';
import { atomsOf, reference } from './reference.ts';

function energy(atoms: AtomsState): { energy: number; magnitude: number } {
  const { model } = reference();
  const r = model.evaluate(model.graph(atoms), { gradients: false });
  let magnitude = 0;
  for (const e of r.nodeEnergies) magnitude += Math.abs(e);
  return { energy: r.energy, magnitude };
}

/**
 * Fourth-order central difference of f at 0: [f(−2h) − 8f(−h) + 8f(h) − f(2h)]/(12h). Its rounding error is at
 * most (1+8+8+1)·δ/(12h) = 1.5·δ/h for energies known to δ; its truncation error h⁴·|f⁽⁵⁾|/30.
 */
function derivative(f: (t: number) => number, h: number): number {
  return (f(-2 * h) - 8 * f(-h) + 8 * f(h) - f(2 * h)) / (12 * h);
}

describe('MACE forces and virial are exact gradients of its energy', () => {
  it('forces equal −dE/dx by finite differences (an open cluster and the periodic cell)', () => {
    const { json } = reference();
    const h = 1e-3; // Å
    for (const k of [0, 4]) {
      const s = json.structures[k];
      if (!s) throw new Error('missing structure');
      const atoms = atomsOf(s);
      const potential = new MacePotential(reference().model);
      const { forces } = potential.compute(atoms);
      // δ: the energy is a sum of N node energies, each rounded to half an ulp of its size: δ ≤ 2⁻⁵² Σ|e_n|
      const delta = 2 ** -52 * energy(atoms).magnitude;
      // rounding bound 1.5·δ/h ≈ 5e-10 eV/Å; truncation h⁴·|f⁽⁵⁾|/30 ≈ 3e-14·|f⁽⁵⁾| is below it for |f⁽⁵⁾| < 1e4 eV/Å⁵
      const tol = 10 * ((1.5 * delta) / h);
      for (const atom of [3, 20]) {
        for (let c = 0; c < 3; c++) {
          const q = 3 * atom + c;
          const fd = -derivative((t) => {
            const positions = Float64Array.from(atoms.positions);
            positions[q] = (positions[q] as number) + t;
            return energy({ ...atoms, positions }).energy;
          }, h);
          expect(Math.abs(fd - (forces[q] as number)), `structure ${k}, component ${q}`).toBeLessThanOrEqual(tol);
        }
      }
    }
  });

  it('the virial equals −dE/dε by finite strain of the periodic cell', () => {
    const s = reference().json.structures[4];
    if (!s?.cell) throw new Error('missing periodic structure');
    const atoms = atomsOf(s);
    const { virial } = new MacePotential(reference().model).compute(atoms);
    const h = 1e-4; // strain: positions and cell move by ≤ 1e-3 Å
    const delta = 2 ** -52 * energy(atoms).magnitude;
    const tol = 10 * ((1.5 * delta) / h); // rounding bound of the stencil (≈ 5e-9 eV), ×10
    let largest = 0;
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        const fd = -derivative((t) => {
          const strain = (x: Float64Array, rows: number): Float64Array => {
            const out = Float64Array.from(x);
            for (let i = 0; i < rows; i++) out[3 * i + a] = (x[3 * i + a] as number) + t * (x[3 * i + b] as number);
            return out;
          };
          return energy({ ...atoms, positions: strain(atoms.positions, atoms.numbers.length), cell: strain(atoms.cell as Float64Array, 3) })
            .energy;
        }, h);
        largest = Math.max(largest, Math.abs(fd));
        expect(Math.abs(fd - (virial[3 * a + b] as number)), `W[${a}][${b}]`).toBeLessThanOrEqual(tol);
      }
    }
    expect(largest).toBeGreaterThan(1e-3); // a check that can fail: the virial is not trivially zero
  });

  it('energy is invariant and forces equivariant under rotations and inversion (so3 assertEquivariant)', () => {
    const { model } = reference();
    const numbers = new Int32Array([8, 1, 1, 6, 8, 1]);
    let e0 = 0;
    for (const z of numbers) e0 += model.atomicEnergies[model.atomicNumbers.indexOf(z)] as number;
    const potential = new MacePotential(model);
    // the rotated inputs are exact to ~1e-16 and the model is float64 throughout: 1e-12 relative (issue 20's
    // requirement) is three orders above the rounding a few hundred operations deep
    const report = assertEquivariant(
      (x) => {
        const atoms: AtomsState = { numbers, positions: x.map((v) => 1.3 * v), cell: null, pbc: [false, false, false] };
        const r = potential.compute(atoms);
        return [r.energy - e0, ...r.forces];
      },
      ['6x1o'],
      '0e+6x1o',
      { batch: 1, trials: 3, tolerance: 1e-12 },
    );
    expect(report.checks).toBeGreaterThan(0);
  });

  it('energy is invariant under translation and permutation, forces permute', () => {
    const s = reference().json.structures[0];
    if (!s) throw new Error('missing structure');
    const atoms = atomsOf(s);
    const potential = new MacePotential(reference().model);
    const base = potential.compute(atoms);
    const N = atoms.numbers.length;
    const perm = Array.from({ length: N }, (_, i) => (7 * i + 3) % N);
    const numbers = Int32Array.from(perm, (p) => atoms.numbers[p] as number);
    const positions = new Float64Array(3 * N);
    perm.forEach((p, i) => {
      for (let c = 0; c < 3; c++) positions[3 * i + c] = (atoms.positions[3 * p + c] as number) + [1.7, -0.4, 2.9][c]!;
    });
    const moved = new MacePotential(reference().model).compute({ ...atoms, numbers, positions });
    // float64 rounding of a sum of 24 node energies of ~100 eV in another order: ~24 ulp(100) ≈ 3e-13 eV
    expect(Math.abs(moved.energy - base.energy)).toBeLessThanOrEqual(1e-12 * Math.abs(base.energy));
    // forces ~0.05 eV/Å, summed in another order after permutation: rounding ~1e-17 eV/Å, bound 1e-13
    perm.forEach((p, i) => {
      for (let c = 0; c < 3; c++)
        expect(Math.abs((moved.forces[3 * i + c] as number) - (base.forces[3 * p + c] as number))).toBeLessThan(1e-13);
    });
  });
});
