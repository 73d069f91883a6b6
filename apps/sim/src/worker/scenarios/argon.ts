/**
 * The default scenario: 2048 argon atoms (fcc, 8×8×8 conventional cells, a = 5.26 Å) with the 12-6
 * Lennard-Jones potential of `@equitensor/md` (ε = 0.0104 eV, σ = 3.40 Å; Rahman 1964, shifted at
 * the cutoff), under Langevin dynamics at 100 K by default, where the crystal melts into a liquid.
 * On WebGPU, `@equitensor/gpu` runs the same potential on its Lennard-Jones kernel.
 */
import { cubicLattice, LennardJones } from '@equitensor/md';
import type { SimParams } from '../protocol.ts';
import { startMdScenario } from './md-scenario.ts';
import type { ScenarioFactory } from './scenario.ts';

/** Argon's Lennard-Jones parameters (eV, Å). */
export const ARGON_LJ = { epsilon: 0.0104, sigma: 3.4 } as const;

/** Start the argon scenario (`options.cells` fcc cells per edge, default 8 = 2048 atoms). */
export const argonScenario: ScenarioFactory = async (params: SimParams, _progress, options) => {
  const cells = options?.cells ?? 8;
  const crystal = cubicLattice({ structure: 'fcc', a: 5.26, repeat: [cells, cells, cells], number: 18 });
  return startMdScenario(
    {
      id: 'argon',
      title: `Lennard-Jones argon, ${crystal.numbers.length} atoms`,
      numbers: crystal.numbers,
      positions: crystal.positions,
      cell: crystal.cell,
      pbc: [true, true, true],
      potential: (p) => new LennardJones({ ...ARGON_LJ, cutoff: p.cutoff, shift: true }),
      controls: ['temperature', 'dt', 'thermostat', 'friction', 'cutoff'],
    },
    params,
    options,
  );
};
