import { parseExtxyz } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { type LabelledConfig, labelledConfigs } from '../src/index.ts';

/**
 * The configurations of ../shared/data/mlip/Si_tiny.xyz with its DFT labels (`dft_energy`, `dft_force`,
 * `dft_virial`), read afresh on each call.
 *
 * @example
 * ```ts
 * const train = siTinyConfigs().filter((_, i) => i % 2 === 0);
 * ```
 */
export function siTinyConfigs(): LabelledConfig[] {
  return labelledConfigs(parseExtxyz(readFixtureText('mlip/Si_tiny.xyz'), { fileName: 'Si_tiny.xyz' }), {
    energyKey: 'dft_energy',
    forcesKey: 'dft_force',
    virialKey: 'dft_virial',
  });
}
