import { MaceModelError } from './errors.ts';

/**
 * One tensor of a PyTorch `state_dict` as the model file stores it: its shape and its values flat in C order
 * (a JSON list, or a Float64Array from the binary layout).
 */
export interface StateDictEntry {
  readonly shape: readonly number[];
  readonly data: readonly number[] | Float64Array;
}

/**
 * Typed, shape-checked access to a PyTorch `state_dict` stored as `{ name: { shape, data } }` (flat C order;
 * `data` a list of numbers or a Float64Array).
 *
 * @example
 * ```ts
 * const sd = new StateDict(json.state_dict);
 * const w = sd.tensor('interactions.0.conv_tp_weights.layer0.weight', [8, 32]); // Float64Array(256)
 * ```
 */
export class StateDict {
  private readonly entries: Readonly<Record<string, unknown>>;

  constructor(entries: unknown) {
    if (entries === null || typeof entries !== 'object' || Array.isArray(entries)) {
      throw new MaceModelError('state_dict', 'expected an object of { shape, data } tensors');
    }
    this.entries = entries as Readonly<Record<string, unknown>>;
  }

  /** Whether a tensor of that name exists. */
  has(name: string): boolean {
    return Object.hasOwn(this.entries, name);
  }

  /** The shape of a tensor (checked to be a list of non-negative integers). */
  shape(name: string): number[] {
    return this.entry(name).shape.slice();
  }

  /**
   * The values of a tensor as a Float64Array, checked against `shape` when given (−1 matches any extent).
   * Throws a {@link MaceModelError} naming the tensor when it is missing or has another shape.
   */
  tensor(name: string, shape?: readonly number[]): Float64Array {
    const e = this.entry(name);
    if (shape && (shape.length !== e.shape.length || shape.some((s, i) => s !== -1 && s !== e.shape[i]))) {
      throw new MaceModelError(`state_dict["${name}"]`, `expected shape [${shape.join(', ')}], found [${e.shape.join(', ')}]`);
    }
    return Float64Array.from(e.data);
  }

  /** A scalar (shape [] or [1]). */
  scalar(name: string): number {
    const e = this.entry(name);
    if (e.data.length !== 1) throw new MaceModelError(`state_dict["${name}"]`, `expected a scalar, found shape [${e.shape.join(', ')}]`);
    return e.data[0] as number;
  }

  private entry(name: string): StateDictEntry {
    const path = `state_dict["${name}"]`;
    if (!this.has(name)) throw new MaceModelError(path, 'missing');
    const e = this.entries[name] as { shape?: unknown; data?: unknown } | null;
    if (e === null || typeof e !== 'object') throw new MaceModelError(path, 'expected { shape, data }');
    const { shape, data } = e;
    if (!Array.isArray(shape) || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
      throw new MaceModelError(`${path}.shape`, 'expected a list of non-negative integers');
    }
    if (!(Array.isArray(data) || data instanceof Float64Array) || !allFinite(data)) {
      throw new MaceModelError(`${path}.data`, 'expected a list of finite numbers');
    }
    const numel = (shape as number[]).reduce((p, s) => p * s, 1);
    if (data.length !== numel) {
      throw new MaceModelError(`${path}.data`, `expected ${numel} values for shape [${shape.join(', ')}], found ${data.length}`);
    }
    return { shape: shape as number[], data: data as number[] | Float64Array };
  }
}

function allFinite(data: ArrayLike<unknown>): boolean {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  }
  return true;
}
