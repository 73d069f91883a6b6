/** Error statistics of one group of configurations.
 *
 * @example
 * ```ts
 * report.all.energyMAE; // eV/atom
 * ```
 */
export interface ErrorStats {
  readonly configs: number;
  readonly atoms: number;
  /** Energy per atom, eV/atom. */
  readonly energyRMSE: number;
  readonly energyMAE: number;
  /** Force components, eV/Å. */
  readonly forcesRMSE: number;
  readonly forcesMAE: number;
  /** Virial per atom components, eV/atom (NaN when no virials were given). */
  readonly virialRMSE: number;
}

/** Errors overall and per config type.
 *
 * @example
 * ```ts
 * report.perConfigType.liq?.forcesRMSE; // eV/Å
 * ```
 */
export interface ErrorReport {
  readonly all: ErrorStats;
  readonly perConfigType: Readonly<Record<string, ErrorStats>>;
}

/** Predicted versus reference labels of one configuration.
 *
 * @example
 * ```ts
 * const c: Comparison = { configType: 'dia', atoms: 2, energy: { predicted: -326.2, reference: -326.237661 }, forces: null, virial: null };
 * ```
 */
export interface Comparison {
  readonly configType: string;
  readonly atoms: number;
  readonly energy: { predicted: number; reference: number } | null;
  readonly forces: { predicted: Float64Array; reference: Float64Array } | null;
  readonly virial: { predicted: Float64Array; reference: Float64Array } | null;
}

class Accumulator {
  configs = 0;
  atoms = 0;
  eN = 0;
  eSq = 0;
  eAbs = 0;
  fN = 0;
  fSq = 0;
  fAbs = 0;
  vN = 0;
  vSq = 0;
  add(c: Comparison): void {
    this.configs++;
    this.atoms += c.atoms;
    if (c.energy) {
      const d = (c.energy.predicted - c.energy.reference) / c.atoms;
      this.eN++;
      this.eSq += d * d;
      this.eAbs += Math.abs(d);
    }
    if (c.forces) {
      for (let k = 0; k < c.forces.reference.length; k++) {
        const d = (c.forces.predicted[k] as number) - (c.forces.reference[k] as number);
        this.fN++;
        this.fSq += d * d;
        this.fAbs += Math.abs(d);
      }
    }
    if (c.virial) {
      for (let k = 0; k < 9; k++) {
        const d = ((c.virial.predicted[k] as number) - (c.virial.reference[k] as number)) / c.atoms;
        this.vN++;
        this.vSq += d * d;
      }
    }
  }
  stats(): ErrorStats {
    return {
      configs: this.configs,
      atoms: this.atoms,
      energyRMSE: Math.sqrt(this.eSq / this.eN),
      energyMAE: this.eAbs / this.eN,
      forcesRMSE: Math.sqrt(this.fSq / this.fN),
      forcesMAE: this.fAbs / this.fN,
      virialRMSE: Math.sqrt(this.vSq / this.vN),
    };
  }
}

/**
 * RMSE and MAE of energies (per atom), force components and virials (per atom), overall and per
 * config type. Quantities without labels give NaN.
 *
 * @example
 * ```ts
 * const report = errorReport(comparisons);
 * console.log(report.perConfigType.dia?.energyRMSE);
 * ```
 */
export function errorReport(comparisons: readonly Comparison[]): ErrorReport {
  const all = new Accumulator();
  const groups = new Map<string, Accumulator>();
  for (const c of comparisons) {
    all.add(c);
    let g = groups.get(c.configType);
    if (!g) {
      g = new Accumulator();
      groups.set(c.configType, g);
    }
    g.add(c);
  }
  const perConfigType: Record<string, ErrorStats> = {};
  for (const [k, g] of [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0]))) perConfigType[k] = g.stats();
  return { all: all.stats(), perConfigType };
}
