import { assertClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { loadModel, prepareFit, smoothnessScale, solveFit } from '../src/index.ts';
import { siTinyConfigs } from './si-tiny.ts';

describe('smoothness prior', () => {
  it('scales column penalties algebraically, (1 + d)^p, or exponentially, exp(p·d/d_max)', () => {
    const degree = new Float64Array([1, 2, 4]);
    assertClose(smoothnessScale(degree, 3, 2, 'algebraic'), [4, 9, 25], { rtol: 1e-15 }, 'algebraic');
    assertClose(smoothnessScale(degree, 3, 2, 'exponential'), [Math.exp(0.5), Math.exp(1), Math.exp(2)], { rtol: 1e-15 }, 'exponential');
    // Columns of further species blocks repeat the feature degrees; p = 0 is plain ridge.
    assertClose(smoothnessScale(degree, 6, 1, 'algebraic'), [2, 3, 5, 2, 3, 5], { rtol: 1e-15 }, 'species blocks');
    assertClose(smoothnessScale(degree, 3, 0, 'exponential'), [1, 1, 1], { rtol: 0, atol: 0 }, 'p = 0');
  });

  // A small Si_tiny fit: the prior shape changes the solution only when p ≠ 0.
  const configs = siTinyConfigs().slice(0, 20);
  const design = prepareFit(configs, { basis: { order: 2, maxDegree: [6, 6], rcut: 5 } });
  const solve = (smoothnessPrior: 'algebraic' | 'exponential', p: number) =>
    solveFit(design, { lambdas: [1e-3], smoothness: [p], smoothnessPrior, validationFraction: 0.2 });

  it('chooses the prior shape per fit, and both shapes agree at p = 0', () => {
    const a0 = solve('algebraic', 0).potential.coefficients;
    const e0 = solve('exponential', 0).potential.coefficients;
    assertClose(e0, a0, { rtol: 1e-12, atol: 1e-14 }, 'p = 0');
    const a = solve('algebraic', 3);
    const e = solve('exponential', 3);
    expect(a.smoothness).toBe(3);
    expect(e.smoothness).toBe(3);
    // The shape reaches the solve: the two priors give different coefficients at p = 3.
    let diff = 0;
    let size = 0;
    a.potential.coefficients.forEach((v, k) => {
      diff = Math.max(diff, Math.abs(v - (e.potential.coefficients[k] as number)));
      size = Math.max(size, Math.abs(v));
    });
    expect(diff / size).toBeGreaterThan(1e-6);
  });

  it('saves the radial inner radius r_in in the model file and loads it back to identical energies and forces', () => {
    const inner = prepareFit(configs, { basis: { order: 2, maxDegree: [6, 6], rcut: 5, rin: 1.5 } });
    const fit = solveFit(inner, { lambdas: [1e-6], validationFraction: 0.2 });
    const json = JSON.parse(fit.potential.serialize()) as { basis: { rin?: number } };
    expect(json.basis.rin).toBe(1.5);
    const loaded = loadModel(fit.potential.serialize());
    const liq = configs.find((c) => c.configType === 'liq') ?? configs[configs.length - 1]!;
    const a = fit.potential.compute(liq.atoms);
    const b = loaded.compute(liq.atoms);
    expect(b.energy).toBe(a.energy);
    expect(Array.from(b.forces)).toEqual(Array.from(a.forces));
    // A model without r_in keeps the version-1 file unchanged (no rin key).
    expect('rin' in (JSON.parse(solve('algebraic', 0).potential.serialize()) as { basis: object }).basis).toBe(false);
  });
});
