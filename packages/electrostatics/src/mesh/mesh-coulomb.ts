import { type CoulombOptions, type CoulombResult, checkCharges, coulombConstantOf } from '../system.ts';
import type { FreeSpaceMeshTimings } from './free-space-mesh.ts';
import type { MeshCoulombParameterOptions, MeshCoulombParameters } from './parameters.ts';
import { MeshCoulombPlan } from './plan.ts';
import { openShortRange } from './short-range.ts';

/**
 * Options of {@link meshCoulomb}: the accuracy-driven parameter choice and the Coulomb constant.
 *
 * @example
 * ```ts
 * meshCoulomb(positions, charges, { accuracy: 1e-6 });
 * ```
 */
export interface MeshCoulombOptions extends MeshCoulombParameterOptions, CoulombOptions {
  /** Also return per-atom energies (summing to the energy). */
  readonly perAtomEnergies?: boolean;
  /** Reuse this plan's parameters, table and mesh kernel while the charges fit in its box (see {@link MeshCoulombPlan}). */
  readonly plan?: MeshCoulombPlan;
}

/**
 * Energy, forces and virial of an open-boundary mesh sum, its parts, the parameters and where the time went.
 *
 * @example
 * ```ts
 * const { energy, parameters: { estimatedError }, timings } = meshCoulomb(positions, charges);
 * ```
 */
export interface MeshCoulombResult extends CoulombResult {
  readonly parameters: MeshCoulombParameters;
  /** Energy split (eV): short-range pairs, long-range mesh (self pairs included), self term. */
  readonly parts: { readonly short: number; readonly long: number; readonly self: number };
  /** Seconds: short-range pairs, then the mesh stages. */
  readonly timings: { readonly short: number } & FreeSpaceMeshTimings;
}

/**
 * Coulomb energy, forces and virial of point charges with open boundaries (proteins, clusters, molecules in vacuum)
 * at mesh speed, by Ewald's split 1/r = erfc(αr)/r + erf(αr)/r without periodicity:
 * E = k_e Σ_{i<j, r<r_c} q_i q_j erfc(αr_ij)/r_ij + ½ k_e Σ_{i,j} q_i q_j erf(αr_ij)/r_ij − k_e α/√π Σ q_i².
 * The short range is a Cartesian cell-list pair sum ({@link openShortRange}) with the {@link ErfcTable}; the long range is a {@link FreeSpaceMesh} (B-spline spreading, Hockney-Eastwood
 * zero-padded FFT convolution with erf(αr)/r, deconvolved by the B-spline moduli); the self term is exact.
 * α, r_c, the spacing h and the order p follow {@link meshCoulombParameters} from the requested accuracy, with the
 * error estimate. The virial is Σ_pairs r_ij ⊗ F_ij (short range) plus Σ_i (r_i − r̄) ⊗ F_i^long. Repeated calls on
 * one system pass a {@link MeshCoulombPlan}, which keeps the parameters and the kernel's transform while the charges fit.
 *
 * @example
 * ```ts
 * import { meshCoulomb } from '@equitensor/electrostatics';
 * const r = meshCoulomb(protein.positions, charges, { accuracy: 1e-6 });
 * r.energy; r.forces; r.parameters; // { alpha, cutoff, spacing, order, box, mesh, estimatedError }
 * ```
 */
export function meshCoulomb(positions: Float64Array, charges: Float64Array, options: MeshCoulombOptions = {}): MeshCoulombResult {
  const n = checkCharges(positions, charges, 'meshCoulomb');
  if (n === 0) throw new RangeError('meshCoulomb: no charges');
  const k = coulombConstantOf(options);
  const { parameters, mesh, table } = (options.plan ?? new MeshCoulombPlan()).prepare(positions, charges, options);
  const { alpha, lo } = parameters;
  mesh.coulombConstant = k;
  const forces = new Float64Array(3 * n);
  const perAtom = options.perAtomEnergies === true ? new Float64Array(n) : undefined;
  const t0 = performance.now();
  const short = openShortRange(positions, charges, table, k, forces, perAtom);
  const t1 = performance.now();
  const longForces = new Float64Array(3 * n);
  const long = mesh.compute(positions, charges, lo, longForces, perAtom);
  let q2 = 0;
  const centre = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    q2 += (charges[i] as number) ** 2;
    for (let d = 0; d < 3; d++) centre[d] = (centre[d] as number) + (positions[3 * i + d] as number) / n;
  }
  const self = (-k * alpha * q2) / Math.sqrt(Math.PI);
  const virial = new Float64Array(short.virial);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < 3; a++) {
      const ra = (positions[3 * i + a] as number) - (centre[a] as number);
      for (let b = 0; b < 3; b++) virial[3 * a + b] = (virial[3 * a + b] as number) + ra * (longForces[3 * i + b] as number);
    }
    for (let d = 0; d < 3; d++) forces[3 * i + d] = (forces[3 * i + d] as number) + (longForces[3 * i + d] as number);
  }
  if (perAtom !== undefined && q2 > 0) {
    for (let i = 0; i < n; i++) perAtom[i] = (perAtom[i] as number) + (self * (charges[i] as number) ** 2) / q2;
  }
  return {
    ...(perAtom === undefined ? {} : { perAtomEnergies: perAtom }),
    energy: short.energy + long + self,
    forces,
    virial,
    parameters,
    parts: { short: short.energy, long, self },
    timings: { short: (t1 - t0) * 1e-3, ...mesh.timings },
  };
}
