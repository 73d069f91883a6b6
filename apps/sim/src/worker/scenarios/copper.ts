/**
 * Copper with the embedded-atom method of `@equitensor/md`, using the Foiles (1986) `Cu_u3.eam`
 * funcfl table shipped with the app (see public/data/ATTRIBUTION.md): 2048 atoms, fcc a = 3.615 Å.
 * On WebGPU, `@equitensor/gpu` runs the same splines on its EAM kernels (density pass + force pass).
 */
import { cubicLattice, EmbeddedAtom, funcflSplines, parseEamFuncfl } from '@equitensor/md';
import type { SimParams } from '../protocol.ts';
import { startMdScenario } from './md-scenario.ts';
import type { ScenarioFactory } from './scenario.ts';

/** Start the copper scenario; `dataBase` is the URL of the app's data folder. */
export function copperScenario(dataBase: string): ScenarioFactory {
  return async (params: SimParams, progress, options) => {
    progress('Loading Cu_u3.eam', 0.2);
    const response = await fetch(new URL('Cu_u3.eam', dataBase));
    if (!response.ok) throw new Error(`could not load Cu_u3.eam (${response.status})`);
    const splines = funcflSplines([parseEamFuncfl(await response.text(), { fileName: 'Cu_u3.eam' })]);
    const cells = options?.cells ?? 8;
    const crystal = cubicLattice({ structure: 'fcc', a: 3.615, repeat: [cells, cells, cells], number: 29 });
    const eam = new EmbeddedAtom(splines, 'eam:Cu_u3.eam');
    return startMdScenario(
      {
        id: 'copper',
        title: `Cu, EAM (Cu_u3.eam), ${crystal.numbers.length} atoms`,
        numbers: crystal.numbers,
        positions: crystal.positions,
        cell: crystal.cell,
        pbc: [true, true, true],
        potential: () => eam,
        controls: ['temperature', 'dt', 'thermostat', 'friction'],
      },
      params,
      options,
    );
  };
}
