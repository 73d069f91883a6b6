import type { Command } from 'commander';
import { choiceOption, integerOption, nonNegativeInteger, positiveInteger, positiveNumber } from '../options.ts';
import { getBenchCommand } from './bench.ts';

/** The kernels of `bench gpu --kernel`. */
export const GPU_KERNELS = ['lj', 'eam', 'sh', 'tp', 'rs', 'pme'] as const;

/** The typed options of `equitensor bench gpu`, as commander hands them to the action. */
export interface BenchGpuOptions {
  kernel: (typeof GPU_KERNELS)[number];
  size: number;
  steps: number;
  /** Default 6 for sh, 3 for tp (set by the action). */
  lmax?: number;
  mul: number;
  kind: 'cg' | 'grid';
  setting: 'uvu' | 'fctp';
  repeats: number;
  cpuSeconds: number;
  eamFile?: string;
  charges: number;
  perSampleWeights?: boolean;
  json?: boolean;
}

/**
 * `equitensor bench gpu`: throughput of one @equitensor/gpu kernel on this machine's WebGPU adapter
 * and of the float64 CPU implementation on the same input in the same run, and their ratio.
 *
 * @example
 * ```sh
 * pnpm equitensor bench gpu --kernel lj --size 1000000 --steps 100 --json
 * pnpm equitensor bench gpu --kernel pme --size 4096 --steps 20 --json
 * pnpm equitensor bench gpu --kernel tp --kind cg --setting uvu --lmax 3 --mul 8 --size 10000 --json
 * ```
 */
export function registerBenchGpuCommand(program: Command): void {
  getBenchCommand(program)
    .command('gpu')
    .description('time a WebGPU kernel (lj | eam | pme MD steps, sh, tp, rs) against the float64 CPU implementation in the same run')
    .requiredOption(
      '--kernel <kernel>',
      'lj | eam | pme (MD steps on the device; pme: molten Tosi-Fumi NaCl, Born + PME 1e-5) | sh (spherical harmonics) | tp (tensor product) | rs (range-separated potential)',
      choiceOption('--kernel', GPU_KERNELS),
    )
    .requiredOption(
      '--size <N>',
      'atoms (lj, eam), ions (pme), vectors (sh), batch (tp) or evaluation points (rs)',
      integerOption('--size', 1),
    )
    .option('--steps <n>', 'MD steps on the GPU (lj, eam, pme)', integerOption('--steps', 1), 100)
    .option('--lmax <L>', 'sh: largest degree (default 6); tp: largest input degree (default 3)', nonNegativeInteger('--lmax'))
    .option('--mul <M>', 'tp cg: multiplicity', positiveInteger('--mul'), 8)
    .option(
      '--kind <kind>',
      'tp: cg (sparse Clebsch-Gordan) | grid (sphere grid, MIMO)',
      choiceOption('--kind', ['cg', 'grid'] as const),
      'cg',
    )
    .option('--setting <setting>', 'tp cg: uvu | fctp', choiceOption('--setting', ['uvu', 'fctp'] as const), 'uvu')
    .option('--per-sample-weights', 'tp cg: weights per sample (as per edge in an MLIP) instead of shared')
    .option('--repeats <n>', 'timed repeats, the median is reported', integerOption('--repeats', 1), 5)
    .option('--cpu-seconds <s>', 'time budget of the CPU measurement', positiveNumber('--cpu-seconds'), 3)
    .option('--charges <n>', 'rs: ions of the NaCl-type cube', integerOption('--charges', 1), 512)
    .option('--eam-file <path>', 'eam: funcfl/setfl file (default ../shared/data/lammps/potentials/Cu_u3.eam)')
    .option('--json', 'print one JSON object {kernel, size, adapter, gpu, cpu, ratio, …}')
    .action(async (options: BenchGpuOptions) => (await import('./bench-gpu-action.ts')).runBenchGpu(options));
}
