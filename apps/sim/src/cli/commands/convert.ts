import type { Command } from 'commander';
import { symbolListOption } from '../options.ts';

/** The typed options of `equitensor convert` (formats are checked against io's registry by the action). */
export interface ConvertOptions {
  from?: string;
  to?: string;
  typeSymbols?: string[];
  /** Read unknown element symbols as `X` instead of refusing the file. */
  unknownElementsAsX?: boolean;
  json?: boolean;
}

/**
 * `equitensor convert IN OUT`: convert a structure file between extxyz, PDB, PQR, CIF, LAMMPS data and
 * LAMMPS dump (format from the extension or `--from/--to`). The output is written atomically. A file that
 * cannot be read exits with code 2 and a message naming the file, line and column.
 *
 * @example
 * ```sh
 * pnpm equitensor convert protein.pqr protein.xyz --json
 * pnpm equitensor convert traj.lammpstrj traj.xyz --type-symbols Cu
 * pnpm equitensor convert beads.pdb beads.xyz --unknown-elements-as-x
 * ```
 */
export function registerConvertCommand(program: Command): void {
  program
    .command('convert')
    .description('convert a structure file between extxyz, pdb, pqr, cif, lammps-data and lammps-dump')
    .argument('<input>', 'file to read')
    .argument('<output>', 'file to write (replaced atomically)')
    .option('--from <format>', 'input format (extxyz|xyz, pdb, pqr, cif, lammps-data|data, lammps-dump|dump); default from the extension')
    .option('--to <format>', 'output format; default from the extension')
    .option('--type-symbols <list>', 'comma-separated element of each LAMMPS atom type, e.g. Na,Cl', symbolListOption('--type-symbols'))
    .option('--unknown-elements-as-x', 'read unknown element symbols (coarse-grained beads, dummy atoms) as X instead of refusing the file')
    .option('--json', 'print one JSON object describing what was read and written')
    .action(async (input: string, output: string, options: ConvertOptions) =>
      (await import('./convert-action.ts')).runConvert(input, output, options),
    );
}
