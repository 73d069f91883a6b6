import { expect } from 'vitest';
import { createSystem, type Integrator, type MDState } from '../src/index.ts';

/**
 * Two-sided 99.9 % quantiles of Student's t by degrees of freedom (scipy.stats.t.ppf(0.9995, dof)): a check
 * |mean − μ| ≤ t·σ_mean on n independent samples fails by chance once in 1,000 runs when the mean is μ.
 */
export const STUDENT_T_999: Readonly<Record<number, number>> = { 5: 6.869, 7: 5.408, 9: 4.781, 11: 4.437 };

/** Mean and standard error of the mean of independent samples. */
export function meanAndError(x: readonly number[]): { mean: number; stderr: number } {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  return { mean: m, stderr: Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1) / x.length) };
}

/**
 * The ratio of the conserved-energy error at step h to that at h/2, on `windows` short windows of `steps` steps of h
 * along the trajectory of `state` under `coarse` (step h). From the start of each window, a copy of the state
 * (particles, cell and every extended variable) is continued by `fine` (step h/2) for 2·`steps` steps; the error is
 * e(t) = H(t) − H(window start) at the common times, its size the RMS over the window. For a reversible splitting
 * the modified-Hamiltonian expansion gives e_h(t) = h²a(t) + O(h⁴), so each ratio is 4 up to the O(h²)
 * corrections; the windows are short (trajectories at h and h/2 stay within O(h²) of each other, no chaotic
 * amplification) and consecutive windows are separated by a full window, so their ratios are samples whose
 * mean is tested with its standard error, not one value that floating-point reassociation would move.
 */
export function energyErrorRatios(coarse: Integrator, fine: Integrator, state: MDState, windows: number, steps: number): number[] {
  const rms = (v: number[]) => Math.sqrt(v.reduce((a, b) => a + b * b, 0) / v.length);
  const ratios: number[] = [];
  for (let w = 0; w < windows; w++) {
    const s = state.system;
    const copy = fine.init(
      createSystem({
        ...s,
        positions: s.positions.slice(),
        velocities: s.velocities.slice(),
        ...(s.cell === null ? {} : { cell: s.cell.slice() }),
      }),
    );
    copy.extra.set(state.extra);
    const h0 = coarse.conservedEnergy(state);
    const f0 = fine.conservedEnergy(copy);
    const eh: number[] = [];
    const ef: number[] = [];
    for (let k = 0; k < steps; k++) {
      coarse.step(state);
      eh.push(coarse.conservedEnergy(state) - h0);
      fine.step(copy);
      fine.step(copy);
      ef.push(fine.conservedEnergy(copy) - f0);
    }
    ratios.push(rms(eh) / rms(ef));
    for (let k = 0; k < steps; k++) coarse.step(state); // decorrelate the next window's start
  }
  return ratios;
}

/**
 * Second order from {@link energyErrorRatios}' samples: their mean is 4 within t_{n−1}(99.9 %)·σ_mean (n ratios, the
 * tolerance from their own scatter), and that tolerance is positive and under 2, so that a first-order scheme (ratio 2)
 * could not pass.
 */
export function expectSecondOrder(ratios: readonly number[]): void {
  const { mean, stderr } = meanAndError(ratios);
  const tolerance = (STUDENT_T_999[ratios.length - 1] as number) * stderr;
  expect(tolerance).toBeGreaterThan(0);
  expect(tolerance).toBeLessThan(2);
  expect(Math.abs(mean - 4)).toBeLessThan(tolerance);
}
