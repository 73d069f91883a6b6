import type { Command } from 'commander';
import { getBenchCommand } from './bench.ts';
import type { BenchGpuOptions } from './bench-gpu-action.ts';

/**
 * `equitensor bench gpu`: throughput of one @equitensor/gpu kernel on this machine's WebGPU adapter
 * and of the float64 CPU implementation on the same input in the same run, and their ratio.
 *
 * @example
 * ```sh
 * pnpm equitensor bench gpu --kernel lj --size 1000000 --steps 100 --json
 * pnpm equitensor bench gpu --kernel tp --kind cg --setting uvu --lmax 3 --mul 8 --size 10000 --json
 * ```
 */
export function registerBenchGpuCommand(program: Command): void {
  getBenchCommand(program)
    .command('gpu')
    .description('time a WebGPU kernel (lj | eam MD steps, sh, tp, rs) against the float64 CPU implementation in the same run')
    .requiredOption(
      '--kernel <kernel>',
      'lj | eam (MD steps on the device) | sh (spherical harmonics) | tp (tensor product) | rs (range-separated potential)',
    )
    .requiredOption('--size <N>', 'atoms (lj, eam), vectors (sh), batch (tp) or evaluation points (rs)')
    .option('--steps <n>', 'MD steps on the GPU (lj, eam; default 100)')
    .option('--lmax <L>', 'sh: largest degree (default 6); tp: largest input degree (default 3)')
    .option('--mul <M>', 'tp cg: multiplicity (default 8)')
    .option('--kind <kind>', 'tp: cg (sparse Clebsch-Gordan, default) | grid (sphere grid, MIMO)')
    .option('--setting <setting>', 'tp cg: uvu (default) | fctp')
    .option('--per-sample-weights', 'tp cg: weights per sample (as per edge in an MLIP) instead of shared')
    .option('--repeats <n>', 'timed repeats, the median is reported (default 5)')
    .option('--cpu-seconds <s>', 'time budget of the CPU measurement (default 3)')
    .option('--charges <n>', 'rs: ions of the NaCl-type cube (default 512)')
    .option('--eam-file <path>', 'eam: funcfl/setfl file (default ../shared/data/lammps/potentials/Cu_u3.eam)')
    .option('--json', 'print one JSON object {kernel, size, adapter, gpu, cpu, ratio, …}')
    .action(async (options: BenchGpuOptions) => (await import('./bench-gpu-action.ts')).runBenchGpu(options));
}
