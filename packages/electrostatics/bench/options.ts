/**
 * The benchmarks' command-line options: the value after `name` (e.g. `--accuracy 1e-6`) in `process.argv`, or
 * `fallback` when the option or its value is missing.
 */
export function option(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

/** Whether `name` (e.g. `--no-md`) is on the command line. */
export function flag(name: string): boolean {
  return process.argv.slice(2).includes(name);
}
