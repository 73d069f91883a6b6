/**
 * The NaCl lattice: the Madelung constant of rock salt from `@equitensor/electrostatics`' Ewald sum on the
 * shipped conventional cell (a = 5.64 Å, reference 1.747564594633), and the RS electrostatic potential of a
 * 512-ion cube cut from the crystal, shown as slices and ± isosurfaces.
 */
import { ewaldCoulomb } from '@equitensor/electrostatics';
import { parseExtxyz, repeat } from '@equitensor/io';
import { rsChargeField } from './charge-fields.ts';
import { startFieldScenario } from './field-scenario.ts';
import { madelungConstant } from './madelung.ts';
import type { ScenarioFactory } from './scenario.ts';

/** Start the NaCl scenario; `dataBase` is the URL of the app's data folder. */
export function naclScenario(dataBase: string): ScenarioFactory {
  return async (_params, progress) => {
    progress('Loading NaCl_conventional.xyz', 0.02);
    const response = await fetch(new URL('NaCl_conventional.xyz', dataBase));
    if (!response.ok) throw new Error(`could not load NaCl_conventional.xyz (${response.status})`);
    const cell = parseExtxyz(await response.text(), { fileName: 'NaCl_conventional.xyz' })[0]!;
    const charges = cell.arrays.charges;
    if (charges?.type !== 'R') throw new Error('NaCl_conventional.xyz has no charges');
    const ewald = ewaldCoulomb(cell.positions, charges.data, cell.cell!, { accuracy: 1e-10 });
    const madelung = madelungConstant(cell.positions, charges.data, cell.cell!, ewald.energy);
    if (madelung === null) throw new Error('NaCl_conventional.xyz is not a neutral ±q crystal');
    const cube = repeat(cell, [4, 4, 4]);
    const cubeCharges = cube.arrays.charges;
    if (cubeCharges?.type !== 'R') throw new Error('repeat lost the charges');
    progress('Range-separated tensor model of the charges', 0.1);
    const field = rsChargeField(cube.positions, cubeCharges.data, 3, 1e-3);
    const title = `NaCl: ${cube.numbers.length}-ion cube, RS potential`;
    return startFieldScenario(
      {
        id: 'nacl',
        title,
        numbers: cube.numbers,
        positions: cube.positions,
        charges: cubeCharges.data,
        field,
        representation: 'ball-and-stick',
        description:
          `Ewald (periodic crystal): Madelung constant ${madelung.value.toFixed(9)} (reference 1.747564595). ` +
          `RS (open ${cube.numbers.length}-ion cube): E = ${field.energy.toFixed(4)} eV, Tucker ranks ${field.ranks.join('×')}.`,
        results: [
          {
            label: 'Madelung constant (rock salt)',
            value: madelung.value,
            unit: '',
            digits: 10,
            note: 'Ewald (δ = 1e-10) on the conventional cell; reference 1.747564594633',
          },
          { label: `Coulomb energy, open ${cube.numbers.length}-ion cube`, value: field.energy, unit: 'eV', digits: 6, note: field.note },
        ],
      },
      progress,
    );
  };
}
