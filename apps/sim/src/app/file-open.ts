/**
 * Reading dropped or chosen files with `@equitensor/io`: the format comes from the file name
 * (`formatFromPath`) and the text goes to io's parser for it. A bad file raises io's `ParseError`
 * (file, line, column, what was expected), which the app shows. The app reads files in a worker, frame
 * by frame (`file-loader.ts`); {@link parseByName} is the whole-text path (the CLI, tests).
 */
import type { Structure, StructureFormat } from '@equitensor/io';
import { formatFromPath, parseStructures, structureFileExtensions } from '@equitensor/io';

/** A file the app cannot show: an unknown type, or no structure in it (bad content raises io's `ParseError`). */
export class UnsupportedFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedFileError';
  }
}

/**
 * The format of a file from its name, or an {@link UnsupportedFileError} naming the types the app opens.
 *
 * @example
 * ```ts
 * formatOfFile('md.lammpstrj'); // 'lammps-dump'
 * ```
 */
export function formatOfFile(fileName: string): StructureFormat {
  const format = formatFromPath(fileName);
  if (!format) {
    throw new UnsupportedFileError(
      `${fileName}: unknown file type; the app opens ${structureFileExtensions.join(', ')} (extxyz, PDB, PQR, CIF, LAMMPS data and dump)`,
    );
  }
  return format;
}

/**
 * Parse a file's text by its name.
 *
 * @example
 * ```ts
 * const frames = parseByName('water.xyz', text);
 * ```
 */
export function parseByName(fileName: string, text: string): Structure[] {
  const frames = parseStructures(text, formatOfFile(fileName), { fileName });
  if (frames.length === 0) throw new UnsupportedFileError(`${fileName}: the file holds no structure`);
  return frames;
}
