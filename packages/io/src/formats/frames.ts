/**
 * What every structure writer starts with: the frames of a `Structure | readonly Structure[]` argument as a list, a
 * one-structure format's check, and the text of a writer run into a fresh {@link LineBuilder}.
 * @internal
 */
import type { Structure } from '../structure.ts';
import { LineBuilder } from './columns.ts';

/**
 * The frames as a list (one structure → a list of one).
 *
 * @example
 * ```ts
 * frameList(structure).length; // 1
 * ```
 * @internal
 */
export function frameList(frames: Structure | readonly Structure[]): readonly Structure[] {
  return Array.isArray(frames) ? (frames as readonly Structure[]) : [frames as Structure];
}

/**
 * The one structure of a format that holds one; a RangeError `<format> holds one structure, got N frames` otherwise.
 *
 * @example
 * ```ts
 * const s = onlyFrame(frames, 'PQR');
 * ```
 * @internal
 */
export function onlyFrame(frames: Structure | readonly Structure[], format: string): Structure {
  const list = frameList(frames);
  if (list.length !== 1) throw new RangeError(`${format} holds one structure, got ${list.length} frames`);
  return list[0] as Structure;
}

/**
 * The text that `write` pushes into a fresh {@link LineBuilder} (the `format…` function of a `write…` one).
 *
 * @example
 * ```ts
 * const text = writtenText((out) => writeCif(frames, out));
 * ```
 * @internal
 */
export function writtenText(write: (out: LineBuilder) => void): string {
  const out = new LineBuilder();
  write(out);
  return out.text();
}
