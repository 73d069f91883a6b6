/**
 * Every scenario the worker knows, by id: the factories of the ids in `catalog.ts` (menu labels, presets,
 * GPU support), one entry per id, checked by the compiler.
 */
import { argonScenario } from './argon.ts';
import type { ScenarioId } from './catalog.ts';
import { copperScenario } from './copper.ts';
import { moltenSaltScenario } from './molten-salt.ts';
import { naclScenario } from './nacl.ts';
import { proteinScenario } from './protein.ts';
import type { ScenarioFactory } from './scenario.ts';
import { siliconScenario } from './silicon.ts';

const FACTORIES: Record<ScenarioId, (dataBase: string) => ScenarioFactory> = {
  argon: () => argonScenario,
  copper: copperScenario,
  silicon: siliconScenario,
  protein: proteinScenario,
  nacl: naclScenario,
  'molten-salt': () => moltenSaltScenario,
};

/**
 * The factory of a scenario, or undefined when this build has none. `dataBase` is the URL of the
 * app's data folder (shipped potential tables, structures).
 *
 * @example
 * ```ts
 * const start = scenarioFactory('argon', new URL('./data/', location.href).href);
 * ```
 */
export function scenarioFactory(id: ScenarioId, dataBase: string): ScenarioFactory | undefined {
  return Object.hasOwn(FACTORIES, id) ? FACTORIES[id](dataBase) : undefined;
}
