import type { CpRank } from '@equitensor/so3';
import { type Command, InvalidArgumentError } from 'commander';
import { choiceOption, nonNegativeInteger, positiveInteger } from '../options.ts';
import { workersHelp, workersOption } from '../workers.ts';

/** The tensor-product kinds of `bench tp --kind`. */
export const BENCH_TP_KINDS = ['cg', 'gaunt', 'grid', 'cp'] as const;

/** The settings of `bench tp --setting` (fctp and uvu need --kind cg, checked by the action). */
export const BENCH_TP_SETTINGS = ['siso', 'simo', 'mimo', 'fctp', 'uvu'] as const;

/** The typed options of `equitensor bench tp`, as commander hands them to the action. */
export interface BenchTpOptions {
  kind: (typeof BENCH_TP_KINDS)[number];
  setting: (typeof BENCH_TP_SETTINGS)[number];
  lmax: number;
  mul: number;
  batch: number;
  dtype: 'f64' | 'f32';
  rank?: CpRank;
  warmup: number;
  repeats: number;
  /** Worker threads for the batch rows (`--workers N|auto`, resolved; fctp and uvu). */
  workers: number;
  json?: boolean;
}

/** `--rank`: a positive integer, 7L, 7L2 or full. */
function cpRankOption(value: string): CpRank {
  if (value === '7L' || value === '7L2' || value === 'full') return value;
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`--rank must be a positive integer, 7L, 7L2 or full, got "${value}"`);
  return n;
}

/**
 * The `bench` command of the program, created on first use. Other benchmark subcommands attach to it:
 *
 * @example
 * ```ts
 * getBenchCommand(program).command('gpu').description('…').action(…);
 * ```
 */
export function getBenchCommand(program: Command): Command {
  const existing = program.commands.find((c) => c.name() === 'bench');
  if (existing) return existing;
  return program.command('bench').description('benchmarks (tensor products; more subcommands attach here)');
}

/**
 * `equitensor bench tp`: time one tensor-product kind in one setting (median of repeats after warm-up).
 *
 * @example
 * ```sh
 * pnpm equitensor bench tp --kind grid --setting mimo --lmax 6 --batch 10000 --dtype f32 --json
 * ```
 */
export function registerBenchCommand(program: Command): void {
  getBenchCommand(program)
    .command('tp')
    .description('time an equivariant tensor product: kind × setting × lmax (PriceofFreedom settings; e3nn FCTP / uvu)')
    .requiredOption('--kind <kind>', 'cg | gaunt | grid | cp', choiceOption('--kind', BENCH_TP_KINDS))
    .requiredOption(
      '--setting <setting>',
      'siso | simo | mimo (all kinds) | fctp | uvu (kind cg)',
      choiceOption('--setting', BENCH_TP_SETTINGS),
    )
    .requiredOption('--lmax <L>', 'largest input degree L', nonNegativeInteger('--lmax'))
    .option('--mul <M>', 'channels (siso/simo/mimo) or multiplicity (fctp/uvu)', positiveInteger('--mul'), 1)
    .requiredOption('--batch <B>', 'samples per batch', positiveInteger('--batch'))
    .option('--dtype <dtype>', 'f64 | f32', choiceOption('--dtype', ['f64', 'f32'] as const), 'f64')
    .option('--rank <r>', 'cp kind: rank, 7L, 7L2 (default) or full', cpRankOption)
    .option('--warmup <n>', 'untimed batches first (and at least 0.2 s of them)', nonNegativeInteger('--warmup'), 1)
    .option('--repeats <n>', 'timed batches; the median is reported', positiveInteger('--repeats'), 5)
    .option('--workers <n|auto>', workersHelp('fctp / uvu: the batch rows, bit-identical per row,'), workersOption('--workers'), 1)
    .option(
      '--json',
      'print one JSON object {kind, setting, lmax, mul, batch, dtype, workers, secondsPerBatch, cpuSecondsPerBatch, samplesPerSecond, …}',
    )
    .action(async (options: BenchTpOptions) => (await import('./bench-action.ts')).runBenchTp(options));
}
