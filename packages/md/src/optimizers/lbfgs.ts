import type { Potential } from '../potential.ts';
import type { System } from '../system.ts';
import { type OptimizerOptions, type OptimizerResult, relax } from './common.ts';

/** L-BFGS parameters (defaults as ASE's `LBFGS`). */
export interface LbfgsOptions extends OptimizerOptions {
  /** Number of (s, y) pairs kept (default 100). */
  readonly memory?: number;
  /** Initial inverse Hessian 1/α (default α = 70 eV/Å²). */
  readonly alpha?: number;
}

/**
 * Relax positions with limited-memory BFGS (Nocedal's two-loop recursion, as ASE's `LBFGS`: initial
 * Hessian α·I, no line search, each step capped at `maxStep` per atom; a pair with non-positive
 * curvature s·y is skipped). Moves `system.positions` in place.
 *
 * @example
 * ```ts
 * const result = minimizeLbfgs(lj, system, { fmax: 1e-4 });
 * ```
 */
export function minimizeLbfgs(potential: Potential, system: System, options: LbfgsOptions = {}): OptimizerResult {
  const memory = options.memory ?? 100;
  const h0 = 1 / (options.alpha ?? 70);
  const x = system.positions;
  const n = x.length;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alphas = new Float64Array(memory);
  const x0 = new Float64Array(n);
  const f0 = new Float64Array(n);
  const q = new Float64Array(n);
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += (a[k] as number) * (b[k] as number);
    return s;
  };
  return relax(potential, system, options, (f, steps) => {
    if (steps > 0) {
      const s = new Float64Array(n);
      const y = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        s[k] = (x[k] as number) - (x0[k] as number);
        y[k] = (f0[k] as number) - (f[k] as number);
      }
      const sy = dot(s, y);
      if (sy > 0) {
        S.push(s);
        Y.push(y);
        rho.push(1 / sy);
        if (S.length > memory) {
          S.shift();
          Y.shift();
          rho.shift();
        }
      }
    }
    for (let k = 0; k < n; k++) q[k] = -(f[k] as number);
    for (let i = S.length - 1; i >= 0; i--) {
      const a = (rho[i] as number) * dot(S[i] as Float64Array, q);
      alphas[i] = a;
      const y = Y[i] as Float64Array;
      for (let k = 0; k < n; k++) q[k] = (q[k] as number) - a * (y[k] as number);
    }
    for (let k = 0; k < n; k++) q[k] = h0 * (q[k] as number);
    for (let i = 0; i < S.length; i++) {
      const b = (rho[i] as number) * dot(Y[i] as Float64Array, q);
      const s = S[i] as Float64Array;
      const c = (alphas[i] as number) - b;
      for (let k = 0; k < n; k++) q[k] = (q[k] as number) + c * (s[k] as number);
    }
    for (let k = 0; k < n; k++) q[k] = -(q[k] as number);
    x0.set(x);
    f0.set(f);
    return q;
  });
}
