import { parsePdb, parsePqr } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { elementColors } from '../src/atoms/element-style.ts';
import { availableSchemes, CHAIN_PALETTE, dimUnselected, residueColor, schemeColors } from '../src/bio/color-schemes.ts';
import { formatPickInfo } from '../src/viewer.ts';

const PDB = [
  'ATOM      1  CA  ASP A   1       0.000   0.000   0.000  1.00  0.00           C',
  'ATOM      2  CA  LYS B   2       3.800   0.000   0.000  1.00  0.00           C',
  'ATOM      3  CA  HOH C   3       7.600   0.000   0.000  1.00  0.00           O',
  'ATOM      4  CA  ASP A   4      11.400   0.000   0.000  1.00  0.00           C',
  'END',
].join('\n');
const rgb = (colors: Float32Array, i: number): number[] => [...colors.subarray(3 * i, 3 * i + 3)].map((v) => Number(v.toFixed(3)));

describe('colour schemes', () => {
  const s = parsePdb(PDB)[0]!;

  it('chain: palette in order of first appearance', () => {
    const c = schemeColors(s, 'chain');
    expect(rgb(c, 0)).toEqual(CHAIN_PALETTE[0]);
    expect(rgb(c, 1)).toEqual(CHAIN_PALETTE[1]);
    expect(rgb(c, 2)).toEqual(CHAIN_PALETTE[2]);
    expect(rgb(c, 3)).toEqual(CHAIN_PALETTE[0]);
  });

  it("residue: RasMol's amino colours (ASP E60A0A, LYS 145AFF, other BEA06E), protonation variants as their residue", () => {
    const c = schemeColors(s, 'residue');
    expect(rgb(c, 0)).toEqual([0xe6, 0x0a, 0x0a].map((v) => Number((v / 255).toFixed(3))));
    expect(rgb(c, 1)).toEqual([0x14, 0x5a, 0xff].map((v) => Number((v / 255).toFixed(3))));
    expect(rgb(c, 2)).toEqual([0xbe, 0xa0, 0x6e].map((v) => Number((v / 255).toFixed(3))));
    expect(residueColor('HSD')).toEqual(residueColor('HIS'));
    expect(residueColor('cyx')).toEqual(residueColor('CYS'));
  });

  it('element: the Jmol colours', () => {
    expect(schemeColors(s, 'element')).toEqual(elementColors(s.numbers));
  });

  it('charge: negative red, positive blue, neutral the map’s middle grey', () => {
    const q = {
      numbers: new Int32Array([11, 17, 8]),
      arrays: { charges: { type: 'R' as const, width: 1, data: new Float64Array([1, -1, 0]) } },
    };
    const c = schemeColors(q, 'charge');
    // Moreland's cool-warm end points: blue (0.2298, 0.2987, 0.7537), red (0.7057, 0.0156, 0.1502), middle 0.8654 grey
    expect(rgb(c, 0)).toEqual([0.23, 0.299, 0.754]);
    expect(rgb(c, 1)).toEqual([0.706, 0.016, 0.15]);
    expect(rgb(c, 2)).toEqual([0.865, 0.865, 0.865]);
  });

  it('grade: an MLIP extrapolation grade, 0 blue, 1 (the training edge) the middle grey, ≥ 2 red', () => {
    const g = {
      numbers: new Int32Array([14, 14, 14, 14]),
      arrays: { grade: { type: 'R' as const, width: 1, data: new Float64Array([0, 1, 2, 7.6]) } },
    };
    const c = schemeColors(g, 'grade');
    // Moreland's cool-warm end points and middle, as in the charge test
    expect(rgb(c, 0)).toEqual([0.23, 0.299, 0.754]);
    expect(rgb(c, 1)).toEqual([0.865, 0.865, 0.865]);
    expect(rgb(c, 2)).toEqual([0.706, 0.016, 0.15]);
    expect(rgb(c, 3)).toEqual([0.706, 0.016, 0.15]);
    expect(availableSchemes(g)).toEqual(['element', 'grade']);
    expect(() => schemeColors({ numbers: new Int32Array([1]), arrays: {} }, 'grade')).toThrow(/no extrapolation grades/);
  });

  it('which schemes a structure has, and a clear refusal otherwise', () => {
    expect(availableSchemes(s)).toEqual(['element', 'chain', 'residue']);
    expect(availableSchemes(parsePqr(readFixtureText('pqr/1ajj.pqr'))[0]!)).toEqual(['element', 'residue', 'charge']); // 1AJJ's PQR has no chain column
    const bare = { numbers: new Int32Array([1]), arrays: {} };
    expect(availableSchemes(bare)).toEqual(['element']);
    expect(() => schemeColors(bare, 'residue')).toThrow(/no residue names/);
    expect(() => schemeColors(bare, 'charge')).toThrow(/no per-atom charges/);
  });

  it('dims only the unselected atoms', () => {
    const c = new Float32Array([1, 0, 0, 0, 0, 1]);
    dimUnselected(c, new Uint8Array([1, 0]));
    expect([...c].map((v) => Number(v.toFixed(4)))).toEqual([1, 0, 0, 0.2625, 0.2625, 0.5125]);
  });
});

describe('formatPickInfo', () => {
  it('names the atom, residue and chain when the file has them', () => {
    expect(
      formatPickInfo({
        index: 8,
        image: 0,
        number: 6,
        symbol: 'C',
        position: [1, 2, 3],
        atomName: 'CA',
        residueName: 'MET',
        residueNumber: 1,
        chainId: 'A',
        charge: 0.21,
      }),
    ).toBe('C #8\natom CA · MET 1 · chain A\nr = (1.000, 2.000, 3.000) Å\nq = 0.2100 e');
    expect(formatPickInfo({ index: 3, image: 0, number: 8, symbol: 'O', position: [0, 1, 2] })).toBe('O #3\nr = (0.000, 1.000, 2.000) Å');
  });
});
