import { ParseError, type ParseOptions } from '../errors.ts';
import type { Structure } from '../structure.ts';
import { formatCif, parseCif, writeCif } from './cif/cif.ts';
import { LineBuilder } from './columns.ts';
import { formatExtxyz, writeExtxyz } from './extxyz/format.ts';
import { parseExtxyz } from './extxyz/parse.ts';
import { frameList } from './frames.ts';
import { formatLammpsData, parseLammpsData, writeLammpsData } from './lammps/data.ts';
import { formatLammpsDump, parseLammpsDump, writeLammpsDump } from './lammps/dump.ts';
import { formatPdb, parsePdb, writePdb } from './pdb/pdb.ts';
import { formatPqr, parsePqr, writePqr } from './pdb/pqr.ts';
import { isBlank, splitLines, stripBom } from './text.ts';

/** The structure file formats this package reads and writes. */
export type StructureFormat = 'extxyz' | 'pdb' | 'pqr' | 'cif' | 'lammps-data' | 'lammps-dump';

/** Options every reader accepts through {@link parseStructures}; LAMMPS readers use `typeSymbols`. */
export interface StructureParseOptions extends ParseOptions {
  /** Chemical symbol of each LAMMPS atom type (index 0 = type 1). */
  typeSymbols?: readonly string[];
  /**
   * A text without any structure (an empty file, only blank lines, a PDB of remarks) is a {@link ParseError} naming
   * the file, line 1 and what the format starts with (an extxyz atom count), instead of no frames (default false).
   */
  requireStructure?: boolean;
}

interface FormatEntry {
  parse: (text: string, options: StructureParseOptions) => Structure[];
  format: (frames: readonly Structure[]) => string;
  /** The same text, line by line into a builder (a file being written). */
  write: (frames: readonly Structure[], out: LineBuilder) => void;
  /** Whether the format holds several frames. */
  multiFrame: boolean;
}

const FORMATS: Record<StructureFormat, FormatEntry> = {
  extxyz: { parse: parseExtxyz, format: formatExtxyz, write: writeExtxyz, multiFrame: true },
  pdb: { parse: parsePdb, format: formatPdb, write: writePdb, multiFrame: true },
  pqr: { parse: parsePqr, format: formatPqr, write: writePqr, multiFrame: false },
  cif: { parse: parseCif, format: formatCif, write: writeCif, multiFrame: true },
  'lammps-data': {
    parse: parseLammpsData,
    format: (f) => formatLammpsData(f),
    write: (f, out) => writeLammpsData(f, out),
    multiFrame: false,
  },
  'lammps-dump': { parse: parseLammpsDump, format: formatLammpsDump, write: writeLammpsDump, multiFrame: true },
};

/**
 * Every structure format name, with the aliases {@link resolveFormat} accepts: xyz → extxyz,
 * lammps / data / lmp → lammps-data, dump / lammpstrj → lammps-dump.
 *
 * @example
 * ```ts
 * structureFormats; // ['extxyz', 'pdb', 'pqr', 'cif', 'lammps-data', 'lammps-dump']
 * ```
 */
export const structureFormats: readonly StructureFormat[] = Object.keys(FORMATS) as StructureFormat[];

/** The file extensions (without the dot) of each format, as {@link formatFromPath} recognises them. */
const EXTENSIONS: Record<StructureFormat, readonly string[]> = {
  extxyz: ['xyz', 'extxyz'],
  pdb: ['pdb', 'ent'],
  pqr: ['pqr'],
  cif: ['cif'],
  'lammps-data': ['data', 'lmp'],
  'lammps-dump': ['lammpstrj', 'dump'],
};

/**
 * The file extensions (with the dot) that {@link formatFromPath} recognises, e.g. for a file picker's
 * `accept` (LAMMPS' `data.name` / `dump.name` prefixes are recognised too, but have no extension).
 *
 * @example
 * ```ts
 * structureFileExtensions; // ['.xyz', '.extxyz', '.pdb', '.ent', '.pqr', '.cif', '.data', '.lmp', '.lammpstrj', '.dump']
 * ```
 */
export const structureFileExtensions: readonly string[] = structureFormats.flatMap((f) => EXTENSIONS[f].map((e) => `.${e}`));

const ALIASES: Record<string, StructureFormat> = {
  ...Object.fromEntries(structureFormats.flatMap((f) => [[f, f], ...EXTENSIONS[f].map((e) => [e, f])])),
  lammps: 'lammps-data',
};

/**
 * A format name or alias (any case) as a {@link StructureFormat}, or undefined.
 *
 * @example
 * ```ts
 * resolveFormat('XYZ'); // 'extxyz'
 * ```
 */
export function resolveFormat(name: string): StructureFormat | undefined {
  return ALIASES[name.toLowerCase()];
}

/**
 * The format of a file from its name: the extension (`.xyz`, `.extxyz`, `.pdb`, `.ent`, `.pqr`, `.cif`,
 * `.data`, `.lmp`, `.lammpstrj`, `.dump`) or LAMMPS's `data.name` / `dump.name` prefixes. Undefined when unknown.
 *
 * @example
 * ```ts
 * formatFromPath('runs/traj.lammpstrj'); // 'lammps-dump'
 * formatFromPath('data.nacl'); // 'lammps-data'
 * ```
 */
export function formatFromPath(path: string): StructureFormat | undefined {
  const base = path.split(/[\\/]/).pop() ?? path;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? base.slice(dot + 1) : '';
  const byExtension = resolveFormat(extension);
  if (byExtension !== undefined) return byExtension;
  if (/^data\./i.test(base)) return 'lammps-data';
  if (/^dump\./i.test(base)) return 'lammps-dump';
  return undefined;
}

/**
 * Parse text in a named format (one of {@link structureFormats}).
 *
 * @example
 * ```ts
 * const frames = parseStructures(text, 'pdb', { fileName: 'x.pdb' });
 * ```
 */
export function parseStructures(text: string, format: StructureFormat, options: StructureParseOptions = {}): Structure[] {
  const frames = FORMATS[format].parse(text, options);
  if (frames.length === 0 && options.requireStructure === true) throw noStructureError(format, options, text);
  return frames;
}

/** What a file of each format starts with, for {@link noStructureError}. */
const FIRST_EXPECTED: Record<StructureFormat, string> = {
  extxyz: 'the number of atoms (a non-negative integer) on the first line',
  pdb: 'ATOM or HETATM records',
  pqr: 'ATOM or HETATM records',
  cif: 'a data_ block with atom sites',
  'lammps-data': 'a LAMMPS data file (a title line, then the header)',
  'lammps-dump': 'an "ITEM: TIMESTEP" line',
};

/**
 * The ParseError of a text with no structure (`requireStructure`): line 1, what the format starts with, and "an empty
 * file" or "only blank lines"; the end of the text for other content without a structure (a PDB of remarks). `text`
 * undefined: a non-empty text of blank lines (a streamed extxyz file). @internal
 */
export function noStructureError(format: StructureFormat, options: ParseOptions, text?: string): ParseError {
  const lines = text === undefined ? [] : splitLines(stripBom(text));
  const blank = lines.every(isBlank);
  return new ParseError({
    fileName: options.fileName,
    line: (options.lineOffset ?? 0) + (blank ? 1 : lines.length + 1),
    column: 1,
    expected: FIRST_EXPECTED[format],
    found: text !== undefined && lines.length === 0 ? 'an empty file' : blank ? 'only blank lines' : 'end of file',
  });
}

/**
 * Write frames in a named format; throws a RangeError when the format holds one structure and several are given.
 *
 * @example
 * ```ts
 * const text = formatStructures(frames, 'extxyz');
 * ```
 */
export function formatStructures(frames: Structure | readonly Structure[], format: StructureFormat): string {
  const list = checkFrameCount(frames, format);
  return FORMATS[format].format(list);
}

/**
 * {@link formatStructures} chunk by chunk: `sink` receives the text in pieces of a few thousand lines as they are
 * made, so a file of 10⁶ atoms is written without its whole text in memory. The pieces joined are exactly the
 * text of {@link formatStructures}.
 * @internal
 */
export function writeStructures(frames: Structure | readonly Structure[], format: StructureFormat, sink: (text: string) => void): void {
  const list = checkFrameCount(frames, format);
  const out = new LineBuilder(sink);
  FORMATS[format].write(list, out);
  out.end();
}

function checkFrameCount(frames: Structure | readonly Structure[], format: StructureFormat): readonly Structure[] {
  const list = frameList(frames);
  if (!FORMATS[format].multiFrame && list.length !== 1) throw new RangeError(`${format} holds one structure, got ${list.length} frames`);
  return list;
}
