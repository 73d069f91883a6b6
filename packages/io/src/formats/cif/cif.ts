import { atomicNumber, atomicNumberAnyCase, chemicalSymbols } from '../../elements/elements.ts';
import { type ParseOptions, unknownElementsOption } from '../../errors.ts';
import { cellFromParameters, cellParameters } from '../../structure/cell.ts';
import { cartesianToFractional, fractionalToCartesian } from '../../structure/fractional.ts';
import type { AtomArray, InfoValue, Structure } from '../../structure.ts';
import { Float64List, Int32List, type LineBuilder } from '../columns.ts';
import { frameList, writtenText } from '../frames.ts';
import { formatReal, LineCursor, splitLines, stripBom } from '../text.ts';
import { type CifBlock, type CifValue, cifNumber, parseCifSyntax } from './cif-syntax.ts';
import { applyOperation, parseSymmetryOperation, type SymmetryOperation, samePeriodicSite } from './symmetry.ts';

/** Options of {@link parseCif}. */
export interface CifOptions extends ParseOptions {
  /** Fractional distance under which two symmetry images of a site are the same atom (default 1e-3, as ASE). */
  symprec?: number;
}

const OPERATION_TAGS = ['_space_group_symop_operation_xyz', '_symmetry_equiv_pos_as_xyz', '_space_group_symop.operation_xyz'];

function elementOf(typeSymbol: string | undefined, label: string | undefined): number | undefined {
  for (const text of [typeSymbol, label]) {
    if (text === undefined || text === '?' || text === '.') continue;
    const letters = /^[A-Za-z]+/.exec(text)?.[0] ?? '';
    const two = letters.slice(0, 2);
    const z =
      atomicNumber(two) ?? atomicNumber(letters.slice(0, 1)) ?? atomicNumberAnyCase(two) ?? atomicNumberAnyCase(letters.slice(0, 1));
    // The dummy element X only when the letters are X alone ("X", "X1"): "Xx" or "Xe2x" name no dummy. Like ASE
    // 3.22's `[A-Z][a-z]?`, a two-letter prefix that is no element falls back to its first letter ("CL" reads C).
    if (z === 0 && letters.toUpperCase() !== 'X') continue;
    if (z !== undefined) return z;
  }
  return undefined;
}

function blockToStructure(block: CifBlock, cursor: LineCursor, symprec: number, unknown: 'error' | 'X'): Structure | null {
  const siteLoop = block.loops.find((l) => l.tags.includes('_atom_site_fract_x'));
  if (siteLoop === undefined) return null;
  const cellValue = (tag: string): number => {
    const v = block.items.get(tag);
    if (v === undefined) throw cursor.error(block.line, 1, `${tag} in data_${block.name}`, 'no such item');
    const x = cifNumber(v.text);
    if (!Number.isFinite(x)) throw cursor.error(v.line, v.column, `a finite number for ${tag}`, v.text);
    if (tag.startsWith('_cell_angle') && !(x > 0 && x < 180))
      throw cursor.error(v.line, v.column, `an angle between 0° and 180° (exclusive) for ${tag}`, v.text);
    if (tag.startsWith('_cell_length') && !(x > 0)) throw cursor.error(v.line, v.column, `a positive length for ${tag}`, v.text);
    return x;
  };
  const par = {
    a: cellValue('_cell_length_a'),
    b: cellValue('_cell_length_b'),
    c: cellValue('_cell_length_c'),
    alpha: cellValue('_cell_angle_alpha'),
    beta: cellValue('_cell_angle_beta'),
    gamma: cellValue('_cell_angle_gamma'),
  };
  let cell: Float64Array;
  try {
    cell = cellFromParameters(par);
  } catch (error) {
    const v = block.items.get('_cell_length_a')!;
    throw cursor.error(v.line, v.column, 'cell lengths and angles of a real cell', error instanceof Error ? error.message : String(error));
  }

  // symmetry operations: a loop or a single item; none means P1
  const operations: SymmetryOperation[] = [];
  const opValues: CifValue[] = [];
  for (const tag of OPERATION_TAGS) {
    const loop = block.loops.find((l) => l.tags.includes(tag));
    if (loop !== undefined) {
      const col = loop.tags.indexOf(tag);
      for (let r = 0; r < loop.rowCount; r++) opValues.push(loop.value(r, col));
      break;
    }
    const single = block.items.get(tag);
    if (single !== undefined) {
      opValues.push(single);
      break;
    }
  }
  for (const v of opValues) {
    const op = parseSymmetryOperation(v.text);
    if (typeof op === 'string') throw cursor.error(v.line, v.column, `a symmetry operation (${op})`, v.text);
    operations.push(op);
  }
  if (operations.length === 0) operations.push({ rotation: [1, 0, 0, 0, 1, 0, 0, 0, 1], translation: [0, 0, 0] });

  const col = (tag: string): number => siteLoop.tags.indexOf(tag);
  const cx = col('_atom_site_fract_x');
  const cy = col('_atom_site_fract_y');
  const cz = col('_atom_site_fract_z');
  if (cy < 0 || cz < 0)
    throw cursor.error(siteLoop.line, 1, '_atom_site_fract_y and _atom_site_fract_z in the atom site loop', 'only some of them');
  const cLabel = col('_atom_site_label');
  const cType = col('_atom_site_type_symbol');
  const cOcc = col('_atom_site_occupancy');
  const numbers = new Int32List();
  const fractional = new Float64List();
  const labels: string[] = [];
  const occupancies = new Float64List();
  for (let r = 0; r < siteLoop.rowCount; r++) {
    const row = (c: number): CifValue => siteLoop.value(r, c);
    const s = [cx, cy, cz].map((c) => {
      const v = row(c);
      const x = cifNumber(v.text);
      if (!Number.isFinite(x)) throw cursor.error(v.line, v.column, 'a fractional coordinate (a finite number)', v.text);
      return x;
    });
    const label = cLabel >= 0 ? row(cLabel).text : `site${r + 1}`;
    // the made-up `site1` of a loop without labels is no element name (it read as S)
    let z = elementOf(cType >= 0 ? row(cType).text : undefined, cLabel >= 0 ? label : undefined);
    if (z === undefined) {
      const v = row(cType >= 0 ? cType : Math.max(cLabel, 0));
      if (unknown === 'error')
        throw cursor.error(
          v.line,
          v.column,
          "an element symbol in _atom_site_type_symbol or _atom_site_label (or the option unknownElements: 'X')",
          v.text,
        );
      z = 0;
    }
    let occupancy = 1;
    if (cOcc >= 0) {
      const v = row(cOcc);
      occupancy = v.text === '?' || v.text === '.' ? 1 : cifNumber(v.text);
      if (!Number.isFinite(occupancy)) throw cursor.error(v.line, v.column, 'an occupancy (a number)', v.text);
    }
    const images: number[][] = [];
    for (const op of operations) {
      const image = applyOperation(op, s);
      if (!images.some((p) => samePeriodicSite(p, image, symprec))) images.push(image);
    }
    for (const image of images) {
      numbers.push(z);
      fractional.push(image[0]!);
      fractional.push(image[1]!);
      fractional.push(image[2]!);
      labels.push(label);
      occupancies.push(occupancy);
    }
  }
  const arrays: Record<string, AtomArray> = { labels: { type: 'S', width: 1, data: labels } };
  if (cOcc >= 0) arrays.occupancies = { type: 'R', width: 1, data: occupancies.toArray() };
  const info: Record<string, InfoValue> = { dataBlock: block.name };
  const group = block.items.get('_symmetry_space_group_name_h-m') ?? block.items.get('_space_group_name_h-m_alt');
  if (group !== undefined) info.spaceGroup = group.text;
  const number = block.items.get('_symmetry_int_tables_number') ?? block.items.get('_space_group_it_number');
  if (number !== undefined && Number.isInteger(cifNumber(number.text))) info.spaceGroupNumber = cifNumber(number.text);
  return {
    numbers: numbers.toArray(),
    positions: fractionalToCartesian(fractional.toArray(), cell),
    cell,
    pbc: [true, true, true],
    arrays,
    info,
  };
}

/**
 * Parse a CIF (small-molecule / inorganic crystal, CIF 1.1 syntax): one structure per data block with an
 * `_atom_site_fract_*` loop. Reads the cell (`_cell_length_*`, `_cell_angle_*`, standard uncertainties like
 * `5.640(2)` dropped; cell in ASE's orientation), expands every site by the symmetry operations
 * (`_symmetry_equiv_pos_as_xyz` or `_space_group_symop_operation_xyz`; none = P1), wraps images into the
 * cell and merges images of a site closer than `symprec` (fractional). Arrays: `labels` (site label per atom),
 * `occupancies` when given; info: `dataBlock`, `spaceGroup`, `spaceGroupNumber`. A leading byte-order mark is
 * skipped; whitespace is space, tab and the Unicode spaces (U+00A0 no-break space, …) everywhere outside quoted
 * strings and text fields. Cell lengths must be positive and angles inside (0°, 180°); an atom whose type
 * symbol and label name no element is a ParseError unless `unknownElements: 'X'` (then X = 0).
 *
 * @example
 * ```ts
 * const [nacl] = parseCif(readFileSync('NaCl_symmetric.cif', 'utf8'));
 * nacl.numbers.length; // 8 (4 Na + 4 Cl from 2 sites and 192 operations)
 * ```
 */
export function parseCif(text: string, options: CifOptions = {}): Structure[] {
  const cursor = LineCursor.over(splitLines(stripBom(text)), options);
  const unknown = unknownElementsOption(options);
  const blocks = parseCifSyntax(cursor);
  const frames: Structure[] = [];
  for (const block of blocks) {
    const s = blockToStructure(block, cursor, options.symprec ?? 1e-3, unknown);
    if (s !== null) frames.push(s);
  }
  if (frames.length === 0 && blocks.length > 0)
    throw cursor.error(blocks[0]!.line, 1, 'a data block with an _atom_site_fract_x loop', `data_${blocks[0]!.name} without atom sites`);
  return frames;
}

function cifString(text: string): string {
  if (/^[^\s'"_#$;[\]][^\s]*$/.test(text) && !/^(data_|loop_|save_|global_|stop_)/i.test(text) && text !== '?' && text !== '.') return text;
  if (!text.includes("' ") && !text.endsWith("'") && !text.includes('\n')) return `'${text}'`;
  if (!text.includes('" ') && !text.endsWith('"') && !text.includes('\n')) return `"${text}"`;
  return `\n;${text}\n;\n`;
}

/**
 * Write frames as P1 CIF (one data block per frame): cell lengths and angles, the identity operation, and one
 * atom site per atom with its label (`labels` array, else element + index), type symbol, fractional
 * coordinates in shortest exact form and occupancy. Needs a cell.
 *
 * @example
 * ```ts
 * writeFileSync('out.cif', formatCif(structure));
 * ```
 */
export function formatCif(frames: Structure | readonly Structure[]): string {
  return writtenText((out) => writeCif(frames, out));
}

/** {@link formatCif} into a line builder (a file being written). @internal */
export function writeCif(frames: Structure | readonly Structure[], out: LineBuilder): void {
  const list = frameList(frames);
  list.forEach((s, f) => {
    if (s.cell === null) throw new RangeError(`frame ${f}: CIF needs a cell`);
    if (f > 0) out.push(''); // a blank line between data blocks
    const n = s.numbers.length;
    const p = cellParameters(s.cell);
    // positions relative to the cell as written (ASE orientation), so a rotated cell keeps its fractional coordinates
    const frac = cartesianToFractional(s.positions, s.cell);
    const labels = s.arrays.labels?.type === 'S' && s.arrays.labels.width === 1 ? s.arrays.labels.data : undefined;
    const occ = s.arrays.occupancies?.type === 'R' && s.arrays.occupancies.width === 1 ? s.arrays.occupancies.data : undefined;
    const name = typeof s.info.dataBlock === 'string' && /^\S+$/.test(s.info.dataBlock) ? s.info.dataBlock : `frame${f + 1}`;
    out.push(`data_${name}`);
    out.push(`_cell_length_a ${formatReal(p.a)}`, `_cell_length_b ${formatReal(p.b)}`, `_cell_length_c ${formatReal(p.c)}`);
    out.push(
      `_cell_angle_alpha ${formatReal(p.alpha)}`,
      `_cell_angle_beta ${formatReal(p.beta)}`,
      `_cell_angle_gamma ${formatReal(p.gamma)}`,
    );
    out.push("_symmetry_space_group_name_H-M 'P 1'", '_symmetry_Int_Tables_number 1');
    out.push('loop_', '_symmetry_equiv_pos_as_xyz', "'x, y, z'");
    out.push(
      'loop_',
      '_atom_site_label',
      '_atom_site_type_symbol',
      '_atom_site_fract_x',
      '_atom_site_fract_y',
      '_atom_site_fract_z',
      '_atom_site_occupancy',
    );
    for (let i = 0; i < n; i++) {
      const symbol = chemicalSymbols[s.numbers[i]!] ?? 'X';
      const label = labels?.[i] ?? `${symbol}${i + 1}`;
      out.push(
        [
          cifString(label),
          symbol,
          formatReal(frac[3 * i]!, () => `frame ${f}, atom ${i}: fractional x`),
          formatReal(frac[3 * i + 1]!, () => `frame ${f}, atom ${i}: fractional y`),
          formatReal(frac[3 * i + 2]!, () => `frame ${f}, atom ${i}: fractional z`),
          formatReal(occ?.[i] ?? 1),
        ].join(' '),
      );
    }
  });
}
