/**
 * The NaCl lattice: the Madelung constant of rock salt from `@equitensor/electrostatics`' Ewald sum on the
 * shipped conventional cell (a = 5.64 Å, reference 1.747564594633), and the RS electrostatic potential of a
 * 512-ion cube cut from the crystal, shown as slices and ± isosurfaces.
 */
import { ewaldCoulomb } from '@equitensor/electrostatics';
import { COULOMB_CONSTANT, parseExtxyz, repeat } from '@equitensor/io';
import { startFieldScenario } from './field-scenario.ts';
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
    const a = cell.cell![0]!;
    const nearest = a / 2;
    const madelung = (-2 * ewald.energy * nearest) / (cell.numbers.length * COULOMB_CONSTANT);
    const cube = repeat(cell, [4, 4, 4]);
    const cubeCharges = cube.arrays.charges;
    if (cubeCharges?.type !== 'R') throw new Error('repeat lost the charges');
    return startFieldScenario(
      {
        id: 'nacl',
        title: `NaCl: ${cube.numbers.length}-ion cube, RS potential`,
        numbers: cube.numbers,
        positions: cube.positions,
        charges: cubeCharges.data,
        margin: 3,
        representation: 'ball-and-stick',
        describe: (energy, ranks) =>
          `Ewald (periodic crystal): Madelung constant ${madelung.toFixed(9)} (reference 1.747564595). ` +
          `RS (open ${cube.numbers.length}-ion cube): E = ${energy.toFixed(4)} eV, Tucker ranks ${ranks.join('×')}.`,
      },
      progress,
    );
  };
}
