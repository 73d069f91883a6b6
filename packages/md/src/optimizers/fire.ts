import type { Potential } from '../potential.ts';
import type { System } from '../system.ts';
import { type OptimizerOptions, type OptimizerResult, relax } from './common.ts';

/** FIRE parameters (defaults as ASE's `FIRE`, time in ASE units with unit masses). */
export interface FireOptions extends OptimizerOptions {
  readonly dt?: number;
  readonly dtMax?: number;
  readonly nMin?: number;
  readonly fInc?: number;
  readonly fDec?: number;
  readonly aStart?: number;
  readonly fA?: number;
}

/**
 * Relax positions with FIRE (Bitzek et al., PRL 97, 170201, 2006): MD with unit masses whose velocity is
 * mixed towards the force direction, the time step growing while the power F·v stays positive, and
 * everything reset when it turns negative. Moves `system.positions` in place.
 *
 * @example
 * ```ts
 * const result = minimizeFire(eam, system, { fmax: 0.01 });
 * result.converged; // true
 * ```
 */
export function minimizeFire(potential: Potential, system: System, options: FireOptions = {}): OptimizerResult {
  const dtMax = options.dtMax ?? 1.0;
  const nMin = options.nMin ?? 5;
  const fInc = options.fInc ?? 1.1;
  const fDec = options.fDec ?? 0.5;
  const aStart = options.aStart ?? 0.1;
  const fA = options.fA ?? 0.99;
  let dt = options.dt ?? 0.1;
  let a = aStart;
  let nPositive = 0;
  const x = system.positions;
  const v = new Float64Array(x.length);
  const step = new Float64Array(x.length);
  return relax(potential, system, options, (f, steps) => {
    let vf = 0;
    let vv = 0;
    let ff = 0;
    for (let k = 0; k < x.length; k++) {
      vf += (v[k] as number) * (f[k] as number);
      vv += (v[k] as number) ** 2;
      ff += (f[k] as number) ** 2;
    }
    if (steps > 0 && vf > 0) {
      const mix = (a * Math.sqrt(vv)) / Math.sqrt(ff);
      for (let k = 0; k < x.length; k++) v[k] = (1 - a) * (v[k] as number) + mix * (f[k] as number);
      if (nPositive > nMin) {
        dt = Math.min(dt * fInc, dtMax);
        a *= fA;
      }
      nPositive++;
    } else if (steps > 0) {
      v.fill(0);
      a = aStart;
      dt *= fDec;
      nPositive = 0;
    }
    for (let k = 0; k < x.length; k++) {
      v[k] = (v[k] as number) + dt * (f[k] as number);
      step[k] = dt * (v[k] as number);
    }
    return step;
  });
}
