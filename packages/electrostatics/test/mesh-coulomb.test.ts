import { COULOMB_CONSTANT } from '@equitensor/io';
import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { directCoulomb, erf, FreeSpaceMesh, meshCoulomb, meshCoulombParameters } from '../src/index.ts';
import { centredModuli } from '../src/mesh/free-space-mesh.ts';
import { pairCounts } from '../src/mesh/parameters.ts';
import { bsplineModuli } from '../src/pme/bspline.ts';
import { distance, loadCharged, pinnedCluster, rmsForceError } from './fixtures.ts';

describe('meshCoulomb (open boundaries, Ewald split on a zero-padded mesh) against direct summation', () => {
  // The error bounds: the RMS force error against the exact direct sum stays within 2× the reported estimate
  // (Kolafa-Perram + Deserno-Holm at order p − 1, which SPME meets at 0.6–1.1×: bench/pme-error-estimate.ts), and the
  // energy within the requested δ relative (the energy error of a mesh sum is of the order of its force error times
  // a bond length, well below δ·|E| for these systems; the RS tests hold the energy to the same δ).
  for (const [file, accuracy] of [
    ['crystals/NaCl_cluster_8x8x8_open.xyz', 1e-5],
    ['crystals/NaCl_cluster_8x8x8_open.xyz', 1e-7],
    ['pqr/1a63.pqr', 1e-6],
  ] as const) {
    it(`${file} at δ = ${accuracy}`, () => {
      const { positions, charges } = loadCharged(file);
      const exact = directCoulomb(positions, charges);
      const r = meshCoulomb(positions, charges, { accuracy });
      const { estimatedError } = r.parameters;
      expect(estimatedError.total).toBeLessThanOrEqual(accuracy * 1.0001);
      expect(rmsForceError(r.forces, exact.forces)).toBeLessThan(2 * estimatedError.total);
      expect(Math.abs(r.energy - exact.energy)).toBeLessThan(accuracy * Math.abs(exact.energy));
      expect(r.parts.short + r.parts.long + r.parts.self).toBeCloseTo(r.energy, 8);
      // the virial of pair forces is Σ r_ij ⊗ F_ij: its trace matches the direct one to the force error's scale
      expect(Math.abs(r.virial[0]! + r.virial[4]! + r.virial[8]! - (exact.virial[0]! + exact.virial[4]! + exact.virial[8]!))).toBeLessThan(
        1e3 * accuracy * Math.abs(exact.energy),
      );
    });
  }

  it('the 11,754-atom actin dimer at δ = 1e-6 (the benchmark system)', { timeout: 120_000 }, () => {
    const { positions, charges } = loadCharged('pqr/actin-dimer_complex.pqr');
    const exact = directCoulomb(positions, charges);
    const r = meshCoulomb(positions, charges, { accuracy: 1e-6 });
    expect(rmsForceError(r.forces, exact.forces)).toBeLessThan(2 * r.parameters.estimatedError.total);
    expect(Math.abs(r.energy - exact.energy)).toBeLessThan(1e-6 * Math.abs(exact.energy));
  });

  it('odd orders 5 and 7 (moduli sampled at the half-integers) meet the same bounds as the even ones on 1a63', () => {
    const { positions, charges } = loadCharged('pqr/1a63.pqr');
    const exact = directCoulomb(positions, charges);
    for (const order of [5, 7]) {
      const r = meshCoulomb(positions, charges, { accuracy: 1e-6, order });
      expect(r.parameters.order).toBe(order);
      // bounds as in the first tests: RMS force error within 2× the estimate, energy within δ relative
      expect(rmsForceError(r.forces, exact.forces)).toBeLessThan(2 * r.parameters.estimatedError.total);
      expect(Math.abs(r.energy - exact.energy)).toBeLessThan(1e-6 * Math.abs(exact.energy));
    }
  });

  it('centredModuli: at the half-integers the quartic B-spline samples are (1, 76, 230, 76, 1)/384', () => {
    // exact identities: M_5(j + ½) = (1, 76, 230, 76, 1)/384 sum to 1 (m = 0) and alternate to 80/384 = 5/24 at
    // Nyquist, so the moduli there are 1 and (24/5)²; the even orders are PME's moduli unchanged
    const moduli = centredModuli(32, 5);
    expect(moduli[0]).toBeCloseTo(1, 14);
    expect(moduli[16]).toBeCloseTo((24 / 5) ** 2, 12);
    expect(centredModuli(32, 6)).toEqual(bsplineModuli(32, 6));
  });

  it('the default margin ⌈p/2⌉ at δ = 1e-6 costs the forces under 5 % of δ against the full margin 2p', () => {
    const { positions, charges } = loadCharged('pqr/1a63.pqr');
    const exact = directCoulomb(positions, charges);
    const r = meshCoulomb(positions, charges, { accuracy: 1e-6 });
    const { alpha, cutoff, spacing, order, margin } = r.parameters;
    expect(margin).toBe(Math.ceil(order / 2));
    const full = meshCoulomb(positions, charges, { accuracy: 1e-6, alpha, cutoff, spacing, order, margin: 2 * order });
    // both against the direct sum: the fold of the kernel at the smaller margin may add at most 5 % of δ to the RMS
    // force error (the rest of the budget is the two δ/√2 estimates, which the first tests hold to 2×)
    expect(rmsForceError(r.forces, exact.forces)).toBeLessThan(rmsForceError(full.forces, exact.forces) + 0.05e-6);
    expect(rmsForceError(r.forces, exact.forces)).toBeLessThan(2 * r.parameters.estimatedError.total);
  });

  it('pairCounts (the cost model): exact below 128 charges, and the sampled count tracks the exact one on 1a63', () => {
    const rng = new SeededRng(11);
    const positions = Float64Array.from({ length: 3 * 100 }, () => 20 * rng.uniform());
    const exactPairs = (x: Float64Array, r: number): number => {
      let count = 0;
      for (let i = 0; i < x.length / 3; i++) for (let j = i + 1; j < x.length / 3; j++) if (distance(x, i, j) < r) count++;
      return count;
    };
    // every charge is sampled below 128: the count is exact (each pair seen from both ends, halved)
    const small = pairCounts(positions, 100, 12);
    for (const r of [3, 6.5, 12]) expect(small[r / 0.5]).toBe(exactPairs(positions, r));
    // 1a63 (2,065 atoms): 128 samples of ~100–600 neighbours each; the spread of per-atom neighbour counts in a protein
    // (surface against core, coefficient of variation ~0.4) gives a sampling error ~0.4/√128 ≈ 4 %: 15 % is ~4σ
    const { positions: protein } = loadCharged('pqr/1a63.pqr');
    const sampled = pairCounts(protein, protein.length / 3, 14);
    for (const r of [8, 14]) expect(Math.abs(sampled[r / 0.5]! / exactPairs(protein, r) - 1)).toBeLessThan(0.15);
  });

  it('converges to the direct sum: at δ = 1e-10 the energy agrees to 1e-9 relative (split and self term exact)', () => {
    const { positions, charges } = loadCharged('crystals/NaCl_cluster_8x8x8_open.xyz');
    const exact = directCoulomb(positions, charges);
    const r = meshCoulomb(positions, charges, { accuracy: 1e-10 });
    // 1e-9 relative energy: ten times δ; forces within twice the estimate as above
    expect(Math.abs(r.energy - exact.energy) / Math.abs(exact.energy)).toBeLessThan(1e-9);
    expect(rmsForceError(r.forces, exact.forces)).toBeLessThan(2 * r.parameters.estimatedError.total);
  });

  it('per-atom energies sum to the energy; forces are minus the gradient of the energy (central differences)', () => {
    // two uncharged corners pin the bounding box, so displacing a charge never moves the mesh
    const { positions, charges } = pinnedCluster(5, 40);
    const options = { accuracy: 1e-5, cutoff: 5, order: 6 } as const;
    const r = meshCoulomb(positions, charges, { ...options, perAtomEnergies: true });
    let sum = 0;
    for (const e of r.perAtomEnergies!) sum += e;
    expect(sum).toBeCloseTo(r.energy, 9);
    // the same parameters for the displaced copies (α, h and the box fixed), so the energy is one smooth function
    const { alpha, spacing } = r.parameters;
    const fixed = { ...options, alpha, spacing };
    const step = 1e-5;
    for (const c of [6, 7, 3 * 17 + 2]) {
      const plus = positions.slice();
      const minus = positions.slice();
      plus[c] = plus[c]! + step;
      minus[c] = minus[c]! - step;
      const numeric = -(meshCoulomb(plus, charges, fixed).energy - meshCoulomb(minus, charges, fixed).energy) / (2 * step);
      // 1e-5 relative: O(step²) truncation plus the ErfcTable's 1e-3·δ interpolation error of E and F separately
      // (the table's force is not the derivative of its energy) — far below the δ = 1e-5 the parameters target
      expect(Math.abs(numeric - r.forces[c]!)).toBeLessThan(1e-5 * COULOMB_CONSTANT);
    }
  });

  it('FreeSpaceMesh alone reproduces ½ ΣΣ q q erf(αr)/r (self pairs included) to the Deserno-Holm scale', () => {
    const rng = new SeededRng(9);
    const n = 30;
    const positions = Float64Array.from({ length: 3 * n }, () => 20 * rng.uniform());
    const charges = Float64Array.from({ length: n }, () => rng.uniform() - 0.5);
    const alpha = 0.3;
    let exact = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const r = distance(positions, i, j);
        exact += 0.5 * charges[i]! * charges[j]! * (r === 0 ? (2 * alpha) / Math.sqrt(Math.PI) : erf(alpha * r) / r);
      }
    }
    const lo = [0, 0, 0];
    for (let i = 0; i < n; i++) for (let d = 0; d < 3; d++) lo[d] = Math.min(lo[d]!, positions[3 * i + d]!);
    const errors = [1.2, 0.4].map((h) => {
      const mesh = new FreeSpaceMesh(FreeSpaceMesh.boxFor([20, 20, 20], h, 8), h, alpha, 8, 8, 1);
      return Math.abs(mesh.compute(positions, charges, lo) - exact) / Math.abs(exact);
    });
    // order-8 splines: the energy error falls as h^8; dividing h by 3 gains at least 3^7 (one order spared for
    // the pre-asymptotic range), and the fine mesh (hα = 0.12) is within 1e-9 (1.5e-6 at hα = 0.36, times 3^-8)
    expect(errors[1]!).toBeLessThan(errors[0]! / 3 ** 7);
    expect(errors[1]!).toBeLessThan(1e-9);
  });

  it('one charge: no pairs, the mesh self pair cancels the self term to the estimate', () => {
    const r = meshCoulomb(new Float64Array([1, 2, 3]), new Float64Array([1]), { accuracy: 1e-6 });
    // the self pair's interpolation error is a force-scale error times ~1 Å: within δ·k_e
    expect(Math.abs(r.energy)).toBeLessThan(1e-6 * COULOMB_CONSTANT);
    expect(Math.hypot(r.forces[0]!, r.forces[1]!, r.forces[2]!)).toBeLessThan(1e-6 * COULOMB_CONSTANT);
  });

  it('refuses bad input with RangeErrors naming the problem', () => {
    const positions = new Float64Array([0, 0, 0, 1, 0, 0]);
    const charges = new Float64Array([1, -1]);
    expect(() => meshCoulomb(positions, charges, { order: 9 })).toThrow(/order must be an integer from 4 to 8/);
    expect(() => meshCoulomb(positions, charges, { order: 6.5 })).toThrow(/order must be an integer from 4 to 8/);
    expect(() => meshCoulomb(new Float64Array(0), new Float64Array(0))).toThrow(/no charges/);
    expect(() => meshCoulomb(new Float64Array([0, 0, 0, 0, 0, 0]), charges)).toThrow(/coincide/);
    expect(() => meshCoulombParameters(positions, charges, { accuracy: 2 })).toThrow(/accuracy/);
    expect(() => meshCoulombParameters(positions, charges, { spacing: -1 })).toThrow(/spacing/);
    // two ions 5,000 Å apart: a mesh of ~10⁹ points would be needed
    expect(() => meshCoulomb(new Float64Array([0, 0, 0, 5000, 5000, 5000]), charges)).toThrow(/use directCoulomb/);
    expect(() => new FreeSpaceMesh([8, 8, 8], 1, 0.3, 8).compute(new Float64Array([100, 0, 0]), new Float64Array([1]), [0, 0, 0])).toThrow(
      /outside the mesh box/,
    );
  });
});
