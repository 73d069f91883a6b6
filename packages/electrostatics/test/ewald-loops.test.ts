/**
 * Fast checks of the Ewald pair loops (real-space.ts, reciprocal.ts, bins.ts): exact identities on 2–10 charges —
 * the Madelung constant of CsCl with the cutoff three cells long (every image its own bin offset), forces as
 * directional derivatives of the energy, tr W = E (the Coulomb energy is homogeneous of degree −1), covariance under a
 * rotation, α-independence, and the charge bins' documented layout. Each case takes milliseconds uninstrumented, so
 * that the mutation module `electrostatics-ewald-loops` (issue 21) can run them for each mutant (the LAMMPS and
 * brute-force image tests take seconds instrumented).
 */
import { cellGeometry } from '@equitensor/io';
import { assertScalarClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { binCharges, binIndex, fractionalCoordinates } from '../src/ewald/bins.ts';
import { ewaldCoulomb, ewaldParameters } from '../src/index.ts';
import { MADELUNG_CASES, maxAbs, triclinicSystem } from './fixtures.ts';

/** y = x·Rᵀ for flat row vectors (positions or cell rows), R the rotation by `angle` about the unit `axis`. */
function rotate(x: Float64Array, axis: readonly [number, number, number], angle: number): Float64Array {
  const [u, v, w] = axis;
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  // Rodrigues' formula
  const r = [
    c + u * u * (1 - c),
    u * v * (1 - c) - w * s,
    u * w * (1 - c) + v * s,
    v * u * (1 - c) + w * s,
    c + v * v * (1 - c),
    v * w * (1 - c) - u * s,
    w * u * (1 - c) - v * s,
    w * v * (1 - c) + u * s,
    c + w * w * (1 - c),
  ];
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length / 3; i++) {
    for (let a = 0; a < 3; a++) y[3 * i + a] = r[3 * a]! * x[3 * i]! + r[3 * a + 1]! * x[3 * i + 1]! + r[3 * a + 2]! * x[3 * i + 2]!;
  }
  return y;
}

describe('charge bins of the real-space sum', () => {
  it('wraps fractional coordinates s = r·cell⁻¹ into [0, 1)', () => {
    const geometry = cellGeometry(new Float64Array([5, 0, 0, 1, 4, 0, 0.5, 0.5, 6]));
    // r = s·cell for chosen s (the cell rows are lattice vectors), including s on and just below a face
    const s = [0.25, 0.5, 0.75, 1.25, -0.5, 2, -1e-17, 0, 0.999];
    const positions = new Float64Array(9);
    for (let i = 0; i < 3; i++) {
      for (let d = 0; d < 3; d++) {
        positions[3 * i + d] =
          s[3 * i]! * geometry.cell[d]! + s[3 * i + 1]! * geometry.cell[3 + d]! + s[3 * i + 2]! * geometry.cell[6 + d]!;
      }
    }
    const frac = fractionalCoordinates(positions, geometry);
    const expected = [0.25, 0.5, 0.75, 0.25, 0.5, 0, 0, 0, 0.999];
    // r·cell⁻¹ in float64: a few ulps of |s| ≤ 2
    for (let k = 0; k < 9; k++) {
      expect(frac[k]!).toBeGreaterThanOrEqual(0);
      expect(frac[k]!).toBeLessThan(1);
      expect(Math.abs(frac[k]! - expected[k]!), `s[${k}]`).toBeLessThan(1e-15);
    }
  });

  it('bins charges about r_c/3 thick (fewer when sparse), reaches r_c, and lists each bin in increasing order', () => {
    const cell = new Float64Array([12, 0, 0, 2, 11, 0, -1, 1, 13]);
    const geometry = cellGeometry(cell);
    const rng = new SeededRng(12);
    for (const [count, cutoff] of [
      [120, 3.5],
      [5, 3.5],
      [40, 30],
    ] as const) {
      const frac = new Float64Array(3 * count).map(() => rng.uniform());
      const { bins, reach, head, next, binOf } = binCharges(frac, geometry, cutoff);
      const thick = geometry.widths.map((w) => Math.max(1, Math.floor((3 * w) / cutoff)));
      const dense = thick[0]! * thick[1]! * thick[2]! <= count;
      for (let d = 0; d < 3; d++) {
        // ⌊3w/r_c⌋ bins of width w (the lattice-plane distance), or about one charge per bin when that is fewer
        if (dense) expect(bins[d], `bins[${d}]`).toBe(thick[d]);
        else expect(bins[d], `bins[${d}]`).toBeLessThanOrEqual(thick[d]!);
        // the fewest bins that span r_c: reach·w/bins ≥ r_c > (reach − 1)·w/bins
        const width = geometry.widths[d]! / bins[d]!;
        expect(reach[d]! * width).toBeGreaterThanOrEqual(cutoff);
        expect((reach[d]! - 1) * width).toBeLessThan(cutoff);
      }
      if (!dense) expect(bins[0] * bins[1] * bins[2]).toBeLessThanOrEqual(count);
      expect(head).toHaveLength(bins[0] * bins[1] * bins[2]);
      const seen = new Int32Array(count);
      for (let b = 0; b < head.length; b++) {
        let previous = -1;
        for (let j = head[b]!; j >= 0; j = next[j]!) {
          expect(j).toBeGreaterThan(previous);
          previous = j;
          seen[j]!++;
          expect(binOf[j]).toBe(b);
          expect(binIndex(bins, frac[3 * j]!, frac[3 * j + 1]!, frac[3 * j + 2]!)).toBe(b);
          // bin b holds s ∈ [i/bins, (i + 1)/bins) along each axis
          const i2 = b % bins[2];
          const i1 = Math.floor(b / bins[2]) % bins[1];
          const i0 = Math.floor(b / (bins[1] * bins[2]));
          for (const [d, i] of [i0, i1, i2].entries()) {
            expect(Math.floor(frac[3 * j + d]! * bins[d]!)).toBe(i);
          }
        }
      }
      expect([...seen].every((c) => c === 1)).toBe(true);
    }
  });
});

describe('Ewald pair loops: exact identities on a few charges', () => {
  it('gives the CsCl Madelung constant with r_c three cells long (each image at its own bin offset), any α', () => {
    const cs = MADELUNG_CASES[1];
    const a = 4.12;
    const cell = new Float64Array([a, 0, 0, 0, a, 0, 0, 0, a]);
    const positions = new Float64Array([0.1, 0.2, 0.3, 0.1 + a / 2, 0.2 + a / 2, 0.3 + a / 2]);
    const charges = new Float64Array([1, -1]);
    for (const [cutoff, accuracy] of [
      [3 * a, 1e-14],
      [0.9 * a, 1e-12],
    ] as const) {
      const result = ewaldCoulomb(positions, charges, cell, { accuracy, cutoff, coulombConstant: 1, perAtomEnergies: true });
      // E = −M q²/r₀ for one ion pair; at δ ≤ 1e-12 the error is far below the constant's 13 figures: rtol 1e-10 as in
      // ewald.test.ts
      assertScalarClose((-result.energy * cs.nearest(a)) / 1, cs.constant, { rtol: 1e-10 }, `M, r_c = ${cutoff}`);
      for (const e of result.perAtomEnergies!) assertScalarClose(e, result.energy / 2, { rtol: 1e-10 }, 'each ion carries half');
    }
  });

  it('has forces equal to minus the directional derivatives of the energy, atom by atom (charged triclinic cell)', () => {
    const { cell, positions, charges } = triclinicSystem(5, 31); // net charge 3·1.2 − 2·0.8 = 2 e
    // δ = 1e-8: the forces are the exact gradient of the computed energy at any δ (fixed α, r_c, k_max), except where a
    // pair crosses r_c (a jump of ~2δ·k_e q²/r_c), which none does within ±h here
    const options = { accuracy: 1e-8, cutoff: 8 };
    const { forces } = ewaldCoulomb(positions, charges, cell, options);
    const rng = new SeededRng(4);
    // central differences along a random unit direction per atom: truncation h²|E‴|/6 ≈ 1e-11 and rounding ε|E|/h ≈
    // 1e-9 eV/Å (|E| ~ 100 eV)
    const h = 1e-5;
    for (let i = 0; i < charges.length; i++) {
      const u = [rng.normal(), rng.normal(), rng.normal()];
      const norm = Math.hypot(u[0]!, u[1]!, u[2]!);
      const energy = (t: number) => {
        const p = positions.slice();
        for (let d = 0; d < 3; d++) p[3 * i + d] = p[3 * i + d]! + (t * u[d]!) / norm;
        return ewaldCoulomb(p, charges, cell, options).energy;
      };
      const along = (forces[3 * i]! * u[0]! + forces[3 * i + 1]! * u[1]! + forces[3 * i + 2]! * u[2]!) / norm;
      assertScalarClose(along, -(energy(h) - energy(-h)) / (2 * h), { rtol: 1e-7, atol: 1e-7 }, `F·u of atom ${i}`);
    }
    // Newton's third law: pair forces and the k-space forces (Σⱼ Im[S* qⱼe^{ik·rⱼ}] = Im|S|² = 0) sum to zero
    for (let d = 0; d < 3; d++) {
      let sum = 0;
      for (let i = 0; i < charges.length; i++) sum += forces[3 * i + d]!;
      expect(Math.abs(sum), `Σ F_${d}`).toBeLessThan(1e-10 * maxAbs(forces));
    }
  });

  it('has tr W = E (degree −1 homogeneity of the Coulomb energy) and W, F rotating with the system, E and Eᵢ invariant', () => {
    const { cell, positions, charges } = triclinicSystem(9, 17, true);
    const options = { accuracy: 1e-12, perAtomEnergies: true };
    const base = ewaldCoulomb(positions, charges, cell, options);
    // Scaling all lengths by λ scales the exact energy by 1/λ, so −dE/dλ = E = Σ_a W_aa; the computed energy differs
    // from the exact one by its error, ~δ·|E| at δ = 1e-12, so 1e-9 relative is a wide margin
    assertScalarClose(base.virial[0]! + base.virial[4]! + base.virial[8]!, base.energy, { rtol: 1e-9 }, 'tr W');
    const axis = [2 / 7, 3 / 7, 6 / 7] as const;
    const turned = ewaldCoulomb(rotate(positions, axis, 0.7), charges, rotate(cell, axis, 0.7), options);
    // the same sums in a rotated frame (fractional coordinates, widths and k_max unchanged): rounding only
    assertScalarClose(turned.energy, base.energy, { rtol: 1e-12 }, 'E');
    for (let i = 0; i < charges.length; i++) {
      assertScalarClose(turned.perAtomEnergies![i]!, base.perAtomEnergies![i]!, { rtol: 1e-10, atol: 1e-10 }, `E_${i}`);
    }
    const forces = rotate(base.forces, axis, 0.7);
    const fmax = maxAbs(base.forces);
    for (let k = 0; k < forces.length; k++) expect(Math.abs(turned.forces[k]! - forces[k]!), `F ${k}`).toBeLessThan(1e-10 * fmax);
    // W' = R W Rᵀ: rotate the rows, then the columns
    const rows = rotate(base.virial, axis, 0.7);
    const transposed = new Float64Array(9).map((_, k) => rows[3 * (k % 3) + Math.floor(k / 3)]!);
    const rotated = rotate(transposed, axis, 0.7);
    const wmax = maxAbs(base.virial);
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        expect(Math.abs(turned.virial[3 * a + b]! - rotated[3 * b + a]!), `W${a}${b}`).toBeLessThan(1e-10 * wmax);
      }
    }
    // the rotation is not trivial for W
    expect(Math.abs(turned.virial[1]! - base.virial[1]!)).toBeGreaterThan(1e-3 * wmax);
  });

  it('is independent of α and of the cutoff, with a net charge (real and reciprocal parts trade off)', () => {
    const { cell, positions, charges } = triclinicSystem(8, 9);
    const alpha = ewaldParameters(cell, 8, { accuracy: 1e-12 }).alpha;
    const energies = [0.7, 1, 1.6].map((scale) =>
      ewaldCoulomb(positions, charges, cell, { accuracy: 1e-12, alpha: alpha * scale, perAtomEnergies: true }),
    );
    // each at δ = 1e-12 relative to a two-charge force: 1e-9 relative is a wide margin on |E| ~ 10–100 eV, and 1e-9 eV
    // on the per-atom energies ½qᵢφ(rᵢ), which are physical (α-free) too
    for (const e of energies) {
      assertScalarClose(e.energy, energies[1]!.energy, { rtol: 1e-9 }, 'E(α)');
      for (let i = 0; i < 8; i++)
        assertScalarClose(e.perAtomEnergies![i]!, energies[1]!.perAtomEnergies![i]!, { rtol: 0, atol: 1e-9 }, `E_${i}(α)`);
    }
    // the parts themselves change with α
    expect(Math.abs(energies[0]!.parts.real - energies[2]!.parts.real)).toBeGreaterThan(1);
  });

  it('refuses an atom on a periodic image of another', () => {
    // power-of-two cell and coordinates: the wrapped fractional coordinates coincide exactly
    const cell = new Float64Array([4, 0, 0, 0, 8, 0, 2, 0, 2]);
    const onImage = new Float64Array([0.5, 0.5, 0.5, 2.5, 0.5, 2.5]);
    expect(() => ewaldCoulomb(onImage, new Float64Array([1, -1]), cell)).toThrow(
      /^ewaldCoulomb: atom 0 coincides with a periodic image of atom 1$/,
    );
  });
});
