import { type Command, Option } from 'commander';
import { choiceOption, fileNameOption, numberListOption, numberOption, positiveNumber } from '../options.ts';

/** The methods of `electrostatics --method`. */
export const ELECTROSTATICS_METHODS = ['direct', 'ewald', 'pme', 'mesh', 'rs'] as const;

/** The typed options of `equitensor electrostatics`, as commander hands them to the action. */
export interface ElectrostaticsOptions {
  input: string;
  method: (typeof ELECTROSTATICS_METHODS)[number];
  /** Requested relative accuracy in (0, 0.5). */
  accuracy: number;
  /** n, or nx,ny,nz (ewald), each in 8…512. */
  grid?: number[];
  /** A `.npy` file name. */
  potentialOut?: string;
  splitRadius?: number;
  json?: boolean;
}

/**
 * `equitensor electrostatics`: Coulomb energy and forces of a charged structure (PQR, or extxyz with a
 * `charges` or ASE `initial_charges` column) by direct summation, Ewald or smooth particle-mesh Ewald (periodic) or
 * the range-separated tensor format, optionally writing the potential on an n³ grid as `.npy`.
 *
 * @example
 * ```sh
 * pnpm equitensor electrostatics --input ../shared/data/pqr/1ajj.pqr --method rs --accuracy 1e-6 --json
 * pnpm equitensor electrostatics --input NaCl.xyz --method ewald --accuracy 1e-10 --json
 * pnpm equitensor electrostatics --input NaCl.xyz --method pme --accuracy 1e-5 --json
 * pnpm equitensor electrostatics --input ../shared/data/pqr/actin-dimer_complex.pqr --method mesh --accuracy 1e-6 --json
 * pnpm equitensor electrostatics --input NaCl.xyz --method ewald --grid 32,32,32 --potential-out field.npy --json
 * ```
 */
export function registerElectrostaticsCommand(program: Command): void {
  program
    .command('electrostatics')
    .description(
      'Coulomb energy and forces by direct summation, Ewald, smooth particle-mesh Ewald (PME), the open-boundary mesh (Ewald split, zero-padded FFT) or the range-separated (RS) tensor format',
    )
    .requiredOption('--input <file>', 'structure with charges: .pqr, or extxyz with a charges (or ASE initial_charges) column')
    .option(
      '--method <method>',
      'direct | ewald | pme (periodic) | mesh (open, fast) | rs',
      choiceOption('--method', ELECTROSTATICS_METHODS),
      'direct',
    )
    .addOption(
      new Option(
        '--accuracy <delta>',
        'requested relative accuracy (ewald, rs; pme and mesh: relative RMS force accuracy, which picks α, cutoff, mesh and order)',
      )
        .argParser(numberOption('--accuracy', (v) => v > 0 && v < 0.5, 'a relative accuracy in (0, 0.5)'))
        .default(1e-6, '1e-6'),
    )
    .option(
      '--grid <n>',
      'rs: nodes per axis of the long-range tensor grid (default from the accuracy); direct: of the --potential-out grid (default 64); ewald: n or nx,ny,nz nodes along the lattice vectors (default 32)',
      numberListOption(
        '--grid',
        (v) => Number.isInteger(v) && v >= 8 && v <= 512,
        'an integer in 8…512 or three of them, nx,ny,nz',
        [1, 3],
      ),
    )
    .option(
      '--potential-out <file.npy>',
      'write the potential (V) on the grid (rs: its own grid; direct: over the structure; ewald: the cell in fractional coordinates, nodes at (i + ½)/n)',
      fileNameOption('--potential-out', '.npy'),
    )
    .option('--split-radius <sigma>', 'rs: range-separation radius σ in Å (default 1/4 of the box edge)', positiveNumber('--split-radius'))
    .option('--json', 'print one JSON object {method, atoms, energy, forces, seconds, …}')
    .action(async (options: ElectrostaticsOptions) => (await import('./electrostatics-action.ts')).runElectrostatics(options));
}
