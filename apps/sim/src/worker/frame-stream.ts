/**
 * Incremental reading of structure files: text arrives in chunks (from `File.stream()` or a `fetch`
 * body), complete frames come out as soon as their last line has arrived.
 *
 * `@equitensor/io` has no incremental reader for the browser (its `streamExtxyzFrames` reads from a
 * Node file), so this module only finds where frames end — extxyz: the atom-count line; LAMMPS dump:
 * `ITEM: TIMESTEP` — and hands each frame's lines to io's own parser (`parseExtxyz`, `parseLammpsDump`).
 * io's `ParseError`s are re-thrown with the line numbers of the whole file, so a bad line reads exactly
 * as it would from a whole-file parse. Formats without frame boundaries here (PDB, PQR, CIF, LAMMPS data)
 * are gathered and parsed whole at the end.
 */
import type { Structure, StructureFormat } from '@equitensor/io';
import { ParseError, parseExtxyz, parseLammpsDump, parseStructures } from '@equitensor/io';

/** Where the frame starting at line `start` ends (exclusive), or undefined while it is incomplete. */
type FrameEnd = (lines: readonly string[], start: number, final: boolean) => number | undefined;

function isBlank(line: string): boolean {
  return line.trim().length === 0;
}

/** extxyz/XYZ: a count line N, a comment line, N atom lines. A count that is not a number is a frame of one line (io reports it). */
const extxyzFrameEnd: FrameEnd = (lines, start, final) => {
  const count = lines[start]!.trim();
  const n = /^\+?\d+$/.test(count) ? Number(count) : Number.NaN;
  if (!Number.isSafeInteger(n) || n > 0x7fffffff) return start + 1; // io rejects it at this line
  const end = start + n + 2;
  if (end <= lines.length) return end;
  return final ? lines.length : undefined;
};

const TIMESTEP = 'ITEM: TIMESTEP';

/** LAMMPS dump: a frame runs from one `ITEM: TIMESTEP` line to the next. */
function dumpFrameEnd(): FrameEnd {
  let scanned = 0;
  return (lines, start, final) => {
    for (let i = Math.max(start + 1, scanned); i < lines.length; i++) {
      if (lines[i]!.startsWith(TIMESTEP)) {
        scanned = 0;
        return i;
      }
    }
    scanned = lines.length;
    if (!final) return undefined;
    scanned = 0;
    return lines.length;
  };
}

/** The formats {@link FrameStream} reads frame by frame (the others are parsed whole at the end). */
export const STREAMED_FORMATS: ReadonlySet<StructureFormat> = new Set(['extxyz', 'lammps-dump']);

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
  private lines: string[] = [];
  /** Lines dropped from the front of `lines` (already parsed). */
  private lineOffset = 0;
  private tail = '';
  private wholeText: string[] = [];
  private readonly frameEnd: FrameEnd | null;
  private readonly parseFrame: ((text: string) => Structure[]) | null;

  constructor(
    readonly fileName: string,
    readonly format: StructureFormat,
  ) {
    const options = { fileName };
    if (format === 'extxyz') {
      this.frameEnd = extxyzFrameEnd;
      this.parseFrame = (text) => parseExtxyz(text, options);
    } else if (format === 'lammps-dump') {
      this.frameEnd = dumpFrameEnd();
      this.parseFrame = (text) => parseLammpsDump(text, options);
    } else {
      this.frameEnd = null;
      this.parseFrame = null;
    }
  }

  /** Whether frames come out before the end of the file (false: parsed whole by {@link finish}). */
  get incremental(): boolean {
    return this.frameEnd !== null;
  }

  /** Add a chunk of text; yields the frames it completes. */
  *push(text: string): Generator<Structure, void, undefined> {
    if (!this.frameEnd) {
      this.wholeText.push(text);
      return;
    }
    const joined = this.tail + text;
    let from = 0;
    for (let nl = joined.indexOf('\n'); nl >= 0; nl = joined.indexOf('\n', from)) {
      const end = nl > from && joined.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.lines.push(joined.slice(from, end));
      from = nl + 1;
    }
    this.tail = joined.slice(from);
    yield* this.completeFrames(false);
  }

  /** End of input: yields the remaining frames (all frames for whole-file formats). */
  *finish(): Generator<Structure, void, undefined> {
    if (!this.frameEnd) {
      const text = this.wholeText.join('');
      this.wholeText = [];
      yield* parseStructures(text, this.format, { fileName: this.fileName });
      return;
    }
    if (this.tail.length > 0) this.lines.push(this.tail.endsWith('\r') ? this.tail.slice(0, -1) : this.tail);
    this.tail = '';
    yield* this.completeFrames(true);
  }

  private *completeFrames(final: boolean): Generator<Structure, void, undefined> {
    const lines = this.lines;
    let start = 0;
    try {
      for (;;) {
        while (start < lines.length && isBlank(lines[start]!)) start++;
        if (start >= lines.length) break;
        const end = this.frameEnd!(lines, start, final);
        if (end === undefined) break;
        const frames = this.parseAt(start, end);
        start = end;
        yield* frames;
      }
    } finally {
      // drop parsed lines so memory stays bounded by about one frame
      if (start > 0) {
        this.lines = lines.slice(start);
        this.lineOffset += start;
      }
    }
  }

  private parseAt(start: number, end: number): Structure[] {
    try {
      return this.parseFrame!(this.lines.slice(start, end).join('\n'));
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      const offset = this.lineOffset + start;
      throw new ParseError({
        fileName: error.fileName,
        line: error.line + offset,
        column: error.column,
        // io's messages may cite other lines ("the frame starting at line 1"): shift those too
        expected: error.expected.replace(/\bline (\d+)\b/g, (_, n: string) => `line ${Number(n) + offset}`),
        found: error.found,
      });
    }
  }
}
