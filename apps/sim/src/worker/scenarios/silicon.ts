/**
 * Silicon with an equivariant machine-learned potential fitted in the browser: `@equitensor/mlip`'s
 * `fitPotential` on the shipped `Si_tiny.xyz` (53 DFT configurations, ACEpotentials.jl's test set; order 3,
 * 5.5 Å, ACEpotentials.jl's weights), with the user's tensor-product kind; then MD of a 64-atom diamond
 * crystal with that potential.
 */
import { createStructure, parseExtxyz, repeat } from '@equitensor/io';
import type { TensorProductKind } from '@equitensor/mlip';
import { labelledConfigs, TENSOR_PRODUCT_KINDS, withGradeReference } from '@equitensor/mlip';
import type { SimParams } from '../protocol.ts';
import { startMdScenario } from './md-scenario.ts';
import { fitWithProgress, mlipGrades } from './mlip-fit.ts';
import type { ScenarioFactory } from './scenario.ts';

/** Diamond-structure basis in the conventional cubic cell (fractional). */
const DIAMOND: readonly (readonly [number, number, number])[] = [
  [0, 0, 0],
  [0.5, 0.5, 0],
  [0.5, 0, 0.5],
  [0, 0.5, 0.5],
  [0.25, 0.25, 0.25],
  [0.75, 0.75, 0.25],
  [0.75, 0.25, 0.75],
  [0.25, 0.75, 0.75],
];

/** Start the silicon scenario; `dataBase` is the URL of the app's data folder. */
export function siliconScenario(dataBase: string): ScenarioFactory {
  return async (params: SimParams, progress) => {
    const kind = (TENSOR_PRODUCT_KINDS as readonly string[]).includes(params.tpKind) ? (params.tpKind as TensorProductKind) : 'cg';
    progress('Loading Si_tiny.xyz (DFT training data)', 0.02);
    const response = await fetch(new URL('Si_tiny.xyz', dataBase));
    if (!response.ok) throw new Error(`could not load Si_tiny.xyz (${response.status})`);
    const configs = labelledConfigs(parseExtxyz(await response.text(), { fileName: 'Si_tiny.xyz' }), {
      energyKey: 'dft_energy',
      forcesKey: 'dft_force',
      virialKey: 'dft_virial',
    });
    const fit = fitWithProgress(configs, kind, [12, 12, 10], progress);
    const a = 5.43;
    const unit = createStructure({
      numbers: new Int32Array(8).fill(14),
      positions: DIAMOND.flatMap(([x, y, z]) => [x * a, y * a, z * a]),
      cell: [a, 0, 0, 0, a, 0, 0, 0, a],
      pbc: [true, true, true],
    });
    const crystal = repeat(unit, [2, 2, 2]);
    const train = fit.train.all;
    // the committee's extrapolation grade per atom goes with every frame (the viewer's `grade` colouring)
    const model = withGradeReference(fit.potential, configs);
    const running = await startMdScenario(
      {
        id: 'silicon',
        title: `Si, ${kind} MLIP (train RMSE ${(1000 * train.energyRMSE).toFixed(1)} meV/atom, ${train.forcesRMSE.toFixed(3)} eV/Å), ${crystal.numbers.length} atoms`,
        numbers: crystal.numbers,
        positions: crystal.positions,
        cell: crystal.cell,
        pbc: crystal.pbc,
        potential: () => model,
        ...mlipGrades(model),
        controls: ['temperature', 'dt', 'thermostat', 'friction', 'tpKind'],
        representation: 'ball-and-stick',
      },
      params,
    );
    progress('', 1);
    return running;
  };
}
