import { unknownElementsOption } from '../errors.ts';
import type { Structure } from '../structure.ts';
import { parseExtxyzFrame } from './extxyz/parse.ts';
import { itemRest, parseLammpsDumpFrame } from './lammps/dump.ts';
import { checkTypeSymbols } from './lammps/types.ts';
import type { StructureParseOptions } from './registry.ts';
import { isBlank, LineCursor, parseInteger } from './text.ts';

/** The formats {@link ChunkedFrameReader} reads frame by frame. */
export type ChunkedFormat = 'extxyz' | 'lammps-dump';

/**
 * The formats {@link ChunkedFrameReader} reads frame by frame; the others need the whole text.
 *
 * @example
 * ```ts
 * if (isChunkedFormat(format)) reader = new ChunkedFrameReader(format, { fileName });
 * ```
 */
export const chunkedFormats: readonly ChunkedFormat[] = ['extxyz', 'lammps-dump'];

/**
 * Whether a format name is one {@link ChunkedFrameReader} reads.
 *
 * @example
 * ```ts
 * isChunkedFormat('extxyz'); // true
 * isChunkedFormat('pdb'); // false
 * ```
 */
export function isChunkedFormat(format: string): format is ChunkedFormat {
  return (chunkedFormats as readonly string[]).includes(format);
}

/** Where a format's frames end, and how one is parsed. */
interface FrameGrammar {
  /**
   * Whether the frame starting at buffer line `start` may be parsed before the end of the input
   * (false: wait for more lines). `dropped` lines of the file come before buffer line 0.
   */
  ready(lines: readonly string[], start: number, dropped: number): boolean;
  parse(cursor: LineCursor): Structure;
}

/** extxyz/XYZ: the count line N, a comment line, N atom lines. A count that is not one is parsed at once (the parser reports it). */
function extxyzGrammar(options: StructureParseOptions): FrameGrammar {
  return {
    ready(lines, start) {
      const n = parseInteger(lines[start]!.trim());
      return n === undefined || n < 0 || lines.length - start >= n + 2;
    },
    parse: (cursor) => parseExtxyzFrame(cursor, options),
  };
}

/** LAMMPS dump: a frame is complete once the next `ITEM: TIMESTEP` line has arrived. */
function dumpGrammar(options: StructureParseOptions): FrameGrammar {
  /** File line (0-based) up to which no `ITEM: TIMESTEP` follows the current frame's first line. */
  let scannedTo = 0;
  return {
    ready(lines, start, dropped) {
      for (let i = Math.max(start + 1, scannedTo - dropped); i < lines.length; i++) {
        const line = lines[i]!;
        if (line.includes('ITEM:') && itemRest(line, 'TIMESTEP') !== undefined) return true;
      }
      scannedTo = dropped + lines.length;
      return false;
    },
    parse: (cursor) => parseLammpsDumpFrame(cursor, options),
  };
}

/**
 * Read frames from text that arrives in chunks (a `File.stream()` through a `TextDecoder`, a `fetch`
 * body, a Node read stream): each complete frame comes out as soon as its last line has arrived, and
 * memory holds about one frame and one chunk. Browser-safe. Frames and errors are exactly those of
 * {@link parseExtxyz} / {@link parseLammpsDump} on the whole text — the same `ParseError` (line, column,
 * message) for a bad line, after the frames before it — with the same options (`unknownElements`,
 * `typeSymbols`) and the same skipped leading byte-order mark.
 *
 * `push` splits the chunk into lines at once and returns a generator that parses the frames now complete;
 * frames not iterated stay buffered and come out of the next `push` or `end`. After a `ParseError`
 * every call throws it again. `options.lineOffset` counts lines read before the first chunk.
 *
 * @example
 * ```ts
 * const reader = new ChunkedFrameReader('extxyz', { fileName: 'md.xyz' });
 * const decoder = new TextDecoder();
 * for await (const bytes of file.stream()) for (const frame of reader.push(decoder.decode(bytes, { stream: true }))) show(frame);
 * for (const frame of reader.end()) show(frame);
 * ```
 */
export class ChunkedFrameReader {
  /** Complete lines not yet dropped; `lines[start]` is the first not yet parsed. */
  private lines: string[] = [];
  private start = 0;
  /** Lines of the file before `lines[0]`. */
  private dropped: number;
  /** The unterminated last line so far. */
  private tail = '';
  private ended = false;
  /** No character has arrived yet: a byte-order mark at the start of the input is skipped, as every parser does. */
  private atStart = true;
  private failure: unknown = null;
  private readonly grammar: FrameGrammar;
  private readonly fileName: string | undefined;

  constructor(
    readonly format: ChunkedFormat,
    options: StructureParseOptions = {},
  ) {
    unknownElementsOption(options);
    if (format === 'lammps-dump') checkTypeSymbols(options);
    this.grammar = format === 'extxyz' ? extxyzGrammar(options) : dumpGrammar(options);
    this.fileName = options.fileName;
    // validates lineOffset as every parser does
    this.dropped = LineCursor.over([], options).lineOffset;
  }

  /** Add a chunk of text; the returned generator yields the frames complete so far. */
  push(chunk: string): Generator<Structure, void, undefined> {
    if (this.ended) throw new Error('ChunkedFrameReader: push() after end()');
    this.compact();
    if (this.atStart && chunk.length > 0) {
      this.atStart = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const text = this.tail + chunk;
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.lines.push(text.slice(from, end));
      from = nl + 1;
    }
    this.tail = text.slice(from);
    return this.frames(false);
  }

  /** End of input: the returned generator yields the remaining frames (or throws for a cut-short last one). */
  end(): Generator<Structure, void, undefined> {
    if (!this.ended) {
      this.compact();
      if (this.tail.length > 0) this.lines.push(this.tail.endsWith('\r') ? this.tail.slice(0, -1) : this.tail);
      this.tail = '';
      this.ended = true;
    }
    return this.frames(true);
  }

  /** Drop parsed lines, so memory stays bounded by about one frame. */
  private compact(): void {
    if (this.start === 0) return;
    this.lines = this.lines.slice(this.start);
    this.dropped += this.start;
    this.start = 0;
  }

  private *frames(final: boolean): Generator<Structure, void, undefined> {
    for (;;) {
      if (this.failure !== null) throw this.failure;
      const lines = this.lines;
      let start = this.start;
      while (start < lines.length && isBlank(lines[start]!)) start++;
      this.start = start;
      if (start >= lines.length || (!final && !this.grammar.ready(lines, start, this.dropped))) return;
      const cursor = new LineCursor(lines, this.fileName, start, this.dropped);
      let frame: Structure;
      try {
        frame = this.grammar.parse(cursor);
      } catch (error) {
        // a malformed frame that reads past the lines so far: decide when more have come
        if (!final && cursor.ranOut) return;
        this.failure = error;
        throw error;
      }
      this.start = cursor.index;
      yield frame;
    }
  }
}
