/**
 * A run that the stability guard stopped: md's {@link DynamicsInstabilityError} (non-finite energies,
 * positions or forces, a temperature above the limit) turned into the worker's `stopped` message, with the
 * step counted from the start of the whole run (across parameter changes).
 */
import { DynamicsInstabilityError } from '@equitensor/md';
import type { StoppedMessage } from '../protocol.ts';

/**
 * Thrown by a scenario's `advanceAsync` when the run became unstable; the scenario's `snapshot` still gives
 * the last good state. The worker posts {@link stopped} and pauses.
 *
 * @example
 * ```ts
 * try { await running.advanceAsync?.(100); } catch (e) { if (e instanceof RunStoppedError) post(e.stopped); }
 * ```
 */
export class RunStoppedError extends Error {
  constructor(readonly stopped: StoppedMessage) {
    super(stopped.message);
    this.name = 'RunStoppedError';
  }
}

/**
 * The `stopped` message of md's instability error, its step shifted by `stepOffset` (the steps of earlier
 * segments of the run) and `lastGoodStep` the step of the last good state (whose frame the app shows).
 *
 * @example
 * ```ts
 * stoppedMessage(new DynamicsInstabilityError(12, 'temperature', 2e5, 'exceeds …'), 100, 110);
 * // { type: 'stopped', step: 112, quantity: 'temperature', lastGoodStep: 110, message: 'the run became unstable at step 112: temperature exceeds …; …' }
 * ```
 */
export function stoppedMessage(error: DynamicsInstabilityError, stepOffset: number, lastGoodStep: number): StoppedMessage {
  const step = stepOffset + error.step;
  // md's message reads `the run became unstable at step N: <quantity> <detail>`; N is the segment's step
  const detail = error.message.slice(error.message.indexOf(': ') + 2);
  return {
    type: 'stopped',
    step,
    quantity: error.quantity,
    value: error.value,
    lastGoodStep,
    message: `the run became unstable at step ${step}: ${detail}; stopped, keeping the frames up to step ${lastGoodStep}`,
  };
}

/**
 * Run `work`, turning md's instability error into a {@link RunStoppedError} (other errors pass through).
 *
 * @example
 * ```ts
 * await guardStability(() => dynamics.run(10), () => ({ stepOffset: 0, lastGoodStep: dynamics.snapshot.step }));
 * ```
 */
export async function guardStability<T>(
  work: () => Promise<T>,
  where: () => { readonly stepOffset: number; readonly lastGoodStep: number },
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DynamicsInstabilityError)) throw error;
    const { stepOffset, lastGoodStep } = where();
    throw new RunStoppedError(stoppedMessage(error, stepOffset, lastGoodStep));
  }
}
