import { describe, expect, it } from 'vitest';
import { type CifBlock, cifNumber, parseCifSyntax } from '../../src/formats/cif/cif-syntax.ts';
import { LineCursor, splitLines } from '../../src/formats/text.ts';
import { type ParseError, parseCif, type Structure } from '../../src/index.ts';
import { parseErrorOf } from '../helpers/parse-error.ts';

// CIF 1.1 syntax as the IUCr specification states it (https://www.iucr.org/resources/cif/spec/version1.1/cifsyntax):
// data_ block headers, tags starting with "_", loop_ with its tags then values in row order (their number a multiple
// of the tags'), the reserved words data_ loop_ save_ global_ stop_ (case-insensitive, never unquoted values),
// '…' and "…" strings that close only at a quote followed by whitespace (paragraph 15), ;-text fields from a line
// starting with ";" to the next such line, "#" comments, ? and . for unknown / inapplicable, and numbers with a
// standard uncertainty in parentheses (5.640(2) = 5.640). Expected values are those rules applied by hand.

function blocksOf(text: string): CifBlock[] {
  return parseCifSyntax(LineCursor.over(splitLines(text), { fileName: 's.cif' }));
}

function syntaxError(text: string): ParseError {
  return parseErrorOf(() => blocksOf(text));
}

/** Items of a block as tag → [text, line (0-based), column, quoted]. */
function items(block: CifBlock): Record<string, [string, number, number, boolean]> {
  return Object.fromEntries([...block.items].map(([tag, v]) => [tag, [v.text, v.line, v.column, v.quoted]]));
}

/** All values of a loop, row by row, as text. */
function rows(block: CifBlock, loop: number): string[][] {
  const l = block.loops[loop]!;
  return Array.from({ length: l.rowCount }, (_, r) => l.tags.map((_t, c) => l.value(r, c).text));
}

describe('CIF 1.1 syntax', () => {
  it('blocks, case-insensitive reserved words and tags, comments, items with their positions', () => {
    const blocks = blocksOf(
      [
        '# a comment',
        'DATA_First  # trailing',
        '_Cell_Length_A 5.0 # note',
        '  _b   x#y',
        'Data_second',
        '_c ?',
        'save_',
        'global_',
        'stop_',
        '_d .',
      ].join('\n'),
    );
    expect(blocks.map((b) => [b.name, b.line])).toEqual([
      ['First', 1],
      ['second', 4],
    ]);
    // a "#" inside a token is part of it: a comment starts only after whitespace
    expect(items(blocks[0]!)).toEqual({ _cell_length_a: ['5.0', 2, 16, false], _b: ['x#y', 3, 8, false] });
    expect(items(blocks[1]!)).toEqual({ _c: ['?', 5, 4, false], _d: ['.', 9, 4, false] });
  });

  it('quoted strings close only at a quote followed by whitespace or the end of the line (paragraph 15)', () => {
    const [b] = blocksOf(
      [
        'data_q',
        `_a 'it's here'`,
        `_b "a"b c"`,
        `_c 'x'`,
        `_d "don't"`,
        `_e ''`,
        `_f '_not_a_tag'`,
        `_g 'data_x'`,
        `_h 'a'b'`,
        `_i ' a b'`,
      ].join('\n'),
    );
    expect(items(b!)).toEqual({
      _a: ["it's here", 1, 4, true],
      _b: ['a"b c', 2, 4, true],
      _c: ['x', 3, 4, true],
      _d: ["don't", 4, 4, true],
      _e: ['', 5, 4, true],
      _f: ['_not_a_tag', 6, 4, true],
      _g: ['data_x', 7, 4, true],
      // the inner quote is followed by "b", not whitespace: only the last one closes
      _h: ["a'b", 8, 4, true],
      _i: [' a b', 9, 4, true],
    });
  });

  it('text fields: from a line starting with ";" to the next, joined and trimmed, as one value', () => {
    const [b] = blocksOf(
      ['data_t', '_title', ';', '  First line', 'second; line;', ';', '_next x;', '_one', ';single', '; # ok'].join('\n'),
    );
    expect(items(b!)).toEqual({
      _title: ['First line\nsecond; line;', 2, 1, true],
      _next: ['x;', 6, 7, false],
      _one: ['single', 8, 1, true],
    });
  });

  it('loops: tags then values in row order, over lines, ending at the next tag, loop_ or block', () => {
    const [b, c] = blocksOf(
      [
        'data_l',
        'LOOP_',
        '_x _Y',
        '1 2',
        "3 'four four'",
        '5',
        ';',
        'six',
        ';',
        '_after 7',
        'loop_ _z dataset loops stop',
        'loop_ _w',
        'data_next',
        'loop_ _v',
        'a b',
      ].join('\n'),
    );
    expect(b!.loops.map((l) => [l.tags, l.rowCount, l.line])).toEqual([
      [['_x', '_y'], 3, 1],
      [['_z'], 3, 10],
      [['_w'], 0, 11],
    ]);
    expect(rows(b!, 0)).toEqual([
      ['1', '2'],
      ['3', 'four four'],
      ['5', 'six'],
    ]);
    // "dataset", "loops" and "stop" are not reserved words (data_, loop_ and stop_ are)
    expect(rows(b!, 1)).toEqual([['dataset'], ['loops'], ['stop']]);
    expect(items(b!)).toEqual({ _after: ['7', 9, 8, false] });
    const v = b!.loops[0]!.value(1, 1);
    expect([v.line, v.column, v.quoted]).toEqual([4, 3, true]);
    expect(rows(c!, 0)).toEqual([['a'], ['b']]);
    // save_, global_ and stop_ end a loop as well; a loop may end the file with no values
    for (const word of ['save_frame', 'global_', 'STOP_'])
      expect(blocksOf(`data_x\nloop_ _a 1 2 ${word}\n_b 3`)[0]!.loops[0]!.rowCount).toBe(2);
    expect(blocksOf('data_x\nloop_ _a')[0]!.loops.map((l) => [l.tags, l.rowCount])).toEqual([[['_a'], 0]]);
    // tags that merely contain data_ or loop_ are tags
    expect(items(blocksOf('data_x\n_exptl_data_x 1\n_my_loop_ 2')[0]!)).toEqual({
      _exptl_data_x: ['1', 1, 15, false],
      _my_loop_: ['2', 2, 11, false],
    });
  });

  it('syntax errors at the offending token (line, column)', () => {
    const at = (text: string) => {
      const e = syntaxError(text);
      return [e.line, e.column, e.expected];
    };
    expect(at('_a 1')).toEqual([1, 1, 'a data_ block header first']);
    expect(at('loop_ _a 1')).toEqual([1, 1, 'a data_ block header first']);
    // a loop ends at the next tag, which then takes one value
    expect(at('data_x\nloop_\n_a 1 2\n_b 3 4 5')).toEqual([4, 6, 'a tag, loop_ or data_ block']);
    expect(at('data_x\nloop_ _a _b\n1 2 3')).toEqual([3, 5, 'a multiple of 2 values in the loop of _a (got 3)']);
    expect(blocksOf('data_x\nloop_ _a _b\n')[0]!.loops[0]!.rowCount).toBe(0);
    expect(at('data_x\nloop_\n1 2')).toEqual([3, 1, 'tags after loop_']);
    expect(at('data_x\n  loop_')).toEqual([2, 3, 'tags after loop_']);
    expect(at('data_x\n_a\n_b 1')).toEqual([3, 1, 'a value for _a']);
    expect(at('data_x\n_a loop_')).toEqual([2, 4, 'a value for _a']);
    expect(at('data_x\n_abc')).toEqual([2, 5, 'a value for _abc']);
    expect(at('data_x\n_a 1 2')).toEqual([2, 6, 'a tag, loop_ or data_ block']);
    expect(at("data_x\n_a 'open")).toEqual([2, 4, "a closing ' on the same line"]);
    expect(syntaxError("data_x\n_a 1\n_b x 'open").found).toBe(`"'open"`);
    expect(at('data_x\nloop_x')).toEqual([2, 1, 'a tag, loop_ or data_ block']);
    expect(at('data_x\n_a "x"y')).toEqual([2, 4, 'a closing " on the same line']);
    expect(at('data_x\n_a\n;\ntext')).toEqual([3, 1, 'a closing ";" line for the text field opened here']);
    expect(at('data_x\n_a\n;\ntext\n; more')).toEqual([5, 2, 'nothing after the closing ";"']);
  });

  it('numbers: standard uncertainties dropped, ? . and anything else not a number', () => {
    const read = ['5.640(2)', '-1.5e-3(12)', '.5', '5.', '+3', '1E5', '7', '0.1(10)', '.25', '2.5e12', '-4e+2'].map(cifNumber);
    expect(read).toEqual([5.64, -0.0015, 0.5, 5, 3, 100000, 7, 0.1, 0.25, 2.5e12, -400]);
    for (const bad of ['?', '.', '', '1.2(3', '(2)', '1,5', 'e5', '1.2(x)', '1.2 ', 'x1', '1e', '--1', '1.2.3', '5.640(2)x'])
      expect([bad, cifNumber(bad)]).toEqual([bad, Number.NaN]);
  });
});

describe('CIF structures: cell, operations, sites', () => {
  const cell = [
    '_cell_length_a 4',
    '_cell_length_b 5',
    '_cell_length_c 6',
    '_cell_angle_alpha 90',
    '_cell_angle_beta 90',
    '_cell_angle_gamma 90',
  ];
  const sites = ['loop_', '_atom_site_label', '_atom_site_type_symbol', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z'];
  const cif = (...lines: string[]) => ['data_s', ...lines].join('\n');
  const fractional = (s: Structure) => Array.from(s.positions, (p, i) => p / [4, 5, 6][i % 3]!);
  const error = (text: string) => parseErrorOf(() => parseCif(text, { fileName: 'c.cif' }));

  it('P1 without operations: sites as given, labels, type symbols with charges, no occupancies', () => {
    const [s] = parseCif(cif(...cell, ...sites, 'Si1 Si4+ 0.5 0.25 0', 'O1 O2- 0.125 0.5 0.75', 'Fe9 ? 0 0 0.5'));
    expect(Array.from(s!.numbers)).toEqual([14, 8, 26]);
    // element symbols: the first two letters if they name an element, else the first (exact case first, then any case);
    // a type symbol that is ".", "?" or no element gives way to the label
    const kinds = parseCif(cif(...cell, ...sites, 'Cu2 . 0 0 0', 'A Ow 0 0 0', 'B ow1 0 0 0', 'Nax ? 0 0 0', 'Fe3 Qq 0 0 0'))[0]!;
    expect(Array.from(kinds.numbers)).toEqual([29, 8, 8, 11, 26]);
    expect(fractional(s!)).toEqual([0.5, 0.25, 0, 0.125, 0.5, 0.75, 0, 0, 0.5]);
    expect(Array.from(s!.cell!)).toEqual([4, 0, 0, 0, 5, 0, 0, 0, 6]);
    expect(s!.arrays).toEqual({ labels: { type: 'S', width: 1, data: ['Si1', 'O1', 'Fe9'] } });
    expect([s!.pbc, s!.info]).toEqual([[true, true, true], { dataBlock: 's' }]);
  });

  it('operations from each of the three tags (loop or single item), images merged within symprec', () => {
    for (const ops of [
      ['loop_', '_space_group_symop_operation_xyz', "'x, y, z'", "'-x, -y, z+1/2'"],
      ['loop_', '_symmetry_equiv_pos_site_id', '_symmetry_equiv_pos_as_xyz', "1 'x, y, z'", "2 '-x, -y, z+1/2'"],
      ['loop_', '_space_group_symop.operation_xyz', "'x,y,z'", "'-x,-y,z+1/2'"],
    ]) {
      const [s] = parseCif(cif(...cell, ...ops, ...sites, 'A Na 0.25 0.125 0', 'B Cl 0 0 0.25', 'C Cl 0.5 0.5 0.25'));
      // (−x, −y, z+½): A → (0.75, 0.875, 0.5); B → (0, 0, 0.75); C → (0.5, 0.5, 0.75) — wrapped into [0, 1)
      expect(Array.from(s!.numbers)).toEqual([11, 11, 17, 17, 17, 17]);
      expect(fractional(s!)).toEqual([0.25, 0.125, 0, 0.75, 0.875, 0.5, 0, 0, 0.25, 0, 0, 0.75, 0.5, 0.5, 0.25, 0.5, 0.5, 0.75]);
    }
    const single = parseCif(cif(...cell, "_symmetry_equiv_pos_as_xyz '-x, -y, -z'", ...sites, 'A Na 0.25 0.125 0'))[0]!;
    expect(fractional(single)).toEqual([0.75, 0.875, 0]);
    // an image 5e-4 from its site is the same atom at the default symprec 1e-3 (ASE's), a new one at 1e-4
    const near = cif(...cell, 'loop_', '_symmetry_equiv_pos_as_xyz', "'x, y, z'", "'-x, y, z'", ...sites, 'A Na 0.00025 0 0');
    expect(parseCif(near)[0]!.numbers.length).toBe(1);
    expect(parseCif(near, { symprec: 1e-4 })[0]!.numbers.length).toBe(2);
  });

  it('labels without type symbols, site names when there are no labels, occupancies, space group items', () => {
    const [s] = parseCif(
      cif(
        ...cell,
        "_space_group_name_H-M_alt 'P m m m'",
        '_space_group_IT_number 47',
        'loop_',
        '_atom_site_fract_x',
        '_atom_site_fract_y',
        '_atom_site_fract_z',
        '_atom_site_label',
        '_atom_site_occupancy',
        '0 0 0 Cu1 0.5(1)',
        '0.5 0 0 Zn ?',
        '0 0.5 0 Ca2 .',
      ),
    );
    expect(Array.from(s!.numbers)).toEqual([29, 30, 20]);
    expect(s!.arrays).toEqual({
      labels: { type: 'S', width: 1, data: ['Cu1', 'Zn', 'Ca2'] },
      occupancies: { type: 'R', width: 1, data: new Float64Array([0.5, 1, 1]) },
    });
    expect(s!.info).toEqual({ dataBlock: 's', spaceGroup: 'P m m m', spaceGroupNumber: 47 });
    // the coordinate, occupancy and label columns may come in any order
    const order = parseCif(
      cif(
        ...cell,
        'loop_',
        '_atom_site_occupancy',
        '_atom_site_fract_y',
        '_atom_site_fract_z',
        '_atom_site_fract_x',
        '_atom_site_label',
        '0.75 0.5 0.25 0.125 K1',
      ),
    )[0]!;
    expect([fractional(order), order.arrays.occupancies!.data[0]]).toEqual([[0.125, 0.5, 0.25], 0.75]);
    // an unknown type symbol is refused at its own column (here the second, after fract_y; no label column)
    const yFirst = parseErrorOf(() =>
      parseCif(
        cif(...cell, 'loop_', '_atom_site_fract_y', '_atom_site_type_symbol', '_atom_site_fract_z', '_atom_site_fract_x', '0.5 Qq 0 0.25'),
      ),
    );
    expect([yFirst.line, yFirst.column]).toEqual([13, 5]);
    // without type symbols and labels there is no element at all (the made-up label site1 once read as sulfur)
    const bare = parseErrorOf(() =>
      parseCif(cif(...cell, 'loop_', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_fract_z', '0 0 0')),
    );
    expect([bare.line, bare.column]).toEqual([12, 1]);
    expect(bare.expected).toMatch(/unknownElements/);
    expect(
      fractional(
        parseCif(
          cif(...cell, 'loop_', '_atom_site_fract_y', '_atom_site_type_symbol', '_atom_site_fract_z', '_atom_site_fract_x', '0.5 K 0 0.25'),
        )[0]!,
      ),
    ).toEqual([0.25, 0.5, 0]);
    const noZ = parseErrorOf(() =>
      parseCif(cif(...cell, 'loop_', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_label', '0 0 K1')),
    );
    expect([noZ.line, noZ.expected]).toEqual([8, '_atom_site_fract_y and _atom_site_fract_z in the atom site loop']);
    const zFirst = parseCif(
      cif(...cell, 'loop_', '_atom_site_fract_z', '_atom_site_fract_x', '_atom_site_fract_y', '_atom_site_label', '0.25 0.5 0 K1'),
    )[0]!;
    expect(fractional(zFirst)).toEqual([0.5, 0, 0.25]);
    const noLabels = parseCif(
      cif(
        ...cell,
        '_symmetry_Int_Tables_number 2.5',
        'loop_',
        '_atom_site_type_symbol',
        '_atom_site_fract_x',
        '_atom_site_fract_y',
        '_atom_site_fract_z',
        'K 0 0 0',
        'Ar 0.5 0.5 0.5',
      ),
    )[0]!;
    expect(noLabels.arrays.labels!.data).toEqual(['site1', 'site2']);
    expect(noLabels.info).toEqual({ dataBlock: 's' });
  });

  it('blocks without atom sites are skipped; a file with none is an error at its first block', () => {
    const frames = parseCif(['data_meta', '_journal_year 2020', cif(...cell, ...sites, 'A Na 0 0 0'), 'data_other', '_x 1'].join('\n'));
    expect(frames.map((f) => f.info.dataBlock)).toEqual(['s']);
    const e = error('# none\ndata_meta\n_journal_year 2020\ndata_two\n_x 1');
    expect([e.line, e.column, e.expected, e.found]).toEqual([
      2,
      1,
      'a data block with an _atom_site_fract_x loop',
      '"data_meta without atom sites"',
    ]);
    expect(parseCif('# only a comment\n')).toEqual([]);
  });

  it('cell, site and occupancy errors name the value', () => {
    const without = (tag: string) => cell.filter((l) => !l.startsWith(tag));
    expect([error(cif(...without('_cell_length_b'), ...sites, 'A Na 0 0 0'))].map((e) => [e.line, e.column, e.expected, e.found])).toEqual([
      [1, 1, '_cell_length_b in data_s', '"no such item"'],
    ]);
    const replaced = (tag: string, value: string) => cell.map((l) => (l.startsWith(tag) ? `${tag} ${value}` : l));
    for (const [tag, value, expected] of [
      ['_cell_angle_alpha', '180', 'an angle between 0° and 180° (exclusive) for _cell_angle_alpha'],
      ['_cell_angle_gamma', '0', 'an angle between 0° and 180° (exclusive) for _cell_angle_gamma'],
      ['_cell_length_c', '-6', 'a positive length for _cell_length_c'],
      ['_cell_length_a', '?', 'a finite number for _cell_length_a'],
    ] as const) {
      const e = error(cif(...replaced(tag, value), ...sites, 'A Na 0 0 0'));
      expect([e.column, e.expected]).toEqual([tag.length + 2, expected]);
    }
    // angles that each lie in (0°, 180°) but form no cell: refused at _cell_length_a
    const flat = error(
      cif(...replaced('_cell_angle_alpha', '10').slice(0, 4), '_cell_angle_beta 10', '_cell_angle_gamma 170', ...sites, 'A Na 0 0 0'),
    );
    expect([flat.line, flat.column, flat.expected]).toEqual([2, 16, 'cell lengths and angles of a real cell']);
    const site = error(cif(...cell, ...sites, 'A Na 0 x 0'));
    expect([site.line, site.column, site.expected]).toEqual([14, 8, 'a fractional coordinate (a finite number)']);
    const missing = error(cif(...cell, 'loop_', '_atom_site_label', '_atom_site_fract_x', '_atom_site_fract_z', 'A 0 0'));
    expect([missing.line, missing.column, missing.expected]).toEqual([
      8,
      1,
      '_atom_site_fract_y and _atom_site_fract_z in the atom site loop',
    ]);
    const occ = error(cif(...cell, ...sites.slice(0, 2), '_atom_site_occupancy', ...sites.slice(2), 'A half Na 0 0 0'));
    expect([occ.line, occ.column, occ.expected]).toEqual([15, 3, 'an occupancy (a number)']);
    const op = error(cif(...cell, "_symmetry_equiv_pos_as_xyz 'x, y, w'", ...sites, 'A Na 0 0 0'));
    expect([op.line, op.column]).toEqual([8, 28]);
  });

  it('unknown elements: refused at the type symbol, or at the label without one; X = 0 on request', () => {
    // (a type symbol that names no element falls back to the label, so the label names none either)
    const typed = error(cif(...cell, ...sites, 'A Na 0 0 0', 'Q2 Qq 0.5 0.5 0.5'));
    expect([typed.line, typed.column, typed.found]).toEqual([15, 4, '"Qq"']);
    const labelOnly = cif(
      ...cell,
      'loop_',
      '_atom_site_fract_x',
      '_atom_site_fract_y',
      '_atom_site_fract_z',
      '_atom_site_label',
      '0 0 0 Qq1',
    );
    const e = error(labelOnly);
    expect([e.line, e.column, e.found]).toEqual([13, 7, '"Qq1"']);
    expect(Array.from(parseCif(labelOnly, { unknownElements: 'X' })[0]!.numbers)).toEqual([0]);
    // a label without letters names no element either
    expect(error(labelOnly.replace('Qq1', '12')).found).toBe('"12"');
    // "Xx" is no element and not the dummy X (it once read as X = 0 through its first letter); "X1" is the dummy
    expect(error(labelOnly.replace('Qq1', 'Xx')).found).toBe('"Xx"');
    expect(error(cif(...cell, ...sites, 'A Xx 0 0 0')).found).toBe('"Xx"');
    expect(Array.from(parseCif(labelOnly.replace('Qq1', 'X1'))[0]!.numbers)).toEqual([0]);
  });
});
