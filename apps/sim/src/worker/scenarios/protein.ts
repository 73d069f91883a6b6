/**
 * The electrostatic potential of a protein: APBS' 1AJJ (519 atoms, net charge −5 e; shipped as
 * `1ajj.pqr`, read with `@equitensor/io`'s `parsePqr`) in vacuum, from the range-separated tensor
 * method of `@equitensor/electrostatics`, shown as slices and ± isosurfaces.
 */
import { parsePqr } from '@equitensor/io';
import { rsChargeField } from './charge-fields.ts';
import { startFieldScenario } from './field-scenario.ts';
import type { ScenarioFactory } from './scenario.ts';

/** Start the protein scenario; `dataBase` is the URL of the app's data folder. */
export function proteinScenario(dataBase: string): ScenarioFactory {
  return async (_params, progress) => {
    progress('Loading 1ajj.pqr', 0.02);
    const response = await fetch(new URL('1ajj.pqr', dataBase));
    if (!response.ok) throw new Error(`could not load 1ajj.pqr (${response.status})`);
    const protein = parsePqr(await response.text(), { fileName: '1ajj.pqr' })[0]!;
    const charges = protein.arrays.charges;
    if (charges?.type !== 'R') throw new Error('1ajj.pqr has no charges');
    const net = charges.data.reduce((sum, q) => sum + q, 0);
    progress('Range-separated tensor model of the charges', 0.1);
    const field = rsChargeField(protein.positions, charges.data, 4, 1e-3);
    return startFieldScenario(
      {
        id: 'protein',
        title: `Protein 1AJJ (${protein.numbers.length} atoms, net charge ${net.toFixed(2)} e), RS potential`,
        numbers: protein.numbers,
        positions: protein.positions,
        charges: charges.data,
        field,
        representation: 'licorice',
        description: `RS Coulomb energy of 1AJJ in vacuum: ${field.energy.toFixed(3)} eV (Tucker ranks ${field.ranks.join('×')}).`,
        results: [{ label: 'Coulomb energy (vacuum)', value: field.energy, unit: 'eV', digits: 6, note: field.note }],
      },
      progress,
    );
  };
}
