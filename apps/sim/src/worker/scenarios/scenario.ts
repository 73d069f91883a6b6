/** What the worker needs from a scenario. */
import type { FieldMessage, FrameMessage, ScenarioId, SimParams, StructureMessage } from '../protocol.ts';

/** Posts progress while a scenario prepares. */
export type ProgressReporter = (label: string, fraction: number) => void;

/** A started scenario: its atoms, and (for dynamic ones) a way to advance and snapshot it. */
export interface RunningScenario {
  readonly structure: StructureMessage;
  /** Successively finer samplings of a scalar field (static scenarios); the worker posts each as it comes. */
  readonly fields?: () => AsyncGenerator<FieldMessage>;
  /** Advance one MD step (dynamic scenarios). */
  advance(): void;
  /** The current frame (copies the arrays, which are then transferred). */
  snapshot(msPerStep: number): FrameMessage;
  /** Apply new parameters (rebuilds the integrator and, when the cutoff changes, the potential). */
  setParams(params: SimParams): void;
}

/** Builds a scenario; may be asynchronous (fitting, fetching data). */
export type ScenarioFactory = (params: SimParams, progress: ProgressReporter) => Promise<RunningScenario>;

/** Registry type. */
export type ScenarioRegistry = Partial<Record<ScenarioId, ScenarioFactory>>;
