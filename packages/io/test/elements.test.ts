import { describe, expect, it } from 'vitest';
import {
  atomicMasses,
  atomicNumber,
  atomicNumberAnyCase,
  chemicalSymbol,
  chemicalSymbols,
  covalentRadii,
  jmolColor,
  jmolColors,
  massesOf,
  vdwRadii,
} from '../src/index.ts';
import { runPython } from './helpers/python.ts';

interface AseElements {
  symbols: string[];
  masses: number[];
  covalent: number[];
  vdw: (number | null)[];
  colors: number[][];
}

const ase = runPython<AseElements>(`
import json, math
import ase.data as d, ase.data.colors as c
print(json.dumps({
  'symbols': list(d.chemical_symbols),
  'masses': [float(x) for x in d.atomic_masses],
  'covalent': [float(x) for x in d.covalent_radii],
  'vdw': [None if math.isnan(x) else float(x) for x in d.vdw_radii],
  'colors': [[float(v) for v in rgb] for rgb in c.jmol_colors],
}))`);

describe('elements equal ASE 3.22 tables', () => {
  it('symbols and atomic numbers', () => {
    expect(chemicalSymbols).toEqual(ase.symbols);
    ase.symbols.forEach((symbol, z) => {
      expect(atomicNumber(symbol)).toBe(z);
      expect(chemicalSymbol(z)).toBe(symbol);
    });
    expect(atomicNumber('NA')).toBeUndefined();
    expect(atomicNumberAnyCase('NA')).toBe(11);
    expect(atomicNumberAnyCase('cl')).toBe(17);
    expect(() => chemicalSymbol(119)).toThrow(RangeError);
  });

  it('masses, covalent radii, van der Waals radii, Jmol colours', () => {
    expect(Array.from(atomicMasses)).toEqual(ase.masses);
    expect(Array.from(covalentRadii)).toEqual(ase.covalent);
    ase.vdw.forEach((r, z) => {
      if (r === null) expect(Number.isNaN(vdwRadii[z]!)).toBe(true);
      else expect(vdwRadii[z]).toBe(r);
    });
    for (let z = ase.vdw.length; z < chemicalSymbols.length; z++) expect(Number.isNaN(vdwRadii[z]!)).toBe(true);
    ase.colors.forEach((rgb, z) => {
      expect(jmolColor(z)).toEqual(rgb);
    });
    expect(jmolColors.length).toBe(3 * chemicalSymbols.length);
    expect(atomicMasses[8]).toBe(15.999);
    expect(covalentRadii[6]).toBe(0.76);
  });

  it('massesOf', () => {
    expect(Array.from(massesOf(new Int32Array([8, 1, 1])))).toEqual([15.999, 1.008, 1.008]);
    expect(() => massesOf(new Int32Array([-1]))).toThrow(RangeError);
  });
});
