import { closeSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { formatNpy, type NpyArray, type NpyInput, parseNpy } from '../formats/npy/npy.ts';
import {
  formatFromPath,
  noStructureError,
  parseStructures,
  resolveFormat,
  type StructureFormat,
  type StructureParseOptions,
  writeStructures,
} from '../formats/registry.ts';
import type { Structure } from '../structure.ts';
import { streamExtxyzFrames } from './stream-extxyz.ts';

/** Options of the file readers and writers. */
export interface FileFormatOptions {
  /** A format name or alias (`extxyz`, `xyz`, `pdb`, `pqr`, `cif`, `lammps-data`, `lammps-dump`, …); default from the file name. */
  format?: string;
  /** Chemical symbol of each LAMMPS atom type (index 0 = type 1), for files that do not name elements. */
  typeSymbols?: readonly string[];
  /** Reading: what an unknown element symbol becomes, `'error'` (a ParseError, the default) or `'X'` (atomic number 0). */
  unknownElements?: 'error' | 'X';
  /**
   * Reading: a file without any structure (empty, only blank lines) is a ParseError naming the file, line 1 and what
   * the format starts with (an extxyz atom count), instead of no frames (default false).
   */
  requireStructure?: boolean;
}

/**
 * The format to use for a path: the explicit option, else the file name; throws a RangeError naming the
 * known formats when neither gives one.
 *
 * @example
 * ```ts
 * chooseFormat('a.cif'); // 'cif'
 * chooseFormat('a.txt', { format: 'xyz' }); // 'extxyz'
 * ```
 */
export function chooseFormat(path: string, options: FileFormatOptions = {}): StructureFormat {
  if (options.format !== undefined) {
    const format = resolveFormat(options.format);
    if (format === undefined)
      throw new RangeError(`unknown format "${options.format}" (known: extxyz/xyz, pdb, pqr, cif, lammps-data/data, lammps-dump/dump)`);
    return format;
  }
  const format = formatFromPath(path);
  if (format === undefined)
    throw new RangeError(
      `cannot tell the format of "${path}" from its name; give it explicitly (extxyz, pdb, pqr, cif, lammps-data, lammps-dump)`,
    );
  return format;
}

/**
 * Read every frame of a structure file; the format comes from the option or the file name. extxyz files are
 * streamed, so files larger than a JavaScript string can hold are read too. Bad content throws a
 * {@link ParseError} naming the file, line and column.
 *
 * @example
 * ```ts
 * import { readFramesFromFile } from '@equitensor/io/node';
 * const frames = await readFramesFromFile('train.xyz');
 * ```
 */
export async function readFramesFromFile(path: string, options: FileFormatOptions = {}): Promise<Structure[]> {
  const format = chooseFormat(path, options);
  if (format === 'extxyz') {
    const frames: Structure[] = [];
    const stream = options.unknownElements === undefined ? {} : { unknownElements: options.unknownElements };
    for await (const frame of streamExtxyzFrames(path, stream)) frames.push(frame);
    // no frame from a non-empty extxyz file: only blank lines (anything else starts a frame or is a ParseError)
    if (frames.length === 0 && options.requireStructure === true)
      throw noStructureError(format, { fileName: path }, statSync(path).size === 0 ? '' : undefined);
    return frames;
  }
  return parseStructures(await readFile(path, 'utf8'), format, parseOptions(path, options));
}

/**
 * Synchronous {@link readFramesFromFile} (reads the whole file into one string).
 *
 * @example
 * ```ts
 * const [nacl] = readFramesFromFileSync('NaCl.cif');
 * ```
 */
export function readFramesFromFileSync(path: string, options: FileFormatOptions = {}): Structure[] {
  return parseStructures(readFileSync(path, 'utf8'), chooseFormat(path, options), parseOptions(path, options));
}

function parseOptions(path: string, options: FileFormatOptions): StructureParseOptions {
  const out: StructureParseOptions = { fileName: path };
  if (options.typeSymbols !== undefined) out.typeSymbols = options.typeSymbols;
  if (options.unknownElements !== undefined) out.unknownElements = options.unknownElements;
  if (options.requireStructure !== undefined) out.requireStructure = options.requireStructure;
  return out;
}

/**
 * Write `frames` to `path` (a temporary file) chunk by chunk as the writer makes them: neither the whole text nor its
 * UTF-8 bytes exist at once (a 10⁶-atom file). Synchronous writes: the formatting itself is synchronous.
 */
function writeFramesText(path: string, frames: Structure | readonly Structure[], format: StructureFormat): void {
  const fd = openSync(path, 'w');
  try {
    writeStructures(frames, format, (text) => {
      writeSync(fd, text, null, 'utf8');
    });
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether `path` exists and is not a regular file or a folder (a device such as `/dev/null` or `/dev/full`, a FIFO,
 * a socket). Writers write such targets in place: renaming a temporary file over them would replace the device
 * node (as root) and hide a failed write (ENOSPC on `/dev/full`).
 *
 * @example
 * ```ts
 * isSpecialFile('/dev/null'); // true
 * isSpecialFile('out.xyz');   // false (a regular file, or nothing there yet)
 * ```
 */
export function isSpecialFile(path: string): boolean {
  try {
    const stat = statSync(path);
    return !stat.isFile() && !stat.isDirectory();
  } catch {
    return false;
  }
}

function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/**
 * Write frames to a file in the format of the option or the file name, atomically: the text is written, a few
 * thousand lines at a time as it is made (so a 10⁶-atom file never holds its whole text in memory), to a temporary
 * file beside the target, which is renamed over it only when complete, so a failure (a value the format cannot
 * hold) never leaves a half-written or truncated file. The file is exactly {@link formatStructures}' text. A target that
 * is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written in place, so it is never replaced and a failed
 * write (ENOSPC on `/dev/full`) is an error.
 *
 * @example
 * ```ts
 * import { writeFramesToFile } from '@equitensor/io/node';
 * await writeFramesToFile('out.pdb', frames);
 * ```
 */
export async function writeFramesToFile(
  path: string,
  frames: Structure | readonly Structure[],
  options: FileFormatOptions = {},
): Promise<void> {
  // the text is built and written synchronously either way; one implementation ({@link writeFramesToFileSync})
  writeFramesToFileSync(path, frames, options);
}

/**
 * Synchronous {@link writeFramesToFile} (also atomic).
 *
 * @example
 * ```ts
 * writeFramesToFileSync('out.xyz', frames);
 * ```
 */
export function writeFramesToFileSync(path: string, frames: Structure | readonly Structure[], options: FileFormatOptions = {}): void {
  const format = chooseFormat(path, options);
  if (isSpecialFile(path)) {
    writeFramesText(path, frames, format);
    return;
  }
  const temporary = temporaryPath(path);
  try {
    writeFramesText(temporary, frames, format);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Read a `.npy` file.
 *
 * @example
 * ```ts
 * const u = await readNpyFile('newton_cp_n256_U1r.npy'); // u.shape = [256, 26]
 * ```
 */
export async function readNpyFile(path: string): Promise<NpyArray> {
  return parseNpy(await readFile(path), { fileName: path });
}

/**
 * Write a `.npy` file atomically (temporary file + rename).
 *
 * @example
 * ```ts
 * await writeNpyFile('a.npy', { shape: [2, 2], data: new Float64Array([1, 2, 3, 4]) });
 * ```
 */
export async function writeNpyFile(path: string, array: NpyInput): Promise<void> {
  const bytes = formatNpy(array);
  if (isSpecialFile(path)) {
    await writeFile(path, bytes);
    return;
  }
  const temporary = temporaryPath(path);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
