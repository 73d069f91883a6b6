import { parseExtxyz } from '@equitensor/io';
import type { AtomsState } from '@equitensor/md';
import { readFixtureText, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { type AceBasisSpec, AceDescriptor, enumerateFeatures, FACTOR_SLOTS, neighborData } from '../src/index.ts';
import { clusterEquivarianceChecks, forceDifference } from './finite-difference.ts';

// Order-4 (body order 5) features: exact identities, derivatives, invariance.
const frames = parseExtxyz(readFixtureText('mlip/Si_tiny.xyz'), { fileName: 'Si_tiny.xyz' });
const bt = frames.find((f) => f.info.config_type === 'bt')!;
const si4: AceBasisSpec = { species: [14], order: 4, maxDegree: [10, 10, 10, 10], wL: 1.5, rcut: 5.5, lambda: 1 };
const mixed4: AceBasisSpec = { species: [1, 8], order: 4, maxDegree: [6, 6, 6, 7], wL: 1, rcut: 4, lambda: 2 };
const btAtoms: AtomsState = { numbers: bt.numbers, positions: bt.positions, cell: bt.cell, pbc: bt.pbc };

describe('order-4 features', () => {
  it('enumeration: sorted quadruples, even l-sum, intermediate L in both triangles, no identically-zero pair', () => {
    const f = enumerateFeatures(si4);
    let quads = 0;
    for (let k = 0; k < f.count; k++) {
      if (f.order[k] !== 4) {
        expect(f.coupledL[k]).toBe(-1);
        continue;
      }
      quads++;
      const l = [0, 1, 2, 3].map((q) => f.factorL[FACTOR_SLOTS * k + q] as number) as [number, number, number, number];
      const L = f.coupledL[k] as number;
      expect((l[0] + l[1] + l[2] + l[3]) % 2).toBe(0);
      expect(L).toBeGreaterThanOrEqual(Math.max(Math.abs(l[0] - l[1]), Math.abs(l[2] - l[3])));
      expect(L).toBeLessThanOrEqual(Math.min(l[0] + l[1], l[2] + l[3]));
      expect(f.degree[k]).toBeLessThanOrEqual(10 + 1e-9);
    }
    expect(quads).toBeGreaterThan(20);
  });

  it('exact identity: B(a,a,b,b; L=0) = B2(a,a)·B2(b,b)/√((2la+1)(2lb+1)) and all-l=0 quadruples are plain products', () => {
    const d = new AceDescriptor(si4, 'cg');
    const f = d.features;
    const B = d.atomFeatures(btAtoms, neighborData(btAtoms, d.cutoff));
    const F = f.count;
    const key = (k: number, q: number): string => `${f.factorN[FACTOR_SLOTS * k + q]},${f.factorL[FACTOR_SLOTS * k + q]}`;
    const order2 = new Map<string, number>();
    const order1 = new Map<string, number>();
    for (let k = 0; k < F; k++) {
      if (f.order[k] === 2 && key(k, 0) === key(k, 1)) order2.set(key(k, 0), k);
      if (f.order[k] === 1) order1.set(key(k, 0), k);
    }
    let checkedPairs = 0;
    let checkedScalars = 0;
    for (let i = 0; i < btAtoms.numbers.length; i++) {
      for (let k = 0; k < F; k++) {
        if (f.order[k] !== 4) continue;
        const value = B[i * F + k] as number;
        const ka = key(k, 0);
        const kb = key(k, 2);
        if (f.coupledL[k] === 0 && ka === key(k, 1) && kb === key(k, 3)) {
          const la = f.factorL[FACTOR_SLOTS * k] as number;
          const lb = f.factorL[FACTOR_SLOTS * k + 2] as number;
          const expected =
            ((B[i * F + order2.get(ka)!] as number) * (B[i * F + order2.get(kb)!] as number)) / Math.sqrt((2 * la + 1) * (2 * lb + 1));
          expect(Math.abs(value - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
          checkedPairs++;
        }
        if ([0, 1, 2, 3].every((q) => f.factorL[FACTOR_SLOTS * k + q] === 0)) {
          let expected = 1;
          for (let q = 0; q < 4; q++) expected *= B[i * F + order1.get(key(k, q))!] as number;
          expect(Math.abs(value - expected)).toBeLessThan(1e-12 * Math.max(1, Math.abs(expected)));
          checkedScalars++;
        }
      }
    }
    expect(checkedPairs).toBeGreaterThan(10);
    expect(checkedScalars).toBeGreaterThan(4);
  });

  it('forces = −∇E by central differences to 1e-7 relative, and the design rows reproduce energy and forces', () => {
    const d = new AceDescriptor(si4, 'cg');
    const c = new SeededRng(11).normalArray(d.columns);
    const nd = neighborData(btAtoms, d.cutoff);
    const { energy: e, forces } = d.evaluate(btAtoms, nd, c);
    const { worst, scale } = forceDifference(d, btAtoms, c, forces);
    expect(scale).toBeGreaterThan(1e-2);
    expect(worst / scale).toBeLessThan(1e-7);
    // The design path (per-feature adjoints) and the evaluation path (one weighted adjoint) agree.
    const block = d.design(btAtoms, nd);
    const P = block.columns;
    let eDesign = 0;
    for (let k = 0; k < P; k++) eDesign += (block.energy[k] as number) * (c[k] as number);
    expect(Math.abs(eDesign - e)).toBeLessThan(1e-11 * Math.abs(e));
    for (let q = 0; q < forces.length; q++) {
      let fq = 0;
      for (let k = 0; k < P; k++) fq += (block.forces[q * P + k] as number) * (c[k] as number);
      expect(Math.abs(fq - (forces[q] as number))).toBeLessThan(1e-10 * scale);
    }
  });

  it('two species: energy invariant and forces equivariant under rotations and inversion (so3 assertEquivariant)', () => {
    const d = new AceDescriptor(mixed4, 'cg');
    expect(d.layout.quadruples.length).toBeGreaterThan(50);
    const c = new SeededRng(12).normalArray(d.columns);
    expect(clusterEquivarianceChecks(d, c)).toBe(6);
  });
});
