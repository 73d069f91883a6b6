/**
 * Print exactly one JSON object on stdout (the `--json` contract of every computing command).
 *
 * @example
 * ```ts
 * printJson({ frames: 1, atoms: 8 });
 * ```
 */
export function printJson(value: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
