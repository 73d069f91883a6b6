import { enumerateFeatures } from './basis.ts';
import type { LabelledConfig } from './dataset.ts';
import { neighborData } from './neighbor-data.ts';

/**
 * What the cost of a fit depends on: elements, configurations, atoms, least-squares rows and neighbour pairs.
 *
 * @example
 * ```ts
 * const size = dataSize(configs, 5); // solvent set: { species: 3, configs: 203, atoms: 5809, rows: 17630, designRows: …, pairs: 74936 }
 * ```
 */
export interface DataSize {
  /** Distinct elements. */
  readonly species: number;
  readonly configs: number;
  readonly atoms: number;
  /** Labelled rows of the least squares: one per energy, 3 per atom with forces, 9 per virial. */
  readonly rows: number;
  /** Rows of the design held in memory: 1 + 3N + 9 per configuration, labelled or not. */
  readonly designRows: number;
  /** Directed neighbour pairs within the cutoff, summed over configurations. */
  readonly pairs: number;
}

/**
 * Counts elements, configurations, atoms, rows and neighbour pairs within `rcut` (Å) of the configurations to fit.
 *
 * @example
 * ```ts
 * const { species, rows } = dataSize(configs, 5.5);
 * ```
 */
export function dataSize(configs: readonly LabelledConfig[], rcut: number): DataSize {
  const elements = new Set<number>();
  let atoms = 0;
  let rows = 0;
  let designRows = 0;
  let pairs = 0;
  for (const c of configs) {
    const N = c.atoms.numbers.length;
    for (const z of c.atoms.numbers) elements.add(z);
    atoms += N;
    rows += (c.energy !== null ? 1 : 0) + (c.forces !== null ? 3 * N : 0) + (c.virial !== null ? 9 : 0);
    designRows += 1 + 3 * N + 9;
    pairs += neighborData(c.atoms, rcut).neighbors.length;
  }
  return { species: elements.size, configs: configs.length, atoms, rows, designRows, pairs };
}

/**
 * Default total-column budget of the sized basis (`maxColumns` of {@link sizeBasis}): a 3-element fit of the
 * solvent set at this size (1,977 columns) took 46.5 s of CPU here and 613 MB (docs/BENCHMARKS.md).
 *
 * @example
 * ```ts
 * sizeBasis({ species: 3, rows: 17630 }).columns <= DEFAULT_MAX_COLUMNS; // true
 * ```
 */
export const DEFAULT_MAX_COLUMNS = 2000;

/**
 * Least-squares rows per coefficient that the sized basis keeps at least (fewer rows than 3 per column is
 * an under-determined fit whose ridge parameter does all the work).
 *
 * @example
 * ```ts
 * sizeBasis({ species: 1, rows: 300 }).columns <= 300 / ROWS_PER_COLUMN; // true
 * ```
 */
export const ROWS_PER_COLUMN = 3;

/**
 * The largest degree of the default basis: order 3 with total degrees (12, 12, 12), the previous fixed
 * default (347 features per element), validated on Si (Si_tiny within ACEpotentials.jl's training bounds,
 * Zuo Si and Cu, docs/benchmarks/mlip.md). Single-element data stay at it; with more elements the
 * walk of {@link sizeBasis} shrinks it. An explicit `maxColumns` above the default raises it to
 * {@link SIZING_CEILING_LARGE}, so that a larger budget buys a larger basis.
 *
 * @example
 * ```ts
 * sizeBasis({ species: 1, rows: 40000 }).maxDegree; // [12, 12, 12]
 * ```
 */
export const SIZING_CEILING = 12;
/**
 * Ceiling of the degrees when the caller asks for more than {@link DEFAULT_MAX_COLUMNS} columns.
 *
 * @example
 * ```ts
 * sizeBasis({ species: 1, rows: 1e6 }, { maxColumns: 5000 }).maxDegree[0] > SIZING_CEILING; // true
 * ```
 */
export const SIZING_CEILING_LARGE = 24;

/**
 * Options of {@link sizeBasis}.
 *
 * @example
 * ```ts
 * const o: SizingOptions = { maxColumns: 5000, order: 4 };
 * ```
 */
export interface SizingOptions {
  /** Total-column budget (columns = elements × features per element); default {@link DEFAULT_MAX_COLUMNS}. */
  readonly maxColumns?: number;
  /** Correlation order (default 3). */
  readonly order?: number;
  /** Weight of l in the one-particle degree (default 1). */
  readonly wL?: number;
}

/**
 * The outcome of {@link sizeBasis}.
 *
 * @example
 * ```ts
 * const { order, maxDegree, columns, budget, limitedBy } = sizeBasis({ species: 3, rows: 17630 });
 * ```
 */
export interface SizedBasis {
  readonly order: number;
  /** Total-degree limit per correlation order (index 0 = order 1). */
  readonly maxDegree: readonly number[];
  readonly featuresPerElement: number;
  /** Elements × features per element. */
  readonly columns: number;
  /** The column budget that applied: min(maxColumns, ⌊rows / ROWS_PER_COLUMN⌋). */
  readonly budget: number;
  /** What set the budget. */
  readonly limitedBy: 'ceiling' | 'maxColumns' | 'rows' | 'minimum';
}

function featuresPerElement(species: number, order: number, maxDegree: readonly number[], wL: number): number {
  const spec = { species: Array.from({ length: species }, (_, i) => i + 1), order, maxDegree, wL, rcut: 5, lambda: 0 };
  return enumerateFeatures(spec).count;
}

/** Smallest total degree with an order-k feature: k blocks of degree ≥ 1, one of them with n = 1 or l = 1. */
const minDegree = (order: number): number => order + 1;

/**
 * The default basis for data of `size`: correlation order 3, total degrees per order walked down from the
 * ceiling (12, 12, 12) along a staircase until elements × features ≤ the column budget
 * min(maxColumns, ⌊rows / 3⌋). Each step lowers the degree of the highest order that may drop while the
 * degrees stay non-increasing with the order and neighbouring orders differ by at most 2, e.g.
 * (12, 12, 12) → (12, 12, 11) → (12, 12, 10) → (12, 11, 10) → … → (10, 8, 7) → (10, 8, 6); so many-element data get
 * lower degrees, highest order first (per-element degrees), and one element keeps (12, 12, 12).
 *
 * @example
 * ```ts
 * sizeBasis({ species: 1, rows: 40000 }); // order 3, [12, 12, 12], 347 columns
 * sizeBasis({ species: 3, rows: 17630 }); // order 3, [10, 8, 7], 1,977 columns (budget 2,000)
 * ```
 */
export function sizeBasis(size: Pick<DataSize, 'species' | 'rows'>, options: SizingOptions = {}): SizedBasis {
  const order = options.order ?? 3;
  const wL = options.wL ?? 1;
  if (!(Number.isInteger(order) && order >= 1 && order <= 4)) throw new RangeError(`order must be 1, 2, 3 or 4, got ${order}`);
  const maxColumns = options.maxColumns ?? DEFAULT_MAX_COLUMNS;
  if (!(maxColumns >= 1)) throw new RangeError(`maxColumns must be at least 1, got ${maxColumns}`);
  if (!(Number.isInteger(size.species) && size.species >= 1))
    throw new RangeError(`species must be a positive integer, got ${size.species}`);
  const rowBudget = Math.floor(size.rows / ROWS_PER_COLUMN);
  const budget = Math.min(maxColumns, rowBudget);
  const ceiling = maxColumns > DEFAULT_MAX_COLUMNS ? SIZING_CEILING_LARGE : SIZING_CEILING;
  const D: number[] = Array.from({ length: order }, () => ceiling);
  const count = (): number => featuresPerElement(size.species, order, D, wL);
  let F = count();
  const first = F * size.species;
  for (;;) {
    if (F * size.species <= budget) break;
    // Highest order k whose degree may drop by one.
    let k = order - 1;
    for (; k >= 0; k--) {
      const d = (D[k] as number) - 1;
      if (d < minDegree(k + 1)) continue;
      if (k + 1 < order && d < (D[k + 1] as number)) continue;
      if (k > 0 && (D[k - 1] as number) - d > 2) continue;
      break;
    }
    if (k < 0) {
      return { order, maxDegree: D, featuresPerElement: F, columns: F * size.species, budget, limitedBy: 'minimum' };
    }
    D[k] = (D[k] as number) - 1;
    F = count();
  }
  const limitedBy = first <= budget ? 'ceiling' : rowBudget < maxColumns ? 'rows' : 'maxColumns';
  return { order, maxDegree: D, featuresPerElement: F, columns: F * size.species, budget, limitedBy };
}
