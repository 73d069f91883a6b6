import { parseExtxyz } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { inverse, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import {
  committeePredict,
  coverage,
  fitPotential,
  labelledConfigs,
  loadModel,
  ModelFormatError,
  NormalEquations,
  posteriorCommittee,
  ridgeSolve,
  TRACE_PROBES,
} from '../src/index.ts';
import { siTinyConfigs } from './si-tiny.ts';

describe('posteriorCommittee against the closed-form ridge posterior', () => {
  // A small well-posed problem: 40 rows, 3 columns, known coefficients plus noise.
  const rows: number[][] = [];
  const targets: number[] = [];
  let s = 12345;
  const u = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  for (let r = 0; r < 40; r++) {
    const a = [1, u() * 4, u() * 2 + u()];
    rows.push(a);
    targets.push(0.5 * a[0]! - 1.2 * a[1]! + 0.3 * a[2]! + 0.1 * u());
  }
  const ne = new NormalEquations(3);
  for (let r = 0; r < rows.length; r++) ne.addRow(new Float64Array(rows[r]!), targets[r]!, 1);
  const lambda = 1e-2;
  const x = ridgeSolve(ne, lambda);
  const K = 20000;
  const c = posteriorCommittee(ne, x, lambda, { size: K, seed: 3, weights: { energy: 1, forces: 1 } });
  // Closed form, independently: M = G + λ diag(G_kk), p_eff = tr(G M⁻¹), σ² = ‖Ax − y‖² / (n − p_eff).
  const G = new Matrix(3, 3);
  for (const a of rows) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) G.set(i, j, G.get(i, j) + a[i]! * a[j]!);
  const M = G.clone();
  for (let i = 0; i < 3; i++) M.set(i, i, M.get(i, i) * (1 + lambda));
  const Minv = inverse(M);
  const pEff = G.mmul(Minv).trace();
  let rss = 0;
  rows.forEach((a, r) => {
    rss += (a[0]! * x[0]! + a[1]! * x[1]! + a[2]! * x[2]! - targets[r]!) ** 2;
  });
  const sigma2 = rss / (40 - pEff);

  it('estimates p_eff and σ² as the closed form does', () => {
    // Both are exact float64 computations of the same quantities (condition number of M ~ 10): 1e-10 relative.
    expect(c.effectiveParameters).toBeCloseTo(pEff, 10);
    expect(Math.abs(c.sigma ** 2 / sigma2 - 1)).toBeLessThan(1e-10);
  });

  it('has mean x exactly and sample covariance σ²M⁻¹ to Monte-Carlo precision', () => {
    const mean = [0, 0, 0];
    for (const m of c.members) for (let i = 0; i < 3; i++) mean[i]! += m[i]! / K;
    // Re-centred members: the mean equals x up to the rounding of K additions (1e-12 relative).
    for (let i = 0; i < 3; i++) expect(Math.abs(mean[i]! - x[i]!)).toBeLessThan(1e-12 * Math.max(1, Math.abs(x[i]!)));
    for (let i = 0; i < 3; i++)
      for (let j = 0; j <= i; j++) {
        let cov = 0;
        for (const m of c.members) cov += (m[i]! - x[i]!) * (m[j]! - x[j]!);
        cov /= K - 1;
        const exact = sigma2 * Minv.get(i, j);
        const scale = sigma2 * Math.sqrt(Minv.get(i, i) * Minv.get(j, j));
        // Standard error of a sample covariance is ≤ √(2/K)·scale = 0.01·scale at K = 20,000: 5 standard errors.
        expect(Math.abs(cov - exact), `cov[${i}][${j}]`).toBeLessThan(5 * Math.sqrt(2 / K) * scale);
      }
  });

  it('estimates p_eff by Hutchinson above the exact-trace size, within its own standard error', () => {
    // 30 columns, 200 rows: exact trace against the 64-probe estimate (exactTraceMaxColumns: 0 forces it).
    const P = 30;
    const big = new NormalEquations(P);
    for (let r = 0; r < 200; r++) {
      const a = new Float64Array(P);
      for (let k = 0; k < P; k++) a[k] = u() + (k % 3 === 0 ? 0.5 * a[0]! : 0);
      big.addRow(a, u(), 1);
    }
    const xb = ridgeSolve(big, 1e-3);
    const weights = { energy: 1, forces: 1 };
    const exact = posteriorCommittee(big, xb, 1e-3, { weights });
    const estimate = posteriorCommittee(big, xb, 1e-3, { weights, exactTraceMaxColumns: 0 });
    // Var(zᵀAz) = 2 Σ_{i≠j} A_ij² for Rademacher z, A = (Ĝ + λI)⁻¹; p_eff = P − λ tr(A).
    const S = new Matrix(P, P);
    for (let i = 0; i < P; i++)
      for (let j = 0; j < P; j++) {
        const g = big.gram[Math.min(i, j) * P + Math.max(i, j)]!;
        S.set(i, j, g / Math.sqrt(big.gram[i * P + i]! * big.gram[j * P + j]!) + (i === j ? 1e-3 : 0));
      }
    const A = inverse(S);
    let off = 0;
    for (let i = 0; i < P; i++) for (let j = 0; j < P; j++) if (i !== j) off += A.get(i, j) ** 2;
    const sd = 1e-3 * Math.sqrt((2 * off) / TRACE_PROBES);
    expect(exact.effectiveParameters).toBeCloseTo(P - 1e-3 * A.trace(), 8); // exact path vs ml-matrix's inverse
    expect(Math.abs(estimate.effectiveParameters - exact.effectiveParameters)).toBeLessThan(5 * sd); // 5 standard errors
  });

  it('refuses a committee of fewer than two members', () => {
    expect(() => posteriorCommittee(ne, x, lambda, { size: 1, weights: { energy: 1, forces: 1 } })).toThrow(RangeError);
  });

  it('counts coverage', () => {
    expect(coverage([0.1, -0.5, 1.5, 3], [1, 1, 1, 1])).toEqual({ n: 4, within1: 0.5, within2: 0.75 });
  });
});

describe('committee on a Si_tiny fit', () => {
  const configs = siTinyConfigs();
  const { potential } = fitPotential(configs, { basis: { order: 3, maxDegree: [10, 10, 10], rcut: 5.5 } });
  const probe = configs.filter((c) => c.atoms.numbers.length > 1).slice(0, 3);

  it('stores 8 members by default whose mean predicts what the fitted coefficients predict', () => {
    expect(potential.uncertainty?.members.length).toBe(8);
    for (const c of probe) {
      const r = potential.compute(c.atoms);
      const p = committeePredict(potential, c.atoms);
      // Design-row path vs the adjoint path of compute(), same coefficients: rounding of P-term sums of O(1 eV)
      // terms, 1e-9 eV / eV/Å is far above it and far below any error bar (≥ 1e-3 here).
      expect(Math.abs(p.energy - r.energy)).toBeLessThan(1e-9);
      for (let k = 0; k < r.forces.length; k++) expect(Math.abs(p.forces[k]! - r.forces[k]!)).toBeLessThan(1e-9);
      expect(p.energySigma).toBeGreaterThan(p.energyCommitteeSigma);
      expect(p.forceSigmas.length).toBe(c.atoms.numbers.length);
    }
  });

  it('round-trips the committee through the model file', () => {
    const loaded = loadModel(potential.serialize());
    expect(loaded.uncertainty?.members.map((m) => Array.from(m))).toEqual(potential.uncertainty?.members.map((m) => Array.from(m)));
    expect(loaded.uncertainty?.noise).toEqual(potential.uncertainty?.noise);
    expect(loaded.uncertainty?.noiseFrom).toBe('held-out');
  });

  it('still loads a model file without the uncertainty field (older files), with no error bars', () => {
    const json = potential.toJSON() as unknown as Record<string, unknown>;
    const { uncertainty: _dropped, ...old } = json;
    const loaded = loadModel(JSON.stringify(old));
    expect(loaded.uncertainty).toBeNull();
    expect(loaded.compute(probe[0]!.atoms).energy).toBe(potential.compute(probe[0]!.atoms).energy);
    expect(() => committeePredict(loaded, probe[0]!.atoms)).toThrow(RangeError);
  });

  it('names a malformed committee member', () => {
    const json = potential.toJSON() as unknown as { uncertainty: { members: number[][] } };
    json.uncertainty.members[2] = [1, 2];
    expect(() => loadModel(JSON.stringify(json))).toThrow(ModelFormatError);
    expect(() => loadModel(JSON.stringify(json))).toThrow(/uncertainty\.members\[2\]/);
  });
});

describe('energy error bars on held-out Zuo et al. 2020 Si configurations', () => {
  // Split: configurations in file order, even indices train (107), odd indices test (107); default basis, 5-fold CV.
  const all = labelledConfigs(parseExtxyz(readFixtureText('mlip/zuo2020_Si_train.xyz'), { fileName: 'zuo2020_Si_train.xyz' }), {
    energyKey: 'energy',
    forcesKey: 'forces',
    stressKey: 'stress',
  });
  const train = all.filter((_, i) => i % 2 === 0);
  const test = all.filter((_, i) => i % 2 === 1);

  it('cover 95 % of held-out energies at 2σ within the binomial tolerance', () => {
    const { potential } = fitPotential(train, { folds: 5 });
    const errors: number[] = [];
    const sigmas: number[] = [];
    for (const c of test) {
      const p = committeePredict(potential, c.atoms);
      errors.push(p.energy - c.energy!);
      sigmas.push(p.energySigma);
    }
    const cov = coverage(errors, sigmas);
    expect(cov.n).toBe(107);
    // Nominal 2σ coverage of a Gaussian: p = 0.9545. With n = 107 independent configurations the count within 2σ
    // is Binomial(n, p) if the bars are calibrated: standard deviation √(p(1−p)/n) = 0.0201; accept 3 of them
    // (two-sided, 0.27 % false alarm): 0.894 ≤ coverage (the upper side, 1.015, cannot fail).
    const sd = Math.sqrt((0.9545 * 0.0455) / cov.n);
    expect(cov.within2).toBeGreaterThanOrEqual(0.9545 - 3 * sd);
    // Bars that are far too wide would also pass the line above: the 1σ coverage (nominal 0.683) must stay below
    // 0.683 + 3·√(0.683·0.317/n) = 0.818, i.e. the bars are not inflated.
    expect(cov.within1).toBeLessThanOrEqual(0.683 + 3 * Math.sqrt((0.683 * 0.317) / cov.n));
  }, 120_000);
});
