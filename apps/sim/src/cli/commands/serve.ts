import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { printJson } from '../json.ts';
import { integerOption } from '../options.ts';
import { buildApp, DIST_DIR, type ServedFile, serveApp } from './app-server.ts';

/** The typed options shared by `serve` and `view`, as commander hands them to the action. */
export interface ServeOptions {
  /** 0 = any free port. */
  port: number;
  build?: boolean;
  json?: boolean;
  scenario?: string;
}

/** `--port`: an integer in 0…65535 (0 = any free port). */
export const portOption = integerOption('--port', 0, 65535);

/**
 * Take the port on 127.0.0.1, build (unless `--no-build`), then print the URL; runs until interrupted.
 * A port in use or not allowed, or `--no-build` without a build, is a `UsageError` (exit 2) before any build.
 *
 * @example
 * ```ts
 * await startServer({ port: 8080 }, null);
 * ```
 */
export async function startServer(options: ServeOptions, file: ServedFile | null): Promise<void> {
  const { port } = options;
  if (options.build === false && !existsSync(join(DIST_DIR, 'index.html')))
    throw new UsageError(`--no-build: there is no build in ${DIST_DIR} (run once without --no-build)`);
  // the port first: one in use or not allowed is the user's choice, refused before a build
  const { url, server } = await serveApp(DIST_DIR, port, file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE' || error.code === 'EACCES') throw new UsageError(`--port ${port}: ${error.message}`);
    throw error;
  });
  if (options.build !== false) {
    process.stderr.write('equitensor: building the app (vite)…\n');
    const start = performance.now();
    try {
      await buildApp();
    } catch (error) {
      server.close();
      throw error;
    }
    process.stderr.write(`equitensor: built in ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
  }
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
    .description(
      'build the browser app and serve it on 127.0.0.1 (prints the URL); the default scenario starts running. The page is cross-origin isolated (COOP/COEP), so MD runs on a pool of Web Workers (the Workers menu; the status bar says how many ran)',
    )
    .option('--port <n>', 'port (default: a free port)', portOption, 0)
    .option('--scenario <id>', 'scenario to start: argon, copper, silicon, protein, nacl')
    .option('--no-build', 'serve the existing build in apps/sim/dist')
    .option('--json', 'print {url, port, dist} as one JSON object')
    .action(async (options: ServeOptions) => {
      await startServer(options, null);
    });
}
