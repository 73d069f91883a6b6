/**
 * Computing on a structure the user opened, through the scenarios' own machinery: its electrostatic
 * potential and energy (`field-scenario.ts` over the fastest suitable method of `charge-fields.ts`, with the
 * Madelung constant of an ionic crystal), or MD with a chosen potential (`md-scenario.ts` over md's
 * `Dynamics`: Lennard-Jones, a dropped EAM file, or Born-Mayer-Huggins pairs + smooth PME), or an MLIP fitted on
 * an opened dataset (`mlip-fit.ts`, shared with the silicon scenario).
 */
import type { Structure } from '@equitensor/io';
import { BornMayerHuggins, CoulombPme, EmbeddedAtom, LennardJones, type Potential } from '@equitensor/md';
import {
  type ErrorStats,
  labelledConfigs,
  loadMaceModel,
  loadModel,
  MacePotential,
  TENSOR_PRODUCT_KINDS,
  type TensorProductKind,
  withGradeReference,
} from '@equitensor/mlip';
import type { ComputeTask, OpenedStructure, PotentialChoice, ResultEntry, SimParams } from '../protocol.ts';
import { chargeFieldFor } from './charge-fields.ts';
import { startFieldScenario } from './field-scenario.ts';
import { madelungConstant } from './madelung.ts';
import { startMdScenario } from './md-scenario.ts';
import { ACE_TEST_DEGREE, fitWithProgress, mlipGrades, parityData } from './mlip-fit.ts';
import type { ScenarioFactory } from './scenario.ts';

/** The charges of an opened structure, or a `RangeError` saying where they come from. */
function chargesOf(structure: OpenedStructure): Float64Array {
  if (!structure.charges) {
    throw new RangeError(
      `${structure.name}: no per-atom charges (open a PQR file, or an extxyz file with a charges or initial_charges column)`,
    );
  }
  return structure.charges;
}

/**
 * The electrostatic potential of an opened structure: energy (and the Madelung constant of a ±q crystal) for the
 * results panel, and the map as slices and ± isosurfaces.
 *
 * @example
 * ```ts
 * const running = await openedPotential(structure)(DEFAULT_PARAMS, progress);
 * running.results?.entries[0]?.value; // Coulomb energy, eV
 * ```
 */
export function openedPotential(structure: OpenedStructure): ScenarioFactory {
  return async (_params, progress) => {
    const charges = chargesOf(structure);
    progress(`Electrostatics of ${structure.name}`, 0.05);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const field = chargeFieldFor({ positions: structure.positions, charges, cell: structure.cell, pbc: structure.pbc });
    const net = charges.reduce((sum, q) => sum + q, 0);
    const results: ResultEntry[] = [{ label: 'Coulomb energy', value: field.energy, unit: 'eV', digits: 10, note: field.note }];
    let madelungText = '';
    if (field.method === 'ewald' || field.method === 'pme') {
      const madelung = madelungConstant(structure.positions, charges, structure.cell!, field.energy);
      if (madelung) {
        results.push({
          label: 'Madelung constant',
          value: madelung.value,
          unit: '',
          digits: 10,
          note: `relative to r_nn = ${madelung.nearest.toFixed(4)} Å, |q| = ${madelung.charge} e`,
        });
        madelungText = ` Madelung constant ${madelung.value.toFixed(9)}.`;
      }
    }
    const n = charges.length;
    return startFieldScenario(
      {
        id: 'opened',
        title: `${structure.name}: ${n} charges (net ${net.toFixed(2)} e), ${field.method} potential`,
        numbers: structure.numbers,
        positions: structure.positions,
        charges,
        cell: structure.cell,
        pbc: structure.pbc,
        field,
        representation: n > 5000 ? 'spacefill' : 'ball-and-stick',
        description: `${structure.name}: Coulomb energy ${field.energy.toFixed(6)} eV by ${field.note}.${madelungText}`,
        results,
      },
      progress,
    );
  };
}

/**
 * md's potential for a choice (`cutoff` of the parameters for Lennard-Jones).
 *
 * @example
 * ```ts
 * potentialFor({ kind: 'lj', epsilon: 0.0104, sigma: 3.4 }, structure)(DEFAULT_PARAMS).name;
 * ```
 */
export function potentialFor(choice: PotentialChoice, structure: OpenedStructure): (params: SimParams) => Potential {
  switch (choice.kind) {
    case 'lj':
      if (!(choice.epsilon > 0) || !(choice.sigma > 0))
        throw new RangeError(`Lennard-Jones ε and σ must be positive, got ${choice.epsilon}, ${choice.sigma}`);
      return (p) => new LennardJones({ epsilon: choice.epsilon, sigma: choice.sigma, cutoff: p.cutoff, shift: true });
    case 'eam': {
      const eam = EmbeddedAtom.fromFile(choice.text, choice.fileName);
      return () => eam;
    }
    case 'mlip': {
      const model = loadModel(choice.text);
      return () => model;
    }
    case 'mace': {
      const mace = new MacePotential(loadMaceModel(choice.data, { fileName: choice.fileName }), `mace:${choice.fileName}`);
      return () => mace;
    }
    case 'born-pme': {
      chargesOf(structure);
      const potential = new CoulombPme({ accuracy: choice.accuracy }).withShortRange(
        BornMayerHuggins.fromFile(choice.text, { fileName: choice.fileName }),
      );
      return () => potential;
    }
  }
}

const POTENTIAL_NAMES: Record<PotentialChoice['kind'], string> = {
  lj: 'Lennard-Jones',
  eam: 'EAM',
  'born-pme': 'Born-Mayer-Huggins + PME',
  mlip: 'MLIP',
  mace: 'MACE',
};

/**
 * MD of an opened periodic structure with a chosen potential, on the backend the worker resolved (WebGPU runs
 * Lennard-Jones and EAM; the rest runs on the CPU).
 *
 * @example
 * ```ts
 * const running = await openedMd(structure, { kind: 'lj', epsilon: 0.0104, sigma: 3.4 })(DEFAULT_PARAMS, progress);
 * await running.advanceAsync?.(10);
 * ```
 */
export function openedMd(structure: OpenedStructure, choice: PotentialChoice): ScenarioFactory {
  return async (params, progress, options) => {
    if (!structure.cell || !structure.pbc.every(Boolean))
      throw new RangeError(`${structure.name}: MD here needs a cell periodic in all three directions`);
    progress(`Preparing ${POTENTIAL_NAMES[choice.kind]} for ${structure.name}`, 0.1);
    const potential = potentialFor(choice, structure);
    const name = choice.kind === 'lj' ? POTENTIAL_NAMES.lj : `${POTENTIAL_NAMES[choice.kind]} (${choice.fileName})`;
    const running = await startMdScenario(
      {
        id: 'opened',
        title: `${structure.name}: MD with ${name}, ${structure.numbers.length} atoms`,
        numbers: structure.numbers,
        positions: structure.positions,
        cell: structure.cell,
        pbc: structure.pbc,
        ...(structure.charges ? { charges: structure.charges } : {}),
        potential,
        // an MLIP with a committee grades every frame's atoms (the viewer's `grade` colouring)
        ...(choice.kind === 'mlip' ? mlipGrades(potential(params)) : {}),
        controls:
          choice.kind === 'lj'
            ? ['temperature', 'dt', 'thermostat', 'friction', 'cutoff']
            : ['temperature', 'dt', 'thermostat', 'friction'],
        representation: structure.numbers.length > 5000 ? 'spacefill' : 'ball-and-stick',
      },
      params,
      options,
    );
    progress('', 1);
    return running;
  };
}

/**
 * An equivariant MLIP fitted on every frame of an opened dataset (energies, forces, virials under any of the
 * usual key names) with ACEpotentials.jl's Si_tiny settings: training errors overall and per configuration type in
 * the results panel, predicted against reference energies and forces for the parity plot, and the first frame shown.
 *
 * @example
 * ```ts
 * const running = await openedFit(frames, 'cg', structure)(DEFAULT_PARAMS, progress);
 * running.parity?.energy.predicted;
 * ```
 */
export function openedFit(frames: readonly Structure[], tpKind: string, structure: OpenedStructure): ScenarioFactory {
  return async (_params, progress) => {
    const kind = (TENSOR_PRODUCT_KINDS as readonly string[]).includes(tpKind) ? (tpKind as TensorProductKind) : 'cg';
    const configs = labelledConfigs(frames);
    if (!configs.some((c) => c.energy !== null) || !configs.some((c) => c.forces !== null)) {
      throw new RangeError(
        `${structure.name}: an MLIP fit needs frames with energies and forces (info energy / dft_energy, arrays forces / dft_force)`,
      );
    }
    progress(`Fitting the ${kind} potential on ${configs.length} configurations`, 0.02);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const fit = fitWithProgress(configs, kind, ACE_TEST_DEGREE, progress);
    const entries: ResultEntry[] = [];
    const add = (type: string, stats: ErrorStats): void => {
      const where = type === '' ? 'all' : type;
      const count = `${stats.configs} configuration${stats.configs === 1 ? '' : 's'}`;
      entries.push({
        label: `energy RMSE (${where})`,
        value: 1000 * stats.energyRMSE,
        unit: 'meV/atom',
        digits: 3,
        note: `training error, ${count}`,
      });
      entries.push({ label: `forces RMSE (${where})`, value: stats.forcesRMSE, unit: 'eV/Å', digits: 3, note: `training error, ${count}` });
    };
    add('', fit.train.all);
    for (const [type, stats] of Object.entries(fit.train.perConfigType)) add(type, stats);
    const title = `${structure.name}: ${kind} MLIP fitted on ${configs.length} configurations (${fit.columns} basis functions)`;
    const parity = parityData(fit, configs, title);
    progress('', 1);
    return {
      structure: {
        type: 'structure',
        scenario: 'opened',
        title,
        numbers: structure.numbers,
        positions: structure.positions,
        cell: structure.cell,
        pbc: structure.pbc,
        controls: [],
        dynamic: false,
        representation: 'ball-and-stick',
      },
      results: { type: 'result', title, entries },
      parity,
      model: {
        type: 'model',
        fileName: `${structure.name.replace(/\.[^.]*$/, '')}.${kind}.mlip.json`,
        // with the grade reference, so that MD with this file grades its atoms
        text: JSON.stringify((fit.potential.uncertainty ? withGradeReference(fit.potential, configs) : fit.potential).toJSON()),
      },
      advance() {},
      snapshot() {
        throw new Error('a fit is static');
      },
      setParams() {},
    };
  };
}

/**
 * The factory of a computation on an opened structure.
 *
 * @example
 * ```ts
 * const factory = computeFactory({ kind: 'potential' }, structure);
 * ```
 */
export function computeFactory(task: ComputeTask, structure: OpenedStructure): ScenarioFactory {
  switch (task.kind) {
    case 'potential':
      return openedPotential(structure);
    case 'md':
      return openedMd(structure, task.potential);
    case 'fit':
      return openedFit(task.frames, task.tpKind, structure);
  }
}

/** Whether a computation may run on WebGPU (MD with a potential the WebGPU backend implements). */
export function computeUsesGpu(task: ComputeTask): boolean {
  return task.kind === 'md' && (task.potential.kind === 'lj' || task.potential.kind === 'eam');
}
