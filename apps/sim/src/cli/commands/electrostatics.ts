import type { Command } from 'commander';
import type { ElectrostaticsCliOptions } from './electrostatics-action.ts';

/**
 * `equitensor electrostatics`: Coulomb energy and forces of a charged structure (PQR, or extxyz with a
 * `charges` column) by direct summation, Ewald (periodic) or the range-separated tensor format, optionally
 * writing the potential on an n³ grid as `.npy`.
 *
 * @example
 * ```sh
 * pnpm equitensor electrostatics --input ../shared/data/pqr/1ajj.pqr --method rs --accuracy 1e-6 --json
 * pnpm equitensor electrostatics --input NaCl.xyz --method ewald --accuracy 1e-10 --json
 * pnpm equitensor electrostatics --input NaCl.xyz --method ewald --grid 32,32,32 --potential-out field.npy --json
 * ```
 */
export function registerElectrostaticsCommand(program: Command): void {
  program
    .command('electrostatics')
    .description('Coulomb energy and forces by direct summation, Ewald or the range-separated (RS) tensor format')
    .requiredOption('--input <file>', 'structure with charges: .pqr, or extxyz with a charges column')
    .option('--method <method>', 'direct | ewald | rs', 'direct')
    .option('--accuracy <delta>', 'requested relative accuracy (ewald, rs)', '1e-6')
    .option(
      '--grid <n>',
      'rs: nodes per axis of the long-range tensor grid (default from the accuracy); direct: of the --potential-out grid (default 64); ewald: n or nx,ny,nz nodes along the lattice vectors (default 32)',
    )
    .option(
      '--potential-out <file.npy>',
      'write the potential (V) on the grid (rs: its own grid; direct: over the structure; ewald: the cell in fractional coordinates, nodes at (i + ½)/n)',
    )
    .option('--split-radius <sigma>', 'rs: range-separation radius σ in Å (default 1/4 of the box edge)')
    .option('--json', 'print one JSON object {method, atoms, energy, forces, seconds, …}')
    .action(async (options: ElectrostaticsCliOptions) => (await import('./electrostatics-action.ts')).runElectrostatics(options));
}
