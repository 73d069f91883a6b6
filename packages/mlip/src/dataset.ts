import { type InfoValue, type Structure, volume } from '@equitensor/io';
import type { AtomsState } from '@equitensor/md';

/**
 * One labelled configuration for fitting or evaluation. Units: eV, eV/Å; the virial W = −∂E/∂ε in eV
 * (extxyz `virial`), converted from a stress σ (eV/Å³, ASE sign) as W = −σ·V when only a stress is given.
 *
 * @example
 * ```ts
 * const [first] = labelledConfigs(frames);
 * first.energy; first.forces; first.virial; first.configType;
 * ```
 */
export interface LabelledConfig {
  readonly atoms: AtomsState;
  readonly energy: number | null;
  readonly forces: Float64Array | null;
  readonly virial: Float64Array | null;
  readonly configType: string;
}

/**
 * Names of the labels in the extxyz file (any key names: `Si_tiny.xyz` uses `dft_energy`, …).
 *
 * @example
 * ```ts
 * const keys: LabelKeys = { energyKey: 'dft_energy', forcesKey: 'dft_force', virialKey: 'dft_virial' };
 * ```
 */
export interface LabelKeys {
  /** Per-frame energy key (default: the first of `energy`, `dft_energy`, `REF_energy`, `Energy` present). */
  readonly energyKey?: string;
  /** Per-atom forces key (default: `forces`, `dft_force`, `dft_forces`, `REF_forces`, `force`). */
  readonly forcesKey?: string;
  /** Per-frame virial key (default: `virial`, `dft_virial`, `REF_virial`); used before a stress. */
  readonly virialKey?: string;
  /** Per-frame stress key, converted to a virial (default: `stress`, `dft_stress`, `REF_stress`). */
  readonly stressKey?: string;
  /** Per-frame configuration-type key (default `config_type`). */
  readonly configTypeKey?: string;
}

const DEFAULT_ENERGY = ['energy', 'dft_energy', 'REF_energy', 'Energy'];
const DEFAULT_FORCES = ['forces', 'dft_force', 'dft_forces', 'REF_forces', 'force'];
const DEFAULT_VIRIAL = ['virial', 'dft_virial', 'REF_virial'];
const DEFAULT_STRESS = ['stress', 'dft_stress', 'REF_stress'];

/**
 * A label that is present but malformed, or a key the user named that no frame has.
 *
 * @example
 * ```ts
 * try { labelledConfigs(frames, { energyKey: 'E' }); } catch (e) { if (e instanceof LabelError) console.log(e.key); }
 * ```
 */
export class LabelError extends Error {
  readonly frame: number;
  readonly key: string;
  constructor(message: string, frame: number, key: string) {
    super(message);
    this.name = 'LabelError';
    this.frame = frame;
    this.key = key;
  }
}

function numberArray(value: InfoValue | undefined): number[] | null {
  if (value === undefined) return null;
  if (typeof value === 'number') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value as number[];
  return null;
}

/** A 3×3 (9 numbers) or Voigt (xx, yy, zz, yz, xz, xy) tensor as 9 numbers, row-major. */
function tensor9(values: number[], frame: number, key: string): Float64Array {
  if (values.length === 9) return Float64Array.from(values);
  if (values.length === 6) {
    const [xx, yy, zz, yz, xz, xy] = values as [number, number, number, number, number, number];
    return new Float64Array([xx, xy, xz, xy, yy, yz, xz, yz, zz]);
  }
  throw new LabelError(`frame ${frame}: '${key}' has ${values.length} numbers, expected 9 (3×3) or 6 (Voigt)`, frame, key);
}

/**
 * Extracts the labels of every frame. A frame may lack a label (that row is simply not fitted), but a
 * key the caller named explicitly must occur in at least one frame.
 *
 * @example
 * ```ts
 * const configs = labelledConfigs(parseExtxyz(text), { energyKey: 'dft_energy', forcesKey: 'dft_force', virialKey: 'dft_virial' });
 * ```
 */
export function labelledConfigs(frames: readonly Structure[], keys: LabelKeys = {}): LabelledConfig[] {
  const pick = (explicit: string | undefined, defaults: string[], has: (f: Structure, k: string) => boolean): string | null => {
    if (explicit !== undefined) {
      if (!frames.some((f) => has(f, explicit))) throw new LabelError(`no frame has the key '${explicit}'`, 0, explicit);
      return explicit;
    }
    return defaults.find((k) => frames.some((f) => has(f, k))) ?? null;
  };
  const inInfo = (f: Structure, k: string): boolean => f.info[k] !== undefined;
  const inArrays = (f: Structure, k: string): boolean => f.arrays[k] !== undefined;
  const eKey = pick(keys.energyKey, DEFAULT_ENERGY, inInfo);
  const fKey = pick(keys.forcesKey, DEFAULT_FORCES, inArrays);
  const vKey = pick(keys.virialKey, DEFAULT_VIRIAL, inInfo);
  const sKey = vKey === null ? pick(keys.stressKey, DEFAULT_STRESS, inInfo) : null;
  const tKey = keys.configTypeKey ?? 'config_type';
  return frames.map((f, index) => {
    const N = f.numbers.length;
    let energy: number | null = null;
    if (eKey !== null && f.info[eKey] !== undefined) {
      const v = f.info[eKey];
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new LabelError(`frame ${index}: energy '${eKey}' is not a number`, index, eKey);
      energy = v;
    }
    let forces: Float64Array | null = null;
    if (fKey !== null && f.arrays[fKey] !== undefined) {
      const arr = f.arrays[fKey]!;
      if (arr.type !== 'R' || arr.width !== 3)
        throw new LabelError(`frame ${index}: forces '${fKey}' must be a real array of width 3`, index, fKey);
      forces = Float64Array.from(arr.data);
      if (forces.length !== 3 * N)
        throw new LabelError(`frame ${index}: forces '${fKey}' has ${forces.length / 3} rows for ${N} atoms`, index, fKey);
    }
    let virial: Float64Array | null = null;
    if (vKey !== null && f.info[vKey] !== undefined) {
      const v = numberArray(f.info[vKey]);
      if (v === null) throw new LabelError(`frame ${index}: virial '${vKey}' is not a list of numbers`, index, vKey);
      virial = tensor9(v, index, vKey);
    } else if (sKey !== null && f.info[sKey] !== undefined) {
      const s = numberArray(f.info[sKey]);
      if (s === null) throw new LabelError(`frame ${index}: stress '${sKey}' is not a list of numbers`, index, sKey);
      if (f.cell === null) throw new LabelError(`frame ${index}: a stress needs a cell to become a virial`, index, sKey);
      const V = volume(f.cell);
      virial = tensor9(s, index, sKey).map((x) => -x * V);
    }
    const ct = f.info[tKey];
    return {
      atoms: { numbers: f.numbers, positions: f.positions, cell: f.cell, pbc: f.pbc },
      energy,
      forces,
      virial,
      configType: typeof ct === 'string' ? ct : ct === undefined ? 'default' : String(ct),
    };
  });
}

/**
 * A fit whose reference energies E0 cannot be determined: for the species in `species` no E0 was
 * given, no isolated atom defines it, and no configuration with an energy contains it. `unlabelled`
 * lists the configurations (indices into the fitted list, i.e. the frames of the file counted from 0)
 * that have no energy. A `RangeError`, so callers that map impossible arguments keep working.
 *
 * @example
 * ```ts
 * try { fitPotential(configs); } catch (e) { if (e instanceof MissingEnergyError) console.log(e.unlabelled); }
 * ```
 */
export class MissingEnergyError extends RangeError {
  readonly species: readonly number[];
  readonly unlabelled: readonly number[];
  constructor(species: readonly number[], unlabelled: readonly number[], total: number) {
    const which =
      unlabelled.length === total
        ? `none of the ${total} configurations has`
        : `configurations ${indexRanges(unlabelled)} have no energy, and no other configuration with`;
    super(
      `${which} an energy${unlabelled.length === total ? '' : ` contains Z = ${species.join(', ')}`}: the reference energies E0 of Z = ${species.join(', ')} cannot be fitted (give energies, isolated-atom frames, or E0 explicitly)`,
    );
    this.name = 'MissingEnergyError';
    this.species = species;
    this.unlabelled = unlabelled;
  }
}

/** `[0, 1, 2, 5, 7, 8]` → `"0–2, 5, 7–8"`. */
function indexRanges(indices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === (indices[j] as number) + 1) j++;
    parts.push(i === j ? `${indices[i]}` : `${indices[i]}–${indices[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * Check that every species' reference energy E0 is known (`known`: given, or from isolated atoms) or can
 * be fitted from a configuration with an energy that contains it; throws a {@link MissingEnergyError}
 * otherwise. Without it a fit on data without energies would silently use E0 = 0.
 *
 * @example
 * ```ts
 * checkEnergyLabels(configs, new Set([14])); // passes: E0(Si) is given
 * checkEnergyLabels(forcesOnly, new Set()); // throws MissingEnergyError
 * ```
 */
export function checkEnergyLabels(configs: readonly LabelledConfig[], known: ReadonlySet<number>): void {
  const determined = new Set(known);
  const species = new Set<number>();
  const unlabelled: number[] = [];
  configs.forEach((c, index) => {
    for (const z of c.atoms.numbers) species.add(z);
    if (c.energy === null) unlabelled.push(index);
    else for (const z of c.atoms.numbers) determined.add(z);
  });
  const missing = [...species].filter((z) => !determined.has(z)).sort((a, b) => a - b);
  if (missing.length > 0) throw new MissingEnergyError(missing, unlabelled, configs.length);
}
