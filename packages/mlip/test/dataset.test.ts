/**
 * Labels of a fit: data without energies is refused (the reference energies E0 would silently be 0),
 * naming the configurations that lack one and the species whose E0 is undetermined.
 */
import { parseExtxyz } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { checkEnergyLabels, fitPotential, type LabelledConfig, labelledConfigs, MissingEnergyError } from '../src/index.ts';

/** A two-atom configuration of elements `z` (no neighbours needed: only the labels are checked). */
function config(z: [number, number], energy: number | null): LabelledConfig {
  return {
    atoms: { numbers: Int32Array.from(z), positions: new Float64Array([0, 0, 0, 2, 0, 0]), cell: null, pbc: [false, false, false] },
    energy,
    forces: new Float64Array(6),
    virial: null,
    configType: 'test',
  };
}

/** Si_tiny.xyz with every energy removed (forces and virials kept). */
function siTinyWithoutEnergies(): LabelledConfig[] {
  const text = readFixtureText('mlip/Si_tiny.xyz').replace(/ (dft|gap)_energy=\S+/g, '');
  return labelledConfigs(parseExtxyz(text, { fileName: 'Si_tiny.xyz' }), { forcesKey: 'dft_force', virialKey: 'dft_virial' });
}

describe('energy labels of a fit', () => {
  it('refuses a fit on Si_tiny without energies, before any feature is computed, instead of fitting with E0 = 0', () => {
    const configs = siTinyWithoutEnergies();
    expect(configs.every((c) => c.energy === null)).toBe(true);
    let error: unknown;
    const t0 = performance.now();
    try {
      fitPotential(configs, { basis: { order: 2, maxDegree: [6, 6] } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingEnergyError);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(new RegExp(`none of the ${configs.length} configurations has an energy`));
    expect((error as Error).message).toMatch(/E0 of Z = 14 cannot be fitted/);
    expect((error as MissingEnergyError).unlabelled).toEqual(configs.map((_, i) => i));
    expect(performance.now() - t0).toBeLessThan(2000); // refused up front, not after the design matrix
  });

  it('names the unlabelled configurations when a species occurs only in them', () => {
    const configs = [config([14, 14], -10), config([14, 6], null), config([6, 6], null), config([14, 14], -9), config([6, 14], null)];
    expect(() => checkEnergyLabels(configs, new Set())).toThrow(
      /configurations 1–2, 4 have no energy, and no other configuration with an energy contains Z = 6/,
    );
    try {
      checkEnergyLabels(configs, new Set());
    } catch (e) {
      expect((e as MissingEnergyError).species).toEqual([6]);
      expect((e as MissingEnergyError).unlabelled).toEqual([1, 2, 4]);
    }
  });

  it('accepts missing energies when every E0 is known or can be fitted from the labelled configurations', () => {
    // forces-only rows are allowed: each species occurs in a configuration with an energy
    expect(() => checkEnergyLabels([config([14, 6], -10), config([6, 6], null), config([14, 14], null)], new Set())).not.toThrow();
    // no energies at all, but E0 given for both species (a forces-only fit with known reference energies)
    expect(() => checkEnergyLabels([config([14, 6], null), config([6, 6], null)], new Set([6, 14]))).not.toThrow();
    // E0 given for one, the other determined by a labelled configuration
    expect(() => checkEnergyLabels([config([14, 6], -3), config([6, 6], null)], new Set([14]))).not.toThrow();
  });
});
