/**
 * Molten salt: Tosi-Fumi NaCl (Born-Mayer-Huggins, Tosi & Fumi, J. Phys. Chem. Solids 25, 45 (1964)) with smooth
 * particle-mesh Ewald Coulomb from `@equitensor/md` (`CoulombPme` with the Born term in its real-space loop, as
 * LAMMPS' `born/coul/long` + `pppm`), 1,000 ions (5³ rock-salt cells) expanded to the melt's density near 1200 K
 * (1.52 g/cm³, a = 6.345 Å), thermostatted at 1200 K by default: the expanded crystal melts. The same model and
 * density as md's `bench/molten-nacl-vs-lammps.ts`, which matches LAMMPS' ⟨T⟩, ⟨P⟩ and g(r) within statistical error.
 */
import { BornMayerHuggins, CoulombPme } from '@equitensor/md';
import type { SimParams } from '../protocol.ts';
import { startMdScenario } from './md-scenario.ts';
import type { RdfSpec } from './rdf-sampler.ts';
import type { ScenarioFactory } from './scenario.ts';

/** Lattice constant (Å) of the expanded rock-salt start: 1.52 g/cm³, molten NaCl's density near 1200 K. */
export const MOLTEN_NACL_LATTICE = 6.345;

/** Relative force accuracy of the scenario's PME (LAMMPS' `pppm 1e-5`). */
export const MOLTEN_NACL_ACCURACY = 1e-5;

/**
 * The g(r) the scenario samples: Na–Cl, Na–Na and Cl–Cl to 10 Å in 0.1 Å shells, every 10 steps, averaged over
 * the last 50 samples (the melt's liquid structure once the expanded crystal has melted).
 */
export const MOLTEN_NACL_RDF: RdfSpec = {
  rMax: 10,
  bins: 100,
  every: 10,
  window: 50,
  pairs: [
    { label: 'Na–Cl', pair: [11, 17] },
    { label: 'Na–Na', pair: [11, 11] },
    { label: 'Cl–Cl', pair: [17, 17] },
  ],
};

/**
 * The Tosi-Fumi NaCl parameters in the Born file format (`element element A ρ σ C D cutoff`; as the shared
 * `NaCl_tosi_fumi.born`), every pair cut at `cutoff`.
 *
 * @example
 * ```ts
 * BornMayerHuggins.fromFile(tosiFumiNaCl(10));
 * ```
 */
export function tosiFumiNaCl(cutoff: number): string {
  return [
    `Na Na 0.2637 0.317 2.340 1.0487 0.4994 ${cutoff}`,
    `Na Cl 0.2110 0.317 2.755 6.99 8.676 ${cutoff}`,
    `Cl Cl 0.1582 0.317 3.170 72.4 145.4 ${cutoff}`,
  ].join('\n');
}

/**
 * m³ conventional rock-salt cells of lattice constant a: Na (+1 e) and Cl (−1 e) positions, charges and the cubic cell.
 *
 * @example
 * ```ts
 * const { numbers, positions, charges, cell } = rockSaltCells(5, 6.345); // 1,000 ions
 * ```
 */
export function rockSaltCells(
  m: number,
  a: number,
): { numbers: Int32Array; positions: Float64Array; charges: Float64Array; cell: Float64Array } {
  const basis = [
    [0, 0, 0, 11],
    [0, 0.5, 0.5, 11],
    [0.5, 0, 0.5, 11],
    [0.5, 0.5, 0, 11],
    [0.5, 0, 0, 17],
    [0, 0.5, 0, 17],
    [0, 0, 0.5, 17],
    [0.5, 0.5, 0.5, 17],
  ] as const;
  const n = 8 * m ** 3;
  const numbers = new Int32Array(n);
  const positions = new Float64Array(3 * n);
  const charges = new Float64Array(n);
  let i = 0;
  for (let x = 0; x < m; x++) {
    for (let y = 0; y < m; y++) {
      for (let z = 0; z < m; z++) {
        for (const [bx, by, bz, element] of basis) {
          numbers[i] = element;
          charges[i] = element === 11 ? 1 : -1;
          positions[3 * i] = (x + bx) * a;
          positions[3 * i + 1] = (y + by) * a;
          positions[3 * i + 2] = (z + bz) * a;
          i++;
        }
      }
    }
  }
  return { numbers, positions, charges, cell: new Float64Array([m * a, 0, 0, 0, m * a, 0, 0, 0, m * a]) };
}

/** Start the molten-salt scenario (`options.cells` rock-salt cells per edge, default 5 = 1,000 ions). */
export const moltenSaltScenario: ScenarioFactory = async (params: SimParams, _progress, options) => {
  const cells = options?.cells ?? 5;
  const salt = rockSaltCells(cells, MOLTEN_NACL_LATTICE);
  return startMdScenario(
    {
      id: 'molten-salt',
      title: `Molten NaCl, Tosi-Fumi + PME, ${salt.numbers.length} ions`,
      numbers: salt.numbers,
      positions: salt.positions,
      charges: salt.charges,
      cell: salt.cell,
      pbc: [true, true, true],
      potential: (p) =>
        new CoulombPme({ accuracy: MOLTEN_NACL_ACCURACY, cutoff: p.cutoff }).withShortRange(
          BornMayerHuggins.fromFile(tosiFumiNaCl(p.cutoff)),
        ),
      controls: ['temperature', 'dt', 'thermostat', 'friction', 'cutoff'],
      representation: 'ball-and-stick',
      rdf: MOLTEN_NACL_RDF,
    },
    params,
    options,
  );
};
