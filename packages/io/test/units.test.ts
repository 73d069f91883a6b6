import { describe, expect, it } from 'vitest';
import { COULOMB_CONSTANT, units } from '../src/index.ts';
import { runPython } from './helpers/python.ts';

const ase = runPython<Record<string, number>>(`
import json, ase.units as u
print(json.dumps({k: getattr(u, k) for k in dir(u) if isinstance(getattr(u, k), float)}))`);

describe('units equal ase.units (CODATA 2014)', () => {
  it('has every float constant of ase.units, equal to the last bits (rtol 1e-15)', () => {
    const ours = units as unknown as Record<string, number>;
    expect(Object.keys(ase).length).toBeGreaterThan(40);
    for (const [name, value] of Object.entries(ase)) {
      expect(ours[name], name).toBeDefined();
      expect(Math.abs(ours[name]! - value) / Math.abs(value), name).toBeLessThanOrEqual(1e-15);
    }
    expect(Object.keys(ours).sort()).toEqual(Object.keys(ase).sort());
  });

  it('known values', () => {
    expect(units.fs).toBeCloseTo(0.09822694788464063, 16);
    expect(units.kB).toBeCloseTo(8.617330337217213e-5, 18);
    // k_e = Bohr·Hartree in eV·Å; the project constant agrees to 1e-8 relative (it is the older CODATA value the shared data use)
    expect(Math.abs(units.Bohr * units.Hartree - COULOMB_CONSTANT) / COULOMB_CONSTANT).toBeLessThan(1e-8);
    expect(COULOMB_CONSTANT).toBe(14.399645478);
  });
});
