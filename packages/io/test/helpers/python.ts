import { spawnSync } from 'node:child_process';

/** Debian's python with ASE 3.22 and NumPy (NOT the pyenv `python3` on PATH). */
export const PYTHON = '/usr/bin/python3';

/**
 * Run a Python script with `/usr/bin/python3`, passing `input` on stdin, and parse the one JSON value it
 * prints. Throws with Python's stderr when the script fails.
 */
export function runPython<T>(script: string, input = ''): T {
  const result = spawnSync(PYTHON, ['-c', script], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`python failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
