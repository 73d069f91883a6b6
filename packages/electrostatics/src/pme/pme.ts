import { cellGeometry } from '@equitensor/io';
import { type CoulombOptions, type CoulombResult, checkCharges, coulombConstantOf } from '../system.ts';
import { ErfcTable } from './erfc-table.ts';
import { type PmeParameterOptions, type PmeParameters, pmeParameters } from './parameters.ts';
import { pmeRealSpace } from './real-space.ts';
import { PmeReciprocal, type PmeTimings } from './reciprocal.ts';

/**
 * Options of {@link pmeCoulomb}: the accuracy-driven parameter choice and the Coulomb constant.
 *
 * @example
 * ```ts
 * pmeCoulomb(positions, charges, cell, { accuracy: 1e-6, cutoff: 9, order: 6 });
 * ```
 */
export interface PmeOptions extends PmeParameterOptions, CoulombOptions {
  /** Reuse this mesh (its influence function stays cached while the cell and α stay the same). */
  readonly reciprocal?: PmeReciprocal;
  /** Also return per-atom energies (summing to the energy). */
  readonly perAtomEnergies?: boolean;
}

/**
 * Energy, forces and virial of a PME sum, its parts, the parameters used and where the time went.
 *
 * @example
 * ```ts
 * const { energy, parameters: { estimatedError } } = pmeCoulomb(positions, charges, cell);
 * ```
 */
export interface PmeResult extends CoulombResult {
  readonly parameters: PmeParameters;
  /** Energy split (eV): real space, reciprocal (mesh), self term, neutralising background. */
  readonly parts: { readonly real: number; readonly reciprocal: number; readonly self: number; readonly background: number };
  /** Seconds: real-space pairs, then the mesh stages. */
  readonly timings: { readonly real: number } & PmeTimings;
}

/**
 * The mesh and real-space table of the last {@link pmeCoulomb} call without `options.reciprocal`, reused while the
 * mesh and order (the table: α, r_c, δ) stay the same: repeated one-shot calls on one system (a script's loop, the
 * CLI's repeats) skip the influence function, the FFT plans and the table. Pure caches: results are the same.
 */
let lastReciprocal: PmeReciprocal | null = null;
let lastTable: ErfcTable | null = null;

/**
 * Coulomb energy, forces and virial of a periodic triclinic system of point charges by smooth particle-mesh Ewald
 * (Essmann et al., J. Chem. Phys. 103, 8577 (1995)) with tin-foil boundaries:
 * E = E_real + E_mesh − k_e α/√π Σq² − k_e π Q²/(2Vα²) (the neutralising background of a net charge Q). The real
 * space is a cell-binned pair sum (each pair once) with erfc(αr)/r from an {@link ErfcTable} accurate to 10⁻³ of the
 * requested accuracy; the mesh is {@link PmeReciprocal}.
 * α, r_c, the mesh and the order follow {@link pmeParameters} from the requested relative force accuracy (its choice
 * is kept for repeated calls on the same cell and charges, as are the last mesh and table), and the error estimate is
 * returned with them. The stress is −virial/V (ASE sign).
 *
 * @example
 * ```ts
 * import { pmeCoulomb } from '@equitensor/electrostatics';
 * const a = 5.64;
 * const cell = new Float64Array([a, 0, 0, 0, a, 0, 0, 0, a]);
 * const r = pmeCoulomb(new Float64Array([0, 0, 0, a / 2, a / 2, a / 2]), new Float64Array([1, -1]), cell, { accuracy: 1e-8 });
 * r.energy; r.parameters.estimatedError.total;
 * ```
 */
export function pmeCoulomb(positions: Float64Array, charges: Float64Array, cell: Float64Array, options: PmeOptions = {}): PmeResult {
  const n = checkCharges(positions, charges, 'pmeCoulomb');
  const k = coulombConstantOf(options);
  const geometry = cellGeometry(cell);
  const parameters = pmeParameters(cell, charges, options);
  const { alpha, cutoff, mesh, order } = parameters;
  let reciprocal = options.reciprocal;
  if (reciprocal !== undefined) {
    if (reciprocal.order !== order || reciprocal.mesh.some((v, d) => v !== mesh[d])) {
      throw new RangeError(
        `pmeCoulomb: the given reciprocal mesh (${reciprocal.mesh.join('×')}, order ${reciprocal.order}) differs from the parameters`,
      );
    }
  } else {
    if (lastReciprocal === null || lastReciprocal.order !== order || lastReciprocal.mesh.some((v, d) => v !== mesh[d])) {
      lastReciprocal = new PmeReciprocal(mesh, order);
    }
    reciprocal = lastReciprocal;
  }
  reciprocal.coulombConstant = k;
  if (lastTable === null || lastTable.alpha !== alpha || lastTable.cutoff !== cutoff || lastTable.accuracy !== parameters.accuracy) {
    lastTable = new ErfcTable(alpha, cutoff, parameters.accuracy);
  }
  const table = lastTable;
  const t0 = performance.now();
  const forces = new Float64Array(3 * n);
  const perAtom = options.perAtomEnergies === true ? new Float64Array(n) : undefined;
  const real = pmeRealSpace(positions, charges, geometry, table, k, forces, perAtom);
  const t1 = performance.now();
  const mesh3 = reciprocal.compute(positions, charges, cell, alpha, forces, perAtom);
  let q2 = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    q += charges[i] as number;
    q2 += (charges[i] as number) ** 2;
  }
  const self = (-k * alpha * q2) / Math.sqrt(Math.PI);
  const background = (-k * Math.PI * q * q) / (2 * geometry.volume * alpha * alpha);
  const virial = new Float64Array(9);
  for (let c = 0; c < 9; c++) virial[c] = (real.virial[c] as number) + (mesh3.virial[c] as number) + (c % 4 === 0 ? background : 0);
  if (perAtom !== undefined) {
    for (let i = 0; i < n; i++) {
      const qi = charges[i] as number;
      perAtom[i] = (perAtom[i] as number) + (self * qi * qi) / q2 + (q === 0 ? 0 : (background * qi) / q);
    }
  }
  return {
    ...(perAtom === undefined ? {} : { perAtomEnergies: perAtom }),
    energy: real.energy + mesh3.energy + self + background,
    forces,
    virial,
    parameters,
    parts: { real: real.energy, reciprocal: mesh3.energy, self, background },
    timings: { real: (t1 - t0) * 1e-3, ...reciprocal.timings },
  };
}
