/**
 * What the app knows about each scenario before it starts one: its id, the label of the scenario menu,
 * its parameter presets and whether it has a WebGPU implementation. The worker's registry
 * (`registry.ts`) maps the same ids to their factories; this file imports no scenario code, so the main
 * thread can read it without loading the packages the scenarios compute with.
 */
import type { SimParams } from '../protocol.ts';

/** One entry of the scenario menu. */
export interface ScenarioInfo {
  readonly id: string;
  /** The menu label. */
  readonly label: string;
  /** Parameter presets over the defaults (`DEFAULT_PARAMS`). */
  readonly params: Partial<SimParams>;
  /** Whether the scenario runs on WebGPU when the backend request allows it (else always on the CPU). */
  readonly gpu: boolean;
}

/**
 * Every scenario, in menu order; the first is the default.
 *
 * @example
 * ```ts
 * SCENARIOS.map((s) => s.id); // ['argon', 'copper', 'silicon', 'protein', 'nacl', 'molten-salt']
 * ```
 */
export const SCENARIOS = [
  { id: 'argon', label: 'Lennard-Jones argon (2048 atoms)', params: { temperature: 100, dt: 5, cutoff: 8.5 }, gpu: true },
  { id: 'copper', label: 'Cu, EAM (Foiles 1986)', params: { temperature: 600, dt: 2, cutoff: 4.95 }, gpu: true },
  { id: 'silicon', label: 'Si, equivariant MLIP fitted in the browser', params: { temperature: 800, dt: 1, cutoff: 5.5 }, gpu: false },
  { id: 'protein', label: 'Protein electrostatic potential (1AJJ, RS)', params: {}, gpu: false },
  { id: 'nacl', label: 'NaCl lattice (Ewald Coulomb)', params: { temperature: 300, dt: 2, cutoff: 10 }, gpu: false },
  {
    id: 'molten-salt',
    label: 'Molten NaCl (Tosi-Fumi + PME, 1000 ions)',
    params: { temperature: 1200, dt: 1, cutoff: 10 },
    gpu: true,
  },
] as const satisfies readonly ScenarioInfo[];

/** The scenarios the worker can run. */
export type ScenarioId = (typeof SCENARIOS)[number]['id'];

/** The scenario the app starts with when the URL names none. */
export const DEFAULT_SCENARIO: ScenarioId = SCENARIOS[0].id;

/**
 * Whether a text (a `?scenario=` value, a menu value) names a scenario.
 *
 * @example
 * ```ts
 * isScenarioId('nacl'); // true
 * isScenarioId('water'); // false
 * ```
 */
export function isScenarioId(text: string | null | undefined): text is ScenarioId {
  return SCENARIOS.some((s) => s.id === text);
}

/**
 * The catalogue entry of a scenario.
 *
 * @example
 * ```ts
 * scenarioInfo('copper').gpu; // true
 * ```
 */
export function scenarioInfo(id: ScenarioId): ScenarioInfo {
  return SCENARIOS.find((s) => s.id === id) ?? SCENARIOS[0];
}
