import type { AtomsState } from '@equitensor/md';
import { readFixtureText } from '@equitensor/testing';
import { loadMaceModel, type MaceModel } from '../../src/index.ts';

/** One structure of `mace/mace_small_reference.json` (mace 0.3.6, e3nn 0.5.6, PyTorch 1.13, float64). */
export interface ReferenceStructure {
  readonly symbols: string[];
  readonly positions: number[];
  readonly cell: number[] | null;
  readonly pbc: boolean;
  readonly energy: number;
  readonly node_energy: number[];
  readonly forces: number[];
  readonly edge_index?: number[];
  readonly intermediates?: Record<string, number[]>;
}

/** The reference file, parsed once. */
export interface Reference {
  readonly json: { config: unknown; state_dict: Record<string, { shape: number[]; data: number[] }>; structures: ReferenceStructure[] };
  readonly model: MaceModel;
}

let cached: Reference | undefined;

/** The reference file and its model (parsed and loaded once per test file). */
export function reference(): Reference {
  if (cached) return cached;
  const json = JSON.parse(readFixtureText('mace/mace_small_reference.json')) as Reference['json'];
  cached = { json, model: loadMaceModel(json) };
  return cached;
}

const Z: Record<string, number> = { H: 1, C: 6, O: 8 };

/** The atoms of a reference structure (the four clusters sit in a 100 Å periodic box, as in the reference). */
export function atomsOf(s: ReferenceStructure): AtomsState {
  return {
    numbers: Int32Array.from(s.symbols.map((x) => Z[x] as number)),
    positions: Float64Array.from(s.positions),
    cell: s.cell ? Float64Array.from(s.cell) : null,
    pbc: s.pbc ? [true, true, true] : [false, false, false],
  };
}
