import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the shared real data lives: `$EQUITENSOR_DATA` when set, otherwise `../shared/data`
 * next to the repository root (the layout of every development and CI machine).
 *
 * @example
 * ```ts
 * import { dataRoot } from '@equitensor/testing';
 * dataRoot(); // "/work/shared/data"
 * ```
 */
export function dataRoot(): string {
  const fromEnv = process.env.EQUITENSOR_DATA;
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  return resolve(repoRoot(), '..', 'shared', 'data');
}

/**
 * The repository root (the folder with `pnpm-workspace.yaml`).
 *
 * @example
 * ```ts
 * repoRoot(); // "/work/main"
 * ```
 */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('repoRoot: no pnpm-workspace.yaml above packages/testing');
    dir = up;
  }
}

/** Thrown when a fixture file is missing: the message names the full path looked for. */
export class MissingFixtureError extends Error {
  constructor(readonly path: string) {
    super(
      `missing fixture: ${path} does not exist. Shared data is read from $EQUITENSOR_DATA or ../shared/data next to the repository (see ../shared/data/README.md).`,
    );
    this.name = 'MissingFixtureError';
  }
}

/**
 * Absolute path of a shared data file, checked to exist.
 *
 * @example
 * ```ts
 * import { fixturePath } from '@equitensor/testing';
 * fixturePath('pqr/1ajj.pqr'); // "/work/shared/data/pqr/1ajj.pqr"
 * ```
 */
export function fixturePath(relative: string): string {
  const path = join(dataRoot(), relative);
  if (!existsSync(path)) throw new MissingFixtureError(path);
  return path;
}

/**
 * Read a shared data file as UTF-8 text.
 *
 * @example
 * ```ts
 * const text = readFixtureText('crystals/NaCl_conventional.xyz');
 * ```
 */
export function readFixtureText(relative: string): string {
  return readFileSync(fixturePath(relative), 'utf8');
}

/**
 * Read a shared data file as bytes.
 *
 * @example
 * ```ts
 * const bytes = readFixtureBytes('chebtuck/newton_cp_n256_U1r.npy');
 * ```
 */
export function readFixtureBytes(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(relative)));
}

/**
 * Read and parse a shared JSON file.
 *
 * @example
 * ```ts
 * const w3j = readFixtureJson<Record<string, unknown>>('e3nn/e3nn_wigner_3j.json');
 * ```
 */
export function readFixtureJson<T>(relative: string): T {
  return JSON.parse(readFixtureText(relative)) as T;
}
