/** What the worker needs from a scenario. */
import type { WorkerBackend } from '../backend.ts';
import type {
  BackendMessage,
  FieldMessage,
  FrameMessage,
  ModelMessage,
  ParityMessage,
  ResultMessage,
  SimParams,
  StructureMessage,
  WorkersMessage,
} from '../protocol.ts';

/** Posts progress while a scenario prepares. */
export type ProgressReporter = (label: string, fraction: number) => void;

/** A started scenario: its atoms, and (for dynamic ones) a way to advance and snapshot it. */
export interface RunningScenario {
  readonly structure: StructureMessage;
  /** Successively finer samplings of a scalar field (static scenarios); the worker posts each as it comes. */
  readonly fields?: () => AsyncGenerator<FieldMessage>;
  /** Computed numbers for the results panel (the worker posts them after the structure). */
  readonly results?: ResultMessage;
  /** Predicted against reference values of a fitted model (the worker posts them after the results). */
  readonly parity?: ParityMessage;
  /** A fitted model (the worker posts it last). */
  readonly model?: ModelMessage;
  /** Advance one step synchronously (dynamic scenarios without {@link advanceAsync}). */
  advance(): void;
  /**
   * Advance `steps` steps asynchronously (MD scenarios, on every backend: a GPU reads the state back once
   * per call); when present the worker uses it instead of {@link advance}. Calls run one after another.
   */
  readonly advanceAsync?: (steps: number) => Promise<void>;
  /** Target wall time of one {@link advanceAsync} block (one frame per block), ms; the worker adapts the block length to it. */
  readonly blockMs?: number;
  /**
   * Destroy the WebGPU device between two blocks, as a driver reset would, so that the run continues
   * on the CPU from the last state read back (scenarios on WebGPU; for tests and demonstrations).
   */
  readonly loseDevice?: () => Promise<void>;
  /** The current frame (copies the arrays, which are then transferred). */
  snapshot(msPerStep: number): FrameMessage;
  /** Apply new parameters (rebuilds the integrator and, when the cutoff changes, the potential). */
  setParams(params: SimParams): void;
}

/** How a scenario is run: the backend it may use, its size, and where to report a backend change. */
export interface ScenarioOptions {
  /** The resolved backend; scenarios without a GPU implementation ignore it and run on the CPU. */
  readonly backend: WorkerBackend;
  /** Conventional fcc cells per edge (crystal scenarios), default 8. */
  readonly cells?: number;
  /** Report which backend actually runs (at the start, and on a device loss). */
  readonly reportBackend: (message: BackendMessage) => void;
  /** Web Workers for the forces of MD on the CPU (the worker pool; default 1: the simulation worker's thread). */
  readonly workers?: number;
  /** Report how many threads compute the forces of an MD run on the CPU (at the start, and on a device loss). */
  readonly reportWorkers?: (message: WorkersMessage) => void;
}

/** Builds a scenario; may be asynchronous (fitting, fetching data). Without `options` it runs on the CPU at its default size. */
export type ScenarioFactory = (params: SimParams, progress: ProgressReporter, options?: ScenarioOptions) => Promise<RunningScenario>;
