import { parseExtxyz } from '@equitensor/io';
import type { AtomsState } from '@equitensor/md';
import { readFixtureText, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { type AceBasisSpec, AceDescriptor, neighborData, type TensorProductKind } from '../src/index.ts';
import { clusterEquivarianceChecks, forceDifference, modelEnergy } from './finite-difference.ts';

const frames = parseExtxyz(readFixtureText('mlip/Si_tiny.xyz'), { fileName: 'Si_tiny.xyz' });
// A periodic 2-atom beta-tin frame (its 5.5 Å sphere holds many images) and a two-species open cluster.
const bt = frames.find((f) => f.info.config_type === 'bt')!;
const siSpec: AceBasisSpec = { species: [14], order: 3, maxDegree: [10, 10, 10], wL: 1.5, rcut: 5.5, lambda: 1 };
const mixedSpec: AceBasisSpec = { species: [1, 8], order: 3, maxDegree: [8, 8, 8], wL: 1, rcut: 4, lambda: 2 };

function randomCoefficients(d: AceDescriptor, seed: number): Float64Array {
  return new SeededRng(seed).normalArray(d.columns);
}

/** Each 3-vector row x of `rows` (positions or cell) mapped to M·x (M row-major 3×3). */
function transformRows(M: ArrayLike<number>, rows: Float64Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i += 3)
    for (let r = 0; r < 3; r++)
      out[i + r] =
        (M[3 * r] as number) * (rows[i] as number) +
        (M[3 * r + 1] as number) * (rows[i + 1] as number) +
        (M[3 * r + 2] as number) * (rows[i + 2] as number);
  return out;
}

function cluster(seed: number): AtomsState {
  const rng = new SeededRng(seed);
  const numbers = new Int32Array([8, 1, 1, 8, 1, 1, 8]);
  return { numbers, positions: rng.uniformArray(21, 0, 3.5), cell: null, pbc: [false, false, false] };
}

describe('AceDescriptor: forces and virial are exact derivatives of the energy', () => {
  for (const kind of ['cg', 'gaunt', 'grid', 'cp'] as TensorProductKind[]) {
    it(`${kind}: forces = −∇E by central differences to 1e-7 relative (periodic Si, β-tin)`, () => {
      const d = new AceDescriptor(siSpec, kind);
      const c = randomCoefficients(d, 1);
      const atoms: AtomsState = { numbers: bt.numbers, positions: bt.positions, cell: bt.cell, pbc: bt.pbc };
      const { forces } = d.evaluate(atoms, neighborData(atoms, d.cutoff), c);
      const { worst, scale } = forceDifference(d, atoms, c, forces);
      expect(scale).toBeGreaterThan(1e-2);
      expect(worst / scale).toBeLessThan(1e-7);
    });
  }

  it('virial W = −∂E/∂ε by central differences of a homogeneous strain', () => {
    const d = new AceDescriptor(siSpec, 'cg');
    const c = randomCoefficients(d, 2);
    const atoms: AtomsState = { numbers: bt.numbers, positions: bt.positions, cell: bt.cell, pbc: bt.pbc };
    const { virial } = d.evaluate(atoms, neighborData(atoms, d.cutoff), c);
    const strained = (a: number, b: number, eps: number): AtomsState => {
      const F = [1, 0, 0, 0, 1, 0, 0, 0, 1];
      F[3 * a + b] = (F[3 * a + b] as number) + eps / 2;
      F[3 * b + a] = (F[3 * b + a] as number) + eps / 2;
      return { ...atoms, positions: transformRows(F, atoms.positions), cell: transformRows(F, atoms.cell!) };
    };
    const h = 1e-6;
    let scale = 0;
    for (const v of virial) scale = Math.max(scale, Math.abs(v));
    for (let a = 0; a < 3; a++) {
      for (let b = a; b < 3; b++) {
        const fd = -(modelEnergy(d, strained(a, b, h), c) - modelEnergy(d, strained(a, b, -h), c)) / (2 * h);
        // d/dε of a symmetric strain (ε_ab = ε_ba = eps/2) is (W_ab + W_ba)/2.
        const w = ((virial[3 * a + b] as number) + (virial[3 * b + a] as number)) / 2;
        expect(Math.abs(fd - w)).toBeLessThan(1e-6 * scale);
      }
    }
    expect(Math.abs((virial[1] as number) - (virial[3] as number))).toBeLessThan(1e-10 * scale);
  });
});

describe('AceDescriptor: invariance', () => {
  for (const kind of ['cg', 'grid'] as TensorProductKind[]) {
    it(`${kind}: energy invariant and forces equivariant under rotations and inversion (so3 assertEquivariant)`, () => {
      const d = new AceDescriptor(mixedSpec, kind);
      const c = randomCoefficients(d, 3);
      expect(clusterEquivarianceChecks(d, c)).toBe(6);
    });
  }

  it('energy invariant to 1e-12 under a rotation of a periodic cell and under permutations of like atoms', () => {
    const d = new AceDescriptor(siSpec, 'cg');
    const c = randomCoefficients(d, 4);
    const atoms: AtomsState = { numbers: bt.numbers, positions: bt.positions, cell: bt.cell, pbc: bt.pbc };
    const e = modelEnergy(d, atoms, c);
    const R = new SeededRng(9).rotation();
    const rot = (x: Float64Array): Float64Array => transformRows(R, x);
    const eRot = modelEnergy(d, { ...atoms, positions: rot(atoms.positions), cell: rot(atoms.cell!) }, c);
    expect(Math.abs(eRot - e)).toBeLessThan(1e-12 * Math.abs(e));
    const N = atoms.numbers.length;
    const perm = Array.from({ length: N }, (_, i) => (i * 3 + 1) % N);
    const permuted = new Float64Array(3 * N);
    perm.forEach((p, i) => {
      permuted.set(atoms.positions.subarray(3 * p, 3 * p + 3), 3 * i);
    });
    const ePerm = modelEnergy(d, { ...atoms, positions: permuted }, c);
    expect(Math.abs(ePerm - e)).toBeLessThan(1e-12 * Math.abs(e));
  });

  it('two species: permuting like atoms leaves the energy unchanged; swapping species changes it', () => {
    const d = new AceDescriptor(mixedSpec, 'cg');
    const c = randomCoefficients(d, 5);
    const atoms = cluster(6);
    const e = modelEnergy(d, atoms, c);
    const swapH = Float64Array.from(atoms.positions);
    swapH.set(atoms.positions.subarray(3, 6), 6);
    swapH.set(atoms.positions.subarray(6, 9), 3);
    expect(Math.abs(modelEnergy(d, { ...atoms, positions: swapH }, c) - e)).toBeLessThan(1e-12 * Math.abs(e));
    const swapOH = Float64Array.from(atoms.positions);
    swapOH.set(atoms.positions.subarray(0, 3), 3);
    swapOH.set(atoms.positions.subarray(3, 6), 0);
    expect(Math.abs(modelEnergy(d, { ...atoms, positions: swapOH }, c) - e)).toBeGreaterThan(1e-6);
  });

  it('refuses an element that is not one of its species', () => {
    const d = new AceDescriptor(siSpec, 'cg');
    const atoms: AtomsState = { numbers: new Int32Array([6]), positions: new Float64Array(3), cell: null, pbc: [false, false, false] };
    expect(() => d.evaluate(atoms, neighborData(atoms, 5.5), new Float64Array(d.columns))).toThrow(/Z=6/);
  });
});
