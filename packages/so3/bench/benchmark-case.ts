/**
 * The tensor-product benchmark cases shared by `equitensor bench tp` and `packages/so3/bench/`:
 * PriceofFreedom's SISO / SIMO / MIMO settings for every kind, and e3nn-style FCTP and uvu products
 * (mul×(0e+1o+2e+…+L)) for the CG kind; random inputs; warm-up then the median of timed repeats.
 * A benchmark harness, not library API: the workspace reaches it as `@equitensor/so3/bench` (a source-only subpath
 * that the published package does not carry).
 */

import type { WorkerPool } from '@equitensor/tensor';
import { Irreps } from '../src/irreps.ts';
import { createKindTensorProduct, settingDegrees } from '../src/kinds/create.ts';
import type { CpRank, TensorProductKind } from '../src/kinds/types.ts';
import type { InstructionSpec } from '../src/tensor-product/instructions.ts';
import { FullyConnectedTensorProduct } from '../src/tensor-product/presets.ts';
import { type FloatArray, TensorProduct } from '../src/tensor-product/tensor-product.ts';

/** A benchmark setting. */
export type BenchSetting = 'siso' | 'simo' | 'mimo' | 'fctp' | 'uvu';

/** Parameters of one benchmark case. */
export interface BenchCaseOptions {
  readonly kind: TensorProductKind;
  readonly setting: BenchSetting;
  readonly lmax: number;
  readonly batch: number;
  /** Channels (siso/simo/mimo: rows = batch·mul) or multiplicity (fctp, uvu). Default 1. */
  readonly mul?: number;
  readonly dtype?: 'f64' | 'f32';
  /** CP kind rank (default '7L2'). */
  readonly rank?: CpRank;
  readonly seed?: number;
  /**
   * fctp / uvu only: `'fast'` (default, {@link TensorProduct.forward}) or `'reference'`
   * ({@link TensorProduct.forwardReference}, the kernels before the fast path), for before/after figures.
   */
  readonly kernels?: 'fast' | 'reference';
  /** fctp / uvu only: split the batch rows over this shared-memory worker pool (`TensorProduct.forward`'s `pool`). */
  readonly pool?: WorkerPool;
}

/** A prepared case: `run()` performs one batch. */
export interface BenchCase {
  readonly run: () => void;
  readonly description: Record<string, string | number>;
}

function randomArray(n: number, dtype: 'f64' | 'f32', next: () => number): FloatArray {
  const a = dtype === 'f32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = next();
  return a;
}

/**
 * Prepare one benchmark case (construction, tables and CP fits happen here, not in `run`).
 *
 * @example
 * ```ts
 * const c = buildBenchCase({ kind: 'grid', setting: 'mimo', lmax: 3, batch: 100 });
 * c.run();
 * ```
 */
export function buildBenchCase(options: BenchCaseOptions): BenchCase {
  const { kind, setting, lmax, batch } = options;
  const mul = options.mul ?? 1;
  const dtype = options.dtype ?? 'f64';
  if (!Number.isInteger(lmax) || lmax < 0) throw new RangeError(`bench: lmax must be a non-negative integer, got ${lmax}`);
  if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`bench: batch must be a positive integer, got ${batch}`);
  if (!Number.isInteger(mul) || mul < 1) throw new RangeError(`bench: mul must be a positive integer, got ${mul}`);
  let s = (options.seed ?? 1) >>> 0;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2147483648 - 1;
  };
  if (setting === 'fctp' || setting === 'uvu') {
    if (kind !== 'cg')
      throw new RangeError(`bench: setting '${setting}' (weighted e3nn products) is only available for kind cg, got '${kind}'`);
    const one = Array.from({ length: lmax + 1 }, (_, l) => `${l}y`).join('+');
    const irreps = new Irreps(Array.from({ length: lmax + 1 }, (_, l) => [mul, `${l}y`] as [number, string]));
    let tp: TensorProduct;
    if (setting === 'fctp') {
      tp = new FullyConnectedTensorProduct(irreps, irreps, irreps);
    } else {
      const in2 = new Irreps(one);
      const ins: InstructionSpec[] = [];
      irreps.entries.forEach((a, i) => {
        in2.entries.forEach((b, j) => {
          irreps.entries.forEach((c, k) => {
            if (a.ir.p * b.ir.p === c.ir.p && Math.abs(a.ir.l - b.ir.l) <= c.ir.l && c.ir.l <= a.ir.l + b.ir.l)
              ins.push([i, j, k, 'uvu', true]);
          });
        });
      });
      tp = new TensorProduct(irreps, in2, irreps, ins);
    }
    const x1 = randomArray(batch * tp.irrepsIn1.dim, dtype, next);
    const x2 = randomArray(batch * tp.irrepsIn2.dim, dtype, next);
    const w = randomArray(tp.weightNumel, dtype, next);
    const reference = options.kernels === 'reference';
    const forwardOptions = options.pool ? { pool: options.pool } : {};
    return {
      run: () => {
        if (reference) tp.forwardReference(x1, x2, w);
        else tp.forward(x1, x2, w, forwardOptions);
      },
      description: {
        irrepsIn1: tp.irrepsIn1.toString(),
        irrepsIn2: tp.irrepsIn2.toString(),
        irrepsOut: tp.irrepsOut.toString(),
        weightNumel: tp.weightNumel,
        paths: tp.instructions.length,
      },
    };
  }
  if (options.pool) throw new RangeError(`bench: a worker pool applies to the fctp and uvu settings, not '${setting}'`);
  const degrees = settingDegrees(setting, lmax);
  const tp = createKindTensorProduct(kind, options.rank === undefined ? degrees : { ...degrees, rank: options.rank });
  const rows = batch * mul;
  const x1 = randomArray(rows * tp.irrepsIn1.dim, dtype, next);
  const x2 = randomArray(rows * tp.irrepsIn2.dim, dtype, next);
  return {
    run: () => {
      tp.apply(x1, x2);
    },
    description: {
      irrepsIn1: tp.irrepsIn1.toString(),
      irrepsIn2: tp.irrepsIn2.toString(),
      irrepsOut: tp.irrepsOut.toString(),
      rows,
      ...tp.info,
    },
  };
}

/**
 * Time `run` after `warmup` calls (and at least `warmupSeconds`): the median (and minimum) of `repeats`
 * timings in seconds.
 *
 * @example
 * ```ts
 * const t = timeMedian(() => work(), { warmup: 2, repeats: 5 }); // t.median
 * ```
 */
export function timeMedian(
  run: () => void,
  options: { warmup?: number; warmupSeconds?: number; repeats?: number; now?: () => number } = {},
): { median: number; min: number; samples: number[] } {
  const now = options.now ?? (() => performance.now() / 1000);
  // at least `warmup` calls, and (when given) at least `warmupSeconds`, at most 1000 calls, so the JIT has optimised the code
  const minSeconds = options.warmupSeconds ?? 0;
  const start = minSeconds > 0 ? now() : 0;
  for (let i = 0; i < (options.warmup ?? 1) || (minSeconds > 0 && now() - start < minSeconds && i < 1000); i++) run();
  const samples: number[] = [];
  for (let i = 0; i < Math.max(1, options.repeats ?? 5); i++) {
    const t0 = now();
    run();
    samples.push(now() - t0);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, samples };
}
