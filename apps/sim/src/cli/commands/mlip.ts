import { type Command, InvalidArgumentError } from 'commander';
import { choiceOption, nonNegativeInteger, nonNegativeNumber, numberListOption, numberOption, positiveNumber } from '../options.ts';
import { workersHelp, workersOption } from '../workers.ts';

/** The tensor-product kinds of `@equitensor/mlip` (`TENSOR_PRODUCT_KINDS`), spelled out so `--help` needs no import; cli.test checks they agree. */
export const MLIP_KINDS = ['cg', 'gaunt', 'grid', 'cp'] as const;

/** {@link MLIP_KINDS} as `--help` shows them. */
export const MLIP_KIND_NAMES = MLIP_KINDS.join('|');

const degreeList = numberListOption('--degree', (v) => Number.isInteger(v) && v >= 0, 'non-negative integers, one or one per order');

/** `--degree`: a number list, or per-element degrees (`H:8,6,4;C:10,8,6`, kept as text for the action, which knows the order). */
function degreeOption(value: string): number[] | string {
  if (!value.includes(':')) return degreeList(value);
  const parts = value.split(';');
  // an empty part (a trailing ';', or ';;') is a slip, not a separator: name it rather than skip it
  const empty = parts.findIndex((p) => p.trim() === '');
  if (empty >= 0)
    throw new InvalidArgumentError(
      `--degree per element has an empty part ${empty + 1} of ${parts.length} in "${value}"; write ELEMENT:DEGREES;… with no empty part (e.g. H:8,6,4;C:10,8,6)`,
    );
  if (!parts.every((p) => /^\s*[A-Za-z0-9]+\s*:\s*[\d,\s]+$/.test(p)))
    throw new InvalidArgumentError(`--degree per element must read ELEMENT:DEGREES;… (e.g. H:8,6,4;C:10,8,6), got "${value}"`);
  return value;
}

/** The label keys shared by `mlip fit` and `mlip eval`. */
export interface KeyOptions {
  energyKey?: string;
  forcesKey?: string;
  virialKey?: string;
  stressKey?: string;
  configTypeKey?: string;
}

/** The typed options of `equitensor mlip fit`, as commander hands them to the action. */
export interface MlipFitOptions extends KeyOptions {
  train: string;
  out: string;
  kind: (typeof MLIP_KINDS)[number];
  /** Correlation order 1–4. */
  order: number;
  /**
   * One total degree, or one per order (checked against `order` by the action); or per-element degrees as the raw
   * `ELEMENT:DEGREES;…` text (parsed by the action with `parseElementDegrees`); absent: sized from the data.
   */
  degree?: number[] | string;
  /** Column budget of the sized default basis; with `degree`, a larger explicit basis is refused. */
  maxColumns?: number;
  /** Ridge solver (`FitOptions.solver`): auto (eigen up to 3000 columns, Cholesky above), eigen, cholesky, sketch or krylov. */
  solver: 'auto' | 'eigen' | 'cholesky' | 'sketch' | 'krylov';
  /** Cap of the krylov solver's Lanczos steps (`FitOptions.krylovSteps`). */
  krylovSteps?: number;
  wl: number;
  /** Absent: mlip's default (5.5 Å for one element, 5 Å for several). */
  rcut?: number;
  transform: number;
  rin?: number;
  energyWeight: number;
  forcesWeight: number;
  virialWeight: number;
  cpRank?: number;
  /** Reference energies by atomic number. */
  e0?: Record<number, number>;
  validation: number;
  folds?: number;
  seed: number;
  /** Worker threads of the normal-equation assembly and the krylov solver's row passes (`--workers N|auto`, resolved; 1 = this thread). */
  workers: number;
  /** Choose the row weights by cross-validation (`selectWeights`; --folds, default 5). */
  auto?: boolean;
  json?: boolean;
}

/** The typed options of `equitensor mlip eval`. */
export interface MlipEvalOptions extends KeyOptions {
  model: string;
  data: string;
  /** Parity plot (SVG) to write. */
  plot?: string;
  /** Worker threads of the evaluation (`--workers N|auto`, resolved; 1 = this thread). */
  workers: number;
  json?: boolean;
}

/** `--e0 "Z:eV,Z:eV"`: reference energies by atomic number. */
function e0Option(value: string): Record<number, number> {
  const out: Record<number, number> = {};
  for (const part of value.split(',')) {
    const [z, v] = part.split(':');
    const Z = Number(z);
    const V = Number(v);
    if (!Number.isInteger(Z) || Z < 1 || v === undefined || v.trim() === '' || !Number.isFinite(V))
      throw new InvalidArgumentError(`--e0 expects Z:eV pairs such as "14:-158.54", got "${part}"`);
    out[Z] = V;
  }
  return out;
}

/**
 * `equitensor mlip fit|eval`: fit an ACE potential on extxyz data and evaluate a model file.
 *
 * @example
 * ```sh
 * pnpm equitensor mlip fit --train Si_tiny.xyz --energy-key dft_energy --forces-key dft_force --virial-key dft_virial --kind cg --out si.json --json
 * pnpm equitensor mlip eval --model si.json --data Si_tiny.xyz --energy-key dft_energy --forces-key dft_force --json
 * pnpm equitensor mlip eval --model mace:mace_small_reference.json --data solvent_xtb_train.xyz --json
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
      .option('--kind <kind>', `tensor-product kind: ${MLIP_KIND_NAMES}`, choiceOption('--kind', MLIP_KINDS), 'cg'),
  )
    .option(
      '--order <n>',
      'correlation order 1–4 (body order − 1)',
      numberOption('--order', (v) => [1, 2, 3, 4].includes(v), '1, 2, 3 or 4'),
      3,
    )
    .option(
      '--degree <d>',
      'total degree: one value, one per order (16,12,12), or per element (H:8,6,4;C:10,8,6, each element one value or one per order); ' +
        'default: sized from the data within --max-columns, per element by its share of atoms',
      degreeOption,
    )
    .option(
      '--max-columns <n>',
      'column budget (elements × features): the default basis is sized within it (default 2000); an explicit --degree above it is refused',
      numberOption('--max-columns', (v) => Number.isInteger(v) && v >= 1, 'a positive integer'),
    )
    .option(
      '--solver <name>',
      'ridge solver: auto (eigen up to 3000 columns, cholesky above), eigen, cholesky, or sketch (no normal matrix: a 4P-row sketch ' +
        'preconditions CG on the rows; faster when the rows are many times 4P; no error bars), or krylov (matrix-free Lanczos on ' +
        'the stored rows, one Krylov space for every λ: no P×P matrix, for 5,000–20,000 columns; no error bars)',
      choiceOption('--solver', ['auto', 'eigen', 'cholesky', 'sketch', 'krylov'] as const),
      'auto',
    )
    .option(
      '--krylov-steps <k>',
      "cap of the krylov solver's Lanczos steps (passes over the rows) per Krylov space; λ not converged at it are scored with " +
        'their capped solutions (default 1000)',
      numberOption('--krylov-steps', (v) => Number.isInteger(v) && v >= 1, 'a positive integer'),
    )
    .option('--wl <w>', 'weight of l in the degree', nonNegativeNumber('--wl'), 1)
    .option('--rcut <Å>', 'cutoff radius (default 5.5 for one element, 5 for several)', positiveNumber('--rcut'))
    .option('--transform <λ>', 'radial distance transform strength (0 = linear)', nonNegativeNumber('--transform'), 0)
    .option('--rin <Å>', 'inner radius of the radial distance map (default 0)', nonNegativeNumber('--rin'))
    .option('--energy-weight <w>', 'weight of energy rows (per √atoms)', nonNegativeNumber('--energy-weight'), 30)
    .option('--forces-weight <w>', 'weight of force components', nonNegativeNumber('--forces-weight'), 1)
    .option('--virial-weight <w>', 'weight of virial rows (per √atoms)', nonNegativeNumber('--virial-weight'), 1)
    .option('--cp-rank <r>', 'CP rank per path for --kind cp', nonNegativeInteger('--cp-rank'))
    .option('--e0 <pairs>', 'reference energies "Z:eV,Z:eV" (default: isolated-atom frames, else fitted)', e0Option)
    .option('--validation <fraction>', 'hold-out fraction for choosing the ridge parameter', nonNegativeNumber('--validation'), 0.1)
    .option('--folds <k>', 'k-fold cross-validation instead of a hold-out split', nonNegativeInteger('--folds'))
    .option('--seed <n>', 'seed of the split', nonNegativeInteger('--seed'), 1)
    .option(
      '--workers <n|auto>',
      workersHelp(
        "assembly of the normal equations and Cholesky factors (same result for every n), and the krylov solver's passes over the design rows (same result every run for a given n; different n agree to ~1e-12)",
      ),
      workersOption('--workers'),
      1,
    )
    .option(
      '--auto',
      'choose the energy and virial weights (10/30/100 × 1/0.2) by --folds cross-validation (default 5) scored by ln(E MAE) + ln(F MAE); replaces --energy-weight and --virial-weight',
    )
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: MlipFitOptions) => (await import('./mlip-action.ts')).runMlipFit(o));

  addKeys(
    mlip
      .command('eval')
      .description('evaluate a model file on labelled extxyz data (energy per atom, force components)')
      .requiredOption('--model <file>', 'model file (JSON from `mlip fit`), or mace:FILE for a MACE model (JSON or binary)')
      .requiredOption('--data <file>', 'labelled data (extended XYZ)'),
  )
    .option(
      '--plot <file.svg>',
      'write a parity plot (SVG): predicted vs reference energies per atom and force components, per config type',
    )
    .option(
      '--workers <n|auto>',
      workersHelp('ACE (cg, gaunt) and MACE energies and forces, the one-thread numbers bit for bit,'),
      workersOption('--workers'),
      1,
    )
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: MlipEvalOptions) => (await import('./mlip-action.ts')).runMlipEval(o));
}
