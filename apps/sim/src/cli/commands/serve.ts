import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { printJson } from '../json.ts';
import { buildApp, DIST_DIR, type ServedFile, serveApp } from './app-server.ts';

/** Options shared by `serve` and `view`. */
export interface ServeOptions {
  port?: string;
  build?: boolean;
  json?: boolean;
  scenario?: string;
}

/** Parse `--port` (0 = any free port). */
export function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer in 0…65535, got "${value}"`);
  return port;
}

/**
 * Build (unless `--no-build`), serve on 127.0.0.1 and print the URL; runs until interrupted.
 *
 * @example
 * ```ts
 * await startServer({ port: '8080' }, null);
 * ```
 */
export async function startServer(options: ServeOptions, file: ServedFile | null): Promise<void> {
  const port = parsePort(options.port);
  if (options.build !== false) {
    process.stderr.write('equitensor: building the app (vite)…\n');
    const start = performance.now();
    await buildApp();
    process.stderr.write(`equitensor: built in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  }
  const { url, server } = await serveApp(DIST_DIR, port, file);
  const shown = options.scenario ? `${url}?scenario=${encodeURIComponent(options.scenario)}` : url;
  if (options.json) printJson({ url: shown, port: Number(new URL(url).port), dist: DIST_DIR, file: file?.path ?? null });
  else process.stdout.write(`equitensor: serving ${file ? file.name : 'the simulation app'} at ${shown}\n(press Ctrl+C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close();
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * `equitensor serve [--port N] [--scenario ID] [--no-build] [--json]`: build the browser app and
 * serve it on 127.0.0.1 with the default scenario (Lennard-Jones argon) running.
 *
 * @example
 * ```sh
 * pnpm equitensor serve --port 8080
 * ```
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('build the browser app and serve it on 127.0.0.1 (prints the URL); the default scenario starts running')
    .option('--port <n>', 'port (default: a free port)')
    .option('--scenario <id>', 'scenario to start: argon, copper, silicon, protein, nacl')
    .option('--no-build', 'serve the existing build in apps/sim/dist')
    .option('--json', 'print {url, port, dist} as one JSON object')
    .action(async (options: ServeOptions) => {
      await startServer(options, null);
    });
}
