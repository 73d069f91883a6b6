/**
 * Static scenarios that show charges and their electrostatic potential on a grid, computed with the
 * range-separated (RS) tensor method of `@equitensor/electrostatics` (the physics is that package's).
 * The grid values come from the model's Tucker form contracted mode by mode plus the short range near each
 * charge (`potentialOnGrid`, ~0.3 s for a 64³ grid around a 519-atom protein); a coarse grid comes first.
 */
import { rangeSeparatedCoulomb, uniformGrid } from '@equitensor/electrostatics';
import type { FieldMessage, ScenarioId, StructureMessage } from '../protocol.ts';
import type { ProgressReporter, RunningScenario } from './scenario.ts';

/** Charges to show and the grids to sample their potential on. */
export interface FieldScenarioSpec {
  readonly id: ScenarioId;
  readonly title: string;
  readonly numbers: Int32Array;
  readonly positions: Float64Array;
  readonly charges: Float64Array;
  /** Grid points per axis of each successive sampling (default [24, 64]). */
  readonly gridPoints?: readonly number[];
  /** Empty space around the atoms, Å (default 4). */
  readonly margin?: number;
  readonly representation: StructureMessage['representation'];
  /** A sentence about the result, shown to the user; receives the RS energy (eV) and Tucker ranks. */
  readonly describe: (energy: number, ranks: readonly number[]) => string;
}

/**
 * Build the RS model of the charges; its `fields()` then samples k_e·P (V) on successively finer cubic grids.
 *
 * @example
 * ```ts
 * const running = startFieldScenario({ id: 'protein', title: '1AJJ', numbers, positions, charges, representation: 'licorice', describe: () => '' }, progress);
 * for await (const field of running.fields!()) viewer.setField(field);
 * ```
 */
export function startFieldScenario(spec: FieldScenarioSpec, progress: ProgressReporter): RunningScenario {
  const n = spec.numbers.length;
  const margin = spec.margin ?? 4;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++)
    for (let d = 0; d < 3; d++) {
      lo[d] = Math.min(lo[d]!, spec.positions[3 * i + d]!);
      hi[d] = Math.max(hi[d]!, spec.positions[3 * i + d]!);
    }
  const size = Math.max(hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!) + 2 * margin;
  const origin = [0, 1, 2].map((d) => 0.5 * (lo[d]! + hi[d]!) - size / 2) as [number, number, number];
  progress('Range-separated tensor model of the charges', 0.1);
  const rs = rangeSeparatedCoulomb(spec.positions, spec.charges, { accuracy: 1e-3, box: { lo: origin, size: size * 1.0001 } });
  const description = spec.describe(rs.energy, rs.ranks);

  async function* fields(): AsyncGenerator<FieldMessage> {
    const levels = spec.gridPoints ?? [24, 64];
    for (const [level, points] of levels.entries()) {
      const h = size / (points - 1);
      progress(`Potential on a ${points}³ grid (${level + 1}/${levels.length})`, (level + 0.5) / levels.length);
      await new Promise((resolve) => setTimeout(resolve, 0));
      const grid = uniformGrid(origin, [origin[0] + size, origin[1] + size, origin[2] + size], [points, points, points]);
      // Node (i, j, k) at index (i·m + j)·m + k, as the viewer's grids.
      const values = Float32Array.from(rs.model.potentialOnGrid(grid).values);
      const abs = Array.from(values, Math.abs).sort((a, b) => a - b);
      const p90 = abs[Math.floor(0.9 * (abs.length - 1))] ?? 1;
      yield {
        type: 'field',
        shape: [points, points, points],
        origin,
        spacing: [h, h, h],
        values,
        unit: 'V',
        description: `${description} Grid ${points}³${level + 1 < levels.length ? ' (refining…)' : ''}.`,
        isoLevel: Number(p90.toPrecision(2)),
      };
    }
    progress('', 1);
  }

  const structure: StructureMessage = {
    type: 'structure',
    scenario: spec.id,
    title: spec.title,
    numbers: spec.numbers,
    positions: spec.positions,
    cell: null,
    pbc: [false, false, false],
    charges: spec.charges,
    controls: [],
    dynamic: false,
    representation: spec.representation,
  };
  return {
    structure,
    fields,
    advance() {},
    snapshot() {
      throw new Error(`${spec.id} is a static scenario`);
    },
    setParams() {},
  };
}
