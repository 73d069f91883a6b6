/**
 * The work of `equitensor convert`, loaded only when the command runs (see convert.ts).
 */
import { chemicalSymbols, type Structure } from '@equitensor/io';
import { chooseFormat, readFramesFromFile, writeFramesToFile } from '@equitensor/io/node';
import { isSystemError, UsageError } from '../errors.ts';
import { printJson } from '../json.ts';
import { asUsageError, asUsageErrorAsync } from '../options.ts';
import { checkOutputPath } from '../output-path.ts';
import type { ConvertOptions } from './convert.ts';

function formula(s: Structure): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const z of s.numbers) {
    const symbol = chemicalSymbols[z] ?? 'X';
    counts[symbol] = (counts[symbol] ?? 0) + 1;
  }
  return counts;
}

/** Read INPUT and write OUTPUT (`equitensor convert`). */
export async function runConvert(input: string, output: string, options: ConvertOptions): Promise<void> {
  // io's RangeError for an unknown format or extension, prefixed with the side it is about
  const from = asUsageError(() => chooseFormat(input, options.from === undefined ? {} : { format: options.from }), 'input');
  const to = asUsageError(() => chooseFormat(output, options.to === undefined ? {} : { format: options.to }), 'output');
  checkOutputPath(output, 'output'); // before reading a possibly large input
  const { typeSymbols } = options;
  let frames: Structure[];
  try {
    frames = await readFramesFromFile(input, {
      format: from,
      // an empty file (or one of blank lines) is io's ParseError naming the file, line 1 and what the format starts with
      requireStructure: true,
      ...(typeSymbols === undefined ? {} : { typeSymbols }),
      ...(options.unknownElementsAsX === true ? { unknownElements: 'X' as const } : {}),
    });
  } catch (error) {
    if (isSystemError(error)) throw new UsageError(`cannot read ${input}: ${error.message}`);
    throw error; // a ParseError or a RangeError: exit 2 in runCli
  }
  try {
    // a RangeError: the format cannot hold the data (a PQR file without charges)
    await asUsageErrorAsync(() => writeFramesToFile(output, frames, { format: to }), `cannot write ${to}`);
  } catch (error) {
    if (isSystemError(error)) throw new UsageError(`cannot write ${output}: ${error.message}`);
    throw error;
  }
  const first = frames[0]!;
  const summary = {
    input,
    output,
    from,
    to,
    frames: frames.length,
    atoms: first.numbers.length,
    totalAtoms: frames.reduce((n, f) => n + f.numbers.length, 0),
    formula: formula(first),
    cell: first.cell === null ? null : Array.from(first.cell),
    pbc: first.pbc,
    arrays: Object.keys(first.arrays),
    info: Object.keys(first.info),
  };
  if (options.json) printJson(summary);
  else process.stderr.write(`${input} (${from}) → ${output} (${to}): ${summary.frames} frame(s), ${summary.atoms} atoms in the first\n`);
}
