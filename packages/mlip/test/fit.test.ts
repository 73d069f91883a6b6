import { parseExtxyz } from '@equitensor/io';
import { createSystem, maxwellBoltzmann, velocityVerlet } from '@equitensor/md';
import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { fitPotential, labelledConfigs, loadModel, ModelFormatError } from '../src/index.ts';
import { siTinyConfigs } from './si-tiny.ts';

const siTiny = siTinyConfigs();

describe('fitPotential on Si_tiny (ACEpotentials.jl test set)', () => {
  // ACEpotentials.jl's own test: an order-3, degree-12, 5.5 Å fit must reach these training RMSEs.
  const bounds: Record<string, { E: number; F: number }> = {
    dia: { E: 1.2e-3, F: 0.024 },
    liq: { E: 0.6e-3, F: 0.16 },
    bt: { E: 2.2e-3, F: 0.07 },
  };
  const result = fitPotential(siTiny, {
    kind: 'cg',
    basis: { order: 3, maxDegree: [12, 12, 12], wL: 1, rcut: 5.5, lambda: 0 },
    weights: { default: { energy: 30, forces: 1, virial: 1 }, perConfigType: { liq: { energy: 10, forces: 0.66, virial: 0.25 } } },
  });

  it('reaches the ACEpotentials.jl training RMSE bounds per config type', () => {
    for (const [type, b] of Object.entries(bounds)) {
      const s = result.train.perConfigType[type]!;
      expect(s.energyRMSE, `${type} energy RMSE`).toBeLessThan(b.E);
      expect(s.forcesRMSE, `${type} forces RMSE`).toBeLessThan(b.F);
    }
  });

  it('lands within a factor 2 of the RMSEs ACE1pack reaches on the same data and weights', () => {
    // ACEpotentials.jl test/test_silicon.jl (ACE1pack, QR solver): the same Si_tiny, E0 and weights, an order-4
    // degree-12 ACE basis plus a pair basis, fitted on every configuration, reaches these training RMSEs
    // (E eV/atom, F eV/Å). Ours is order 3 and holds configurations out for validation: a comparable basis on
    // comparable data, so a factor 2 either way; a fit far below these (leakage, a wrong weight) or above them
    // (a wrong feature) fails. The liquid energy gets no lower bound: 2 training configurations of 64 atoms leave
    // their energies nearly interpolated (5.7e-5 here vs 1.3e-4).
    const ace1pack: Record<string, { E: number; F: number }> = {
      dia: { E: 0.000617953, F: 0.018611 },
      liq: { E: 0.000133371, F: 0.104112 },
      bt: { E: 0.0017616, F: 0.0515637 },
    };
    for (const [type, r] of Object.entries(ace1pack)) {
      const s = result.train.perConfigType[type]!;
      for (const [ours, theirs, what] of [
        [s.energyRMSE, r.E, 'energy'],
        [s.forcesRMSE, r.F, 'forces'],
      ] as const) {
        if (!(type === 'liq' && what === 'energy'))
          expect(ours / theirs, `${type} ${what} RMSE ${ours} vs ACE1pack ${theirs}`).toBeGreaterThan(0.5);
        expect(ours / theirs, `${type} ${what} RMSE ${ours} vs ACE1pack ${theirs}`).toBeLessThan(2);
      }
    }
  });

  it('takes E0 from the isolated atom, and predicts it exactly', () => {
    expect(result.e0[14]).toBe(-158.54496821);
    const isolated = siTiny.find((c) => c.configType === 'isolated_atom')!;
    expect(result.potential.compute(isolated.atoms).energy).toBe(-158.54496821);
  });

  it('reports validation errors on held-out configurations and a λ from the scanned grid', () => {
    expect(result.validation).not.toBeNull();
    expect(result.validation!.all.configs).toBeGreaterThan(0);
    expect(result.scan.some((s) => s.lambda === result.lambda)).toBe(true);
    expect(result.validation!.all.forcesRMSE).toBeLessThan(0.2);
  });

  it('writes a model file that loads back to identical energies and forces', () => {
    const text = result.potential.serialize();
    const loaded = loadModel(text);
    const liq = siTiny.find((c) => c.configType === 'liq')!;
    const a = result.potential.compute(liq.atoms);
    const b = loaded.compute(liq.atoms);
    expect(b.energy).toBe(a.energy);
    expect(Array.from(b.forces)).toEqual(Array.from(a.forces));
    // The training report's prediction of this configuration equals the potential's.
    expect(Math.abs(a.energy - (liq.energy as number)) / 64).toBeLessThan(0.6e-3);
  });

  it('runs NVE through @equitensor/md (diamond, 300 K, 1 fs, 200 steps) conserving energy to 1e-4 eV/atom', () => {
    const a = 5.46;
    const basis = [0, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0, 0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.25, 0.75, 0.75, 0.75, 0.25];
    const system = createSystem({ numbers: new Array(8).fill(14), positions: basis.map((x) => x * a), cell: [a, 0, 0, 0, a, 0, 0, 0, a] });
    maxwellBoltzmann(system, { temperature: 300, seed: 2 });
    const nve = velocityVerlet(result.potential, { dt: 1 });
    const state = nve.init(system);
    const e0 = nve.conservedEnergy(state);
    let worst = 0;
    for (let s = 0; s < 200; s++) {
      nve.step(state);
      worst = Math.max(worst, Math.abs(nve.conservedEnergy(state) - e0) / 8);
    }
    expect(worst).toBeLessThan(1e-4);
    expect(state.potentialEnergy).toBeLessThan(8 * -158.54496821); // bound, below the isolated atoms
  });

  it('refuses malformed model files with the path of the bad field', () => {
    const json = result.potential.toJSON();
    expect(() => loadModel('{')).toThrow(ModelFormatError);
    expect(() => loadModel({ ...json, version: 99 })).toThrow(/\$\.version/);
    expect(() => loadModel({ ...json, coefficients: json.coefficients.slice(1) })).toThrow(/\$\.coefficients/);
    expect(() => loadModel({ ...json, kind: 'fft' })).toThrow(/\$\.kind/);
  });
});

describe('labelledConfigs', () => {
  it('turns a stress into a virial W = −σ·V (Zuo 2020 Si, first frame)', () => {
    const text = readFixtureText('mlip/zuo2020_Si_train.xyz');
    const first = text.split('\n').slice(0, 65).join('\n');
    const frames = parseExtxyz(first, { fileName: 'zuo2020_Si_train.xyz' });
    const [c] = labelledConfigs(frames);
    const cell = frames[0]!.cell!;
    const V = Math.abs(
      cell[0]! * (cell[4]! * cell[8]! - cell[5]! * cell[7]!) -
        cell[1]! * (cell[3]! * cell[8]! - cell[5]! * cell[6]!) +
        cell[2]! * (cell[3]! * cell[7]! - cell[4]! * cell[6]!),
    );
    const stress = frames[0]!.info.stress as number[];
    expect(c!.energy).toBe(-295.49753016);
    expect(c!.configType).toBe('Vacancy');
    for (let k = 0; k < 9; k++) expect(c!.virial![k]).toBeCloseTo(-stress[k]! * V, 10);
  });

  it('names a missing explicit key', () => {
    const frames = parseExtxyz(readFixtureText('mlip/Si_tiny.xyz'), { fileName: 'Si_tiny.xyz' });
    expect(() => labelledConfigs(frames, { energyKey: 'no_such_energy' })).toThrow(/no_such_energy/);
  });
});
