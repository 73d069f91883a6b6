import { readFileSync } from 'node:fs';
import { formatPdb, parsePdb, parsePqr } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { formatMeasurement, measure } from '../src/bio/measure.ts';
import { residuesOf } from '../src/bio/secondary-structure.ts';

describe('measure', () => {
  it('exact cases: a 3-4-5 triangle, right and straight angles, ±90° and 180° dihedrals', () => {
    const p = new Float64Array([0, 0, 0, 3, 0, 0, 3, 4, 0, 3, 4, 5, 6, 0, 0]);
    expect(measure(p, [0, 2])).toEqual({ kind: 'distance', atoms: [0, 2], value: 5, unit: 'Å' });
    expect(measure(p, [0, 1, 2]).value).toBeCloseTo(90, 12);
    expect(measure(p, [0, 1, 4]).value).toBeCloseTo(180, 12);
    // atom 0 on +x, bond 1 → 2 along +y, atom 3 on +z: looking down +y (x to the right, z up), the turn from the
    // front bond (right) to the back bond (up) is anticlockwise, −90° by IUPAC's convention; atom 4 on −z: +90°
    const d = new Float64Array([1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 1, -1, -1, 1, 0]);
    expect(measure(d, [0, 1, 2, 3]).value).toBeCloseTo(-90, 12);
    expect(measure(d, [0, 1, 2, 4]).value).toBeCloseTo(90, 12);
    expect(measure(d, [0, 1, 2, 5]).value).toBeCloseTo(180, 12);
    expect(formatMeasurement(measure(p, [0, 2]))).toBe('5.00 Å');
    expect(() => measure(p, [0])).toThrow(/2, 3 or 4 atoms/);
    expect(() => measure(p, [0, 9])).toThrow(/atom 9 is not one of the 5 atoms/);
  });

  it('1A63 backbone φ and ψ equal DSSP 4.2.2’s to its printed 0.1°', () => {
    // the coordinates DSSP read (3 decimals), as in secondary-structure.test.ts
    const protein = parsePdb(formatPdb(parsePqr(readFixtureText('pqr/1a63.pqr'))[0]!))[0]!;
    const residues = residuesOf(protein);
    const rows = readFileSync(new URL('./fixtures/1a63-phi-psi.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.length > 0 && !l.startsWith('#'))
      .map((l) => l.split(' ').map(Number));
    let checked = 0;
    for (const [number, phi, psi] of rows) {
      const k = residues.findIndex((r) => r.number === number);
      const r = residues[k]!;
      if (phi !== 360) {
        expect(Math.abs(measure(protein.positions, [residues[k - 1]!.c, r.n, r.ca, r.c]).value - phi!)).toBeLessThanOrEqual(0.05 + 1e-9);
        checked++;
      }
      if (psi !== 360) {
        expect(Math.abs(measure(protein.positions, [r.n, r.ca, r.c, residues[k + 1]!.n]).value - psi!)).toBeLessThanOrEqual(0.05 + 1e-9);
        checked++;
      }
    }
    expect(checked).toBe(2 * 129 - 2);
  });
});
