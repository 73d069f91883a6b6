/**
 * Fitting `@equitensor/mlip`'s equivariant potential in the worker with ACEpotentials.jl's Si_tiny settings (order 3,
 * degree 12, 5.5 Å, its weights), with progress, and the parity data of the fitted model (predicted against
 * reference energies per atom and force components) for the app's parity plot. The silicon scenario and the fit
 * of a dropped dataset share it.
 */
import type { AtomsState } from '@equitensor/md';
import type { FitOptions, FitResult, LabelledConfig, MlipPotential, TensorProductKind } from '@equitensor/mlip';
import { extrapolationGrades, fitPotential } from '@equitensor/mlip';
import type { ParityMessage } from '../protocol.ts';
import type { ProgressReporter } from './scenario.ts';

/** At most this many force components go into the parity plot (an even subsample of the rest). */
const PARITY_FORCE_POINTS = 20_000;

/**
 * The maximum degree per correlation order of ACEpotentials.jl's Si_tiny test (12 for each), which reaches its
 * training bounds; the silicon scenario has always used (12, 12, 10), a smaller basis that fits faster.
 */
export const ACE_TEST_DEGREE: readonly [number, number, number] = [12, 12, 12];

/**
 * ACEpotentials.jl's Si_tiny fit settings (order 3, 5.5 Å, its weights) with the tensor-product kind `kind`.
 *
 * @example
 * ```ts
 * const fit = fitPotential(configs, aceFitOptions('cg', ACE_TEST_DEGREE));
 * ```
 */
export function aceFitOptions(kind: TensorProductKind, maxDegree: readonly [number, number, number]): FitOptions {
  return {
    kind,
    basis: { order: 3, maxDegree: [...maxDegree], wL: 1, rcut: 5.5, lambda: 0 },
    weights: { default: { energy: 30, forces: 1, virial: 1 }, perConfigType: { liq: { energy: 10, forces: 0.66, virial: 0.25 } } },
  };
}

/**
 * Fit with {@link aceFitOptions}, reporting the progress of the feature computation.
 *
 * @example
 * ```ts
 * const fit = fitWithProgress(configs, 'cg', ACE_TEST_DEGREE, (label, fraction) => post({ type: 'progress', label, fraction }));
 * ```
 */
export function fitWithProgress(
  configs: readonly LabelledConfig[],
  kind: TensorProductKind,
  maxDegree: readonly [number, number, number],
  progress: ProgressReporter,
): FitResult {
  let done = 0;
  return fitPotential(configs, {
    ...aceFitOptions(kind, maxDegree),
    log: (message) => {
      const match = /configuration (\d+)\/(\d+)/.exec(message);
      done = match ? Number(match[1]) / Number(match[2]) : done;
      progress(`Fitting the ${kind} potential: ${message}`, 0.05 + 0.9 * done);
    },
  });
}

/**
 * The fitted model's energies per atom and force components against the references, per configuration type.
 *
 * @example
 * ```ts
 * const parity = parityData(fit, configs, 'Si_tiny.xyz');
 * parity.energy.predicted.length; // configurations with an energy
 * ```
 */
export function parityData(fit: FitResult, configs: readonly LabelledConfig[], title: string): ParityMessage {
  const eRef: number[] = [];
  const ePred: number[] = [];
  const fRef: number[] = [];
  const fPred: number[] = [];
  const forceTotal = configs.reduce((sum, c) => sum + (c.forces?.length ?? 0), 0);
  const stride = Math.max(1, Math.ceil(forceTotal / PARITY_FORCE_POINTS));
  let k = 0;
  for (const config of configs) {
    if (config.energy === null && config.forces === null) continue;
    const result = fit.potential.compute(config.atoms);
    const n = config.atoms.numbers.length;
    if (config.energy !== null) {
      eRef.push(config.energy / n);
      ePred.push(result.energy / n);
    }
    if (config.forces !== null)
      for (let i = 0; i < config.forces.length; i++, k++)
        if (k % stride === 0) {
          fRef.push(config.forces[i]!);
          fPred.push(result.forces[i]!);
        }
  }
  return {
    type: 'parity',
    title,
    energy: { reference: Float64Array.from(eRef), predicted: Float64Array.from(ePred), unit: 'eV/atom' },
    forces: { reference: Float64Array.from(fRef), predicted: Float64Array.from(fPred), unit: 'eV/Å' },
  };
}

/**
 * The per-atom extrapolation grades of an MLIP for MD frames (`MdScenarioSpec.grades`), or `{}` when the model cannot
 * grade (no committee, or a file fitted before grade references): spread into a scenario spec.
 *
 * @example
 * ```ts
 * startMdScenario({ ...spec, potential: () => model, ...mlipGrades(model) }, params);
 * ```
 */
export function mlipGrades(model: unknown): { grades?: (atoms: AtomsState) => Float64Array } {
  const m = model as Partial<MlipPotential> | null;
  if (!m || typeof m !== 'object' || !m.uncertainty?.gradeReference || !(m.descriptor && m.coefficients)) return {};
  return { grades: (atoms) => extrapolationGrades(m as MlipPotential, atoms).grades };
}
