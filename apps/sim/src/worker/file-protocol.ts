/**
 * Messages between the app and the file worker (`file.worker.ts`), which reads a structure file in
 * chunks and posts each frame as soon as it is parsed. Typed arrays in frames are transferred.
 */
import type { Structure } from '@equitensor/io';

/** Main thread → file worker: read this file (a dropped/chosen `File`, or a URL such as `equitensor view`'s `./api/file`). */
export interface OpenFileRequest {
  readonly type: 'open';
  readonly name: string;
  readonly source: Blob | string;
}

/**
 * Main thread → file worker: the app has taken frames up to `frames` (a count). The worker reads at most
 * {@link FRAMES_AHEAD} frames (plus one chunk) ahead of this, so a busy main thread is never flooded and
 * memory in flight stays bounded.
 */
export interface FramesTakenMessage {
  readonly type: 'taken';
  readonly frames: number;
}

/** Main thread → file worker. */
export type ToFileWorker = OpenFileRequest | FramesTakenMessage;

/** How many frames the file worker may post before the app has taken them. */
export const FRAMES_AHEAD = 16;

/** How far reading has come. `totalBytes` is null when unknown (a URL without a length). */
export interface FileProgress {
  readonly frames: number;
  readonly bytesRead: number;
  readonly totalBytes: number | null;
}

/** One parsed frame; `parsedAt` is the wall-clock time (ms since the epoch) when the worker finished parsing it. */
export interface FileFrameMessage extends FileProgress {
  readonly type: 'file-frame';
  readonly index: number;
  readonly frame: Structure;
  readonly parsedAt: number;
}

/** Progress between frames (large frames, whole-file formats). */
export interface FileProgressMessage extends FileProgress {
  readonly type: 'file-progress';
}

/** The whole file is read. `incremental` is false for formats parsed whole (PDB, PQR, CIF, LAMMPS data). */
export interface FileDoneMessage extends FileProgress {
  readonly type: 'file-done';
  readonly incremental: boolean;
}

/** Reading stopped: `message` names the file and line (io's `ParseError`); the `frames` posted before stay valid. */
export interface FileErrorMessage extends FileProgress {
  readonly type: 'file-error';
  readonly message: string;
  /** 1-based line of a `ParseError`, else null. */
  readonly line: number | null;
}

/** File worker → main thread. */
export type FromFileWorker = FileFrameMessage | FileProgressMessage | FileDoneMessage | FileErrorMessage;
