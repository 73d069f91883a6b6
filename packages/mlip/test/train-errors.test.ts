import { describe, expect, it } from 'vitest';
import { ColumnBudgetError, fitPotential, type LabelledConfig, loadModel, type MlipPotential, prepareFit } from '../src/index.ts';
import { siTinyConfigs } from './si-tiny.ts';

const siTiny = siTinyConfigs();

/** RMSE and MAE written out here, independent of `errorReport`: energies and virials per atom, force components. */
function independentErrors(model: MlipPotential, configs: readonly LabelledConfig[]) {
  let eSq = 0;
  let eAbs = 0;
  let eN = 0;
  let fSq = 0;
  let fN = 0;
  let vSq = 0;
  let vN = 0;
  let eScale = 0;
  let fScale = 0;
  let vScale = 0;
  for (const c of configs) {
    const n = c.atoms.numbers.length;
    const r = model.compute(c.atoms);
    if (c.energy !== null) {
      const d = (r.energy - c.energy) / n;
      eSq += d * d;
      eAbs += Math.abs(d);
      eN++;
      eScale = Math.max(eScale, Math.abs(c.energy / n));
    }
    if (c.forces !== null)
      c.forces.forEach((f, k) => {
        fSq += (r.forces[k]! - f) ** 2;
        fN++;
        fScale = Math.max(fScale, Math.abs(f));
      });
    if (c.virial !== null)
      c.virial.forEach((v, k) => {
        vSq += ((r.virial[k]! - v) / n) ** 2;
        vN++;
        vScale = Math.max(vScale, Math.abs(v / n));
      });
  }
  return {
    configs: configs.length,
    energyRMSE: Math.sqrt(eSq / eN),
    energyMAE: eAbs / eN,
    forcesRMSE: Math.sqrt(fSq / fN),
    virialRMSE: Math.sqrt(vSq / vN),
    scale: { energy: eScale, forces: fScale, virial: vScale },
  };
}

// Tolerance: the report predicts from the design rows, the model from its descriptor: the same products of features
// and coefficients summed in another order, so each prediction may differ by a few units in the last place of the
// label (the E0 sum dominates |E|: 163 eV/atom here). By the triangle inequality |RMSE(a) − RMSE(b)| ≤ max|a − b|,
// so 64 ulps of the largest label per atom bounds the RMSE difference (≈ 2e-12 eV/atom, ~1e-9 of the energy RMSE;
// about 1e-12 is reached). The defect this guards against, an isolated atom counted on one side only, is 1e-2.
const EPS = Number.EPSILON;
const ULPS = 64;

describe('fitPotential: reported training errors are the returned model on the fitted configurations', () => {
  // The app's Si_tiny settings (apps/sim mlip-fit.ts aceFitOptions): ACEpotentials.jl's order 3, degree 12, 5.5 Å.
  const result = fitPotential(siTiny, {
    kind: 'cg',
    basis: { order: 3, maxDegree: [12, 12, 12], wL: 1, rcut: 5.5, lambda: 0 },
    weights: { default: { energy: 30, forces: 1, virial: 1 }, perConfigType: { liq: { energy: 10, forces: 0.66, virial: 0.25 } } },
  });
  // Through the model file, as `mlip eval` sees it (JSON keeps every float64 coefficient exactly).
  const model = loadModel(result.potential.serialize());
  const fitted = siTiny.filter((c) => c.configType !== 'isolated_atom');

  it('leaves the isolated atom (which defines E0) out of the fit and of the report, and says so', () => {
    expect(siTiny.length).toBe(53);
    expect(result.isolatedConfigs).toBe(1);
    expect(result.train.all.configs).toBe(52);
    expect(result.train.perConfigType.isolated_atom).toBeUndefined();
  });

  it('equals an independent evaluation of the saved model on the fitted configurations', () => {
    const ours = independentErrors(model, fitted);
    const t = result.train.all;
    expect(ours.configs).toBe(t.configs);
    expect(Math.abs(t.energyRMSE - ours.energyRMSE)).toBeLessThanOrEqual(ULPS * EPS * ours.scale.energy);
    expect(Math.abs(t.energyMAE - ours.energyMAE)).toBeLessThanOrEqual(ULPS * EPS * ours.scale.energy);
    expect(Math.abs(t.forcesRMSE - ours.forcesRMSE)).toBeLessThanOrEqual(ULPS * EPS * ours.scale.forces);
    expect(Math.abs(t.virialRMSE - ours.virialRMSE)).toBeLessThanOrEqual(ULPS * EPS * ours.scale.virial);
    // and the model file's stored training RMSEs are the report's
    expect(model.metadata.trainRMSE).toEqual({ energy: t.energyRMSE, forces: t.forcesRMSE });
  });

  it('over the whole file (isolated atom included, its error exactly 0) the RMSE is lower by √(52/53)', () => {
    const all = independentErrors(model, siTiny);
    expect(model.compute(siTiny.find((c) => c.configType === 'isolated_atom')!.atoms).energy).toBe(result.e0[14]);
    const expected = result.train.all.energyRMSE * Math.sqrt(52 / 53);
    expect(Math.abs(all.energyRMSE - expected)).toBeLessThanOrEqual(ULPS * EPS * all.scale.energy);
  });
});

describe('fitPotential: maxColumns with an explicit maxDegree', () => {
  const slice = siTiny.slice(0, 4);
  const base = { basis: { order: 3, maxDegree: [8, 8, 8], rcut: 5.5 } } as const;
  const columns = prepareFit(slice, base).descriptor.columns;

  it('refuses a basis above the budget before any feature is computed, naming both', () => {
    const messages: string[] = [];
    const refuse = () => prepareFit(slice, { ...base, maxColumns: columns - 1, log: (m) => messages.push(m) });
    expect(refuse).toThrow(ColumnBudgetError);
    expect(refuse).toThrow(new RegExp(`maxDegree 8,8,8 gives ${columns} columns .*more than maxColumns ${columns - 1}`));
    expect(messages.some((m) => m.startsWith('features:'))).toBe(false);
  });

  it('accepts a basis exactly at the budget', () => {
    expect(prepareFit(slice, { ...base, maxColumns: columns }).descriptor.columns).toBe(columns);
  });
});
