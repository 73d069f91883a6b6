import { createReadStream } from 'node:fs';
import { parseExtxyzFrame } from '../formats/extxyz/parse.ts';
import { isBlank, LineCursor, parseInteger } from '../formats/text.ts';
import type { Structure } from '../structure.ts';

/** Options of {@link streamExtxyzFrames}. */
export interface StreamOptions {
  /** Name used in errors; defaults to the path. */
  fileName?: string;
  /** Bytes read at a time (default 4 MiB). */
  chunkSize?: number;
}

/**
 * Read an extxyz/XYZ file frame by frame: an async iterator that holds at most one frame and one chunk in
 * memory, so trajectories of many gigabytes can be processed. Each frame is parsed exactly as
 * {@link parseExtxyz} would parse it, and errors carry the true line numbers of the file.
 *
 * @example
 * ```ts
 * import { streamExtxyzFrames } from '@equitensor/io/node';
 * let energy = 0;
 * for await (const frame of streamExtxyzFrames('md.xyz')) energy += frame.info.energy as number;
 * ```
 */
export async function* streamExtxyzFrames(path: string, options: StreamOptions = {}): AsyncGenerator<Structure, void, undefined> {
  const fileName = options.fileName ?? path;
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: options.chunkSize ?? 4 * 1024 * 1024 });
  let lines: string[] = [];
  let start = 0;
  let lineOffset = 0;
  let tail = '';

  function* completeFrames(final: boolean): Generator<Structure> {
    for (;;) {
      while (start < lines.length && isBlank(lines[start]!)) start++;
      if (start >= lines.length) break;
      const n = parseInteger(lines[start]!.trim());
      if (n !== undefined && n >= 0 && lines.length - start < n + 2 && !final) break;
      const cursor = new LineCursor(lines, fileName, start, lineOffset);
      const frame = parseExtxyzFrame(cursor);
      start = cursor.index;
      yield frame;
    }
    if (start > 0) {
      // drop consumed lines so memory stays bounded by one frame
      lines = lines.slice(start);
      lineOffset += start;
      start = 0;
    }
  }

  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const text = tail + chunk;
      let from = 0;
      for (let nl = text.indexOf('\n', from); nl >= 0; nl = text.indexOf('\n', from)) {
        const end = nl > from && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        lines.push(text.slice(from, end));
        from = nl + 1;
      }
      tail = text.slice(from);
      yield* completeFrames(false);
    }
    if (tail.length > 0) lines.push(tail.endsWith('\r') ? tail.slice(0, -1) : tail);
    tail = '';
    yield* completeFrames(true);
  } finally {
    stream.destroy();
  }
}
