/**
 * Start-up time of the `equitensor` CLI (node + tsx, no build), side by side in one run:
 * - `node --import tsx -e 0`: the floor (Node and tsx alone);
 * - `equitensor --help` and `--version`, and `equitensor md run --help`, as they are (command modules load
 *   their packages only when the command runs);
 * - `--help` after importing every command's action module first, i.e. the eager start-up the CLI had
 *   before (every package loaded to print the usage).
 * Median of `--repeats` (default 7) wall-clock runs each, interleaved so that load on a shared machine hits
 * all variants alike.
 *
 * @example
 * ```sh
 * pnpm tsx apps/sim/bench/cli-startup.ts --repeats 7
 * ```
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { repoRoot } from '@equitensor/testing';

const repeatsFlag = process.argv.indexOf('--repeats');
const repeats = repeatsFlag > 0 ? Number(process.argv[repeatsFlag + 1]) : 7;
const tsx = ['--import', 'tsx'];
const main = 'apps/sim/src/cli/main.ts';
const actions = readdirSync(`${repoRoot()}/apps/sim/src/cli/commands`)
  .filter((f) => f.endsWith('-action.ts'))
  .map((f) => `./apps/sim/src/cli/commands/${f}`);
const eager = `await Promise.all(${JSON.stringify(actions)}.map((p) => import(p)));
const { runCli } = await import('./apps/sim/src/cli/program.ts');
process.exitCode = await runCli(['node', 'equitensor', '--help']);`;

const variants: Record<string, string[]> = {
  'node + tsx (floor)': [...tsx, '-e', '0'],
  'equitensor --help': [...tsx, main, '--help'],
  'equitensor --version': [...tsx, main, '--version'],
  'equitensor md run --help': [...tsx, main, 'md', 'run', '--help'],
  '--help with every package loaded (before)': [...tsx, '--input-type=module', '-e', eager],
};

const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
for (const args of Object.values(variants)) spawnSync('node', args, { cwd: repoRoot() }); // warm tsx's cache
for (let r = 0; r < repeats; r++) {
  for (const [name, args] of Object.entries(variants)) {
    const t0 = performance.now();
    const run = spawnSync('node', args, { cwd: repoRoot(), encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${name} exited with ${run.status}: ${run.stderr}`);
    times[name]!.push((performance.now() - t0) / 1000);
  }
}
const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const before = median(times['--help with every package loaded (before)']!);
console.log(`| variant | median (s) | vs eager --help |\n|---|---|---|`);
for (const [name, v] of Object.entries(times)) console.log(`| ${name} | ${median(v).toFixed(3)} | ${(median(v) / before).toFixed(2)}× |`);
