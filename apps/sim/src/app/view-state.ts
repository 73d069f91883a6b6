/**
 * The view state: what the app shows now (which scenario or file, its backend, thermodynamics, field and
 * file progress), as one plain object that the end-to-end tests and the console read
 * (`window.equitensor.state`). Only the app writes it.
 */
import { ONE_WORKER_REQUESTED, type ScenarioId } from '../worker/protocol.ts';
import type { ShownCartoon } from './cartoon-view.ts';
import type { ShownResult } from './results-panel.ts';
import type { ShownSurface } from './surface-client.ts';

/** What the end-to-end tests and the console can read. */
export interface AppState {
  scenario: ScenarioId | null;
  /** A computation on the open file (`potential`, `md`, `fit`), or null. */
  compute: 'potential' | 'md' | 'fit' | null;
  /** Everything in the results panel, newest first. */
  results: readonly ShownResult[];
  /** The backend the running scenario computes on (`null` until the worker reports it). */
  backend: 'cpu' | 'webgpu' | null;
  /** The WebGPU adapter's name (empty on the CPU). */
  adapter: string;
  /** Why that backend (requested, default, no adapter, device lost, …). */
  backendReason: string;
  /** Threads computing an MD run's forces on the CPU: the worker pool's Web Workers, or 1 (`null` until the worker reports it). */
  workers: number | null;
  /** Why that many (`on 2 Web Workers`, `page not cross-origin isolated`, `1 worker requested`, …). */
  workersReason: string;
  /** The pooled potential's force loop (`wasm-simd`, `typescript`; empty until reported or without a pool). */
  workersForceLoop: string;
  /** Potential energy of the first frame (step 0), eV. */
  initialPotentialEnergy: number | null;
  /** Thermodynamics of the last frame (eV, K). */
  potentialEnergy: number | null;
  kineticEnergy: number | null;
  temperature: number | null;
  title: string;
  atoms: number;
  framesReceived: number;
  lastStep: number;
  lastError: string | null;
  /** Where and why md's stability guard stopped the run (null: it did not); the frames before it stay. */
  stopped: { step: number; quantity: string; lastGoodStep: number; message: string } | null;
  hasField: boolean;
  fieldShape: readonly number[] | null;
  fileName: string | null;
  fileFrames: number;
  /** Whether the file is still being read (its frames keep arriving). */
  fileLoading: boolean;
  /** Bytes of the file read so far, and its size (null when unknown). */
  fileBytesRead: number;
  fileBytesTotal: number | null;
  /** When the file's first frame was shown, and when the worker parsed its latest frame (ms since the epoch). */
  fileFirstFrameShownAt: number | null;
  fileLastFrameParsedAt: number | null;
  /** The viewer's renderer (`?renderer=`), in words (`WebGL2`, `WebGPU (adapter)`), and why it is that one. */
  renderer: 'webgl' | 'webgpu';
  rendererDescription: string;
  rendererReason: string;
  /** How the atoms are coloured (`element`, `chain`, `residue`, `charge`). */
  colorScheme: string;
  /** How many atoms the selection holds (null: no selection). */
  selectedAtoms: number | null;
  /** The molecular surface shown (null: none), with how its potential was computed and the times. */
  surface: ShownSurface | null;
  /** The cartoon shown (null: none): residues, helix and strand counts, where the secondary structure came from. */
  cartoon: ShownCartoon | null;
  /**
   * The measurements shown: kind, atom indices, value (Å or degrees) and, when an atom is in an added file, each
   * atom's structure (null for the open file, else the viewer's id of the added one).
   */
  measurements: { kind: string; atoms: number[]; value: number; structures?: (number | null)[] }[];
  /** The structures shown (the open file first, then those added beside it), with their visibility. */
  structures: { name: string; atoms: number; visible: boolean }[];
}

/**
 * The state of an app that shows nothing yet.
 *
 * @example
 * ```ts
 * const state = initialAppState();
 * state.framesReceived; // 0
 * ```
 */
export function initialAppState(): AppState {
  return {
    scenario: null,
    compute: null,
    results: [],
    backend: null,
    adapter: '',
    backendReason: '',
    workers: null,
    workersReason: '',
    workersForceLoop: '',
    initialPotentialEnergy: null,
    potentialEnergy: null,
    kineticEnergy: null,
    temperature: null,
    title: '',
    atoms: 0,
    framesReceived: 0,
    lastStep: 0,
    lastError: null,
    stopped: null,
    hasField: false,
    fieldShape: null,
    fileName: null,
    fileFrames: 0,
    fileLoading: false,
    fileBytesRead: 0,
    fileBytesTotal: null,
    fileFirstFrameShownAt: null,
    fileLastFrameParsedAt: null,
    renderer: 'webgl',
    rendererDescription: '',
    rendererReason: '',
    colorScheme: 'element',
    selectedAtoms: null,
    surface: null,
    cartoon: null,
    measurements: [],
    structures: [],
  };
}

/**
 * Forget the previous run (frames, thermodynamics, backend, field, error) when a new one starts.
 *
 * @example
 * ```ts
 * resetRun(state, 'argon');
 * state.scenario; // 'argon'
 * ```
 */
export function resetRun(state: AppState, scenario: ScenarioId | null, compute: AppState['compute'] = null): void {
  state.scenario = scenario;
  state.compute = compute;
  state.framesReceived = 0;
  state.lastError = null;
  state.stopped = null;
  state.backend = null;
  state.adapter = '';
  state.backendReason = '';
  state.workers = null;
  state.workersReason = '';
  state.workersForceLoop = '';
  state.initialPotentialEnergy = null;
  state.potentialEnergy = null;
  state.kineticEnergy = null;
  state.temperature = null;
  state.hasField = false;
  state.fieldShape = null;
}

/**
 * Whether a `stopped` message repeats the stop the app already shows: the run was asked to go on (Run, Step)
 * with the same parameters as at that stop (`params`, `paramsAtStop`), so the worker stopped at the same
 * step again. A repeat adds no result.
 *
 * @example
 * ```ts
 * const shown = { step: 12, quantity: 'temperature', lastGoodStep: 11, message: '…' };
 * repeatsStop(shown, { step: 12, lastGoodStep: 11 }, { dt: 100 }, { dt: 100 }); // true
 * repeatsStop(shown, { step: 12, lastGoodStep: 11 }, { dt: 50 }, { dt: 100 }); // false: new parameters, a new stop
 * ```
 */
export function repeatsStop<P extends object>(
  shown: AppState['stopped'],
  message: { readonly step: number; readonly lastGoodStep: number },
  params: P,
  paramsAtStop: P | null,
): boolean {
  if (shown === null || paramsAtStop === null) return false;
  if (shown.step !== message.step || shown.lastGoodStep !== message.lastGoodStep) return false;
  return sameParams(params, paramsAtStop);
}

/**
 * Whether two parameter sets hold the same values (a `change` event that changed nothing is not sent on).
 *
 * @example
 * ```ts
 * sameParams({ dt: 2, temperature: 94.4 }, { dt: 2, temperature: 94.4 }); // true
 * ```
 */
export function sameParams<P extends object>(a: P, b: P): boolean {
  return (Object.keys(a) as (keyof P)[]).every((key) => a[key] === b[key]) && Object.keys(b).length === Object.keys(a).length;
}

/**
 * Whether `title` already states the count `n` ("2048 atoms", "1000 ions", "512-ion cube"), so the
 * status bar need not repeat it.
 *
 * @example
 * ```ts
 * titleStatesCount('Lennard-Jones argon, 2048 atoms', 2048); // true
 * titleStatesCount('mol.xyz', 3); // false
 * ```
 */
export function titleStatesCount(title: string, n: number): boolean {
  return new RegExp(`(^|[^\\d.])${n}[- ](atom|ion)s?\\b`).test(title);
}

/**
 * The threads of an MD run on the CPU in words: `4 workers` on the pool (`4 workers, JavaScript force loop` when the
 * pooled potential's workers could not run its WebAssembly kernel: slower, and said), `1 thread` when one was asked
 * for, else `1 thread (why)`.
 *
 * @example
 * ```ts
 * threadsText(1, 'page not cross-origin isolated'); // '1 thread (page not cross-origin isolated)'
 * threadsText(2, 'on 2 Web Workers', 'typescript'); // '2 workers, JavaScript force loop'
 * ```
 */
export function threadsText(workers: number, reason: string, forceLoop = ''): string {
  if (workers > 1) return forceLoop === 'typescript' ? `${workers} workers, JavaScript force loop` : `${workers} workers`;
  return reason === ONE_WORKER_REQUESTED ? '1 thread' : `1 thread (${reason})`;
}

/**
 * The status bar's text: title, atoms (unless the title already states them), the backend, the threads of MD on the
 * CPU (`2 workers`, or `1 thread` with the reason unless one was asked for), the MD clock and the counters.
 *
 * @example
 * ```ts
 * statusText(state, lastFrame, true, viewer.renderCount); // 'Lennard-Jones argon, 2048 atoms · cpu · step 120 · …'
 * ```
 */
export function statusText(
  state: AppState,
  frame: { step: number; time: number; temperature: number; msPerStep: number } | null,
  dynamic: boolean,
  renders: number,
): string {
  const title = state.title || 'no scenario';
  const parts = titleStatesCount(title, state.atoms) ? [title] : [title, `${state.atoms} atoms`];
  const running = state.scenario !== null || state.compute !== null;
  if (running && state.backend) parts.push(state.backend === 'webgpu' ? `webgpu (${state.adapter})` : 'cpu');
  if (running && state.backend === 'cpu' && state.workers !== null)
    parts.push(threadsText(state.workers, state.workersReason, state.workersForceLoop));
  if (running && frame && dynamic) {
    parts.push(
      `step ${frame.step}`,
      `t = ${(frame.time / 1000).toFixed(2)} ps`,
      `T = ${frame.temperature.toFixed(1)} K`,
      `${frame.msPerStep.toFixed(2)} ms/step`,
    );
  }
  if (running && state.stopped) {
    parts.push(
      `stopped: unstable at step ${state.stopped.step} (${state.stopped.quantity})`,
      'change the parameters (e.g. a smaller time step) to go on',
    );
  }
  // a file on its own counts its frames, not those of the run before it
  const frames = !running && state.fileName !== null ? state.fileFrames : state.framesReceived;
  parts.push(`${frames} frame${frames === 1 ? '' : 's'}`, `${renders} renders`);
  return parts.join(' · ');
}
