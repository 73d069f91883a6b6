import type { Command } from 'commander';
import { choiceOption, integerOption, numberArgsOption, numberListOption, positiveInteger, positiveNumber } from '../options.ts';
import { workersHelp, workersOption } from '../workers.ts';

/** The formats of `tensor decompose --format`. */
export const DECOMPOSE_FORMATS = ['tucker', 'cp', 'tt'] as const;

/** The methods of `tensor decompose --method` (which format takes which is checked by the action). */
export const DECOMPOSE_METHODS = ['hosvd', 'hooi', 'als', 'ttsvd'] as const;

/** The starts of `tensor decompose --method hooi --init`. */
export const HOOI_INITS = ['sthosvd', 'hosvd'] as const;

/** The typed options of `equitensor tensor decompose`, as commander hands them to the action. */
export interface DecomposeOptions {
  format: (typeof DECOMPOSE_FORMATS)[number];
  /** One rank, or one per mode (tucker) / per bond (tt). */
  rank?: number[];
  eps?: number;
  method?: (typeof DECOMPOSE_METHODS)[number];
  /** HOOI's start (tucker hooi only). */
  init: (typeof HOOI_INITS)[number];
  out: string;
  force?: boolean;
  maxRank: number;
  /** Worker threads of the Tucker GEMMs (`--workers N|auto`, resolved to a count; 1 = this thread). */
  workers: number;
  json?: boolean;
}

/** The typed options of `equitensor tensor chebtucker`. */
export interface ChebTuckerOptions {
  cp: string[];
  weights?: string;
  /** The interval a b (checked to be two numbers a < b by the action). */
  domain?: number[];
  m: number;
  tol: number;
  divideH3?: boolean;
  json?: boolean;
}

/**
 * `equitensor tensor decompose|chebtucker`: Tucker / CP / TT decompositions of a `.npy` tensor, and the
 * Chebyshev-Tucker format (Alg. 3.3 of arXiv:2503.01696) of a CP tensor given by its factor files.
 *
 * @example
 * ```sh
 * pnpm equitensor tensor decompose x.npy --format tucker --eps 1e-6 --out x-tucker --json
 * pnpm equitensor tensor chebtucker --cp U1.npy U2.npy U3.npy --m 257 --tol 1e-7 --json
 * ```
 */
export function registerTensorCommand(program: Command): void {
  const tensor = program.command('tensor').description('tensor decompositions (Tucker, CP, TT) and the Chebyshev-Tucker format');
  tensor
    .command('decompose')
    .description('decompose a dense .npy tensor; writes the factors as .npy files and a manifest.json into --out')
    .argument('<input>', 'dense tensor (.npy, float64/float32/int32, any order)')
    .requiredOption('--format <format>', 'tucker | cp | tt', choiceOption('--format', DECOMPOSE_FORMATS))
    .option(
      '--rank <r>',
      'rank: one integer, or one per mode (tucker) / per bond (tt), comma-separated',
      numberListOption('--rank', (v) => Number.isInteger(v) && v >= 1, 'positive integers'),
    )
    .option('--eps <e>', 'relative accuracy ε (tucker, tt; for cp: smallest rank up to --max-rank reaching ε)', positiveNumber('--eps'))
    .option('--method <method>', 'tucker: hosvd (default) | hooi; cp: als; tt: ttsvd', choiceOption('--method', DECOMPOSE_METHODS))
    .option(
      '--init <start>',
      "hooi's start: sthosvd (sequentially truncated HOSVD, default: one Gram pass over the tensor instead of three) | hosvd (as tensorly's init='svd')",
      choiceOption('--init', HOOI_INITS),
      'sthosvd',
    )
    .requiredOption('--out <dir>', 'output folder (must not exist unless --force)')
    .option('--force', 'replace an existing output folder')
    .option('--max-rank <r>', 'largest CP rank tried with --eps', positiveInteger('--max-rank'), 20)
    .option(
      '--workers <n|auto>',
      workersHelp('the Gram matrices, mode products, blocked QRs (tt) and MTTKRPs (cp), the one-thread result bit for bit,'),
      workersOption('--workers'),
      1,
    )
    .option(
      '--json',
      'print one JSON object {format, method, init (hooi), shape, ranks, relativeError, seconds, cpuSeconds, workers, out, files}; seconds: the decomposition alone (wall, and CPU of every thread)',
    )
    .action(async (input: string, options: DecomposeOptions) => (await import('./tensor-action.ts')).runDecompose(input, options));
  tensor
    .command('chebtucker')
    .description('Chebyshev-Tucker approximation (Alg. 3.3, RHOSVD) of a CP tensor on the cell centres of a box')
    .requiredOption('--cp <files...>', 'three factor files U1 U2 U3 (.npy, n_k × R)')
    .option('--weights <file>', 'CP weights (.npy, length R; default all ones)')
    .option('--domain <ab...>', 'interval a b for all three axes (default -1 1)', numberArgsOption('--domain'))
    .requiredOption('--m <m>', 'number of Chebyshev points per axis', integerOption('--m', 2))
    .option('--tol <t>', 'RHOSVD tolerance (absolute tail per mode tol/3, as the paper)', positiveNumber('--tol'), 1e-7)
    .option('--divide-h3', 'divide the CP tensor by h³ (each factor by its cell size h), e.g. Galerkin data')
    .option('--json', 'print one JSON object {ranks, midSliceMaxAbsError, midSliceMaxRelError, seconds, …}')
    .action(async (options: ChebTuckerOptions) => (await import('./tensor-action.ts')).runChebTucker(options));
}
