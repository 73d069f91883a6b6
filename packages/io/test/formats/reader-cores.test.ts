/**
 * The small cores of the readers against their specifications: hybrid-36 decoding (cctbx's anchors), CIF symmetry
 * operations (International Tables' x,y,z notation, exact matrices) and extxyz Properties (the extxyz spec's
 * name:type:count triplets). Written for the survivors of the mutation run (issue 21).
 */
import { describe, expect, it } from 'vitest';
import { applyOperation, parseSymmetryOperation, samePeriodicSite } from '../../src/formats/cif/symmetry.ts';
import { formatProperties, PropertiesSyntaxError, parseProperties } from '../../src/formats/extxyz/properties.ts';
import { decodeHybrid36, encodeHybrid36 } from '../../src/formats/pdb/hybrid36.ts';

describe('hybrid-36 (cctbx iotbx.pdb.hybrid_36)', () => {
  it('decodes the anchors of the hybrid-36 specification for 5 and 4 columns', () => {
    // 99999 → "99999", 100000 → "A0000", "ZZZZZ" = 10⁵ + 26·36⁴ − 1, "a0000" next, "zzzzz" = 10⁵ + 52·36⁴ − 1
    const five: [string, number][] = [
      ['99999', 99999],
      ['A0000', 100000],
      ['A0001', 100001],
      ['A000Z', 100035],
      ['A0010', 100036],
      ['ZZZZZ', 43770015],
      ['a0000', 43770016],
      ['zzzzz', 87440031],
      ['-9999', -9999],
      ['    1', 1],
    ];
    for (const [text, value] of five) expect(decodeHybrid36(5, text), text).toBe(value);
    const four: [string, number][] = [
      ['9999', 9999],
      ['A000', 10000],
      ['ZZZZ', 1223055],
      ['a000', 1223056],
      ['zzzz', 2436111],
      ['-999', -999],
    ];
    for (const [text, value] of four) {
      expect(decodeHybrid36(4, text), text).toBe(value);
      expect(encodeHybrid36(4, value), `${value}`).toBe(text);
    }
    expect(encodeHybrid36(5, 87440031)).toBe('zzzzz');
  });

  it('reads nothing from text that is not hybrid-36: blank, mixed case, wrong width, other characters', () => {
    for (const text of ['', '     ', 'Aa000', 'aA000', 'A000', 'A00000', 'A00-0', '*****', 'A 000', '1.5']) {
      expect(decodeHybrid36(5, text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('refuses what no 4 or 5 columns hold, naming the value', () => {
    expect(() => encodeHybrid36(5, 1.5)).toThrow(/^1\.5 is not an integer$/);
    expect(() => encodeHybrid36(5, -10000)).toThrow(/^-10000 does not fit 5 PDB columns$/);
    expect(encodeHybrid36(5, -9999)).toBe('-9999');
    expect(() => encodeHybrid36(5, 87440032)).toThrow(/^87440032 does not fit 5 PDB columns even in hybrid-36$/);
    expect(() => encodeHybrid36(4, 2436112)).toThrow(/even in hybrid-36/);
  });
});

describe('CIF symmetry operations (x,y,z notation of the International Tables)', () => {
  it('parses rotations and fractional translations exactly, in any order, case and spacing', () => {
    // P3₂21 and Fd-3m operations as printed in the International Tables for Crystallography, Vol. A
    expect(parseSymmetryOperation('-y, x-y, z+2/3')).toEqual({ rotation: [0, -1, 0, 1, -1, 0, 0, 0, 1], translation: [0, 0, 2 / 3] });
    expect(parseSymmetryOperation('1/4+Y, 3/4-X, 1/2+Z')).toEqual({
      rotation: [0, 1, 0, -1, 0, 0, 0, 0, 1],
      translation: [0.25, 0.75, 0.5],
    });
    expect(parseSymmetryOperation(' -x+1/2 , y , -z ')).toEqual({ rotation: [-1, 0, 0, 0, 1, 0, 0, 0, -1], translation: [0.5, 0, 0] });
    // decimal and explicit-multiplier forms some writers use
    expect(parseSymmetryOperation('x+0.5,2*y,-.25-z')).toEqual({ rotation: [1, 0, 0, 0, 2, 0, 0, 0, -1], translation: [0.5, 0, -0.25] });
    expect(parseSymmetryOperation('x-y+1/3,x,z')).toEqual({ rotation: [1, -1, 0, 1, 0, 0, 0, 0, 1], translation: [1 / 3, 0, 0] });
    // several digits in every number: 0.125, 5/12, 10*z
    expect(parseSymmetryOperation('x+0.125,-y+5/12,10*z')).toEqual({
      rotation: [1, 0, 0, 0, -1, 0, 0, 0, 10],
      translation: [0.125, 5 / 12, 0],
    });
  });

  it('says what is wrong with a bad operation', () => {
    expect(parseSymmetryOperation('x,y')).toBe('three comma-separated components, got 2');
    expect(parseSymmetryOperation('x,y,z,x')).toBe('three comma-separated components, got 4');
    expect(parseSymmetryOperation('x,,z')).toBe('component 2 is empty');
    expect(parseSymmetryOperation('x,y,q')).toBe('a term like +x, -1/2 or 2*y at "q"');
    expect(parseSymmetryOperation('x,y+,z')).toBe('a term like +x, -1/2 or 2*y at "+"');
    expect(parseSymmetryOperation('x,1/0,z')).toBe('a finite number at "1/0"');
  });

  it('maps fractional coordinates into [0, 1) and compares sites modulo lattice translations', () => {
    const op = parseSymmetryOperation('-y, x-y, z+2/3');
    if (typeof op === 'string') throw new Error(op);
    // (0.4697, 0, 0) → (0, 0.4697, 2/3); (0.25, 0.5, 0.5) → (−0.5, −0.25, 7/6) → (0.5, 0.75, 1/6)
    expect(applyOperation(op, [0.4697, 0, 0])).toEqual([0, 0.4697, 2 / 3]);
    const image = applyOperation(op, [0.25, 0.5, 0.5]);
    expect(image[0]).toBe(0.5);
    expect(image[1]).toBe(0.75);
    expect(image[2]).toBeCloseTo(1 / 6, 15);
    // a value a rounding error below 1 wraps to 0, not to 0.999999999999
    const identity = { rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1], translation: [0, 0, 0] };
    expect(applyOperation(identity, [1 - 1e-14, -1e-14, 2])).toEqual([0, 0, 0]);
    expect(applyOperation(identity, [1 - 1e-9, 0.5, 0])[0]).toBe(1 - 1e-9);
    expect(samePeriodicSite([0.999, 0.5, 0.2], [0.001, 0.5, 1.2], 0.01)).toBe(true);
    expect(samePeriodicSite([0.1, 0.5, 0.2], [0.1, 0.52, 0.2], 0.01)).toBe(false);
    expect(samePeriodicSite([0.1, 0.5, 0.2], [0.1, 0.5, 0.215], 0.01)).toBe(false);
  });
});

describe('extxyz Properties (name:type:count triplets)', () => {
  it('reads columns with types in either case and their offsets in the value', () => {
    expect(parseProperties('species:S:1:pos:R:3:Z:i:1:fixed:l:3')).toEqual([
      { name: 'species', type: 'S', width: 1, offset: 0 },
      { name: 'pos', type: 'R', width: 3, offset: 12 },
      { name: 'Z', type: 'I', width: 1, offset: 20 },
      { name: 'fixed', type: 'L', width: 3, offset: 26 },
    ]);
    expect(
      formatProperties([
        { name: 'pos', type: 'R', width: 3 },
        { name: 'm', type: 'R', width: 1 },
      ]),
    ).toBe('pos:R:3:m:R:1');
  });

  it('points at the offending triplet part', () => {
    const error = (text: string) => {
      try {
        parseProperties(text);
      } catch (e) {
        if (e instanceof PropertiesSyntaxError) return [e.offset, e.expected, e.found];
        throw e;
      }
      throw new Error(`${text} parsed`);
    };
    expect(error('species:S:1:pos:R')).toEqual([0, 'name:type:width triplets in Properties', 'species:S:1:pos:R']);
    expect(error('species:S:1::R:3')).toEqual([12, 'a property name', '']);
    expect(error('species:S:1:p s:R:3')).toEqual([12, 'a property name', 'p s']);
    expect(error('pos:R:3:pos:R:3')).toEqual([8, 'a property name not used before (pos repeats)', 'pos']);
    expect(error('species:X:1')).toEqual([8, 'a column type S, R, I or L', 'X']);
    for (const width of ['0', '-1', '1.5', 'x', '1000001', '']) {
      expect(error(`pos:R:${width}`)).toEqual([6, 'a positive column count', width]);
    }
    expect(parseProperties('big:R:1000000')[0]!.width).toBe(1000000);
  });
});
