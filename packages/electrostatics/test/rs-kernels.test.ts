/**
 * Fast checks of the range-separated (RS) kernel files — the Lagrange stencil, the sinc terms, the range split and
 * its short-range table, the interpolated self term — and of RS energies, forces and potentials of 2–8 charges
 * against direct summation and against differences of their own energy. Every case takes milliseconds uninstrumented
 * (the RHOSVD assembly, a 4 Å split radius and a fixed 5 Å box keep the long-range grid at 32 nodes), so that the
 * mutation module `electrostatics-rs` (issue 21) can run them for each mutant; the NaCl-cube and protein tests take
 * 6–56 s each.
 */
import { COULOMB_CONSTANT } from '@equitensor/io';
import { assertScalarClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  directCoulomb,
  directPotentialAtPoints,
  gaussianSum,
  interpolatedSelfKernel,
  longKernel,
  type RangeSplit,
  rangeSeparatedCoulomb,
  ShortRangeTable,
  shortKernel,
  sincQuadrature,
  sincTerms,
  splitQuadrature,
} from '../src/index.ts';
import { lagrangeStencil, STENCIL } from '../src/rs/interpolation.ts';
import { forceError, rattledRockSaltCluster } from './fixtures.ts';

describe('Lagrange stencil (degree 7 on 8 uniform nodes)', () => {
  const [lo, h, n] = [-1.3, 0.25, 20];
  const L = STENCIL * h;
  const w = new Float64Array(STENCIL);
  const dw = new Float64Array(STENCIL);
  // interior points, a node, points whose window is clamped at either end, and both ends of the grid
  const points = [lo, lo + 0.1, lo + 0.9, 0.37, lo + 7 * h, lo + 11.5 * h, lo + 16.6 * h, lo + 18.9 * h, lo + (n - 1) * h];

  it('picks the nodes ⌊u⌋ − 3 … ⌊u⌋ + 4 around u = (x − lo)/h, shifted inwards at the ends', () => {
    expect(STENCIL).toBe(8);
    for (const x of points) {
      const first = lagrangeStencil(lo, h, n, x, w, dw);
      expect(first, `x = ${x}`).toBe(Math.min(n - STENCIL, Math.max(0, Math.floor((x - lo) / h) - 3)));
    }
  });

  it('reproduces p(t) = ((t − x)/8h)^k exactly for k ≤ 7 (value δ_k0, slope δ_k1/8h) and errs by the nodal polynomial at k = 8', () => {
    for (const x of points) {
      const first = lagrangeStencil(lo, h, n, x, w, dw);
      const nodes = Array.from({ length: STENCIL }, (_, m) => lo + (first + m) * h);
      // p − I_h p for p = ((t − x)/L)⁸ is the degree-8 polynomial ω(t)/L⁸, ω(t) = Π(t − x_m): it vanishes at the
      // nodes and has p's leading coefficient. So I_h p(x) = −ω(x)/L⁸ and (I_h p)'(x) = −ω'(x)/L⁸.
      let omega = 1;
      let omegaSlope = 0;
      for (const node of nodes) {
        omegaSlope = omegaSlope * (x - node) + omega;
        omega *= x - node;
      }
      // Rounding: each weight is ~10 roundings of factors ≤ 7 in size, the Lebesgue constant of 8 uniform nodes is
      // ≤ 11 inside the window, |p| ≤ 1 there: ≲ 11·10·8·ε ≈ 2e-13, and 1/h times that for slopes; 1e-12 covers both.
      for (let k = 0; k <= 8; k++) {
        let value = 0;
        let slope = 0;
        for (let m = 0; m < STENCIL; m++) {
          const p = ((nodes[m]! - x) / L) ** k;
          value += w[m]! * p;
          slope += dw[m]! * p;
        }
        const expectedValue = k === 0 ? 1 : k === 8 ? -omega / L ** 8 : 0;
        const expectedSlope = k === 1 ? 1 / L : k === 8 ? -omegaSlope / L ** 8 : 0;
        assertScalarClose(value, expectedValue, { rtol: 0, atol: 1e-12 }, `value, k = ${k}, x = ${x}`);
        assertScalarClose(slope, expectedSlope, { rtol: 0, atol: 1e-12 / h }, `slope, k = ${k}, x = ${x}`);
      }
    }
  });
});

describe('sinc terms and the quadrature', () => {
  it('sincTerms follows the closed form: h = C₀ ln M/M, t_k = sinh(kh)/s, a₀ = h/(√π s), a_k = 2h cosh(kh)/(√π s)', () => {
    for (const [steps, c0, scale] of [
      [12, 2.3, 1.7],
      [5, 1, undefined],
    ] as const) {
      const { t, a } = sincTerms(steps, c0, scale);
      const s = scale ?? 1;
      const h = (c0 * Math.log(steps)) / steps;
      expect(t).toHaveLength(steps + 1);
      expect(a).toHaveLength(steps + 1);
      // two or three roundings of sinh/cosh, each good to an ulp or two: 1e-15 relative
      for (let k = 0; k <= steps; k++) {
        assertScalarClose(t[k]!, Math.sinh(k * h) / s, { rtol: 1e-15 }, `t_${k}`);
        assertScalarClose(a[k]!, ((k === 0 ? 1 : 2) * h * Math.cosh(k * h)) / (Math.sqrt(Math.PI) * s), { rtol: 1e-15 }, `a_${k}`);
      }
    }
  });

  it('gaussianSum sums the terms [from, to): a single term is a_k exp(−t_k²ρ²), the pieces add up', () => {
    const q = sincTerms(10, 2, 3);
    const rho = 0.8;
    const all = gaussianSum(q, rho);
    for (const j of [0, 3, 10, 11]) {
      // a sum split in two: rounding of ~11 positive terms
      assertScalarClose(gaussianSum(q, rho, 0, j) + gaussianSum(q, rho, j), all, { rtol: 1e-15 }, `split at ${j}`);
    }
    for (const k of [0, 4, 10]) {
      // one exponential and one product: a few ulps
      assertScalarClose(gaussianSum(q, rho, k, k + 1), q.a[k]! * Math.exp(-q.t[k]! * q.t[k]! * rho * rho), { rtol: 1e-15 }, `term ${k}`);
    }
    expect(gaussianSum(q, rho, 5, 5)).toBe(0);
  });

  it('meets δ for 1/ρ and for its slope −1/ρ² on a dense sample, reports its range, and defaults to δ = 1e-6', () => {
    const [rMin, rMax] = [0.3, 12];
    const q = sincQuadrature({ rMin, rMax });
    expect(q.range).toEqual([rMin, rMax]);
    const explicit = sincQuadrature({ rMin: 2 * rMin, rMax: 2 * rMax, accuracy: 1e-6 });
    // the tuning is scale-free: the same M and C₀ for the same range ratio and δ
    expect([q.steps, q.c0, q.maxRelativeError]).toEqual([explicit.steps, explicit.c0, explicit.maxRelativeError]);
    expect(q.maxRelativeError).toBeLessThanOrEqual(1e-6);
    let worst = 0;
    for (let s = 0; s <= 3000; s++) {
      const rho = rMin * (rMax / rMin) ** (s / 3000);
      let value = 0;
      let slope = 0;
      for (let k = 0; k < q.t.length; k++) {
        const e = q.a[k]! * Math.exp(-q.t[k]! * q.t[k]! * rho * rho);
        value += e;
        slope -= 2 * q.t[k]! * q.t[k]! * rho * e;
      }
      worst = Math.max(worst, Math.abs(value * rho - 1), Math.abs(slope * rho * rho + 1));
    }
    // tuned on 400 log-spaced points; between them the error oscillates a little higher (sinc.test.ts: 1.5δ)
    expect(worst).toBeLessThan(1.5e-6);
    for (const bad of [
      { rMin: 0, rMax: 1 },
      { rMin: Number.NaN, rMax: 1 },
      { rMin: 1, rMax: 1 },
    ]) {
      expect(() => sincQuadrature(bad)).toThrow(/^sincQuadrature: need 0 < rMin < rMax/);
    }
    for (const accuracy of [1, 1e-15, Number.NaN]) {
      expect(() => sincQuadrature({ rMin: 1, rMax: 2, accuracy })).toThrow(/^sincQuadrature: accuracy must lie in \(1e-15, 1\)/);
    }
  });
});

describe('range split and short-range table', () => {
  const q = sincQuadrature({ accuracy: 1e-6, rMin: 0.3, rMax: 12 });

  it('keeps the fewest long-range terms whose dropped tail meets p_s(σ) ≤ δ/σ and |p_s′(σ)| ≤ δ/σ²', () => {
    for (const [sigma, accuracy] of [
      [3, 1e-6],
      [1, 1e-4],
      [6, 1e-8],
    ] as const) {
      const split = splitQuadrature(q, sigma, accuracy);
      expect(split.quadrature).toBe(q);
      expect(split.sigma).toBe(sigma);
      expect(split.longCount).toBeGreaterThan(0);
      expect(split.longCount).toBeLessThan(q.t.length);
      const meets = (count: number) => {
        const [value, slope] = shortKernel({ quadrature: q, sigma, longCount: count }, sigma);
        return value <= accuracy / sigma && Math.abs(slope) <= accuracy / (sigma * sigma);
      };
      expect(meets(split.longCount), `σ = ${sigma}`).toBe(true);
      expect(meets(split.longCount - 1), `σ = ${sigma}, one term fewer`).toBe(false);
      // p_l + p_s is the whole quadrature (two partial sums: rounding)
      assertScalarClose(longKernel(split, 0.7) + shortKernel(split, 0.7)[0], gaussianSum(q, 0.7), { rtol: 1e-15 }, 'p_l + p_s');
    }
    // δ ≥ 1 drops every term (p(σ) ≈ 1/σ ≤ δ/σ); a σ far inside the narrowest Gaussian keeps every term long-range
    expect(splitQuadrature(q, 2, 2).longCount).toBe(0);
    expect(splitQuadrature(q, 1e-3, 1e-6).longCount).toBe(q.t.length);
    for (const sigma of [0, -1, Number.NaN]) expect(() => splitQuadrature(q, sigma, 1e-6)).toThrow(/^splitQuadrature: σ must be positive/);
  });

  it('shortKernel returns p_s and its slope: the slope is the derivative of p_s (central differences)', () => {
    const split = splitQuadrature(q, 3, 1e-6);
    for (const rho of [0, 0.35, 1.1, 2.9]) {
      const [value, slope] = shortKernel(split, rho);
      expect(value).toBe(gaussianSum(q, rho, split.longCount));
      // step e = 1e-5: truncation e²|p_s‴|/6 ≲ 1e-10·Σa_k t_k³ ≈ 1e-9 here (t_max ≈ 90/Å… weighted by exp), rounding ε|p_s|/e ≈ 1e-10
      const e = 1e-5;
      const difference = rho === 0 ? 0 : (gaussianSum(q, rho + e, split.longCount) - gaussianSum(q, rho - e, split.longCount)) / (2 * e);
      assertScalarClose(slope, difference, { rtol: 1e-6, atol: 1e-8 }, `p_s′(${rho})`);
    }
  });

  it('the table is exact at its nodes and within the cubic-Hermite error bounds between them', () => {
    const split = splitQuadrature(q, 3, 1e-6);
    const steps = 64;
    const table = new ShortRangeTable(split, steps);
    expect(table.tabulated).toBe(true);
    const delta = split.sigma / steps;
    // max |p_s⁗| ≤ Σ_{k ≥ R_l} 12 a_k t_k⁴ (|d⁴/dρ⁴ exp(−t²ρ²)| is largest, 12t⁴, at ρ = 0)
    let m4 = 0;
    for (let k = split.longCount; k < q.t.length; k++) m4 += 12 * q.a[k]! * q.t[k]! ** 4;
    for (const m of [0, 1, 17, 40, 63]) {
      const [value, slope] = shortKernel(split, m * delta);
      const [tv, ts] = table.evaluate(m * delta);
      // at a node the Hermite cubic is the tabulated value and slope (u = r/Δ may be m ± 1 ulp)
      assertScalarClose(tv, value, { rtol: 1e-12, atol: 1e-14 }, `value at node ${m}`);
      assertScalarClose(ts, slope, { rtol: 1e-12, atol: 1e-12 }, `slope at node ${m}`);
      const r = (m + 0.37) * delta;
      const [v, s] = shortKernel(split, r);
      const [iv, is] = table.evaluate(r);
      // cubic Hermite on a step Δ: |f − I f| ≤ Δ⁴/384·max|f⁗|, |f′ − (I f)′| ≤ √3Δ³/216·max|f⁗|
      expect(Math.abs(iv - v), `value at ${r}`).toBeLessThanOrEqual((delta ** 4 / 384) * m4);
      expect(Math.abs(is - s), `slope at ${r}`).toBeLessThanOrEqual(((Math.sqrt(3) * delta ** 3) / 216) * m4);
    }
    // σ itself (the last interval) and the result array reused
    expect(table.evaluate(split.sigma)).toBe(table.result);
    assertScalarClose(table.result[0], shortKernel(split, split.sigma)[0], { rtol: 1e-12, atol: 1e-20 }, 'p_s(σ)');
  });

  it('sums p_s term by term, exactly, when the table would need more than 2²⁰ steps, unless steps are given', () => {
    // σ·t_max > 2¹⁴: 64·σ·t_max steps would exceed SHORT_RANGE_TABLE_MAX_STEPS
    const wide = splitQuadrature(q, 11.9, 1e-6);
    const narrowest = q.t[q.t.length - 1]!;
    const huge: RangeSplit = { ...wide, sigma: (2 ** 14 + 1) / narrowest };
    const direct = new ShortRangeTable(huge);
    expect(direct.tabulated).toBe(false);
    for (const r of [0.31, 1.7, 11]) {
      const [value, slope] = shortKernel(huge, r);
      const out = direct.evaluate(r);
      expect(out).toBe(direct.result);
      expect([out[0], out[1]]).toEqual([value, slope]);
    }
    expect(new ShortRangeTable(huge, 16).tabulated).toBe(true);
  });
});

describe('interpolated self term S̃', () => {
  const q = sincQuadrature({ accuracy: 1e-6, rMin: 0.3, rMax: 12 });
  const split = splitQuadrature(q, 3, 1e-6);
  const out = new Float64Array(4);
  const pl0 = longKernel(split, 0);

  it('is p_l(0) with zero gradient at a grid node along every axis where the weights are δ, for both centre kinds', () => {
    const grid = { lo: [-1, -2, 0.5] as [number, number, number], h: 0.2, n: 40 };
    for (const centres of ['exact', 'interpolated'] as const) {
      // the node (10, 12, 7): every Lagrange weight is 0 or 1, so v_d = Σ w_m g(x_m − x) = g(0) = 1 exactly
      interpolatedSelfKernel(split, grid, centres, -1 + 10 * 0.2, -2 + 12 * 0.2, 0.5 + 7 * 0.2, out);
      // the sum of R_l terms in another order than longKernel's: rounding only
      assertScalarClose(out[0]!, pl0, { rtol: 1e-14 }, `S̃ at a node, ${centres}`);
    }
  });

  it('tends to p_l(0) with zero gradient when every long-range Gaussian spans many nodes (error 2(ht)⁸ per axis)', () => {
    const narrowest = q.t[split.longCount - 1]!;
    const h = 0.01 / narrowest; // h·t ≤ 0.01: interpolation error 2e-16 of each Gaussian, slope error ~7(ht)⁷·t
    const grid = { lo: [0, 0, 0] as [number, number, number], h, n: 64 };
    for (const centres of ['exact', 'interpolated'] as const) {
      interpolatedSelfKernel(split, grid, centres, 20.37 * h, 31.81 * h, 40.5 * h, out);
      assertScalarClose(out[0]!, pl0, { rtol: 1e-13 }, `S̃, ${centres}`);
      // ∂/∂x of exp(−t²(x − c)²) at its centre is 0; interpolated: 7(ht)⁷·t·p_l(0) ≈ 1e-13 t p_l(0), plus rounding
      // ε·Σ|w′|·p_l(0) ≈ 1e-16·10/h·p_l(0)
      for (let d = 1; d <= 3; d++) expect(Math.abs(out[d]!), `gradient ${d}, ${centres}`).toBeLessThan((1e-12 / h) * pl0);
    }
  });

  it('between nodes of a coarse grid differs from p_l(0) by the interpolation error, about 2(ht)⁸ per axis, Gaussian and interpolated argument', () => {
    const narrowest = q.t[split.longCount - 1]!;
    const h = 0.35 / narrowest;
    const grid = { lo: [0, 0, 0] as [number, number, number], h, n: 32 };
    let bound = 0;
    for (let k = 0; k < split.longCount; k++) bound += q.a[k]! * 3 * 2 * (h * q.t[k]!) ** 8;
    for (const [centres, interpolatedArguments] of [
      ['exact', 1],
      ['interpolated', 2],
    ] as const) {
      interpolatedSelfKernel(split, grid, centres, 10.5 * h, 11.5 * h, 12.5 * h, out);
      expect(Math.abs(out[0]! - pl0), centres).toBeLessThan(interpolatedArguments * bound);
      expect(Math.abs(out[0]! - pl0), centres).toBeGreaterThan(0);
    }
  });

  it('is zero with no long-range terms, and handles more than 256 of them', () => {
    interpolatedSelfKernel({ ...split, longCount: 0 }, { lo: [0, 0, 0], h: 0.1, n: 16 }, 'exact', 0.55, 0.55, 0.55, out.fill(7));
    expect([...out]).toEqual([0, 0, 0, 0]);
    // 300 wide Gaussians (h·t ≤ 1e-3 on this grid): S̃ = Σ a_k to rounding
    const t = Float64Array.from({ length: 300 }, (_, k) => k * 1e-5);
    const a = Float64Array.from({ length: 300 }, (_, k) => 1 + k / 300);
    const many: RangeSplit = { quadrature: { ...q, t, a }, sigma: 1, longCount: 300 };
    interpolatedSelfKernel(many, { lo: [0, 0, 0], h: 0.1, n: 16 }, 'exact', 0.55, 0.63, 0.71, out);
    assertScalarClose(
      out[0]!,
      a.reduce((s, x) => s + x, 0),
      { rtol: 1e-13 },
      'Σ a_k',
    );
    // and zero gradient: 7(ht)⁷·t is below the rounding ε·Σ|w′|·Σa_k ≈ 1e-16·100/h·450
    for (let d = 1; d <= 3; d++) expect(Math.abs(out[d]!), `gradient ${d}`).toBeLessThan(1e-9);
  });
});

describe('RS on 2–8 charges against direct summation (split radius 4 Å)', () => {
  const { positions, charges } = rattledRockSaltCluster();
  const exact = directCoulomb(positions, charges);

  for (const accuracy of [1e-4, 1e-6]) {
    it(`meets δ = ${accuracy}: energy relative error, forces relative to max |F| (projected); energy (RHOSVD)`, () => {
      const rs = rangeSeparatedCoulomb(positions, charges, { accuracy, splitRadius: 4 });
      // the accuracy contract of RangeSeparatedOptions.accuracy
      expect(Math.abs(rs.energy / exact.energy - 1)).toBeLessThan(accuracy);
      expect(forceError(rs.forces, exact.forces)).toBeLessThan(accuracy);
      const { long, self, short, selfInterpolation } = rs.parts;
      assertScalarClose(long + self + short + selfInterpolation, rs.energy, { rtol: 1e-14 }, 'parts');
      // −½ k_e Σz² p_l(0) (its closed form in RangeSeparatedResult.parts; Σz² = 8)
      assertScalarClose(self, -0.5 * COULOMB_CONSTANT * 8 * longKernel(rs.model.split, 0), { rtol: 1e-14 }, 'self part');
      // RHOSVD's energy meets δ too (its forces do not on this cluster: up to 20δ, see RangeSeparatedOptions.assembly)
      const rhosvd = rangeSeparatedCoulomb(positions, charges, { accuracy, splitRadius: 4, assembly: 'rhosvd' });
      expect(Math.abs(rhosvd.energy / exact.energy - 1)).toBeLessThan(accuracy);
    });
  }

  it('meets δ in the forces at the default split radius (L/8 = 0.8 Å here) and at σ = 2 Å, where most pairs are long range', () => {
    // With the Tucker truncation at δ/4 (before the k·σ factor) these missed: force error 4.1δ (σ = 0.8 Å) and
    // 4.3δ (σ = 2 Å) at δ = 1e-4, 3.1δ and 0.84δ at δ = 1e-6 (bench/rs-force-tolerance.ts, the same forceError).
    for (const accuracy of [1e-4, 1e-6]) {
      for (const splitRadius of [undefined, 2]) {
        const rs = rangeSeparatedCoulomb(positions, charges, splitRadius === undefined ? { accuracy } : { accuracy, splitRadius });
        expect(Math.abs(rs.energy / exact.energy - 1), `energy, δ = ${accuracy}, σ = ${splitRadius}`).toBeLessThan(accuracy);
        expect(forceError(rs.forces, exact.forces), `forces, δ = ${accuracy}, σ = ${splitRadius}`).toBeLessThan(accuracy);
      }
    }
  });

  it('a pair beyond the split radius (long range only) and one within it give −k_e/r to δ', () => {
    for (const [r, sigma] of [
      [2.9, 2],
      [2.9, 4],
    ] as const) {
      const pair = new Float64Array([0.1, 0.2, 0.3, 0.1 + r, 0.2, 0.3]);
      const box = { lo: [-1, -1, -1] as const, size: 5 };
      const rs = rangeSeparatedCoulomb(pair, new Float64Array([1, -1]), { accuracy: 1e-6, box, splitRadius: sigma });
      assertScalarClose(rs.energy, -COULOMB_CONSTANT / r, { rtol: 1e-6 }, `energy, σ = ${sigma}`);
      assertScalarClose(rs.forces[0]!, COULOMB_CONSTANT / (r * r), { rtol: 1e-6 }, `force, σ = ${sigma}`);
    }
  });

  it('has forces equal to minus the gradient of its energy (central differences, fixed box)', () => {
    const options = { accuracy: 1e-4, box: { lo: [-1, -1, -1] as const, size: 5 }, splitRadius: 4 };
    const rs = rangeSeparatedCoulomb(positions, charges, options);
    // h = 1e-4 Å: truncation h²|E‴|/6 ≈ 1e-8·k_e·6/r⁴/6 ≈ 2e-9 and rounding ε|E|/h ≈ 3e-11 eV/Å; 1e-7 eV/Å is
    // 1000× below δ·max|F| (what a wrong self-term gradient or table slope would shift a component by).
    // The closest pair (atoms 2 and 6 here) is not moved: it sets the quadrature's range, a kink in E.
    const hStep = 1e-4;
    for (const c of [0, 4, 5, 9, 13, 14, 17, 21, 23]) {
      const energy = (shift: number) => {
        const p = positions.slice();
        p[c] = p[c]! + shift;
        return rangeSeparatedCoulomb(p, charges, options).energy;
      };
      assertScalarClose(rs.forces[c]!, -(energy(hStep) - energy(-hStep)) / (2 * hStep), { rtol: 0, atol: 1e-7 }, `force ${c}`);
    }
  });

  it('gives the potential at points to δ per Coulomb term (direct sum at each point)', () => {
    const accuracy = 1e-6;
    const rs = rangeSeparatedCoulomb(positions, charges, { accuracy, splitRadius: 4 });
    const points = new Float64Array([1.4, 1.4, 1.4, 0.5, 2, 1, 2.5, 0.7, 2, 1.41, 0.1, 0.2]);
    const phi = rs.model.potentialAt(points);
    // the direct sum, and the same with |z_j|: Σ k_e|z_j|/r_j
    const reference = directPotentialAtPoints(positions, charges, points);
    const magnitude = directPotentialAtPoints(positions, charges.map(Math.abs), points);
    for (let p = 0; p < phi.length; p++) {
      // each 1/r is represented to δ relative (quadrature and split at δ/4, interpolation at δ): δ·Σ k_e|z_j|/r_j
      expect(Math.abs(phi[p]! - reference[p]!), `point ${p}`).toBeLessThan(accuracy * magnitude[p]!);
    }
  });
});

describe('RS kernels: what the first mutation run left unchecked', () => {
  const q = sincQuadrature({ accuracy: 1e-6, rMin: 0.3, rMax: 12 });
  const split = splitQuadrature(q, 3, 1e-6);

  it('a looser accuracy or a narrower range needs fewer terms (tuned per accuracy and range ratio, not cached across them)', () => {
    const loose = sincQuadrature({ accuracy: 1e-3, rMin: 0.3, rMax: 12 });
    // rMin·rMax = 3.6 as for q, but the ratio is 0.1, not 0.025
    const narrow = sincQuadrature({ accuracy: 1e-6, rMin: 0.6, rMax: 6 });
    expect(loose.steps).toBeLessThan(q.steps);
    expect(narrow.steps).toBeLessThan(q.steps);
    expect(loose.maxRelativeError).toBeGreaterThan(1e-6);
  });

  it('the default table is tabulated and is the cubic Hermite interpolant: at mid-interval (y₀+y₁)/2 + Δ(y₀′−y₁′)/8', () => {
    const table = new ShortRangeTable(split);
    expect(table.tabulated).toBe(true);
    const coarse = new ShortRangeTable(split, 32);
    const delta = split.sigma / 32;
    for (const m of [0, 3, 20]) {
      const [y0, d0] = shortKernel(split, m * delta);
      const [y1, d1] = shortKernel(split, (m + 1) * delta);
      const [value, slope] = coarse.evaluate((m + 0.5) * delta);
      // the Hermite cubic at t = ½: value (y₀ + y₁)/2 + Δ(y₀′ − y₁′)/8, slope 3(y₁ − y₀)/(2Δ) − (y₀′ + y₁′)/4 (rounding)
      assertScalarClose(value, (y0 + y1) / 2 + (delta * (d0 - d1)) / 8, { rtol: 1e-13, atol: 1e-15 }, `value, interval ${m}`);
      assertScalarClose(slope, (3 * (y1 - y0)) / (2 * delta) - (d0 + d1) / 4, { rtol: 1e-12, atol: 1e-12 }, `slope, interval ${m}`);
    }
  });

  it('its gradient is the derivative of the interpolated kernel p̃_l(y, c) in y at y = c (central differences)', () => {
    // p̃_l(y, c) = Σ_k a_k Π_d K_d: K_d = Σ_m w_m(y_d) g_k(x_m − c_d) ('exact' centres) or Σ_{m,m′} w_m(y_d) w_m′(c_d)
    // g_k(x_m − x_m′) ('interpolated'), g_k(s) = exp(−t_k² s²), w the Lagrange weights (checked exactly above)
    const narrowest = q.t[split.longCount - 1]!;
    const grid = { lo: [0, 0, 0] as [number, number, number], h: 0.35 / narrowest, n: 32 };
    const centre = [10.3 * grid.h, 11.6 * grid.h, 12.45 * grid.h];
    const w = new Float64Array(STENCIL);
    const dw = new Float64Array(STENCIL);
    const wc = new Float64Array(STENCIL);
    const kernel = (centres: 'exact' | 'interpolated', y: number[]) => {
      let sum = 0;
      for (let k = 0; k < split.longCount; k++) {
        const t2 = q.t[k]! * q.t[k]!;
        let product = q.a[k]!;
        for (let d = 0; d < 3; d++) {
          const first = lagrangeStencil(0, grid.h, grid.n, y[d]!, w, dw);
          const firstC = lagrangeStencil(0, grid.h, grid.n, centre[d]!, wc, dw);
          let factor = 0;
          for (let m = 0; m < STENCIL; m++) {
            const xm = (first + m) * grid.h;
            if (centres === 'exact') factor += w[m]! * Math.exp(-t2 * (xm - centre[d]!) ** 2);
            else for (let r = 0; r < STENCIL; r++) factor += w[m]! * wc[r]! * Math.exp(-t2 * (xm - (firstC + r) * grid.h) ** 2);
          }
          product *= factor;
        }
        sum += product;
      }
      return sum;
    };
    const out = new Float64Array(4);
    const e = 1e-6 * grid.h;
    for (const centres of ['exact', 'interpolated'] as const) {
      interpolatedSelfKernel(split, grid, centres, centre[0]!, centre[1]!, centre[2]!, out);
      // S̃ = p̃_l(c, c): the same sums in another order
      assertScalarClose(out[0]!, kernel(centres, centre), { rtol: 1e-13 }, `S̃, ${centres}`);
      for (let d = 0; d < 3; d++) {
        const up = centre.slice();
        const down = centre.slice();
        up[d] = up[d]! + e;
        down[d] = down[d]! - e;
        // p̃ is a degree-7 polynomial in y_d within the window: truncation e²|∂³p̃|/6 ≈ 1e-12·t³·p_l(0)·h², rounding
        // ε·p_l(0)/e ≈ 1e-10·p_l(0)/h; 1e-7·p_l(0)/h is far below the gradient's own size (~1e-3·p_l(0)/h here)
        const difference = (kernel(centres, up) - kernel(centres, down)) / (2 * e);
        const pl0 = longKernel(split, 0);
        expect(Math.abs(out[d + 1]!), `gradient ${d} is not trivially small, ${centres}`).toBeGreaterThan((1e-5 * pl0) / grid.h);
        assertScalarClose(out[d + 1]!, difference, { rtol: 0, atol: (1e-7 * pl0) / grid.h }, `∂S̃/∂x_${d}, ${centres}`);
      }
    }
  });
});
