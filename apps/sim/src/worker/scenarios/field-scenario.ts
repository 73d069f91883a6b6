/**
 * Static runs that show charges and their electrostatic potential on a grid (the protein and NaCl scenarios,
 * and the potential of an opened structure): a {@link ChargeField} from `charge-fields.ts` gives the energy
 * and samples the map, a coarse grid first, then finer ones; the results (energy, Madelung constant) go to
 * the results panel.
 */
import type { FieldMessage, ResultEntry, RunId, StructureMessage } from '../protocol.ts';
import type { ChargeField } from './charge-fields.ts';
import type { ProgressReporter, RunningScenario } from './scenario.ts';

/** Charges to show and the field to sample. */
export interface FieldScenarioSpec {
  readonly id: RunId;
  readonly title: string;
  readonly numbers: Int32Array;
  readonly positions: Float64Array;
  readonly charges: Float64Array;
  readonly cell?: Float64Array | null;
  readonly pbc?: [boolean, boolean, boolean];
  readonly field: ChargeField;
  /** Grid points per axis of each successive sampling (default [24, 64]). */
  readonly gridPoints?: readonly number[];
  readonly representation: StructureMessage['representation'];
  /** A sentence about the result, shown to the user. */
  readonly description: string;
  /** Numbers for the results panel. */
  readonly results?: readonly ResultEntry[];
}

/**
 * A static run whose `fields()` samples the potential (V) on successively finer grids.
 *
 * @example
 * ```ts
 * const running = startFieldScenario({ id: 'protein', title: '1AJJ', numbers, positions, charges, field: rsChargeField(positions, charges, 4, 1e-3), representation: 'licorice', description: '' }, progress);
 * for await (const field of running.fields!()) viewer.setField(field);
 * ```
 */
export function startFieldScenario(spec: FieldScenarioSpec, progress: ProgressReporter): RunningScenario {
  async function* fields(): AsyncGenerator<FieldMessage> {
    const levels = spec.gridPoints ?? [24, 64];
    for (const [level, points] of levels.entries()) {
      progress(`Potential on a ${points}³ grid (${level + 1}/${levels.length})`, (level + 0.5) / levels.length);
      await new Promise((resolve) => setTimeout(resolve, 0));
      const sampled = spec.field.sample(points);
      // Node (i, j, k) at index (i·ny + j)·nz + k, as the viewer's grids.
      const values = Float32Array.from(sampled.values);
      const abs = Array.from(values, Math.abs).sort((a, b) => a - b);
      const p90 = abs[Math.floor(0.9 * (abs.length - 1))] ?? 1;
      const shape = sampled.shape.join('×').replace(/^(\d+)×\1×\1$/, '$1³');
      yield {
        type: 'field',
        shape: sampled.shape,
        origin: sampled.origin,
        spacing: sampled.spacing,
        values,
        unit: 'V',
        description: `${spec.description} Grid ${shape}${level + 1 < levels.length ? ' (refining…)' : ''}.`,
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
    cell: spec.cell ?? null,
    pbc: spec.pbc ?? [false, false, false],
    charges: spec.charges,
    controls: [],
    dynamic: false,
    representation: spec.representation,
  };
  return {
    structure,
    fields,
    ...(spec.results ? { results: { type: 'result' as const, title: spec.title, entries: spec.results } } : {}),
    advance() {},
    snapshot() {
      throw new Error(`${spec.id} is a static scenario`);
    },
    setParams() {},
  };
}
