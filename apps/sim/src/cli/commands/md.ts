import type { Command } from 'commander';
import type { BenchOptions, RunOptions } from './md-action.ts';

/**
 * `equitensor md run` (molecular dynamics or a single point on a structure file) and `equitensor md bench-lj`
 * (LAMMPS' LJ benchmark system).
 *
 * @example
 * ```sh
 * pnpm equitensor md run --input cu.xyz --potential eam:Cu_u3.eam --ensemble nve --temperature 300 --dt 1 --steps 1000 --out md.xyz --every 10 --json
 * pnpm equitensor md run --input cu.xyz --potential eam:Cu_u3.eam --ensemble nhc --temperature 300 --barostat berendsen --pressure 1 --tau-p 500 --steps 5000 --json
 * pnpm equitensor md bench-lj --atoms 32000 --steps 100 --json
 * ```
 */
export function registerMdCommand(program: Command): void {
  const md = program.command('md').description('molecular dynamics with classical potentials');
  md.command('run')
    .description('run MD (or a single point with --steps 0) on a structure file')
    .option('--input <file>', 'structure file (extxyz, pdb, cif, lammps-data, …); the first frame is used')
    .option('--restart <file>', 'continue exactly from a checkpoint written by --checkpoint (instead of --input)')
    .option('--checkpoint <file>', 'write a checkpoint (JSON) at the end, for an exact --restart')
    .requiredOption(
      '--potential <spec>',
      'lj (reduced units) | lj:EPS,SIGMA,RC | eam:FILE | morse:D,ALPHA,R0,RC | sw (Si) | mlip:MODEL | coulomb[:ewald|:direct]; sum terms with +',
    )
    .option('--ensemble <name>', 'nve | langevin | nhc | bussi', 'nve')
    .option(
      '--temperature <T>',
      'K (τ units for lj): initial Maxwell-Boltzmann velocities (unless the file has velocities) and thermostat target',
    )
    .option('--dt <fs>', 'time step (fs; τ for reduced lj)', '1')
    .option('--steps <n>', 'number of steps (0 = single point)', '0')
    .option('--out <file>', 'extxyz trajectory with energy, stress and forces (written atomically)')
    .option('--every <k>', 'write a frame every k steps', '10')
    .option('--seed <n>', 'seed of velocities and thermostat noise', '0')
    .option('--friction <rate>', 'Langevin friction (1/fs; default 1/tau)')
    .option('--tau <time>', 'thermostat time constant (default 100 dt)')
    .option(
      '--barostat <name>',
      'berendsen (pressure coupling on top of --ensemble) | mtk (MTK NPT, with --ensemble nhc); cpu backend, periodic cells',
    )
    .option('--pressure <bar>', 'barostat target pressure (bar; reduced units for lj)')
    .option('--tau-p <time>', 'barostat damping time / MTK barostat period (fs; τ for lj; default 1000 dt)')
    .option('--bulk-modulus <bar>', 'Berendsen bulk-modulus estimate (bar; default 1e6, 10 for lj as LAMMPS)')
    .option('--coupling <kind>', 'barostat coupling: iso | aniso (per axis, orthorhombic cells)', 'iso')
    .option('--backend <name>', 'cpu (float64 reference) | webgpu (lj, eam, morse; nve or langevin on the device)', 'cpu')
    .option('--json', 'print one JSON summary object')
    .action(async (options: RunOptions) => (await import('./md-action.ts')).runMd(options));
  md.command('bench-lj')
    .description("LAMMPS' in.lj benchmark system (fcc ρ*=0.8442, rc 2.5, T*=1.44, NVE) in this package")
    .option('--atoms <n>', 'number of atoms, 4·k³', '32000')
    .option('--steps <n>', 'number of steps', '100')
    .option('--seed <n>', 'velocity seed', '87287')
    .option('--workers <n>', 'force computation on n worker threads (1 = this thread)', '1')
    .option('--json', 'print one JSON summary object')
    .action(async (options: BenchOptions) => (await import('./md-action.ts')).benchCommand(options));
}
