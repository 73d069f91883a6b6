import type { TensorGrid } from './grid.ts';
import { type CoulombOptions, type CoulombResult, checkCharges, coulombConstantOf, splitCoordinates } from './system.ts';

/**
 * Options of the direct sums.
 *
 * @example
 * ```ts
 * directCoulomb(positions, charges, { blockSize: 512, perAtomEnergies: true });
 * ```
 */
export interface DirectOptions extends CoulombOptions {
  /** Atoms per cache block (default 256). */
  readonly blockSize?: number;
  /** Also return per-atom energies (half of each pair energy to each atom). */
  readonly perAtomEnergies?: boolean;
}

/**
 * Exact Coulomb energy, forces and virial of N point charges with open boundaries by direct pair
 * summation, E = k_e Σ_{i<j} qᵢqⱼ/rᵢⱼ: the reference for Ewald and the RS tensor format.
 * Cost O(N²), blocked so that two blocks of coordinates stay in cache. Coincident charges throw.
 * Virial W = Σ_{i<j} rᵢⱼ ⊗ fᵢⱼ (rᵢⱼ = rⱼ − rᵢ, fᵢⱼ the force on j), so tr W = E.
 *
 * @example
 * ```ts
 * import { directCoulomb } from '@equitensor/electrostatics';
 * const pair = directCoulomb(new Float64Array([0, 0, 0, 2.82, 0, 0]), new Float64Array([1, -1]));
 * pair.energy; // −14.399645478 / 2.82 = −5.1062 eV
 * ```
 */
export function directCoulomb(positions: Float64Array, charges: Float64Array, options: DirectOptions = {}): CoulombResult {
  const n = checkCharges(positions, charges, 'directCoulomb');
  const k = coulombConstantOf(options);
  const block = options.blockSize ?? 256;
  const [x, y, z] = splitCoordinates(positions);
  const fx = new Float64Array(n);
  const fy = new Float64Array(n);
  const fz = new Float64Array(n);
  const perAtom = options.perAtomEnergies === true ? new Float64Array(n) : undefined;
  // Deliberate hot-loop specialisation: energy and virial in local accumulators, as `ewaldRealSpace`
  // (ewald/real-space.ts) and PME's real space keep them (an accumulator object would be read and written per pair).
  let energy = 0;
  let wxx = 0;
  let wyy = 0;
  let wzz = 0;
  let wxy = 0;
  let wxz = 0;
  let wyz = 0;
  for (let i0 = 0; i0 < n; i0 += block) {
    const i1 = Math.min(n, i0 + block);
    for (let j0 = i0; j0 < n; j0 += block) {
      const j1 = Math.min(n, j0 + block);
      for (let i = i0; i < i1; i++) {
        const xi = x[i]!;
        const yi = y[i]!;
        const zi = z[i]!;
        const qi = charges[i]!;
        let fxi = 0;
        let fyi = 0;
        let fzi = 0;
        let ei = 0;
        for (let j = j0 === i0 ? i + 1 : j0; j < j1; j++) {
          const dx = x[j]! - xi;
          const dy = y[j]! - yi;
          const dz = z[j]! - zi;
          const r2 = dx * dx + dy * dy + dz * dz;
          if (r2 === 0) throw new RangeError(`directCoulomb: atoms ${i} and ${j} coincide`);
          const invR = 1 / Math.sqrt(r2);
          const e = qi * charges[j]! * invR;
          ei += e;
          const s = e * invR * invR; // force on j along +r_ij
          const sx = s * dx;
          const sy = s * dy;
          const sz = s * dz;
          fxi -= sx;
          fyi -= sy;
          fzi -= sz;
          fx[j] = fx[j]! + sx;
          fy[j] = fy[j]! + sy;
          fz[j] = fz[j]! + sz;
          wxx += sx * dx;
          wyy += sy * dy;
          wzz += sz * dz;
          wxy += sx * dy;
          wxz += sx * dz;
          wyz += sy * dz;
          if (perAtom !== undefined) perAtom[j] = perAtom[j]! + 0.5 * e;
        }
        energy += ei;
        fx[i] = fx[i]! + fxi;
        fy[i] = fy[i]! + fyi;
        fz[i] = fz[i]! + fzi;
        if (perAtom !== undefined) perAtom[i] = perAtom[i]! + 0.5 * ei;
      }
    }
  }
  const forces = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    forces[3 * i] = k * fx[i]!;
    forces[3 * i + 1] = k * fy[i]!;
    forces[3 * i + 2] = k * fz[i]!;
  }
  const virial = new Float64Array([wxx, wxy, wxz, wxy, wyy, wyz, wxz, wyz, wzz].map((w) => k * w));
  if (perAtom === undefined) return { energy: k * energy, forces, virial };
  for (let i = 0; i < n; i++) perAtom[i] = k * perAtom[i]!;
  return { energy: k * energy, forces, virial, perAtomEnergies: perAtom };
}

/**
 * Electrostatic potential φ(p) = k_e Σⱼ qⱼ/|p − rⱼ| (V = eV/e) at arbitrary points (flat 3M), open
 * boundaries. A charge exactly at a point is left out of that point's sum (the potential of the
 * other charges there). Cost O(N·M), blocked over points and charges.
 *
 * @example
 * ```ts
 * const phi = directPotentialAtPoints(positions, charges, new Float64Array([0, 0, 10]));
 * ```
 */
export function directPotentialAtPoints(
  positions: Float64Array,
  charges: Float64Array,
  points: Float64Array,
  options: DirectOptions = {},
): Float64Array {
  const n = checkCharges(positions, charges, 'directPotentialAtPoints');
  if (points.length % 3 !== 0) throw new RangeError(`directPotentialAtPoints: points must hold 3·M numbers, got ${points.length}`);
  const m = points.length / 3;
  const k = coulombConstantOf(options);
  const block = options.blockSize ?? 256;
  const [x, y, z] = splitCoordinates(positions);
  const out = new Float64Array(m);
  for (let j0 = 0; j0 < n; j0 += block) {
    const j1 = Math.min(n, j0 + block);
    for (let p = 0; p < m; p++) {
      const px = points[3 * p]!;
      const py = points[3 * p + 1]!;
      const pz = points[3 * p + 2]!;
      let sum = 0;
      for (let j = j0; j < j1; j++) {
        const dx = x[j]! - px;
        const dy = y[j]! - py;
        const dz = z[j]! - pz;
        const r2 = dx * dx + dy * dy + dz * dz;
        if (r2 > 0) sum += charges[j]! / Math.sqrt(r2);
      }
      out[p] = out[p]! + sum;
    }
  }
  for (let p = 0; p < m; p++) out[p] = k * out[p]!;
  return out;
}

/**
 * The potential of {@link directPotentialAtPoints} on every node of a tensor grid, in C order
 * (index (i·ny + j)·nz + k). Cost O(N·nx·ny·nz).
 *
 * @example
 * ```ts
 * const values = directPotentialOnGrid(positions, charges, uniformGrid([-20, -20, -20], [20, 20, 20], [41, 41, 41]));
 * ```
 */
export function directPotentialOnGrid(
  positions: Float64Array,
  charges: Float64Array,
  grid: TensorGrid,
  options: DirectOptions = {},
): Float64Array {
  const nx = grid.x.length;
  const ny = grid.y.length;
  const nz = grid.z.length;
  const out = new Float64Array(nx * ny * nz);
  // One x-plane of points at a time keeps the point block small and contiguous.
  const plane = new Float64Array(3 * ny * nz);
  for (let i = 0; i < nx; i++) {
    let p = 0;
    for (let j = 0; j < ny; j++) {
      for (let l = 0; l < nz; l++) {
        plane[p++] = grid.x[i]!;
        plane[p++] = grid.y[j]!;
        plane[p++] = grid.z[l]!;
      }
    }
    out.set(directPotentialAtPoints(positions, charges, plane, options), i * ny * nz);
  }
  return out;
}
