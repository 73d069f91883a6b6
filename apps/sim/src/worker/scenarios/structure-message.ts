import type { System } from '@equitensor/md';
import type { StructureMessage } from '../protocol.ts';
import type { MdScenarioSpec } from './md-scenario.ts';

/**
 * The structure message an MD scenario sends first (the same on the CPU and the WebGPU backend).
 *
 * @example
 * ```ts
 * const structure = mdStructureMessage(spec, system);
 * ```
 */
export function mdStructureMessage(spec: MdScenarioSpec, system: System): StructureMessage {
  return {
    type: 'structure',
    scenario: spec.id,
    title: spec.title,
    numbers: spec.numbers,
    positions: Float64Array.from(system.positions),
    cell: system.cell ? Float64Array.from(system.cell) : null,
    pbc: spec.pbc,
    ...(spec.charges ? { charges: spec.charges } : {}),
    controls: spec.controls,
    dynamic: true,
    representation: spec.representation ?? 'spacefill',
  };
}
