import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { decodeHybrid36, encodeHybrid36 } from '../../src/formats/pdb/hybrid36.ts';
import { cellParameters, createStructure, formatPdb, type ParseError, parsePdb, parsePqr } from '../../src/index.ts';
import { expectSameFrames } from '../helpers/compare.ts';
import { parseErrorOf } from '../helpers/parse-error.ts';
import { PDB_TWO_MODELS as PDB } from '../helpers/reader-samples.ts';

describe('PDB: fixed columns, CRYST1, MODEL/ENDMDL, CONECT, insertion codes, altlocs', () => {
  const frames = parsePdb(PDB, { fileName: 'test.pdb' });
  it('reads every field', () => {
    expect(frames.length).toBe(2);
    const s = frames[0]!;
    expect(Array.from(s.numbers)).toEqual([7, 6, 6, 6, 1, 30, 8]);
    expect(Array.from(s.positions.subarray(0, 3))).toEqual([11.104, 6.134, -6.504]);
    expect(s.arrays.altLocs!.data).toEqual(['.', 'A', 'B', '.', '.', '.', '.']);
    expect(s.arrays.insertionCodes!.data).toEqual(['.', '.', '.', 'A', '.', '.', '.']);
    expect(s.arrays.atomNames!.data).toEqual(['N', 'CA', 'CA', 'C', 'HD21', 'ZN', 'O']);
    expect(s.arrays.chainIds!.data).toEqual(['A', 'A', 'A', 'A', 'B', 'A', 'A']);
    expect(Array.from(s.arrays.residueNumbers!.data as Int32Array)).toEqual([10, 10, 10, 10, -3, 301, 401]);
    expect(Array.from(s.arrays.occupancies!.data as Float64Array)).toEqual([1, 0.6, 0.4, 1, 1, 1, 1]);
    expect(Array.from(s.arrays.hetero!.data as Uint8Array)).toEqual([0, 0, 0, 0, 0, 1, 1]);
    expect(Array.from(s.arrays.formalCharges!.data as Int32Array)).toEqual([0, 0, 0, 0, 0, 2, -1]);
    expect(s.arrays.segmentIds!.data).toEqual(['.', '.', '.', '.', '.', '.', 'WAT']);
    expect(s.info).toEqual({ spaceGroup: 'P 1 21 1', model: 1, bonds: [0, 1, 0, 2, 1, 3, 5, 6] });
    const p = cellParameters(s.cell!);
    expect([p.a, p.b, p.alpha, p.gamma]).toEqual([10, 12, 90, 90]);
    expect(p.c).toBeCloseTo(14, 12);
    expect(p.beta).toBeCloseTo(100, 12);
    expect(frames[1]!.info.model).toBe(2);
    expect(frames[1]!.positions[0]).toBe(11.204);
  });

  it('round trips through formatPdb with nothing lost', () => {
    expectSameFrames(parsePdb(formatPdb(frames)), frames);
  });

  it('PQR → PDB keeps atoms, names and residues (coordinates to the PDB 1e-3)', () => {
    const [pqr] = parsePqr(readFixtureText('pqr/1a63.pqr'));
    const [pdb] = parsePdb(formatPdb(pqr!));
    expect(Array.from(pdb!.numbers)).toEqual(Array.from(pqr!.numbers));
    for (const name of ['atomNames', 'residueNames', 'residueNumbers', 'serials', 'insertionCodes']) {
      expect(Array.from(pdb!.arrays[name]!.data as ArrayLike<unknown>), name).toEqual(
        Array.from(pqr!.arrays[name]!.data as ArrayLike<unknown>),
      );
    }
    pdb!.positions.forEach((x, i) => {
      expect(Math.abs(x - pqr!.positions[i]!)).toBeLessThanOrEqual(5e-4 + 1e-12);
    });
  });

  it('reads END-separated trajectories (VMD, CP2K) as frames', () => {
    const atom = (x: string) => `ATOM      1  O   HOH     1    ${x}   0.000   0.000  1.00  0.00           O`;
    const frames = parsePdb(
      ['CRYST1    5.000    5.000    5.000  90.00  90.00  90.00 P 1', atom('   1.000'), 'END', atom('   2.000'), 'END', ''].join('\n'),
    );
    expect(frames.map((f) => f.positions[0])).toEqual([1, 2]);
    expect(frames.every((f) => f.cell !== null)).toBe(true);
  });

  it('hybrid-36 serials and residue numbers for large systems (cctbx anchors)', () => {
    expect(encodeHybrid36(5, 99999)).toBe('99999');
    expect(encodeHybrid36(5, 100000)).toBe('A0000');
    expect(encodeHybrid36(5, 100000 + 26 * 36 ** 4 - 1)).toBe('ZZZZZ');
    expect(encodeHybrid36(5, 100000 + 26 * 36 ** 4)).toBe('a0000');
    expect(encodeHybrid36(4, 10000)).toBe('A000');
    expect(encodeHybrid36(4, -999)).toBe('-999');
    for (const v of [0, 9999, 10000, 123456, 1_000_000, 43_770_015, 43_770_016, 87_440_031])
      expect(decodeHybrid36(5, encodeHybrid36(5, v))).toBe(v);
    expect(() => encodeHybrid36(4, 10000 + 52 * 36 ** 3)).toThrow(RangeError);
    const n = 3;
    const big = createStructure({
      symbols: ['O', 'H', 'H'],
      positions: [0, 0, 0, 0.96, 0, 0, -0.24, 0.93, 0],
      arrays: {
        serials: { type: 'I', width: 1, data: new Int32Array([99999, 100000, 2_000_000]) },
        residueNumbers: { type: 'I', width: 1, data: new Int32Array([9999, 10000, 10000]) },
      },
      info: { bonds: [0, 1, 0, 2] },
    });
    const [back] = parsePdb(formatPdb(big));
    expect(back!.numbers.length).toBe(n);
    expect(Array.from(back!.arrays.serials!.data as Int32Array)).toEqual([99999, 100000, 2_000_000]);
    expect(Array.from(back!.arrays.residueNumbers!.data as Int32Array)).toEqual([9999, 10000, 10000]);
    expect(back!.info.bonds).toEqual([0, 1, 0, 2]);
  });

  it('bad records give ParseErrors naming the columns', () => {
    const bad = (line: string): ParseError => parseErrorOf(() => parsePdb(line, { fileName: 'bad.pdb' }));
    expect(bad('ATOM      1  N   ALA A  10      11.104   xx     -6.504  1.00 20.00           N').column).toBe(39);
    expect(bad('ATOM      1  N   ALA A  1x      11.104   6.134  -6.504').column).toBe(23);
    expect(bad('ATOM      1  N   ALA A  10      11.104   6.134  -6.504  1.00 20.00           Qq').expected).toMatch(/element/);
    expect(bad('MODEL 1\nATOM      1  N   ALA A  10      11.104   6.134  -6.504').expected).toMatch(/ENDMDL/);
    expect(bad('CONECT    1    9\nATOM      1  N   ALA A  10      11.104   6.134  -6.504').line).toBe(1);
  });
});
