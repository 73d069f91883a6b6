import { createReadStream } from 'node:fs';
import { ChunkedFrameReader } from '../formats/chunked.ts';
import type { Structure } from '../structure.ts';

/** Options of {@link streamExtxyzFrames}. */
export interface StreamOptions {
  /** Name used in errors; defaults to the path. */
  fileName?: string;
  /** Bytes read at a time (default 4 MiB). */
  chunkSize?: number;
  /** What an unknown species label becomes: `'error'` (a ParseError, the default) or `'X'` (atomic number 0). */
  unknownElements?: 'error' | 'X';
}

/**
 * Read an extxyz/XYZ file frame by frame: an async iterator that holds at most one frame and one chunk in
 * memory, so trajectories of many gigabytes can be processed. Each frame is parsed exactly as
 * {@link parseExtxyz} would parse it, and errors carry the true line numbers of the file
 * (a {@link ChunkedFrameReader} over a Node read stream).
 *
 * @example
 * ```ts
 * import { streamExtxyzFrames } from '@equitensor/io/node';
 * let energy = 0;
 * for await (const frame of streamExtxyzFrames('md.xyz')) energy += frame.info.energy as number;
 * ```
 */
export async function* streamExtxyzFrames(path: string, options: StreamOptions = {}): AsyncGenerator<Structure, void, undefined> {
  const reader = new ChunkedFrameReader('extxyz', {
    fileName: options.fileName ?? path,
    ...(options.unknownElements === undefined ? {} : { unknownElements: options.unknownElements }),
  });
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: options.chunkSize ?? 4 * 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<string>) yield* reader.push(chunk);
    yield* reader.end();
  } finally {
    stream.destroy();
  }
}
