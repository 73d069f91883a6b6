import type { AtomsState } from '@equitensor/md';
import type { LabelledConfig } from './dataset.ts';
import type { MlipPotential } from './model.ts';
import { neighborData } from './neighbor-data.ts';

/**
 * Extrapolation grade of each atom from the model's posterior committee (see `Committee` in uncertainty.ts).
 *
 * An atom's energy is c_{s}·B_i (B_i its features, s its species), so each committee member c_k gives the atom an
 * energy, and their spread s_i = √(Σ_k (δ_k·B_i)² / (K − 1)), δ_k = c_k − c, is the posterior standard deviation of
 * that atom's energy (eV): small where the training data pinned the coefficients along B_i, large for environments
 * unlike any the fit saw. The grade divides it by the largest spread of any training atom of the same species
 * (`gradeReference`, stored with the committee by {@link gradeReference}): γ_i ≤ 1 for every training atom, and
 * γ_i > 1 says the atom is more uncertain than anything in the training set — the meaning of MTP's and PACE's
 * D-optimality (MaxVol) grade, whose γ > 1 marks extrapolation beyond the active set. Unlike that grade it needs
 * no P×P active-set inverse in the model file, only the committee already there; the price is a committee of K
 * members seeing a random rank-(K − 1) projection of the posterior covariance, so single grades carry a relative
 * noise of about √(1/(2(K − 1))) (27 % for K = 8); extrapolating environments exceed 1 by orders of magnitude.
 *
 * @example
 * ```ts
 * const model = withGradeReference(fitPotential(configs).potential, configs);
 * const { grades, max, atom } = extrapolationGrades(model, atoms);
 * if (max > 2) console.warn(`atom ${atom} extrapolates (γ = ${max.toFixed(1)})`);
 * ```
 */
export interface ExtrapolationGrades {
  /** γ_i per atom (spread over the training maximum of its species). */
  readonly grades: Float64Array;
  /** Committee spread s_i of each atom's energy, eV. */
  readonly spreads: Float64Array;
  /** The largest grade and its atom index. */
  readonly max: number;
  readonly atom: number;
}

/** δ_k = c_k − c of every member. */
function memberDeltas(model: MlipPotential): Float64Array[] {
  const c = model.uncertainty;
  if (!c) throw new RangeError('the model has no uncertainty committee: fit it with a committee (the default) to get extrapolation grades');
  return c.members.map((m) => {
    const d = new Float64Array(m.length);
    for (let q = 0; q < m.length; q++) d[q] = (m[q] as number) - (model.coefficients[q] as number);
    return d;
  });
}

/** Committee spread of each atom's energy (eV), from its features (one pass of feature values, no derivatives). */
function spreadsOf(model: MlipPotential, deltas: readonly Float64Array[], atoms: AtomsState): Float64Array {
  const descriptor = model.descriptor;
  const F = descriptor.features.count;
  const B = descriptor.atomFeatures(atoms, neighborData(atoms, descriptor.cutoff));
  const N = atoms.numbers.length;
  const K = deltas.length;
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const off = descriptor.speciesIndex(atoms.numbers[i] as number) * F;
    let v = 0;
    for (const d of deltas) {
      let s = 0;
      for (let k = 0; k < F; k++) s += (d[off + k] as number) * (B[i * F + k] as number);
      v += s * s;
    }
    out[i] = Math.sqrt(v / (K - 1));
  }
  return out;
}

/**
 * The committee spread of every atom's energy (eV, length N): √(Σ_k (δ_k·B_i)² / (K − 1)). Throws a `RangeError`
 * when the model has no committee.
 *
 * @example
 * ```ts
 * atomEnergySpreads(model, atoms); // Float64Array of N standard deviations, eV
 * ```
 */
export function atomEnergySpreads(model: MlipPotential, atoms: AtomsState): Float64Array {
  return spreadsOf(model, memberDeltas(model), atoms);
}

/**
 * The grade reference of a committee model: per atomic number, the largest committee spread of an atom's energy
 * over `configs` (the training configurations), eV. Species absent from `configs` are left out.
 *
 * @example
 * ```ts
 * gradeReference(model, trainingConfigs); // { 14: 0.0041 }
 * ```
 */
export function gradeReference(model: MlipPotential, configs: readonly LabelledConfig[]): Record<number, number> {
  const deltas = memberDeltas(model);
  const ref: Record<number, number> = {};
  for (const c of configs) {
    const s = spreadsOf(model, deltas, c.atoms);
    c.atoms.numbers.forEach((z, i) => {
      ref[z] = Math.max(ref[z] ?? 0, s[i] as number);
    });
  }
  return ref;
}

/**
 * The model with its committee's grade reference set from `configs` (see {@link gradeReference}); the model
 * itself is not changed. `mlip fit` stores it in the model file, so `md run --max-grade` can use it.
 *
 * @example
 * ```ts
 * const graded = withGradeReference(result.potential, configs);
 * writeFileSync('si.json', graded.serialize());
 * ```
 */
export function withGradeReference(model: MlipPotential, configs: readonly LabelledConfig[]): MlipPotential {
  const committee = model.uncertainty;
  if (!committee) throw new RangeError('the model has no uncertainty committee to attach a grade reference to');
  return model.withUncertainty({ ...committee, gradeReference: gradeReference(model, configs) });
}

/**
 * Extrapolation grade of every atom of `atoms` (see {@link ExtrapolationGrades}). Throws a `RangeError` when the
 * model has no committee or no grade reference for one of the species (fit it again to get one).
 *
 * @example
 * ```ts
 * extrapolationGrades(model, atoms).max; // ≤ 1 inside the training data, ≫ 1 far outside
 * ```
 */
export function extrapolationGrades(model: MlipPotential, atoms: AtomsState): ExtrapolationGrades {
  const ref = model.uncertainty?.gradeReference;
  if (model.uncertainty && !ref)
    throw new RangeError('the model file has no grade reference (fitted before grades existed): fit it again to get extrapolation grades');
  const spreads = atomEnergySpreads(model, atoms);
  const grades = new Float64Array(spreads.length);
  let max = 0;
  let atom = -1;
  for (let i = 0; i < spreads.length; i++) {
    const z = atoms.numbers[i] as number;
    const r = (ref as Readonly<Record<number, number>>)[z];
    if (r === undefined) throw new RangeError(`the grade reference has no value for atomic number ${z}`);
    const g = r > 0 ? (spreads[i] as number) / r : (spreads[i] as number) > 0 ? Number.POSITIVE_INFINITY : 0;
    grades[i] = g;
    if (atom < 0 || g > max) {
      max = g;
      atom = i;
    }
  }
  return { grades, spreads, max, atom };
}
