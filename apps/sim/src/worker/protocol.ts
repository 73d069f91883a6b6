/**
 * Messages between the app (main thread) and the simulation worker. Typed arrays in frames are
 * transferred, not copied.
 */

import type { Structure } from '@equitensor/io';
import type { ScenarioId } from './scenarios/catalog.ts';

export type { ScenarioId } from './scenarios/catalog.ts';

/** What a run shows: a scenario of the menu, or a computation on a structure the user opened. */
export type RunId = ScenarioId | 'opened';

/** Simulation parameters a user can change while it runs. */
export interface SimParams {
  /** Target temperature, K. */
  readonly temperature: number;
  /** Time step, fs. */
  readonly dt: number;
  /** `langevin` (NVT, BAOAB) or `nve` (velocity Verlet). */
  readonly thermostat: 'langevin' | 'nve';
  /** Langevin friction, 1/fs. */
  readonly friction: number;
  /** Potential cutoff, Å (scenarios with a pair cutoff). */
  readonly cutoff: number;
  /** Tensor-product kind of the equivariant potential (silicon scenario; changing it refits). */
  readonly tpKind: string;
}

/**
 * Which compute backend a scenario should use: `auto` (WebGPU when the browser has a hardware adapter,
 * else the CPU), `cpu`, or `webgpu` (an error when there is no adapter). Only the MD scenarios with a
 * GPU potential (argon, copper) run on WebGPU; the others always run on the CPU.
 */
export type BackendRequest = 'auto' | 'cpu' | 'webgpu';

/** Main thread → worker. */
export type ToWorker =
  | {
      readonly type: 'start';
      readonly scenario: ScenarioId;
      readonly params: SimParams;
      readonly dataBase: string;
      /** Compute backend (default `auto`). */
      readonly backend?: BackendRequest;
      /** Conventional fcc cells per edge of the crystal scenarios (argon, copper; default 8, i.e. 2048 atoms). */
      readonly cells?: number;
      /** Web Workers that compute the forces of an MD run on the CPU (default 1: this worker's thread). */
      readonly workers?: number;
    }
  | ComputeRequest
  | { readonly type: 'params'; readonly params: SimParams }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'step' }
  /** Destroy the WebGPU device of the running scenario (exercises the CPU fallback). */
  | { readonly type: 'lose-device' };

/** Atoms as the worker and the app exchange them (Å, e; the cell's rows are lattice vectors). */
export interface AtomsData {
  readonly numbers: Int32Array;
  readonly positions: Float64Array;
  readonly cell: Float64Array | null;
  readonly pbc: [boolean, boolean, boolean];
  /** Per-atom charges, e (PQR, extxyz `charges` / `initial_charges`). */
  readonly charges?: Float64Array;
}

/** A structure the user opened (one frame of the file), to compute on. */
export interface OpenedStructure extends AtomsData {
  /** The file's name (for titles and messages). */
  readonly name: string;
}

/** The interatomic potential of MD on an opened structure. */
export type PotentialChoice =
  /** 12-6 Lennard-Jones (eV, Å), shifted at the cutoff of the parameters. */
  | { readonly kind: 'lj'; readonly epsilon: number; readonly sigma: number }
  /** An EAM file the user dropped: funcfl (`.eam`) or setfl (`.eam.alloy`, `.setfl`). */
  | { readonly kind: 'eam'; readonly fileName: string; readonly text: string }
  /**
   * Born-Mayer-Huggins pairs from a file (`element element A ρ σ C D cutoff`, LAMMPS' `pair_style born`)
   * plus the Coulomb interaction of the structure's charges by smooth PME (relative force accuracy).
   */
  | { readonly kind: 'born-pme'; readonly fileName: string; readonly text: string; readonly accuracy: number }
  /** An equivariant MLIP: a model file (`@equitensor/mlip`'s JSON, e.g. from `equitensor mlip fit`) or one fitted in the app. */
  | { readonly kind: 'mlip'; readonly fileName: string; readonly text: string }
  /** A MACE model file (`@equitensor/mlip`'s `loadMaceModel`: JSON text, or the bytes of the binary layout). */
  | { readonly kind: 'mace'; readonly fileName: string; readonly data: string | Uint8Array };

/**
 * What to compute on an opened file: the electrostatic potential of the frame shown, MD with a potential on it,
 * or an equivariant MLIP fitted on all its frames (a dataset with energies and forces).
 */
export type ComputeTask =
  | { readonly kind: 'potential' }
  | { readonly kind: 'md'; readonly potential: PotentialChoice }
  | { readonly kind: 'fit'; readonly frames: readonly Structure[]; readonly tpKind: string };

/** Main thread → worker: compute on an opened structure (runs like a scenario: structure, then fields or frames). */
export interface ComputeRequest {
  readonly type: 'compute';
  readonly task: ComputeTask;
  readonly structure: OpenedStructure;
  readonly params: SimParams;
  /** Compute backend (default `auto`; only MD with Lennard-Jones or EAM has a WebGPU implementation). */
  readonly backend?: BackendRequest;
  /** Web Workers that compute the forces of MD on the CPU (default 1: this worker's thread). */
  readonly workers?: number;
}

/** One computed number for the results panel. */
export interface ResultEntry {
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  /** Significant digits to show. */
  readonly digits: number;
  /** How it was computed (method, accuracy, reference). */
  readonly note?: string;
}

/** Computed numbers (energies, Madelung constants) that stay in the results panel. */
export interface ResultMessage {
  readonly type: 'result';
  /** What they belong to (the scenario or the file). */
  readonly title: string;
  readonly entries: readonly ResultEntry[];
}

/** Predicted against reference values of a fitted model (energies per atom, force components), for a parity plot. */
export interface ParityMessage {
  readonly type: 'parity';
  readonly title: string;
  readonly energy: { readonly reference: Float64Array; readonly predicted: Float64Array; readonly unit: string };
  readonly forces: { readonly reference: Float64Array; readonly predicted: Float64Array; readonly unit: string };
}

/** A model fitted in the worker, as `@equitensor/mlip`'s JSON model file (the app keeps it for MD). */
export interface ModelMessage {
  readonly type: 'model';
  readonly fileName: string;
  readonly text: string;
}

/** The atoms of a scenario (sent once when it starts). */
export interface StructureMessage extends AtomsData {
  readonly type: 'structure';
  readonly scenario: RunId;
  readonly title: string;
  /** Which parameters mean something for this scenario. */
  readonly controls: readonly (keyof SimParams)[];
  /** Whether the scenario evolves in time (false for a static field). */
  readonly dynamic: boolean;
  /** How the atoms look best (the viewer's representation names). */
  readonly representation: 'ball-and-stick' | 'spacefill' | 'licorice' | 'points';
  /** Per-atom extrapolation grade of the MLIP that runs (`extrapolationGrades`; ≤ 1 inside its training data). */
  readonly grades?: Float64Array;
}

/** One MD frame with its thermodynamics. Energies in eV, time in fs, temperature in K. */
export interface FrameMessage {
  readonly type: 'frame';
  readonly step: number;
  readonly time: number;
  readonly positions: Float64Array;
  readonly cell: Float64Array | null;
  readonly forces: Float64Array;
  readonly potentialEnergy: number;
  readonly kineticEnergy: number;
  readonly conservedEnergy: number;
  readonly temperature: number;
  /** Wall-clock milliseconds per MD step in the worker. */
  readonly msPerStep: number;
  /** Partial radial distribution functions, a running average (scenarios that sample them, e.g. molten salt). */
  readonly rdf?: RdfData;
  /** Per-atom extrapolation grade of this frame (MD with an MLIP that has a committee and a grade reference). */
  readonly grades?: Float64Array;
}

/** Partial g(r) averaged over the last samples of a run (taken every `every` steps; reset when the parameters change). */
export interface RdfData {
  /** Shell centres, Å. */
  readonly r: Float64Array;
  /** One g(r) per pair of elements, e.g. `Na–Cl`. */
  readonly partials: readonly { readonly label: string; readonly g: Float64Array }[];
  /** Configurations in the average. */
  readonly samples: number;
  /** Steps between two samples. */
  readonly every: number;
}

/** A scalar field on a grid (electrostatic potential, V). */
export interface FieldMessage {
  readonly type: 'field';
  readonly shape: [number, number, number];
  readonly origin: [number, number, number];
  readonly spacing: [number, number, number];
  readonly values: Float32Array;
  readonly unit: string;
  readonly description: string;
  /** A level for the ± isosurfaces that shows the field's shape. */
  readonly isoLevel: number;
}

/** Progress of a long preparation (fitting a potential, computing a field). */
export interface ProgressMessage {
  readonly type: 'progress';
  readonly label: string;
  readonly fraction: number;
}

/** Which backend a scenario runs on (sent when it starts, and again if the GPU device is lost). */
export interface BackendMessage {
  readonly type: 'backend';
  readonly backend: 'cpu' | 'webgpu';
  /** The adapter's name (`vendor device description`), empty on the CPU. */
  readonly adapter: string;
  /** Why this backend (requested, default, no adapter, device lost, …). */
  readonly reason: string;
}

/**
 * How many threads compute an MD run's forces (sent when it starts on the CPU, and again if a lost GPU hands the run
 * to the CPU): `workers` Web Workers sharing memory (the worker pool), or 1 (the simulation worker's own thread).
 */
export interface WorkersMessage {
  readonly type: 'workers';
  readonly workers: number;
  /** Why that many: `on 4 Web Workers`, or why one thread (`page not cross-origin isolated`, `1 worker requested`, …). */
  readonly reason: string;
  /**
   * The pooled potential's force loop, sent again once its first evaluation ran (pair potentials with a WebAssembly
   * kernel: `wasm-simd`, or `typescript` where a worker could not run it, e.g. without shared WebAssembly memory).
   */
  readonly forceLoop?: 'wasm-simd' | 'typescript';
}

/** The {@link WorkersMessage} reason of a run on one thread because one worker was asked for. */
export const ONE_WORKER_REQUESTED = '1 worker requested';

/**
 * An MD run that the stability guard stopped (md's `DynamicsInstabilityError`: a non-finite energy, position,
 * velocity or force, or a temperature above the limit). The worker pauses; the frames sent before stay good.
 */
export interface StoppedMessage {
  readonly type: 'stopped';
  /** The step that went wrong, counted from the start of the run. */
  readonly step: number;
  /** What went wrong there: `temperature`, `potential energy`, `position`, `force`, … */
  readonly quantity: string;
  /** Its value (NaN, Infinity, or the temperature above the limit). */
  readonly value: number;
  /** The step of the last good state (the last frame sent). */
  readonly lastGoodStep: number;
  /** The whole explanation, for the results panel and the message bar. */
  readonly message: string;
}

/** Worker → main thread. */
export type FromWorker =
  | StructureMessage
  | BackendMessage
  | WorkersMessage
  | FrameMessage
  | FieldMessage
  | ProgressMessage
  | ResultMessage
  | ParityMessage
  | ModelMessage
  | StoppedMessage
  | { readonly type: 'log'; readonly message: string }
  | { readonly type: 'error'; readonly message: string };

/** Defaults of the parameters (argon-like). */
export const DEFAULT_PARAMS: SimParams = { temperature: 100, dt: 5, thermostat: 'langevin', friction: 0.01, cutoff: 8.5, tpKind: 'cg' };
