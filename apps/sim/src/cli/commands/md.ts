import type { Command } from 'commander';
import { choiceOption, finiteNumber, nonNegativeInteger, nonNegativeNumber, positiveInteger, positiveNumber } from '../options.ts';
import { workersHelp, workersOption } from '../workers.ts';

/** The ensembles of `md run --ensemble`. */
export const ENSEMBLES = ['nve', 'langevin', 'nhc', 'bussi'] as const;

/** The barostats of `md run --barostat`. */
export const BAROSTATS = ['berendsen', 'mtk'] as const;

/** The compute backends of `--backend`. */
export const BACKENDS = ['cpu', 'webgpu'] as const;

/** The typed options of `equitensor md run`, as commander hands them to the action. */
export interface MdRunOptions {
  input?: string;
  checkpoint?: string;
  checkpointEvery: number;
  restart?: string;
  potential: string;
  ensemble: (typeof ENSEMBLES)[number];
  temperature?: number;
  /** Time step (fs; τ for reduced lj); when absent, 1 fs or 0.005 τ (LAMMPS' defaults), or the checkpoint's on --restart. */
  dt?: number;
  steps: number;
  out?: string;
  every: number;
  seed: number;
  friction?: number;
  tau?: number;
  barostat?: (typeof BAROSTATS)[number];
  pressure?: number;
  tauP?: number;
  bulkModulus?: number;
  coupling: 'iso' | 'aniso';
  backend: (typeof BACKENDS)[number];
  maxTemperature?: number;
  /** Stop (exit code 4) when an mlip model's extrapolation grade passes this. */
  maxGrade?: number;
  /** Warn when an mlip model's extrapolation grade passes this. */
  warnGrade?: number;
  /** Force computation on this many worker threads (`--workers N|auto`, resolved; the pooled kernels on the cpu backend, see pooledPotential). */
  workers: number;
  json?: boolean;
}

/** The typed options of `equitensor md bench-lj`. */
export interface MdBenchOptions {
  atoms: number;
  steps: number;
  seed: number;
  workers: number;
  /** LAMMPS' `neigh_modify every N`: consider a list rebuild every N steps (default 1). */
  neighEvery: number;
  /** LAMMPS' `neigh_modify check yes|no`: rebuild only when an atom moved over half the skin (default yes). */
  neighCheck: 'yes' | 'no';
  json?: boolean;
}

/**
 * `equitensor md run` (molecular dynamics or a single point on a structure file, on the backend of
 * `--backend`) and `equitensor md bench-lj` (LAMMPS' LJ benchmark system). Options arrive typed (options.ts).
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
    .option(
      '--checkpoint <file>',
      'write a checkpoint (JSON) every --checkpoint-every steps, at the end, and of the last good state when a run stops',
    )
    .option('--checkpoint-every <n>', 'steps between periodic checkpoints', positiveInteger('--checkpoint-every'), 1000)
    .requiredOption(
      '--potential <spec>',
      'lj (reduced units) | lj:EPS,SIGMA,RC | eam:FILE | morse:D,ALPHA,R0,RC | sw (Si) | mlip:MODEL | mace:MODEL[:tabulate[=K]] | coulomb[:ewald|:direct]; sum terms with +',
    )
    .option('--ensemble <name>', 'nve | langevin | nhc | bussi', choiceOption('--ensemble', ENSEMBLES), 'nve')
    .option(
      '--temperature <T>',
      'K (τ units for lj): initial Maxwell-Boltzmann velocities (unless the file has velocities) and thermostat target',
      nonNegativeNumber('--temperature', 'a non-negative temperature'),
    )
    .option(
      '--dt <fs>',
      "time step (fs; τ for reduced lj); default 1 fs, 0.005 τ for reduced lj (LAMMPS' defaults), the checkpoint's with --restart",
      positiveNumber('--dt', 'a positive time step'),
    )
    .option('--steps <n>', 'number of steps (0 = single point)', nonNegativeInteger('--steps'), 0)
    .option('--out <file>', 'extxyz trajectory with energy, stress and forces (kept up to the last good frame if the run stops)')
    .option('--every <k>', 'write a frame (and check the run) every k steps', positiveInteger('--every'), 10)
    .option('--seed <n>', 'seed of velocities and thermostat noise', nonNegativeInteger('--seed'), 0)
    .option('--friction <rate>', 'Langevin friction (1/fs; default 1/tau)', nonNegativeNumber('--friction', 'a non-negative rate (1/time)'))
    .option('--tau <time>', 'thermostat time constant (default 100 dt)', positiveNumber('--tau', 'a positive time'))
    .option(
      '--barostat <name>',
      'berendsen (pressure coupling on top of --ensemble) | mtk (MTK NPT, with --ensemble nhc); cpu backend, periodic cells',
      choiceOption('--barostat', BAROSTATS),
    )
    .option('--pressure <bar>', 'barostat target pressure (bar; reduced units for lj)', finiteNumber('--pressure', 'a pressure'))
    .option(
      '--tau-p <time>',
      'barostat damping time / MTK barostat period (fs; τ for lj; default 1000 dt)',
      positiveNumber('--tau-p', 'a positive time'),
    )
    .option(
      '--bulk-modulus <bar>',
      'Berendsen bulk-modulus estimate (bar; default 1e6, 10 for lj as LAMMPS)',
      positiveNumber('--bulk-modulus', 'a positive pressure'),
    )
    .option(
      '--coupling <kind>',
      'barostat coupling: iso | aniso (per axis, orthorhombic cells)',
      choiceOption('--coupling', ['iso', 'aniso'] as const),
      'iso',
    )
    .option(
      '--max-temperature <T>',
      'stop the run (exit code 3) when the temperature exceeds T (K; ε/kB for lj; default 1e5) or anything turns non-finite',
      positiveNumber('--max-temperature', 'a positive temperature'),
    )
    .option(
      '--max-grade <γ>',
      "mlip: models: stop the run (exit code 4, trajectory kept) when an atom's extrapolation grade exceeds γ (1 = the most uncertain training atom), checked every --every steps",
      positiveNumber('--max-grade', 'a positive grade'),
    )
    .option(
      '--warn-grade <γ>',
      "mlip: models: warn when an atom's extrapolation grade exceeds γ (checked every --every steps; the count is in the summary)",
      positiveNumber('--warn-grade', 'a positive grade'),
    )
    .option(
      '--backend <name>',
      'cpu (float64 reference) | webgpu (lj, eam, morse; nve or langevin on the device)',
      choiceOption('--backend', BACKENDS),
      'cpu',
    )
    .option(
      '--workers <n|auto>',
      workersHelp('cpu backend: lj, eam, morse, mace, mlip (cg, gaunt) and coulomb:pme (+born|buck) forces'),
      workersOption('--workers'),
      1,
    )
    .option('--json', 'print one JSON summary object')
    .action(async (options: MdRunOptions) => (await import('./md-action.ts')).mdRunCommand(options));
  md.command('bench-lj')
    .description("LAMMPS' in.lj benchmark system (fcc ρ*=0.8442, rc 2.5, T*=1.44, NVE) in this package")
    .option('--atoms <n>', 'number of atoms, 4·k³', positiveInteger('--atoms'), 32000)
    .option('--steps <n>', 'number of steps', nonNegativeInteger('--steps'), 100)
    .option('--seed <n>', 'velocity seed', nonNegativeInteger('--seed'), 87287)
    .option('--workers <n|auto>', workersHelp('force computation'), workersOption('--workers'), 1)
    .option(
      '--neigh-every <n>',
      "as LAMMPS' neigh_modify every N: consider a neighbour-list rebuild every n steps (in.lj itself: 20)",
      positiveInteger('--neigh-every'),
      1,
    )
    .option(
      '--neigh-check <yes|no>',
      "as LAMMPS' neigh_modify check: yes = rebuild only when an atom moved over half the skin (safe); no = at every --neigh-every step (in.lj itself: no)",
      choiceOption('--neigh-check', ['yes', 'no'] as const),
      'yes',
    )
    .option('--json', 'print one JSON summary object')
    .action(async (options: MdBenchOptions) => (await import('./md-action.ts')).benchCommand(options));
}
