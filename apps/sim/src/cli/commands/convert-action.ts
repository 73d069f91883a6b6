/**
 * The work of `equitensor convert`, loaded only when the command runs (see convert.ts).
 */
import { chemicalSymbols, type Structure } from '@equitensor/io';
import { chooseFormat, readFramesFromFile, writeFramesToFile } from '@equitensor/io/node';
import { UsageError } from '../errors.ts';
import { printJson } from '../json.ts';
import { checkOutputPath } from '../output-path.ts';

export interface ConvertOptions {
  from?: string;
  to?: string;
  typeSymbols?: string;
  json?: boolean;
}

function formula(s: Structure): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const z of s.numbers) {
    const symbol = chemicalSymbols[z] ?? 'X';
    counts[symbol] = (counts[symbol] ?? 0) + 1;
  }
  return counts;
}

function pick(path: string, format: string | undefined, role: string): string {
  try {
    return chooseFormat(path, format === undefined ? {} : { format });
  } catch (error) {
    throw new UsageError(`${role}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Read INPUT and write OUTPUT (`equitensor convert`). */
export async function runConvert(input: string, output: string, options: ConvertOptions): Promise<void> {
  const from = pick(input, options.from, 'input');
  const to = pick(output, options.to, 'output');
  checkOutputPath(output, 'output'); // before reading a possibly large input
  const typeSymbols = options.typeSymbols?.split(',').map((s) => s.trim());
  let frames: Structure[];
  try {
    frames = await readFramesFromFile(input, typeSymbols === undefined ? { format: from } : { format: from, typeSymbols });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E')) throw new UsageError(`cannot read ${input}: ${(error as Error).message}`);
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  if (frames.length === 0) throw new UsageError(`${input}: no structures found (an empty ${from} file)`);
  try {
    await writeFramesToFile(output, frames, { format: to });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(`cannot write ${to}: ${error.message}`);
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E')) throw new UsageError(`cannot write ${output}: ${(error as Error).message}`);
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
