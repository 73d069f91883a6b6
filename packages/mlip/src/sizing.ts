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
  /** Atoms (environments) per atomic number, summed over configurations. */
  readonly elementAtoms: Readonly<Record<number, number>>;
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
  const elementAtoms: Record<number, number> = {};
  let atoms = 0;
  let rows = 0;
  let designRows = 0;
  let pairs = 0;
  for (const c of configs) {
    const N = c.atoms.numbers.length;
    for (const z of c.atoms.numbers) {
      elements.add(z);
      elementAtoms[z] = (elementAtoms[z] ?? 0) + 1;
    }
    atoms += N;
    rows += (c.energy !== null ? 1 : 0) + (c.forces !== null ? 3 * N : 0) + (c.virial !== null ? 9 : 0);
    designRows += 1 + 3 * N + 9;
    pairs += neighborData(c.atoms, rcut).neighbors.length;
  }
  return { species: elements.size, configs: configs.length, atoms, rows, designRows, pairs, elementAtoms };
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
  /**
   * Exponent γ of the per-element column shares a_z^γ (default {@link ELEMENT_SHARE_EXPONENT}); `null`: one degree tuple
   * for every element.
   */
  readonly shareExponent?: number | null;
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
  /** Features per element of the basis `maxDegree` (the features computed per atom). */
  readonly featuresPerElement: number;
  /** Elements × features per element; with `elementDegrees`, the sum of `elementColumns`. */
  readonly columns: number;
  /** The column budget that applied: min(maxColumns, ⌊rows / ROWS_PER_COLUMN⌋). */
  readonly budget: number;
  /** What set the budget. */
  readonly limitedBy: 'ceiling' | 'maxColumns' | 'rows' | 'minimum';
  /**
   * Per-element degrees (several elements with known atom counts): per atomic number, its total-degree limit per
   * order; `maxDegree` is then the largest per order, and `featuresPerElement` the features of that union basis.
   */
  readonly elementDegrees?: Readonly<Record<number, readonly number[]>>;
  /** Per atomic number, its columns (the features of its centre-species block), with `elementDegrees`. */
  readonly elementColumns?: Readonly<Record<number, number>>;
}

function featuresPerElement(species: number, order: number, maxDegree: readonly number[], wL: number): number {
  const spec = { species: Array.from({ length: species }, (_, i) => i + 1), order, maxDegree, wL, rcut: 5, lambda: 0 };
  return enumerateFeatures(spec).count;
}

/** Smallest total degree with an order-k feature: k blocks of degree ≥ 1, one of them with n = 1 or l = 1. */
const minDegree = (order: number): number => order + 1;

/**
 * One step down the staircase, in place: lowers the degree of the highest order that may drop while the degrees
 * stay ≥ their minimum, non-increasing with the order, and neighbouring orders differ by at most 2. False when
 * no order may drop.
 */
function stepDown(D: number[]): boolean {
  const order = D.length;
  for (let k = order - 1; k >= 0; k--) {
    const d = (D[k] as number) - 1;
    if (d < minDegree(k + 1)) continue;
    if (k + 1 < order && d < (D[k + 1] as number)) continue;
    if (k > 0 && (D[k - 1] as number) - d > 2) continue;
    D[k] = d;
    return true;
  }
  return false;
}

/**
 * Exponent γ of the per-element shares: element z's target share of the columns is a_z^γ / Σ a^γ (a_z its atoms,
 * i.e. environments, in the fitted data). γ = 1 gives each element columns in proportion to its environments;
 * chosen on the solvent set's held-out fifth (docs/BENCHMARKS.md, "per-element degrees").
 *
 * @example
 * ```ts
 * sizeBasis(dataSize(configs, 5), { shareExponent: ELEMENT_SHARE_EXPONENT });
 * ```
 */
export const ELEMENT_SHARE_EXPONENT = 1;

/**
 * The default basis for data of `size`: correlation order 3, total degrees per order walked down from the
 * ceiling (12, 12, 12) along a staircase until the columns fit the budget min(maxColumns, ⌊rows / 3⌋). Each step
 * lowers the degree of the highest order that may drop while the degrees stay non-increasing with the order and
 * neighbouring orders differ by at most 2, e.g. (12, 12, 12) → (12, 12, 11) → (12, 12, 10) → (12, 11, 10) → … →
 * (10, 8, 7) → (10, 8, 6).
 *
 * Per-element degrees: with several elements and `size.elementAtoms` (as {@link dataSize} gives), each element
 * walks its own staircase. Columns of element z are its centre-species block (features of atoms of element z), so
 * the walk steps down, each time, the element furthest above its share a_z^γ / Σ a^γ of the columns
 * ({@link ELEMENT_SHARE_EXPONENT}): elements with more environments in the data keep higher degrees. `maxDegree` is
 * then the largest degree per order over the elements (the features computed), `elementDegrees` each element's own.
 * Without `elementAtoms` (or with `shareExponent: null`) all elements share one tuple, as before per-element degrees.
 *
 * @example
 * ```ts
 * sizeBasis({ species: 1, rows: 40000 }); // order 3, [12, 12, 12], 347 columns
 * sizeBasis({ species: 3, rows: 17630 }); // order 3, [10, 8, 7], 1,977 columns (budget 2,000), one tuple for all
 * sizeBasis({ species: 3, rows: 17630, elementAtoms: { 1: 2743, 6: 1679, 8: 1387 } }).elementDegrees; // H highest
 * ```
 */
export function sizeBasis(
  size: Pick<DataSize, 'species' | 'rows'> & Partial<Pick<DataSize, 'elementAtoms'>>,
  options: SizingOptions = {},
): SizedBasis {
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
  const gamma = options.shareExponent === undefined ? ELEMENT_SHARE_EXPONENT : options.shareExponent;
  const elements = size.elementAtoms
    ? Object.keys(size.elementAtoms)
        .map(Number)
        .sort((a, b) => a - b)
    : [];
  const count = (D: readonly number[]): number => featuresPerElement(size.species, order, D, wL);
  const limited = (first: number): SizedBasis['limitedBy'] =>
    first <= budget ? 'ceiling' : rowBudget < maxColumns ? 'rows' : 'maxColumns';
  if (gamma !== null && size.species > 1 && elements.length === size.species) {
    const atoms = size.elementAtoms as Readonly<Record<number, number>>;
    const share = elements.map((z) => Math.max(1, atoms[z] as number) ** gamma);
    const D = elements.map(() => Array.from({ length: order }, () => ceiling));
    const F = D.map(count);
    const total = (): number => F.reduce((a, b) => a + b, 0);
    const first = total();
    const stuck = new Set<number>();
    let limitedBy: SizedBasis['limitedBy'] = limited(first);
    while (total() > budget) {
      // The element furthest above its share (columns per unit of share) that may still step down.
      let e = -1;
      for (let i = 0; i < elements.length; i++) {
        if (stuck.has(i)) continue;
        if (e < 0 || (F[i] as number) / (share[i] as number) > (F[e] as number) / (share[e] as number)) e = i;
      }
      if (e < 0) {
        limitedBy = 'minimum';
        break;
      }
      if (stepDown(D[e] as number[])) F[e] = count(D[e] as number[]);
      else stuck.add(e);
    }
    const union = Array.from({ length: order }, (_, k) => Math.max(...D.map((d) => d[k] as number)));
    const elementDegrees: Record<number, readonly number[]> = {};
    const elementColumns: Record<number, number> = {};
    elements.forEach((z, i) => {
      elementDegrees[z] = D[i] as number[];
      elementColumns[z] = F[i] as number;
    });
    return {
      order,
      maxDegree: union,
      featuresPerElement: count(union),
      columns: total(),
      budget,
      limitedBy,
      elementDegrees,
      elementColumns,
    };
  }
  const D: number[] = Array.from({ length: order }, () => ceiling);
  let F = count(D);
  const first = F * size.species;
  while (F * size.species > budget) {
    if (!stepDown(D)) {
      return { order, maxDegree: D, featuresPerElement: F, columns: F * size.species, budget, limitedBy: 'minimum' };
    }
    F = count(D);
  }
  return { order, maxDegree: D, featuresPerElement: F, columns: F * size.species, budget, limitedBy: limited(first) };
}
