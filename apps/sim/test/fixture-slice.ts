import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@equitensor/testing';
import { afterAll } from 'vitest';

/** The Si_tiny.xyz training set (dia, bt, liq and isolated-atom configurations) used by the mlip CLI tests. */
export const SI_TINY = fixturePath('mlip/Si_tiny.xyz');

/** The energy, force and virial keys of Si_tiny.xyz for `mlip fit`. */
export const SI_TINY_KEYS = ['--energy-key', 'dft_energy', '--forces-key', 'dft_force', '--virial-key', 'dft_virial'];

/**
 * A fresh temporary folder, removed after the calling test file's tests.
 *
 * @example
 * ```ts
 * const dir = testFolder('equitensor-mlip-sizing-');
 * ```
 */
export function testFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The first `count` frames of an extxyz text (each frame: a count line, a comment line, the atoms). */
function firstFrames(text: string, count: number): string {
  const lines = text.split('\n');
  let at = 0;
  for (let f = 0; f < count; f++) at += Number(lines[at]) + 2;
  return `${lines.slice(0, at).join('\n')}\n`;
}

/**
 * Write the first `count` frames of a shared extxyz fixture to `dir/name` (a small training set for a fit of
 * seconds) and return that path.
 *
 * @example
 * ```ts
 * const slice = fixtureSlice(dir, 'mlip/Si_tiny.xyz', 6, 'si-slice.xyz');
 * ```
 */
export function fixtureSlice(dir: string, fixture: string, count: number, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, firstFrames(readFileSync(fixturePath(fixture), 'utf8'), count));
  return path;
}
