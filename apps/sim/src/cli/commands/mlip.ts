import type { Command } from 'commander';
import type { KeyOptions } from './mlip-action.ts';

/** The tensor-product kinds of `@equitensor/mlip` (`TENSOR_PRODUCT_KINDS`), spelled out so `--help` needs no import; cli.test checks they agree. */
export const MLIP_KIND_NAMES = 'cg|gaunt|grid|cp';

/**
 * `equitensor mlip fit|eval`: fit an ACE potential on extxyz data and evaluate a model file.
 *
 * @example
 * ```sh
 * pnpm equitensor mlip fit --train Si_tiny.xyz --energy-key dft_energy --forces-key dft_force --virial-key dft_virial --kind cg --out si.json --json
 * pnpm equitensor mlip eval --model si.json --data Si_tiny.xyz --energy-key dft_energy --forces-key dft_force --json
 * ```
 */
export function registerMlipCommand(program: Command): void {
  const mlip = program.command('mlip').description('machine-learned interatomic potentials (ACE, @equitensor/mlip)');
  const addKeys = (c: Command): Command =>
    c
      .option('--energy-key <key>', 'per-frame energy key (default: energy, dft_energy, REF_energy)')
      .option('--forces-key <key>', 'per-atom forces key (default: forces, dft_force, REF_forces)')
      .option('--virial-key <key>', 'per-frame virial key (default: virial, dft_virial)')
      .option('--stress-key <key>', 'per-frame stress key, used when there is no virial (virial = −stress·V)')
      .option('--config-type-key <key>', 'per-frame configuration-type key (default config_type)');
  addKeys(
    mlip
      .command('fit')
      .description('fit an ACE potential (linear, ridge regression with validation) on an extxyz file')
      .requiredOption('--train <file>', 'training data (extended XYZ)')
      .requiredOption('--out <model>', 'model file to write (JSON)')
      .option('--kind <kind>', `tensor-product kind: ${MLIP_KIND_NAMES}`, 'cg'),
  )
    .option('--order <n>', 'correlation order 1–4 (body order − 1)', '3')
    .option('--degree <d>', 'total degree (one value, or one per order: 16,12,12)', '12')
    .option('--wl <w>', 'weight of l in the degree', '1')
    .option('--rcut <Å>', 'cutoff radius', '5.5')
    .option('--transform <λ>', 'radial distance transform strength (0 = linear)', '0')
    .option('--rin <Å>', 'inner radius of the radial distance map (default 0)')
    .option('--energy-weight <w>', 'weight of energy rows (per √atoms)', '30')
    .option('--forces-weight <w>', 'weight of force components', '1')
    .option('--virial-weight <w>', 'weight of virial rows (per √atoms)', '1')
    .option('--cp-rank <r>', 'CP rank per path for --kind cp')
    .option('--e0 <pairs>', 'reference energies "Z:eV,Z:eV" (default: isolated-atom frames, else fitted)')
    .option('--validation <fraction>', 'hold-out fraction for choosing the ridge parameter', '0.1')
    .option('--folds <k>', 'k-fold cross-validation instead of a hold-out split')
    .option('--seed <n>', 'seed of the split', '1')
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: KeyOptions & Record<string, string | boolean | undefined>) => (await import('./mlip-action.ts')).runMlipFit(o));

  addKeys(
    mlip
      .command('eval')
      .description('evaluate a model file on labelled extxyz data (energy per atom, force components)')
      .requiredOption('--model <file>', 'model file (JSON from `mlip fit`)')
      .requiredOption('--data <file>', 'labelled data (extended XYZ)'),
  )
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: KeyOptions & { model: string; data: string; json?: boolean }) => (await import('./mlip-action.ts')).runMlipEval(o));
}
