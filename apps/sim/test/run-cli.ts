/**
 * Running the real `equitensor` CLI from tests, as `pnpm equitensor` does (node + tsx, from the
 * repository root): synchronously, asynchronously (runs overlap), as a long-running child (servers),
 * or in this process (no start-up cost). One place for every test file's "spawn the CLI".
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { repoRoot } from '@equitensor/testing';
import { runCli } from '../src/cli/program.ts';

/** The outcome of one CLI run: exit code (null when killed by a signal), stdout and stderr. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of a CLI run. */
export interface CliRunOptions {
  /** Environment of the child (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** node's arguments that start the CLI without a build. */
const CLI_ENTRY = ['--import', 'tsx', 'apps/sim/src/cli/main.ts'] as const;

/**
 * This process's environment plus SwiftShader's Vulkan driver, which gives Dawn (the `webgpu` package)
 * a real WebGPU adapter on machines without a GPU (see tools/env.sh).
 */
export const GPU_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json',
  XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? tmpdir(),
};

/**
 * Run `equitensor ARGS…` and wait for it.
 *
 * @example
 * ```ts
 * const r = runEquitensor(['--help']);
 * expect(r.code).toBe(0);
 * ```
 */
export function runEquitensor(args: readonly string[], options: CliRunOptions = {}): CliRun {
  const r = spawnSync('node', [...CLI_ENTRY, ...args], { cwd: repoRoot(), encoding: 'utf8', env: options.env ?? process.env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Run `equitensor md run --input INPUT --potential SPEC …options --json` (a child process, like {@link runEquitensor}).
 *
 * @example
 * ```ts
 * const nve = runMdJson('cluster.xyz', 'mlip:model.json', '--temperature', '300', '--steps', '10');
 * ```
 */
export function runMdJson(input: string, potential: string, ...options: string[]): CliRun {
  return runEquitensor(['md', 'run', '--input', input, '--potential', potential, ...options, '--json']);
}

/**
 * Run `equitensor ARGS…` without blocking, so that several runs overlap.
 *
 * @example
 * ```ts
 * const [a, b] = await Promise.all([runEquitensorAsync(['convert', 'a.pqr', 'a.xyz']), runEquitensorAsync(['--version'])]);
 * ```
 */
export function runEquitensorAsync(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnEquitensor(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Start `equitensor ARGS…` as a child with piped stdout and stderr (for servers: `serve`, `view`).
 *
 * @example
 * ```ts
 * const child = spawnEquitensor(['serve', '--port', '0', '--json']);
 * child.kill('SIGTERM');
 * ```
 */
export function spawnEquitensor(args: readonly string[], options: CliRunOptions = {}): ChildProcess {
  return spawn('node', [...CLI_ENTRY, ...args], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
}

/**
 * Run the same CLI in this process (no start-up cost), capturing what it writes to stdout and stderr.
 *
 * @example
 * ```ts
 * const r = await runEquitensorInProcess(['md', 'run', '--input', 'a.xyz', '--potential', 'lj', '--json']);
 * ```
 */
export async function runEquitensorInProcess(args: readonly string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const write = (sink: string[]) =>
    ((chunk: string | Uint8Array) => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write;
  const saved = [process.stdout.write, process.stderr.write] as const;
  process.stdout.write = write(out);
  process.stderr.write = write(err);
  try {
    const code = await runCli(['node', 'equitensor', ...args]);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    [process.stdout.write, process.stderr.write] = saved;
  }
}

/** A CLI child started by {@link spawnEquitensorUntil}: its exit code once it closes, and its stderr so far. */
export interface WatchedCli {
  readonly child: ChildProcess;
  /** The exit code (null when a signal ended it). */
  readonly closed: Promise<number | null>;
  /** What the child has written to stderr up to now. */
  stderr(): string;
}

/**
 * Start `equitensor ARGS…` and wait, polling every 50 ms for at most 60 s, until `ready()` holds (a file written,
 * a checkpoint made), for tests that then signal a running command.
 *
 * @example
 * ```ts
 * const run = await spawnEquitensorUntil(['md', 'run', …, '--checkpoint', chk], () => existsSync(chk));
 * run.child.kill('SIGINT');
 * expect(await run.closed, run.stderr()).toBe(130);
 * ```
 */
export async function spawnEquitensorUntil(
  args: readonly string[],
  ready: () => boolean,
  options: CliRunOptions = {},
): Promise<WatchedCli> {
  const child = spawnEquitensor(args, options);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const start = Date.now();
  while (!ready() && Date.now() - start < 60_000) await new Promise((r) => setTimeout(r, 50));
  return { child, closed, stderr: () => stderr };
}
