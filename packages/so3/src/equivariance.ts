/**
 * `assertEquivariant`: the check every equivariant operation is tested with — f(D_in(R)·x) = D_out(R)·f(x)
 * for random rotations, with and without inversion, transforms in float64.
 */
import { Random, rotationFromNormals } from '@equitensor/tensor';
import { Irreps, type IrrepsLike } from './irreps.ts';
import { rotateFeatures } from './irreps-rotation.ts';

/** Options of {@link assertEquivariant}. */
export interface EquivarianceOptions {
  /** Seed of the random inputs and rotations (default 0). */
  readonly seed?: number;
  /** Rotations to try; each is tried proper and composed with inversion (default 3). */
  readonly trials?: number;
  /** Rows in the random input batch (default 4). */
  readonly batch?: number;
  /** Largest allowed |f(Dx) − D f(x)| relative to max |f(x)| (default 1e-10). */
  readonly tolerance?: number;
  /** Only proper rotations (for functions that are only SO(3)-equivariant). */
  readonly properOnly?: boolean;
}

/** Result of an equivariance check. */
export interface EquivarianceReport {
  /** Largest |f(Dx) − D f(x)| / max|f(x)| seen. */
  readonly maxRelativeError: number;
  readonly checks: number;
}

/**
 * Normal deviates from tensor's seeded generator (mulberry32 stream), by Box–Muller using the cosine only: the
 * stream every equivariance check has been run with.
 */
function makeRng(seed: number): () => number {
  const rng = Random.mulberry32(seed);
  return () => {
    let u = 0;
    while (u === 0) u = rng.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.uniform());
  };
}

/**
 * A uniformly random rotation matrix (row-major) from a normal quaternion.
 *
 * @example
 * ```ts
 * const r = randomRotation(() => Math.random() - 0.5);
 * ```
 */
export function randomRotation(normal: () => number): Float64Array {
  return rotationFromNormals(normal, 1e-8);
}

/**
 * Check that `fn` is O(3)-equivariant: for random inputs x_i (batch × irrepsIn[i].dim) and random
 * rotations R (also −R), fn(D(R)x_1, …) = D(R)·fn(x_1, …). Throws with the worst error otherwise, and
 * when fn's output on the random inputs is all zero or not finite. Errors are relative to max |fn(x)|, so
 * a check of equivariance is blind to an overall factor: test values against a reference as well.
 *
 * @example
 * ```ts
 * const tp = new FullyConnectedTensorProduct('2x1o', '1o', '0e+1e');
 * const w = new Float64Array(tp.weightNumel).fill(0.3);
 * assertEquivariant((a, b) => tp.forward(a, b, w), ['2x1o', '1o'], '0e+1e');
 * ```
 */
export function assertEquivariant(
  fn: (...inputs: Float64Array[]) => ArrayLike<number>,
  irrepsIn: readonly IrrepsLike[],
  irrepsOut: IrrepsLike,
  options: EquivarianceOptions = {},
): EquivarianceReport {
  const normal = makeRng(options.seed ?? 0);
  const batch = options.batch ?? 4;
  const tol = options.tolerance ?? 1e-10;
  const ins = irrepsIn.map((i) => new Irreps(i));
  const out = new Irreps(irrepsOut);
  let worst = 0;
  let checks = 0;
  for (let t = 0; t < (options.trials ?? 3); t++) {
    const xs = ins.map((ir) => Float64Array.from({ length: batch * ir.dim }, normal));
    const rotation = randomRotation(normal);
    const mats = options.properOnly ? [rotation] : [rotation, rotation.map((v) => -v)];
    const fx = fn(...xs.map((x) => Float64Array.from(x)));
    let scale = 0;
    for (let i = 0; i < fx.length; i++) scale = Math.max(scale, Math.abs(fx[i] as number));
    // errors are relative to max|f(x)|: an output that is all zero (trivially equivariant) or not finite proves nothing
    if (!(scale > 0 && Number.isFinite(scale)))
      throw new Error(
        `assertEquivariant: max |f(x)| = ${scale} on random inputs (trial ${t}); an all-zero or non-finite output proves nothing`,
      );
    for (const r of mats) {
      const rotatedIn = xs.map((x, i) => rotateFeatures(ins[i] as Irreps, r, x));
      const lhs = fn(...rotatedIn);
      const rhs = rotateFeatures(out, r, fx);
      if (lhs.length !== rhs.length)
        throw new RangeError(`assertEquivariant: output length ${lhs.length} does not match irrepsOut (${rhs.length})`);
      let err = 0;
      for (let i = 0; i < rhs.length; i++) err = Math.max(err, Math.abs((lhs[i] as number) - (rhs[i] as number)));
      const rel = err / Math.max(scale, 1e-300);
      worst = Math.max(worst, rel);
      checks++;
      if (!(rel <= tol)) {
        throw new Error(
          `assertEquivariant: |f(Dx) − D f(x)| = ${err.toExponential(3)} (relative ${rel.toExponential(3)} > ${tol}) for ${det(r) < 0 ? 'an improper' : 'a proper'} rotation, trial ${t}`,
        );
      }
    }
  }
  return { maxRelativeError: worst, checks };
}

function det(r: ArrayLike<number>): number {
  const a = (i: number): number => r[i] as number;
  return a(0) * (a(4) * a(8) - a(5) * a(7)) - a(1) * (a(3) * a(8) - a(5) * a(6)) + a(2) * (a(3) * a(7) - a(4) * a(6));
}
