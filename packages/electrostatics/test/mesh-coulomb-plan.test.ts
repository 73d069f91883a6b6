import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { directCoulomb, MeshCoulombPlan, type MeshCoulombResult, meshCoulomb } from '../src/index.ts';
import { pinnedCluster, rmsForceError } from './fixtures.ts';

/** A random ±charge cluster of 60 atoms in a 12 Å cube whose bounding box two uncharged corner atoms pin at [−1, 13]³. */
function cluster(seed: number): { positions: Float64Array; charges: Float64Array } {
  return pinnedCluster(seed, 60);
}

/** The charged atoms moved by up to ±0.2 Å per coordinate (the corners stay, so the box is the same). */
function jiggle(positions: Float64Array, seed: number): Float64Array {
  const rng = new SeededRng(seed);
  const out = positions.slice();
  for (let c = 6; c < out.length; c++) out[c] = out[c]! + 0.4 * (rng.uniform() - 0.5);
  return out;
}

function expectIdentical(a: MeshCoulombResult, b: MeshCoulombResult): void {
  expect(a.energy).toBe(b.energy);
  expect(a.parts).toEqual(b.parts);
  expect(Array.from(a.forces)).toEqual(Array.from(b.forces));
  expect(Array.from(a.virial)).toEqual(Array.from(b.virial));
  expect(Array.from(a.perAtomEnergies!)).toEqual(Array.from(b.perAtomEnergies!));
}

describe('MeshCoulombPlan: the kernel built once and reused while the charges fit', () => {
  const options = { accuracy: 1e-6, perAtomEnergies: true } as const;

  it('a reused call equals a fresh call with the plan’s parameters bit for bit (no state leaks between calls)', () => {
    const { positions, charges } = cluster(3);
    const plan = new MeshCoulombPlan();
    const first = meshCoulomb(positions, charges, { ...options, plan });
    const { alpha, cutoff, spacing, order, margin } = first.parameters;
    const explicit = { ...options, alpha, cutoff, spacing, order, margin };
    // the first call through a plan is a fresh call
    expectIdentical(first, meshCoulomb(positions, charges, options));
    for (const seed of [11, 12]) {
      const moved = jiggle(positions, seed);
      const reused = meshCoulomb(moved, charges, { ...options, plan });
      expect(plan.builds).toBe(1);
      expect(reused.parameters.box).toEqual(first.parameters.box);
      expect(reused.timings.kernel).toBeLessThan(first.timings.kernel);
      expectIdentical(reused, meshCoulomb(moved, charges, explicit));
    }
  });

  it('rebuilds when the charges outgrow the box or the options change; the rebuilt call is a fresh call', () => {
    const { positions, charges } = cluster(4);
    const plan = new MeshCoulombPlan();
    meshCoulomb(positions, charges, { ...options, plan });
    const grown = positions.slice();
    grown[3] = 20; // the upper corner moves 7 Å out along x
    const r = meshCoulomb(grown, charges, { ...options, plan });
    expect(plan.builds).toBe(2);
    expectIdentical(r, meshCoulomb(grown, charges, options));
    const other = { ...options, accuracy: 1e-5 };
    const s = meshCoulomb(grown, charges, { ...other, plan });
    expect(plan.builds).toBe(3);
    expectIdentical(s, meshCoulomb(grown, charges, other));
  });

  it('a shrunk system reuses the larger box and still agrees with direct summation within 2× the estimate', () => {
    const { positions, charges } = cluster(5);
    const plan = new MeshCoulombPlan();
    const first = meshCoulomb(positions, charges, { ...options, plan });
    const shrunk = positions.slice();
    shrunk.set([2, 2, 2], 0); // the lower corner moves 3 Å in: a smaller bounding box
    const r = meshCoulomb(shrunk, charges, { ...options, plan });
    expect(plan.builds).toBe(1);
    expect(r.parameters.box).toEqual(first.parameters.box);
    // the bound of mesh-coulomb.test.ts: SPME meets the Kolafa-Perram + Deserno-Holm estimate at 0.6–1.1×
    const exact = directCoulomb(shrunk, charges);
    expect(rmsForceError(r.forces, exact.forces)).toBeLessThan(2 * r.parameters.estimatedError.total);
    expect(Math.abs(r.energy - exact.energy)).toBeLessThan(1e-6 * Math.abs(exact.energy));
  });
});
