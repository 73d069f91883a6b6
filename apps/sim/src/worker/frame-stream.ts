/**
 * Incremental reading of structure files: text arrives in chunks (from `File.stream()` or a `fetch`
 * body), complete frames come out as soon as their last line has arrived.
 *
 * extxyz and LAMMPS dump are read by io's {@link ChunkedFrameReader}: frames and `ParseError`s (with the
 * whole file's line numbers) are exactly those of a whole-file parse. Formats without frame boundaries
 * (PDB, PQR, CIF, LAMMPS data) are gathered and parsed whole at the end.
 */
import type { Structure, StructureFormat } from '@equitensor/io';
import { ChunkedFrameReader, chunkedFormats, isChunkedFormat, parseStructures } from '@equitensor/io';

/** The formats {@link FrameStream} reads frame by frame (the others are parsed whole at the end). */
export const STREAMED_FORMATS: ReadonlySet<StructureFormat> = new Set(chunkedFormats);

/**
 * Feed text in chunks, get complete frames back as they close. Errors are io's `ParseError` with the
 * file's true line numbers; frames yielded before an error stay valid.
 *
 * @example
 * ```ts
 * const stream = new FrameStream('md.xyz', 'extxyz');
 * for (const chunk of chunks) for (const frame of stream.push(chunk)) show(frame);
 * for (const frame of stream.finish()) show(frame);
 * ```
 */
export class FrameStream {
  private readonly reader: ChunkedFrameReader | null;
  private wholeText: string[] = [];

  constructor(
    readonly fileName: string,
    readonly format: StructureFormat,
  ) {
    this.reader = isChunkedFormat(format) ? new ChunkedFrameReader(format, { fileName }) : null;
  }

  /** Whether frames come out before the end of the file (false: parsed whole by {@link finish}). */
  get incremental(): boolean {
    return this.reader !== null;
  }

  /** Add a chunk of text (taken at once); the result yields the frames it completes. */
  push(text: string): Iterable<Structure> {
    if (this.reader) return this.reader.push(text);
    this.wholeText.push(text);
    return [];
  }

  /** End of input: the result yields the remaining frames (all frames for whole-file formats). */
  finish(): Iterable<Structure> {
    if (this.reader) return this.reader.end();
    const text = this.wholeText.join('');
    this.wholeText = [];
    return parseStructures(text, this.format, { fileName: this.fileName });
  }
}
