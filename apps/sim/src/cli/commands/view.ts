import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { parseByName } from '../../app/file-open.ts';
import { UsageError } from '../errors.ts';
import { type ServeOptions, startServer } from './serve.ts';

/**
 * `equitensor view FILE [--port N]`: check that FILE parses (a bad file exits 2 with its line), then
 * build and serve the app with FILE open in the viewer.
 *
 * @example
 * ```sh
 * pnpm equitensor view ../shared/data/crystals/NaCl_conventional.xyz
 * ```
 */
export function registerViewCommand(program: Command): void {
  program
    .command('view')
    .description('open a structure or trajectory file (extxyz, PDB, PQR, CIF, LAMMPS dump) in the browser app')
    .argument('<file>', 'file to show')
    .option('--port <n>', 'port (default: a free port)')
    .option('--no-build', 'serve the existing build in apps/sim/dist')
    .option('--json', 'print {url, port, dist, file} as one JSON object')
    .action(async (file: string, options: ServeOptions) => {
      const path = resolve(file);
      if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`no such file: ${file}`);
      const name = basename(path);
      let frames: ReturnType<typeof parseByName>;
      try {
        frames = parseByName(name, readFileSync(path, 'utf8'));
      } catch (error) {
        if (error instanceof Error && !error.name.endsWith('ParseError')) throw new UsageError(error.message);
        throw error;
      }
      process.stderr.write(`equitensor: ${name}: ${frames.length} frame(s), ${frames[0]!.numbers.length} atoms\n`);
      await startServer(options, { name, path });
    });
}
