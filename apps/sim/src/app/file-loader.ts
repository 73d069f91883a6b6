/**
 * Reading a structure file frame by frame in a Web Worker (`../worker/file.worker.ts`): the app gets
 * each frame as soon as it is parsed, progress in frames and bytes, and at the end either `done` or an
 * error naming the file and line (frames delivered before it stay valid).
 */
import type { Structure } from '@equitensor/io';
import type { FileProgress, FromFileWorker, ToFileWorker } from '../worker/file-protocol.ts';

/** What a {@link FileLoader} reports. */
export interface FileLoadHandlers {
  /** A parsed frame (`index` from 0); `parsedAt` is when the worker finished it (ms since the epoch). */
  frame(frame: Structure, index: number, parsedAt: number, progress: FileProgress): void;
  progress(progress: FileProgress): void;
  /** The whole file is read; `incremental` is false when the format was parsed whole at the end. */
  done(progress: FileProgress, incremental: boolean): void;
  /** Reading stopped at a bad line (`line`) or another failure (`line` null). */
  error(message: string, line: number | null, progress: FileProgress): void;
}

/**
 * One file being read in a worker; {@link cancel} stops it.
 *
 * @example
 * ```ts
 * const loader = new FileLoader(file.name, file, { frame: (f) => frames.push(f), progress() {}, done() {}, error: alert });
 * ```
 */
export class FileLoader {
  private worker: Worker | null;
  private latest: FileProgress = { frames: 0, bytesRead: 0, totalBytes: null };

  constructor(name: string, source: Blob | string, handlers: FileLoadHandlers) {
    const worker = new Worker(new URL('../worker/file.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('message', (event: MessageEvent<FromFileWorker>) => {
      const m = event.data;
      const progress: FileProgress = { frames: m.frames, bytesRead: m.bytesRead, totalBytes: m.totalBytes };
      this.latest = progress;
      switch (m.type) {
        case 'file-frame': {
          handlers.frame(m.frame, m.index, m.parsedAt, progress);
          const taken: ToFileWorker = { type: 'taken', frames: m.index + 1 };
          this.worker?.postMessage(taken);
          return;
        }
        case 'file-progress':
          handlers.progress(progress);
          return;
        case 'file-done':
          this.cancel();
          handlers.done(progress, m.incremental);
          return;
        case 'file-error':
          this.cancel();
          handlers.error(m.message, m.line, progress);
          return;
      }
    });
    worker.addEventListener('error', (event) => {
      this.cancel();
      handlers.error(`${name}: file reader failed: ${event.message}`, null, this.latest);
    });
    const request: ToFileWorker = { type: 'open', name, source };
    worker.postMessage(request);
    this.worker = worker;
  }

  /** Whether the file is still being read. */
  get active(): boolean {
    return this.worker !== null;
  }

  /** Stop reading (the frames delivered so far stay valid). */
  cancel(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
