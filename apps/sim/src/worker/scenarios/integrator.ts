/** md's integrators for the user's parameters (shared by the CPU and the GPU scenarios' CPU fallback). */
import type { Integrator, Potential } from '@equitensor/md';
import { langevin, velocityVerlet } from '@equitensor/md';
import type { SimParams } from '../protocol.ts';

/**
 * md's integrator for the parameters: velocity Verlet (`nve`) or Langevin BAOAB.
 *
 * @example
 * ```ts
 * const integrator = makeIntegrator(new LennardJones({ epsilon: 0.0104, sigma: 3.4, cutoff: 8.5 }), DEFAULT_PARAMS);
 * ```
 */
export function makeIntegrator(potential: Potential, params: SimParams): Integrator {
  return params.thermostat === 'nve'
    ? velocityVerlet(potential, { dt: params.dt })
    : langevin(potential, { dt: params.dt, temperature: params.temperature, friction: params.friction, seed: 7 });
}
