import { assertClose, assertScalarClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { SILICON_SW, StillingerWeber, stressTensor } from '../src/index.ts';
import { LAMMPS_NKTV2P_METAL, pressVector, readReference, systemOf } from './helpers.ts';

describe('Stillinger-Weber against LAMMPS (pair_style sw, Si.sw)', () => {
  for (const [file, forceScale] of [
    ['ref_Si_sw_perfect.xyz', 1],
    ['ref_Si_sw_rattled.xyz', 3],
  ] as const) {
    it(file, () => {
      const frame = readReference(`local:${file}`);
      const system = systemOf(frame);
      const result = new StillingerWeber(SILICON_SW).compute(system, { perAtomEnergies: true });
      assertScalarClose(result.energy, frame.info.energy as number, { rtol: 1e-9 }, 'energy');
      assertClose(result.forces, frame.arrays.forces!.data as Float64Array, { rtol: 1e-9, atol: 1e-9 * forceScale }, 'forces');
      assertClose(result.perAtomEnergies!, frame.arrays.energies!.data as Float64Array, { rtol: 1e-9 }, 'per-atom energies');
      const press = pressVector(stressTensor(system, result.virial, undefined, { includeKinetic: false }), LAMMPS_NKTV2P_METAL);
      assertClose(press, frame.info.lammps_press_tensor as number[], { rtol: 1e-9, atol: 1e-6 }, 'pressure tensor');
    });
  }

  it('gives the diamond cohesive energy −4.3366 eV/atom', () => {
    const system = systemOf(readReference('local:ref_Si_sw_perfect.xyz'));
    expect(new StillingerWeber().compute(system).energy / 64).toBeCloseTo(-4.33662, 4);
  });
});
