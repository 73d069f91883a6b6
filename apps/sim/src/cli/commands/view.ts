import { createReadStream, existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Structure } from '@equitensor/io';
import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { portOption, type ServeOptions, startServer } from './serve.ts';

/**
 * Read a file with the app's {@link FrameStream} until its first frame is out (the whole file for formats
 * parsed whole): a bad start fails here, before anything is built; the app reads the rest as it streams.
 */
async function readFirstFrame(path: string, name: string): Promise<{ frame: Structure; incremental: boolean }> {
  // loaded here, not at start-up, so that `equitensor --help` stays fast
  const [{ formatOfFile, UnsupportedFileError }, { FrameStream }] = await Promise.all([
    import('../../app/file-open.ts'),
    import('../../worker/frame-stream.ts'),
  ]);
  let format: ReturnType<typeof formatOfFile>;
  try {
    format = formatOfFile(name);
  } catch (error) {
    if (error instanceof UnsupportedFileError) throw new UsageError(error.message); // a file type the app cannot open
    throw error;
  }
  const stream = new FrameStream(name, format);
  const file = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  try {
    for await (const chunk of file as AsyncIterable<string>) {
      for (const frame of stream.push(chunk)) return { frame, incremental: stream.incremental };
    }
    for (const frame of stream.finish()) return { frame, incremental: stream.incremental };
  } finally {
    file.destroy();
  }
  throw new UsageError(`${name}: the file holds no structure`);
}

/**
 * `equitensor view FILE [--port N]`: check that FILE's first frame parses (a bad start exits 2 with its
 * line), then build and serve the app, which streams FILE frame by frame into the viewer.
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
    .option('--port <n>', 'port (default: a free port)', portOption, 0)
    .option('--no-build', 'serve the existing build in apps/sim/dist')
    .option('--json', 'print {url, port, dist, file} as one JSON object')
    .action(async (file: string, options: ServeOptions) => {
      const path = resolve(file);
      if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`no such file: ${file}`);
      const name = basename(path);
      const first = await readFirstFrame(path, name); // a ParseError or RangeError: exit 2 in runCli
      const rest = first.incremental ? 'the app reads the frames as they stream' : 'parsed whole';
      process.stderr.write(`equitensor: ${name}: ${first.frame.numbers.length} atoms in the first frame (${rest})\n`);
      await startServer(options, { name, path });
    });
}
