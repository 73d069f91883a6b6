import { readFixtureText } from '@equitensor/testing';
import { cartesianToFractional, formatLammpsDump, parseExtxyz } from '../../src/index.ts';

/**
 * Small reader inputs shared by a reader's own tests and its ASE interop tests (kept apart so that mutation testing
 * runs the fast ones without starting Python).
 */

/** The seven atoms of {@link PDB_TWO_MODELS}' first model. */
const PDB_MODEL_1 = `ATOM      1  N   ALA A  10      11.104   6.134  -6.504  1.00 20.00           N
ATOM      2  CA AALA A  10      11.639   6.071  -5.147  0.60 21.50           C
ATOM      3  CA BALA A  10      11.700   6.000  -5.100  0.40 22.50           C
ATOM      4  C   GLY A  10A     13.085   6.567  -5.171  1.00 19.00           C
ATOM      5 HD21 ASN B  -3      -1.000  -2.000  -3.000  1.00  0.00           H
HETATM    6 ZN    ZN A 301       5.000   5.000   5.000  1.00 30.00          ZN2+
HETATM    7  O   HOH A 401       1.000   2.000   3.000  1.00 40.00      WAT  O1-`;

/** The second model: each atom of the first moved by 0.1 Å along x, y and z (atom 5 by −0.1 Å). */
const PDB_MODEL_2 = PDB_MODEL_1.split('\n')
  .map((line, k) => {
    const xyz = [30, 38, 46].map((c) => (Number(line.slice(c, c + 8)) + (k === 4 ? -0.1 : 0.1)).toFixed(3).padStart(8));
    return `${line.slice(0, 30)}${xyz.join('')}${line.slice(54)}`;
  })
  .join('\n');

/** Two models of seven atoms: altlocs, insertion code, negative residue number, HETATM, charges, segment, CONECT. */
export const PDB_TWO_MODELS = `HEADER    TEST
CRYST1   10.000   12.000   14.000  90.00 100.00  90.00 P 1 21 1      2
MODEL        1
${PDB_MODEL_1}
TER
ENDMDL
MODEL        2
${PDB_MODEL_2}
ENDMDL
CONECT    1    2    3
CONECT    2    1    4
CONECT    6    7
END
`;

/** A quartz-like trigonal CIF: uncertainties, a quoted space group, a text field, six operations, two sites. */
export const QUARTZ_CIF = `# comment
data_quartz_like
_cell_length_a 4.916(2)
_cell_length_b 4.916
_cell_length_c 5.4054
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 120
_symmetry_space_group_name_H-M 'P 32 2 1'
_publ_section_title
;
A multi-line
text field
;
loop_
_space_group_symop_operation_xyz
'x, y, z'
'-y, x-y, z+1/3'
'-x+y, -x, z+2/3'
'y, x, -z'
'x-y, -y, -z+2/3'
'-x, -x+y, -z+1/3'
loop_
_atom_site_label
_atom_site_type_symbol
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
Si1 Si4+ 0.4697 0.0000 0.0000
O1 O2- 0.4135 0.2669 0.1191
`;

/** Atoms as a sorted list of "Z x y z" (fractional, rounded) so two orderings compare equal. */
export function atomSet(numbers: ArrayLike<number>, positions: Float64Array, cell: Float64Array): string[] {
  const frac = cartesianToFractional(positions, cell);
  return Array.from(numbers, (z, i) => {
    const f = [0, 1, 2].map((k) => {
      const v = frac[3 * i + k]! - Math.floor(frac[3 * i + k]! + 1e-9);
      return Math.abs(v) < 1e-9 ? '0.00000' : v.toFixed(5);
    });
    return `${z} ${f.join(' ')}`;
  }).sort();
}

/**
 * The first `count` zuo2020 Cu frames written as a custom LAMMPS dump (no per-atom arrays, timesteps 0, `every`,
 * 2·`every`, …): its text, its lines and the index of each frame's `ITEM: TIMESTEP` line.
 */
export function cuDump(count: number, every: number): { text: string; lines: string[]; starts: number[] } {
  const frames = parseExtxyz(readFixtureText('mlip/zuo2020_Cu_train.xyz'))
    .slice(0, count)
    .map((f, k) => ({ ...f, arrays: {}, info: { timestep: every * k } }));
  const text = formatLammpsDump(frames);
  const lines = text.split('\n');
  const starts = lines.flatMap((l, i) => (l.startsWith('ITEM: TIMESTEP') ? [i] : []));
  return { text, lines, starts };
}

/** The first `lines` lines of a text, newline-terminated. */
export function head(text: string, lines: number): string {
  return `${text.split('\n').slice(0, lines).join('\n')}\n`;
}

/** The original text of the first `count` frames of an extxyz file. */
export function firstFrames(text: string, count: number): string {
  const lines = text.split('\n');
  let at = 0;
  for (let f = 0; f < count; f++) at += Number(lines[at]) + 2;
  return `${lines.slice(0, at).join('\n')}\n`;
}
