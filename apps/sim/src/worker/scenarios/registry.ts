/** Every scenario the worker knows, by id. Scenarios are added as the packages they need land. */
import type { ScenarioId } from '../protocol.ts';
import { argonScenario } from './argon.ts';
import { copperScenario } from './copper.ts';
import { naclScenario } from './nacl.ts';
import { proteinScenario } from './protein.ts';
import type { ScenarioFactory } from './scenario.ts';
import { siliconScenario } from './silicon.ts';

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
  switch (id) {
    case 'argon':
      return argonScenario;
    case 'copper':
      return copperScenario(dataBase);
    case 'silicon':
      return siliconScenario(dataBase);
    case 'nacl':
      return naclScenario(dataBase);
    case 'protein':
      return proteinScenario(dataBase);
  }
}
