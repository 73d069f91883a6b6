/**
 * The electrostatic potential and energy of a set of point charges by the fastest suitable method of
 * `@equitensor/electrostatics` (its README's "when to use which"): open boundaries — exact direct summation up to
 * {@link DIRECT_LIMIT} charges, the range-separated (RS) tensor format above (maps of more than a few thousand
 * atoms come from RS either way); periodic cells — Ewald to 1e-10 up to
 * {@link EWALD_LIMIT} charges, smooth PME above (energy), with the potential map from the Ewald grid sum. Each
 * comes as a {@link ChargeField}: the energy and a sampler of the potential (V) on grids the viewer can slice.
 */
import {
  directCoulomb,
  directPotentialOnGrid,
  ewaldCoulomb,
  ewaldPotentialAt,
  ewaldPotentialOnGrid,
  pmeCoulomb,
  rangeSeparatedCoulomb,
  uniformGrid,
} from '@equitensor/electrostatics';

/**
 * Above this many charges in open boundaries RS replaces direct summation for the energy (the package README puts
 * the crossover between 3·10⁴ and 10⁵ charges).
 */
export const DIRECT_LIMIT = 20_000;
/**
 * Above this many charge–node terms a map comes from the RS model instead of direct summation (direct costs N per
 * node, ~25 ns each; RS's Tucker contraction is ~0.3 s for 64³ nodes around a 519-atom protein).
 */
export const DIRECT_MAP_LIMIT = 3e7;
/**
 * Accuracy of the RS model behind a map, as in the protein and NaCl scenarios (a picture: 1e-3 of the potential
 * is below one step of the colour map; 1e-4 costs 2–3× more).
 */
const MAP_RS_ACCURACY = 1e-3;
/** Above this many charges in a periodic cell PME replaces Ewald for the energy. */
export const EWALD_LIMIT = 1000;

/** The potential (V) on an axis-aligned grid: node (i, j, k) at origin + (i, j, k)·spacing, index (i·ny + j)·nz + k. */
export interface SampledField {
  readonly shape: [number, number, number];
  readonly origin: [number, number, number];
  readonly spacing: [number, number, number];
  readonly values: Float64Array;
}

/** The energy of the charges and a sampler of their potential. */
export interface ChargeField {
  readonly method: 'direct' | 'rs' | 'ewald' | 'pme';
  /** Coulomb energy, eV. */
  readonly energy: number;
  /** The method in words, with its accuracy (for the results panel). */
  readonly note: string;
  /** The potential on a grid of about `points` nodes along the longest edge. */
  sample(points: number): SampledField;
}

/** The charges of a structure and its boundaries. */
export interface ChargeSystem {
  readonly positions: Float64Array;
  readonly charges: Float64Array;
  readonly cell: Float64Array | null;
  readonly pbc: readonly [boolean, boolean, boolean];
}

/**
 * The cube around the atoms with `margin` Å of empty space, centred on them.
 *
 * @example
 * ```ts
 * cubeAround(new Float64Array([0, 0, 0, 2, 0, 0]), 4); // { origin: [-4, -5, -5], size: 10 }
 * ```
 */
export function cubeAround(positions: Float64Array, margin: number): { origin: [number, number, number]; size: number } {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i++) {
    lo[i % 3] = Math.min(lo[i % 3]!, positions[i]!);
    hi[i % 3] = Math.max(hi[i % 3]!, positions[i]!);
  }
  const size = Math.max(hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!) + 2 * margin;
  const origin = [0, 1, 2].map((d) => 0.5 * (lo[d]! + hi[d]!) - size / 2) as [number, number, number];
  return { origin, size };
}

function cubeGrid(origin: [number, number, number], size: number, points: number) {
  const h = size / (points - 1);
  return {
    grid: uniformGrid(origin, [origin[0] + size, origin[1] + size, origin[2] + size], [points, points, points]),
    shape: [points, points, points] as [number, number, number],
    spacing: [h, h, h] as [number, number, number],
  };
}

/**
 * The RS model of the charges in the cube around them (`accuracy` δ of the energy); the map contracts the
 * long-range Tucker tensor mode by mode and adds the short range near each charge.
 *
 * @example
 * ```ts
 * const field = rsChargeField(positions, charges, 4, 1e-3);
 * field.sample(64).values.length; // 262144
 * ```
 */
export function rsChargeField(
  positions: Float64Array,
  charges: Float64Array,
  margin: number,
  accuracy: number,
): ChargeField & { ranks: readonly number[] } {
  const { origin, size } = cubeAround(positions, margin);
  const rs = rangeSeparatedCoulomb(positions, charges, { accuracy, box: { lo: origin, size: size * 1.0001 } });
  return {
    method: 'rs',
    energy: rs.energy,
    ranks: rs.ranks,
    note: `range-separated tensor format (δ = ${accuracy}), Tucker ranks ${rs.ranks.join('×')}`,
    sample(points) {
      const { grid, shape, spacing } = cubeGrid(origin, size, points);
      return { shape, origin, spacing, values: rs.model.potentialOnGrid(grid).values };
    },
  };
}

/**
 * Exact direct summation for the energy; the map by direct summation while N·nodes ≤ {@link DIRECT_MAP_LIMIT},
 * else from an RS model of the same cube (built once, on the first map that needs it).
 *
 * @example
 * ```ts
 * directChargeField(positions, charges, 4).energy; // eV, exact
 * ```
 */
export function directChargeField(positions: Float64Array, charges: Float64Array, margin: number): ChargeField {
  const { origin, size } = cubeAround(positions, margin);
  let rs: ReturnType<typeof rangeSeparatedCoulomb> | null = null;
  return {
    method: 'direct',
    energy: directCoulomb(positions, charges).energy,
    note: 'direct summation (exact, open boundaries)',
    sample(points) {
      const { grid, shape, spacing } = cubeGrid(origin, size, points);
      if (charges.length * points ** 3 <= DIRECT_MAP_LIMIT)
        return { shape, origin, spacing, values: directPotentialOnGrid(positions, charges, grid) };
      rs ??= rangeSeparatedCoulomb(positions, charges, { accuracy: MAP_RS_ACCURACY, box: { lo: origin, size: size * 1.0001 } });
      return { shape, origin, spacing, values: rs.model.potentialOnGrid(grid).values };
    },
  };
}

function isOrthorhombic(cell: Float64Array): boolean {
  const scale = Math.max(...Array.from(cell, Math.abs));
  return [1, 2, 3, 5, 6, 7].every((i) => Math.abs(cell[i]!) <= 1e-9 * scale);
}

/**
 * A periodic cell: the energy by Ewald (1e-10) up to {@link EWALD_LIMIT} charges, else by smooth PME (relative
 * force accuracy 1e-6); the map by the Ewald grid sum (1e-6) on nodes offset half a spacing from the cell's
 * corner — along the cell's edges for an orthorhombic cell, on an axis-aligned grid over a triclinic one.
 *
 * @example
 * ```ts
 * const field = periodicChargeField(positions, charges, cell);
 * field.method; // 'ewald' for a small cell
 * ```
 */
export function periodicChargeField(positions: Float64Array, charges: Float64Array, cell: Float64Array): ChargeField {
  const n = charges.length;
  const useEwald = n <= EWALD_LIMIT;
  const energy = useEwald
    ? ewaldCoulomb(positions, charges, cell, { accuracy: 1e-10 }).energy
    : pmeCoulomb(positions, charges, cell, { accuracy: 1e-6 }).energy;
  const system = { positions, charges, cell };
  const mapAccuracy = 1e-6;
  return {
    method: useEwald ? 'ewald' : 'pme',
    energy,
    note: useEwald ? 'Ewald summation (δ = 1e-10, tin-foil boundary)' : 'smooth particle-mesh Ewald (δ = 1e-6, tin-foil boundary)',
    sample(points) {
      if (isOrthorhombic(cell)) {
        const edges = [cell[0]!, cell[4]!, cell[8]!].map(Math.abs);
        const longest = Math.max(...edges);
        const shape = edges.map((a) => Math.max(8, Math.round((points * a) / longest))) as [number, number, number];
        const offset = shape.map((m) => 0.5 / m) as [number, number, number];
        const map = ewaldPotentialOnGrid(system, { shape, offset }, { accuracy: mapAccuracy });
        const spacing = [0, 1, 2].map((d) => edges[d]! / shape[d]!) as [number, number, number];
        return { shape, origin: [0, 1, 2].map((d) => offset[d]! * edges[d]!) as [number, number, number], spacing, values: map.values };
      }
      const lo = [Infinity, Infinity, Infinity];
      const hi = [-Infinity, -Infinity, -Infinity];
      for (let corner = 0; corner < 8; corner++)
        for (let d = 0; d < 3; d++) {
          const x = [0, 1, 2].reduce((sum, r) => sum + ((corner >> r) & 1) * cell[3 * r + d]!, 0);
          lo[d] = Math.min(lo[d]!, x);
          hi[d] = Math.max(hi[d]!, x);
        }
      const size = Math.max(hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!);
      const m = Math.min(points, 32);
      const h = size / m;
      const origin = [lo[0]! + h / 2, lo[1]! + h / 2, lo[2]! + h / 2] as [number, number, number];
      const nodes = new Float64Array(3 * m * m * m);
      for (let i = 0, p = 0; i < m; i++)
        for (let j = 0; j < m; j++)
          for (let k = 0; k < m; k++, p++) nodes.set([origin[0] + i * h, origin[1] + j * h, origin[2] + k * h], 3 * p);
      return { shape: [m, m, m], origin, spacing: [h, h, h], values: ewaldPotentialAt(nodes, system, { accuracy: mapAccuracy }) };
    },
  };
}

/**
 * The fastest suitable method for a structure: periodic in all three directions → Ewald or PME; open → direct
 * up to {@link DIRECT_LIMIT} charges, else RS. A structure periodic in one or two directions is refused with a
 * `RangeError` (no method here handles slabs or wires).
 *
 * @example
 * ```ts
 * chargeFieldFor({ positions, charges, cell: null, pbc: [false, false, false] }).method; // 'direct' for a small molecule
 * ```
 */
export function chargeFieldFor(system: ChargeSystem, margin = 4): ChargeField {
  const periodic = system.pbc.filter(Boolean).length;
  if (periodic === 3 && system.cell) return periodicChargeField(system.positions, system.charges, system.cell);
  if (periodic !== 0)
    throw new RangeError(
      `the structure is periodic in ${periodic} direction${periodic > 1 ? 's' : ''}: the potential needs a cell periodic in all three, or open boundaries`,
    );
  if (system.charges.length <= DIRECT_LIMIT) return directChargeField(system.positions, system.charges, margin);
  return rsChargeField(system.positions, system.charges, margin, 1e-5);
}
