/**
 * Multi-element fit: the carbonate-solvent GFN2-xTB set (H, C, O; MACE tutorial data). E0 comes from
 * its isolated-atom frames. Reports RMSE on a 10 % hold-out split (the MACE tutorial's small model reached
 * a test RMSE of 10.6 meV/atom and 315 meV/Å; GAP 16.0 and 794).
 *
 *   pnpm tsx packages/mlip/bench/solvent.ts [--kind cg] [--degree 10,8,6] [--wl 1] [--rcut 5]
 */
import { fitPotential, type TensorProductKind } from '../src/index.ts';
import { argValue, basisArgs, dataConfigs, printReport } from './util.ts';

const kind = argValue('--kind', 'cg') as TensorProductKind;
const configs = dataConfigs('solvent_xtb_train.xyz');
const result = fitPotential(configs, {
  kind,
  basis: basisArgs({ degree: '10,8,6', rcut: '5' }),
  validationFraction: 0.1,
  weights: { default: { energy: Number(argValue('--we', '30')), forces: 1, virial: 0 } },
  log: (m) => process.stderr.write(`${m}\n`),
});
printReport('carbonate solvent (xTB)', kind, result);
