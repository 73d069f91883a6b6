/**
 * Refusal of a fit whose explicit `basis.maxDegree` gives more columns than an explicit `maxColumns` budget
 * (see `FitOptions.maxColumns`): thrown before any feature is computed.
 *
 * @example
 * ```ts
 * try { fitPotential(configs, { basis: { maxDegree: [16, 12, 12] }, maxColumns: 500 }); }
 * catch (e) { if (e instanceof ColumnBudgetError) console.error(e.columns, e.maxColumns); }
 * ```
 */
export class ColumnBudgetError extends RangeError {
  readonly maxDegree: readonly number[];
  readonly species: number;
  readonly featuresPerSpecies: number;
  /** Columns of the requested basis: species × features per species (fewer with per-element degrees). */
  readonly columns: number;
  readonly maxColumns: number;
  /** `perElementColumns`: the column count of a per-element basis (`FitOptions.elementDegrees`), whose `maxDegree` is the union. */
  constructor(maxDegree: readonly number[], species: number, featuresPerSpecies: number, maxColumns: number, perElementColumns?: number) {
    const uniform = perElementColumns === undefined;
    const n = perElementColumns ?? species * featuresPerSpecies;
    super(
      uniform
        ? `maxDegree ${maxDegree.join(',')} gives ${n} columns (${species} species × ${featuresPerSpecies} features), more than maxColumns ${maxColumns}: lower the degrees or raise the budget`
        : `per-element degrees (largest ${maxDegree.join(',')}) give ${n} columns, more than maxColumns ${maxColumns}: lower the degrees or raise the budget`,
    );
    this.name = 'ColumnBudgetError';
    this.maxDegree = [...maxDegree];
    this.species = species;
    this.featuresPerSpecies = featuresPerSpecies;
    this.columns = n;
    this.maxColumns = maxColumns;
  }
}
