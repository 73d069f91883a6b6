import type { Command } from 'commander';
import type { BenchTpOptions } from './bench-action.ts';

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
    .requiredOption('--kind <kind>', 'cg | gaunt | grid | cp')
    .requiredOption('--setting <setting>', 'siso | simo | mimo (all kinds) | fctp | uvu (kind cg)')
    .requiredOption('--lmax <L>', 'largest input degree L')
    .option('--mul <M>', 'channels (siso/simo/mimo) or multiplicity (fctp/uvu), default 1')
    .requiredOption('--batch <B>', 'samples per batch')
    .option('--dtype <dtype>', 'f64 (default) | f32')
    .option('--rank <r>', 'cp kind: rank, 7L, 7L2 (default) or full')
    .option('--warmup <n>', 'untimed batches first (default 1, and at least 0.2 s of them)')
    .option('--repeats <n>', 'timed batches; the median is reported (default 5)')
    .option('--json', 'print one JSON object {kind, setting, lmax, mul, batch, dtype, secondsPerBatch, samplesPerSecond, …}')
    .action(async (options: BenchTpOptions) => (await import('./bench-action.ts')).runBenchTp(options));
}
