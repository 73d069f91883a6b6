/**
 * The file worker: reads one structure file in chunks (`Blob.stream()` or a `fetch` body, decoded with
 * a streaming `TextDecoder`), parses frames as they complete ({@link FrameStream}) and posts each one at
 * once, so the app shows the first frame while the rest is still being read. A bad line stops reading
 * with a `file-error` naming the file and line; the frames already posted stay valid.
 */
import type { Structure } from '@equitensor/io';
import { ParseError } from '@equitensor/io';
import { formatOfFile, UnsupportedFileError } from '../app/file-open.ts';
import { type FileProgress, FRAMES_AHEAD, type FromFileWorker, type OpenFileRequest, type ToFileWorker } from './file-protocol.ts';
import { FrameStream } from './frame-stream.ts';
import { workerScope } from './worker-scope.ts';

const scope = workerScope<FromFileWorker, ToFileWorker>();

/** Least time between two progress messages when no frame is posted, ms. */
const PROGRESS_MS = 100;

/** Frames the app has taken, and a wake-up for a reader waiting on it. */
let taken = 0;
let wake: (() => void) | null = null;

/** Wait until the app has taken all but {@link FRAMES_AHEAD} of the frames posted. */
async function waitForApp(posted: number): Promise<void> {
  while (posted - taken >= FRAMES_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
}

/** The buffers of a frame's typed arrays (each once), to transfer instead of copying. */
function transferablesOf(frame: Structure): Transferable[] {
  const buffers = new Set<ArrayBufferLike>([frame.numbers.buffer, frame.positions.buffer]);
  if (frame.cell) buffers.add(frame.cell.buffer);
  for (const array of Object.values(frame.arrays)) if (array.type !== 'S') buffers.add(array.data.buffer);
  return [...buffers] as Transferable[];
}

async function openStream(source: Blob | string): Promise<{ body: ReadableStream<Uint8Array>; totalBytes: number | null }> {
  if (typeof source !== 'string') return { body: source.stream(), totalBytes: source.size };
  const response = await fetch(source);
  if (!response.ok || !response.body) throw new Error(`could not read ${source}: HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length'));
  return { body: response.body, totalBytes: Number.isFinite(length) && length > 0 ? length : null };
}

async function readFile(request: OpenFileRequest): Promise<void> {
  const progress: { -readonly [K in keyof FileProgress]: FileProgress[K] } = { frames: 0, bytesRead: 0, totalBytes: null };
  let lastPost = 0;
  const postFrame = (frame: Structure): void => {
    const message: FromFileWorker = {
      type: 'file-frame',
      index: progress.frames,
      frame,
      parsedAt: performance.timeOrigin + performance.now(),
      ...progress,
      frames: progress.frames + 1,
    };
    progress.frames++;
    scope.postMessage(message, transferablesOf(frame));
    lastPost = performance.now();
  };
  try {
    const stream = new FrameStream(request.name, formatOfFile(request.name));
    const { body, totalBytes } = await openStream(request.source);
    progress.totalBytes = totalBytes;
    const decoder = new TextDecoder();
    const reader = body.getReader();
    for (;;) {
      await waitForApp(progress.frames);
      const { done, value } = await reader.read();
      if (done) break;
      progress.bytesRead += value.byteLength;
      for (const frame of stream.push(decoder.decode(value, { stream: true }))) postFrame(frame);
      if (performance.now() - lastPost > PROGRESS_MS) {
        scope.postMessage({ type: 'file-progress', ...progress });
        lastPost = performance.now();
      }
    }
    for (const frame of stream.push(decoder.decode())) postFrame(frame);
    for (const frame of stream.finish()) postFrame(frame);
    if (progress.frames === 0) throw new UnsupportedFileError(`${request.name}: the file holds no structure`);
    scope.postMessage({ type: 'file-done', incremental: stream.incremental, ...progress });
  } catch (error) {
    scope.postMessage({
      type: 'file-error',
      message: error instanceof Error ? error.message : String(error),
      line: error instanceof ParseError ? error.line : null,
      ...progress,
    });
  }
}

scope.addEventListener('message', (event) => {
  const message = event.data;
  if (message.type === 'open') void readFile(message);
  else if (message.type === 'taken') {
    taken = message.frames;
    wake?.();
    wake = null;
  }
});
