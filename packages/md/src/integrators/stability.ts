/**
 * The guard every MD engine runs: non-finite or exploding energies, forces and temperatures stop a run
 * with a {@link DynamicsInstabilityError} naming the step and the quantity.
 */

/**
 * Default largest temperature a run may reach (in the unit system's temperature unit: K, or ε/kB in
 * reduced LJ units) before it is stopped as exploding: 1e5, far above any melt or plasma a classical
 * potential describes, far below what a diverging integration reaches within a few steps.
 */
export const DEFAULT_MAX_TEMPERATURE = 1e5;

/**
 * Limits of {@link DynamicsInstabilityError}'s guard.
 *
 * @example
 * ```ts
 * const limits: StabilityLimits = { maxTemperature: 5000 }; // K
 * ```
 */
export interface StabilityLimits {
  /** Largest instantaneous temperature (K; ε/kB in LJ units); default {@link DEFAULT_MAX_TEMPERATURE}; `Infinity` turns the check off. */
  readonly maxTemperature?: number;
}

/**
 * A run that went wrong: at `step`, `quantity` (e.g. `temperature`, `potential energy`, `forces`) was
 * non-finite or beyond its limit. The engine's last good snapshot and checkpoint stay available.
 *
 * @example
 * ```ts
 * try { await dynamics.run(1000); } catch (e) { if (e instanceof DynamicsInstabilityError) console.error(e.step, e.quantity); }
 * ```
 */
export class DynamicsInstabilityError extends Error {
  constructor(
    readonly step: number,
    readonly quantity: string,
    readonly value: number,
    detail: string,
  ) {
    super(`the run became unstable at step ${step}: ${quantity} ${detail}`);
    this.name = 'DynamicsInstabilityError';
  }
}

/**
 * Check the largest-temperature limit: a positive number or Infinity.
 *
 * @example
 * ```ts
 * maxTemperatureOf({ maxTemperature: 5000 }); // 5000
 * ```
 */
export function maxTemperatureOf(limits: StabilityLimits | undefined): number {
  const t = limits?.maxTemperature ?? DEFAULT_MAX_TEMPERATURE;
  if (!(t > 0)) throw new RangeError(`maxTemperature must be a positive temperature (or Infinity), got ${t}`);
  return t;
}

/**
 * Throw {@link DynamicsInstabilityError} when a scalar is not finite or (for the temperature) above its limit.
 *
 * @example
 * ```ts
 * checkScalars(12, { potentialEnergy: -3.2, temperature: 310 }, 1e5);
 * ```
 */
export function checkScalars(
  step: number,
  values: { readonly potentialEnergy: number; readonly temperature: number; readonly conservedEnergy?: number },
  maxTemperature: number,
): void {
  if (!Number.isFinite(values.potentialEnergy))
    throw new DynamicsInstabilityError(step, 'potential energy', values.potentialEnergy, `is ${values.potentialEnergy}`);
  if (!Number.isFinite(values.temperature))
    throw new DynamicsInstabilityError(step, 'temperature', values.temperature, `is ${values.temperature}`);
  if (values.temperature > maxTemperature)
    throw new DynamicsInstabilityError(
      step,
      'temperature',
      values.temperature,
      `${values.temperature.toPrecision(4)} exceeds the limit ${maxTemperature} (raise it with maxTemperature / --max-temperature, or lower the time step)`,
    );
  if (values.conservedEnergy !== undefined && !Number.isFinite(values.conservedEnergy))
    throw new DynamicsInstabilityError(step, 'conserved energy', values.conservedEnergy, `is ${values.conservedEnergy}`);
}

/**
 * Throw {@link DynamicsInstabilityError} when an array (forces, positions, velocities) holds a non-finite number.
 *
 * @example
 * ```ts
 * checkFinite(12, 'forces', state.forces);
 * ```
 */
export function checkFinite(step: number, quantity: string, values: Float64Array): void {
  for (let k = 0; k < values.length; k++) {
    const v = values[k] as number;
    if (!Number.isFinite(v))
      throw new DynamicsInstabilityError(step, quantity, v, `of atom ${Math.floor(k / 3)} is ${v} (component ${'xyz'[k % 3]})`);
  }
}
