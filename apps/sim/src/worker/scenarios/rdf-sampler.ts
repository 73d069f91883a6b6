/**
 * A running average of partial radial distribution functions (md's `partialRadialDistribution`) over the
 * last `window` configurations of an MD run, sampled every `every` steps, for the app's g(r) plot.
 */
import { partialRadialDistribution } from '@equitensor/md';
import type { RdfData } from '../protocol.ts';

/** Which g(r) an MD scenario samples. */
export interface RdfSpec {
  /** Largest distance, Å (periodic images are counted, so it may exceed half the cell). */
  readonly rMax: number;
  readonly bins: number;
  /** Steps between samples. */
  readonly every: number;
  /** Configurations in the running average. */
  readonly window: number;
  /** The pairs of atomic numbers, with their labels (`Na–Cl`). */
  readonly pairs: readonly { readonly label: string; readonly pair: readonly [number, number] }[];
}

/**
 * Samples g(r) every `spec.every` steps and averages the last `spec.window` samples.
 *
 * @example
 * ```ts
 * const sampler = new RdfSampler(spec, numbers, cell);
 * sampler.observe(step, positions); // samples when `every` steps have passed since the last sample
 * sampler.current(); // RdfData, or undefined before the first sample
 * ```
 */
export class RdfSampler {
  private readonly history: Float64Array[][] = [];
  private r: Float64Array | null = null;
  private lastStep = -Infinity;

  constructor(
    private readonly spec: RdfSpec,
    private readonly numbers: Int32Array,
    private readonly cell: Float64Array,
  ) {}

  /** Take a sample of the configuration at `step` if `every` steps have passed since the last one. */
  observe(step: number, positions: Float64Array): void {
    if (step - this.lastStep < this.spec.every) return;
    this.lastStep = step;
    const { r, partials } = partialRadialDistribution(
      { numbers: this.numbers, positions, cell: this.cell, pbc: [true, true, true] },
      { rMax: this.spec.rMax, bins: this.spec.bins, pairs: this.spec.pairs.map((p) => p.pair) },
    );
    this.r = r;
    const sample = partials.map((p) => p.g);
    this.history.push(sample);
    if (this.history.length > this.spec.window) this.history.shift();
  }

  /** Forget the samples (new parameters: a new state point). */
  reset(): void {
    this.history.length = 0;
    this.lastStep = -Infinity;
  }

  /** The running average (fresh arrays, safe to transfer), or undefined before the first sample. */
  current(): RdfData | undefined {
    const samples = this.history.length;
    if (samples === 0 || this.r === null) return undefined;
    return {
      r: Float64Array.from(this.r),
      partials: this.spec.pairs.map((p, k) => {
        // summed afresh each time (window × bins additions), so nothing drifts as samples leave the window
        const g = new Float64Array(this.spec.bins);
        for (const sample of this.history) {
          const one = sample[k] as Float64Array;
          for (let b = 0; b < g.length; b++) g[b] = (g[b] as number) + (one[b] as number) / samples;
        }
        return { label: p.label, g };
      }),
      samples,
      every: this.spec.every,
    };
  }
}
