/**
 * e3nn's ready-made tensor products: fully connected (`uvw` on every allowed path), element-wise
 * (`uuu`) and full (`uvuv`, no weights).
 */
import { type Irrep, Irreps, type IrrepsLike } from '../irreps.ts';
import type { InstructionSpec } from './instructions.ts';
import { TensorProduct, type TensorProductOptions } from './tensor-product.ts';

function allowed(a: Irrep, b: Irrep, c: Irrep): boolean {
  return a.p * b.p === c.p && Math.abs(a.l - b.l) <= c.l && c.l <= a.l + b.l;
}

/**
 * Every path from (irrepsIn1 ⊗ irrepsIn2) to each entry of irrepsOut, mode `uvw`, with weights
 * (e3nn's `FullyConnectedTensorProduct`; same instruction order, so same weight layout).
 *
 * @example
 * ```ts
 * const tp = new FullyConnectedTensorProduct('8x0e+8x1o', '0e+1o', '8x0e+8x1o');
 * tp.weightNumel; // 8·8 per path
 * ```
 */
export class FullyConnectedTensorProduct extends TensorProduct {
  constructor(irrepsIn1: IrrepsLike, irrepsIn2: IrrepsLike, irrepsOut: IrrepsLike, options: TensorProductOptions = {}) {
    const i1 = new Irreps(irrepsIn1);
    const i2 = new Irreps(irrepsIn2);
    const io = new Irreps(irrepsOut);
    const instructions: InstructionSpec[] = [];
    i1.entries.forEach((a, n1) => {
      i2.entries.forEach((b, n2) => {
        io.entries.forEach((c, no) => {
          if (allowed(a.ir, b.ir, c.ir)) instructions.push([n1, n2, no, 'uvw', true, 1]);
        });
      });
    });
    super(i1, i2, io, instructions, options);
  }
}

/**
 * The product of the i-th irrep of x1 with the i-th irrep of x2 (mode `uuu`, no weights), output
 * irreps every allowed product (optionally filtered), e3nn's `ElementwiseTensorProduct`.
 *
 * @example
 * ```ts
 * const tp = new ElementwiseTensorProduct('2x1o', '2x1o', ['0e']); // two dot products
 * tp.irrepsOut.toString(); // '2x0e'
 * ```
 */
export class ElementwiseTensorProduct extends TensorProduct {
  constructor(irrepsIn1: IrrepsLike, irrepsIn2: IrrepsLike, filterIrOut?: readonly (Irrep | string)[], options: TensorProductOptions = {}) {
    const a = [...new Irreps(irrepsIn1).simplify().entries].map((e) => ({ mul: e.mul, ir: e.ir }));
    const b = [...new Irreps(irrepsIn2).simplify().entries].map((e) => ({ mul: e.mul, ir: e.ir }));
    const na = a.reduce((s, e) => s + e.mul, 0);
    const nb = b.reduce((s, e) => s + e.mul, 0);
    if (na !== nb) throw new RangeError(`ElementwiseTensorProduct: inputs must have the same number of irreps (${na} ≠ ${nb})`);
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as { mul: number; ir: Irrep };
      const y = b[i] as { mul: number; ir: Irrep };
      if (x.mul < y.mul) {
        b.splice(i + 1, 0, { mul: y.mul - x.mul, ir: y.ir });
        y.mul = x.mul;
      } else if (y.mul < x.mul) {
        a.splice(i + 1, 0, { mul: x.mul - y.mul, ir: x.ir });
        x.mul = y.mul;
      }
    }
    const filter = filterIrOut?.map((f) => (typeof f === 'string' ? f : f.toString()));
    const out: { mul: number; ir: Irrep }[] = [];
    const instructions: InstructionSpec[] = [];
    a.forEach((x, i) => {
      const y = b[i] as { mul: number; ir: Irrep };
      for (const ir of x.ir.times(y.ir)) {
        if (filter && !filter.includes(ir.toString())) continue;
        instructions.push([i, i, out.length, 'uuu', false]);
        out.push({ mul: x.mul, ir });
      }
    });
    super(new Irreps(a), new Irreps(b), new Irreps(out), instructions, options);
  }
}

/**
 * Every product of every pair (mode `uvuv`, no weights), output irreps sorted and simplified as
 * e3nn's `FullTensorProduct`.
 *
 * @example
 * ```ts
 * const tp = new FullTensorProduct('1o', '1o'); // 1x0e+1x1e+1x2e
 * ```
 */
export class FullTensorProduct extends TensorProduct {
  constructor(irrepsIn1: IrrepsLike, irrepsIn2: IrrepsLike, filterIrOut?: readonly (Irrep | string)[], options: TensorProductOptions = {}) {
    const i1 = new Irreps(irrepsIn1).simplify();
    const i2 = new Irreps(irrepsIn2).simplify();
    const filter = filterIrOut?.map((f) => (typeof f === 'string' ? f : f.toString()));
    const out: { mul: number; ir: Irrep }[] = [];
    const raw: [number, number, number][] = [];
    i1.entries.forEach((a, n1) => {
      i2.entries.forEach((b, n2) => {
        for (const ir of a.ir.times(b.ir)) {
          if (filter && !filter.includes(ir.toString())) continue;
          raw.push([n1, n2, out.length]);
          out.push({ mul: a.mul * b.mul, ir });
        }
      });
    });
    const sorted = new Irreps(out).sort();
    const instructions: InstructionSpec[] = raw.map(([a, b, o]) => [a, b, sorted.p[o] as number, 'uvuv', false]);
    super(i1, i2, sorted.irreps, instructions, options);
  }
}
