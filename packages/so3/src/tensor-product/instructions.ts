/**
 * e3nn's tensor-product instructions and their normalisation (`irrep_normalization`,
 * `path_normalization`, `in1_var`, `in2_var`, `out_var`), reproduced to the last factor so that
 * weights exported from e3nn give the same outputs.
 */
import type { Irreps } from '../irreps.ts';
import { isTriangle } from '../wigner-3j.ts';

/** How multiplicities are connected (e3nn's `connection_mode`). */
export type ConnectionMode = 'uvw' | 'uvu' | 'uvv' | 'uuw' | 'uuu' | 'uvuv';

/** e3nn's `irrep_normalization`. */
export type IrrepNormalization = 'component' | 'norm' | 'none';
/** e3nn's `path_normalization`. */
export type PathNormalization = 'element' | 'path' | 'none';

/** An instruction as e3nn writes it: `[i_in1, i_in2, i_out, mode, has_weight, path_weight?]`, or as an object. */
export type InstructionSpec =
  | readonly [number, number, number, ConnectionMode, boolean, number?]
  | {
      readonly i1: number;
      readonly i2: number;
      readonly iOut: number;
      readonly mode: ConnectionMode;
      readonly hasWeight: boolean;
      readonly pathWeight?: number;
    };

/** A resolved instruction: `pathWeight` is the final coefficient (normalisation included), as e3nn's `tp.instructions`. */
export interface Instruction {
  readonly i1: number;
  readonly i2: number;
  readonly iOut: number;
  readonly mode: ConnectionMode;
  readonly hasWeight: boolean;
  readonly pathWeight: number;
  /** e3nn's `path_shape` (shape of this instruction's weights). */
  readonly pathShape: readonly number[];
  /** Offset of this instruction's weights in the flat weight vector (−1 without weights). */
  readonly weightOffset: number;
}

/** Options shared by every tensor product. */
export interface NormalizationOptions {
  readonly irrepNormalization?: IrrepNormalization;
  readonly pathNormalization?: PathNormalization;
  readonly in1Var?: readonly number[];
  readonly in2Var?: readonly number[];
  readonly outVar?: readonly number[];
}

function toObject(spec: InstructionSpec): {
  i1: number;
  i2: number;
  iOut: number;
  mode: ConnectionMode;
  hasWeight: boolean;
  pathWeight: number;
} {
  if (Array.isArray(spec)) {
    const [i1, i2, iOut, mode, hasWeight, pathWeight] = spec as readonly [number, number, number, ConnectionMode, boolean, number?];
    return { i1, i2, iOut, mode, hasWeight, pathWeight: pathWeight ?? 1 };
  }
  const o = spec as Exclude<InstructionSpec, readonly unknown[]>;
  return { i1: o.i1, i2: o.i2, iOut: o.iOut, mode: o.mode, hasWeight: o.hasWeight, pathWeight: o.pathWeight ?? 1 };
}

/**
 * Resolve and normalise instructions exactly as e3nn 0.5's `TensorProduct.__init__`.
 *
 * @example
 * ```ts
 * const ins = resolveInstructions(new Irreps('2x0e'), new Irreps('0e'), new Irreps('0e'), [[0, 0, 0, 'uvw', true]], {});
 * ins[0].pathWeight; // 1/√2
 * ```
 */
export function resolveInstructions(
  irreps1: Irreps,
  irreps2: Irreps,
  irrepsOut: Irreps,
  specs: readonly InstructionSpec[],
  options: NormalizationOptions,
): Instruction[] {
  const irrepNorm = options.irrepNormalization ?? 'component';
  const pathNorm = options.pathNormalization ?? 'element';
  const in1Var = options.in1Var ?? irreps1.entries.map(() => 1);
  const in2Var = options.in2Var ?? irreps2.entries.map(() => 1);
  const outVar = options.outVar ?? irrepsOut.entries.map(() => 1);
  // one variance per irreps entry, as e3nn asserts (a shorter list once counted the missing ones as 1)
  for (const [name, list, irreps] of [
    ['in1Var', in1Var, irreps1],
    ['in2Var', in2Var, irreps2],
    ['outVar', outVar, irrepsOut],
  ] as const) {
    if (list.length !== irreps.entries.length)
      throw new RangeError(
        `TensorProduct: ${name} has ${list.length} entries, the irreps ${irreps.toString()} have ${irreps.entries.length}`,
      );
  }
  const raw = specs.map(toObject);
  const shapes = raw.map((ins) => {
    const a = irreps1.entries[ins.i1];
    const b = irreps2.entries[ins.i2];
    const c = irrepsOut.entries[ins.iOut];
    if (!a || !b || !c) throw new RangeError(`TensorProduct: instruction (${ins.i1}, ${ins.i2}, ${ins.iOut}) indexes outside the irreps`);
    if (a.ir.p * b.ir.p !== c.ir.p || !isTriangle(a.ir.l, b.ir.l, c.ir.l)) {
      throw new RangeError(
        `TensorProduct: ${a.ir.toString()} ⊗ ${b.ir.toString()} cannot produce ${c.ir.toString()} (instruction ${ins.i1}, ${ins.i2}, ${ins.iOut})`,
      );
    }
    switch (ins.mode) {
      case 'uvw':
        // e3nn refuses uvw without weights; the sum over (u, v) into a single output channel is kept, as for uuw
        if (!ins.hasWeight && c.mul !== 1) throw new RangeError('TensorProduct: mode uvw without weights needs mul_out = 1');
        return [a.mul, b.mul, c.mul];
      case 'uvu':
        if (c.mul !== a.mul) throw new RangeError(`TensorProduct: mode uvu needs mul_out = mul_in1 (${c.mul} ≠ ${a.mul})`);
        return [a.mul, b.mul];
      case 'uvv':
        if (c.mul !== b.mul) throw new RangeError(`TensorProduct: mode uvv needs mul_out = mul_in2 (${c.mul} ≠ ${b.mul})`);
        return [a.mul, b.mul];
      case 'uuw':
        if (a.mul !== b.mul) throw new RangeError(`TensorProduct: mode uuw needs mul_in1 = mul_in2 (${a.mul} ≠ ${b.mul})`);
        if (!ins.hasWeight && c.mul !== 1) throw new RangeError('TensorProduct: mode uuw without weights needs mul_out = 1');
        return [a.mul, c.mul];
      case 'uuu':
        if (a.mul !== b.mul || a.mul !== c.mul)
          throw new RangeError(`TensorProduct: mode uuu needs equal multiplicities (${a.mul}, ${b.mul}, ${c.mul})`);
        return [a.mul];
      case 'uvuv':
        if (c.mul !== a.mul * b.mul)
          throw new RangeError(`TensorProduct: mode uvuv needs mul_out = mul_in1·mul_in2 (${c.mul} ≠ ${a.mul * b.mul})`);
        return [a.mul, b.mul];
      default:
        throw new RangeError(`TensorProduct: unknown connection mode '${String(ins.mode)}'`);
    }
  });
  const numElements = (ins: (typeof raw)[number]): number => {
    const m1 = irreps1.get(ins.i1).mul;
    const m2 = irreps2.get(ins.i2).mul;
    return { uvw: m1 * m2, uvu: m2, uvv: m1, uuw: m1, uuu: 1, uvuv: 1 }[ins.mode];
  };
  let offset = 0;
  return raw.map((ins, n) => {
    const d1 = irreps1.get(ins.i1).ir.dim;
    const d2 = irreps2.get(ins.i2).ir.dim;
    const dOut = irrepsOut.get(ins.iOut).ir.dim;
    let alpha = irrepNorm === 'component' ? dOut : irrepNorm === 'norm' ? d1 * d2 : 1;
    let x = 1;
    if (pathNorm === 'element') {
      x = 0;
      for (const other of raw) if (other.iOut === ins.iOut) x += (in1Var[other.i1] ?? 1) * (in2Var[other.i2] ?? 1) * numElements(other);
    } else if (pathNorm === 'path') {
      x = (in1Var[ins.i1] ?? 1) * (in2Var[ins.i2] ?? 1) * numElements(ins);
      x *= raw.filter((o) => o.iOut === ins.iOut).length;
    }
    if (x > 0) alpha /= x;
    alpha *= outVar[ins.iOut] ?? 1;
    alpha *= ins.pathWeight;
    const pathShape = shapes[n] as number[];
    const weightOffset = ins.hasWeight ? offset : -1;
    if (ins.hasWeight) offset += pathShape.reduce((p, s) => p * s, 1);
    return {
      i1: ins.i1,
      i2: ins.i2,
      iOut: ins.iOut,
      mode: ins.mode,
      hasWeight: ins.hasWeight,
      pathWeight: Math.sqrt(alpha),
      pathShape,
      weightOffset,
    };
  });
}
