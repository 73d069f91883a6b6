import { Irreps, IrrepsParseError } from '@equitensor/so3';
import { MaceModelError } from './errors.ts';

/** The interaction blocks this port runs (ACEsuit/mace v0.3.x class names). */
export const MACE_INTERACTIONS = ['RealAgnosticInteractionBlock', 'RealAgnosticResidualInteractionBlock'] as const;
/** A supported interaction block. */
export type MaceInteractionKind = (typeof MACE_INTERACTIONS)[number];

/**
 * The hyper-parameters of a MACE / ScaleShiftMACE model (the `config` object of the model file, in mace's
 * own key names: `r_max`, `num_bessel`, `hidden_irreps`, …), parsed and checked. E0, scale and shift are read
 * from the `state_dict` (its buffers are the model's truth).
 *
 * @example
 * ```ts
 * const config = parseMaceConfig(json.config);
 * config.hiddenIrreps.toString(); // '16x0e+16x1o'
 * ```
 */
export interface MaceConfig {
  readonly model: 'MACE' | 'ScaleShiftMACE';
  readonly rMax: number;
  readonly numBessel: number;
  /** The polynomial cutoff's exponent p. */
  readonly numPolynomialCutoff: number;
  readonly maxEll: number;
  readonly numInteractions: number;
  readonly interactionFirst: MaceInteractionKind;
  readonly interaction: MaceInteractionKind;
  readonly hiddenIrreps: Irreps;
  readonly mlpIrreps: Irreps;
  /** E0 per element (eV), in the order of `atomicNumbers`. */
  readonly atomicEnergies: readonly number[];
  readonly atomicNumbers: readonly number[];
  readonly avgNumNeighbors: number;
  /** Correlation order per interaction. */
  readonly correlation: readonly number[];
  readonly radialMlp: readonly number[];
}

function field(config: Record<string, unknown>, key: string): unknown {
  if (!Object.hasOwn(config, key)) throw new MaceModelError(`config.${key}`, 'missing');
  return config[key];
}

function num(config: Record<string, unknown>, key: string, check: (v: number) => boolean, what: string): number {
  const v = field(config, key);
  if (typeof v !== 'number' || !Number.isFinite(v) || !check(v))
    throw new MaceModelError(`config.${key}`, `expected ${what}, found ${JSON.stringify(v)}`);
  return v;
}

function numbers(config: Record<string, unknown>, key: string, check: (v: number) => boolean, what: string): number[] {
  const v = field(config, key);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x) && check(x))) {
    throw new MaceModelError(`config.${key}`, `expected a list of ${what}`);
  }
  return v as number[];
}

function irreps(config: Record<string, unknown>, key: string): Irreps {
  const v = field(config, key);
  if (typeof v !== 'string') throw new MaceModelError(`config.${key}`, 'expected an irreps string such as "16x0e+16x1o"');
  try {
    return new Irreps(v);
  } catch (e) {
    if (e instanceof IrrepsParseError || e instanceof RangeError) throw new MaceModelError(`config.${key}`, e.message);
    throw e;
  }
}

function interactionKind(config: Record<string, unknown>, key: string): MaceInteractionKind {
  const v = field(config, key);
  if (!MACE_INTERACTIONS.includes(v as MaceInteractionKind)) {
    throw new MaceModelError(`config.${key}`, `unsupported interaction ${JSON.stringify(v)} (supported: ${MACE_INTERACTIONS.join(', ')})`);
  }
  return v as MaceInteractionKind;
}

const isPositiveInteger = (v: number): boolean => Number.isInteger(v) && v > 0;

/**
 * Parse and check a MACE `config` object (extra keys are ignored). Throws a {@link MaceModelError} naming the key.
 *
 * @example
 * ```ts
 * parseMaceConfig({ r_max: 5, num_bessel: 8, … }).rMax; // 5
 * ```
 */
export function parseMaceConfig(value: unknown): MaceConfig {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new MaceModelError('config', 'expected an object');
  const c = value as Record<string, unknown>;
  const model = field(c, 'model');
  if (model !== 'MACE' && model !== 'ScaleShiftMACE') {
    throw new MaceModelError('config.model', `unsupported model ${JSON.stringify(model)} (supported: MACE, ScaleShiftMACE)`);
  }
  const radialType = Object.hasOwn(c, 'radial_type') ? c.radial_type : 'bessel';
  if (radialType !== 'bessel')
    throw new MaceModelError('config.radial_type', `unsupported radial basis ${JSON.stringify(radialType)} (supported: bessel)`);
  const gate = Object.hasOwn(c, 'gate') ? c.gate : 'silu';
  if (gate !== 'silu') throw new MaceModelError('config.gate', `unsupported gate ${JSON.stringify(gate)} (supported: silu)`);
  const numInteractions = num(c, 'num_interactions', isPositiveInteger, 'a positive integer');
  const atomicNumbers = numbers(c, 'atomic_numbers', isPositiveInteger, 'atomic numbers');
  const atomicEnergies = numbers(c, 'atomic_energies', () => true, 'energies');
  if (atomicEnergies.length !== atomicNumbers.length) {
    throw new MaceModelError(
      'config.atomic_energies',
      `expected ${atomicNumbers.length} energies (one per atomic number), found ${atomicEnergies.length}`,
    );
  }
  const corr = field(c, 'correlation');
  let correlation: number[];
  if (typeof corr === 'number') correlation = new Array<number>(numInteractions).fill(corr);
  else correlation = numbers(c, 'correlation', isPositiveInteger, 'positive integers');
  if (correlation.length !== numInteractions || !correlation.every(isPositiveInteger)) {
    throw new MaceModelError('config.correlation', `expected a positive integer or ${numInteractions} of them`);
  }
  const hiddenIrreps = irreps(c, 'hidden_irreps');
  const muls = new Set(hiddenIrreps.entries.map((e) => e.mul));
  if (muls.size !== 1 || !hiddenIrreps.entries.every((e, l) => e.ir.l === l && e.ir.p === (l % 2 === 0 ? 1 : -1))) {
    throw new MaceModelError('config.hidden_irreps', `expected K copies of 0e, 1o, 2e, … in order, found ${hiddenIrreps.toString()}`);
  }
  const mlpIrreps = irreps(c, 'MLP_irreps');
  if (!mlpIrreps.entries.every((e) => e.ir.isScalar()))
    throw new MaceModelError('config.MLP_irreps', 'expected scalars only (e.g. "16x0e")');
  return {
    model,
    rMax: num(c, 'r_max', (v) => v > 0, 'a positive cutoff'),
    numBessel: num(c, 'num_bessel', isPositiveInteger, 'a positive integer'),
    numPolynomialCutoff: num(c, 'num_polynomial_cutoff', isPositiveInteger, 'a positive integer'),
    maxEll: num(c, 'max_ell', (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer'),
    numInteractions,
    interactionFirst: interactionKind(c, 'interaction_first'),
    interaction: interactionKind(c, 'interaction'),
    hiddenIrreps,
    mlpIrreps,
    atomicEnergies,
    atomicNumbers,
    avgNumNeighbors: num(c, 'avg_num_neighbors', (v) => v > 0, 'a positive number'),
    correlation,
    radialMlp: numbers(c, 'radial_MLP', isPositiveInteger, 'positive integers'),
  };
}
