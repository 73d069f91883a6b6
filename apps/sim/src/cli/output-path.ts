/**
 * Checking where a command will write before it computes anything: the folder must exist and be
 * writable, and the output must not be a folder (for a file). A bad output path is a `UsageError`
 * (exit 2) up front, never a result computed and then lost.
 */
import { accessSync, closeSync, constants, existsSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.ts';

/**
 * Throw a {@link UsageError} naming `option` unless `path` can be written: its folder exists, is a folder
 * and a file can be made in it (tried, then removed); with `kind: 'file'` (default) `path` itself must not be a folder. Returns the absolute path.
 *
 * @example
 * ```ts
 * const out = checkOutputPath(options.out, '--out'); // before the fit, not after
 * ```
 */
export function checkOutputPath(path: string, option: string, kind: 'file' | 'folder' = 'file'): string {
  const absolute = resolve(path);
  const folder = dirname(absolute);
  if (!existsSync(folder)) throw new UsageError(`${option} ${path}: the folder ${folder} does not exist (create it first)`);
  if (!statSync(folder).isDirectory()) throw new UsageError(`${option} ${path}: ${folder} is not a folder`);
  try {
    accessSync(folder, constants.W_OK);
    // access() says yes to root on folders where no file can be made (/sys, /proc): make one and remove it
    const probe = join(folder, `.equitensor-write-probe-${process.pid}`);
    closeSync(openSync(probe, 'w'));
    unlinkSync(probe);
  } catch {
    throw new UsageError(`${option} ${path}: the folder ${folder} is not writable`);
  }
  if (kind === 'file' && existsSync(absolute) && statSync(absolute).isDirectory())
    throw new UsageError(`${option} ${path}: is a folder, expected a file name`);
  return absolute;
}
