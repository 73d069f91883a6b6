import { atomicNumber, chemicalSymbol } from '@equitensor/io';
import type { FeatureList } from './basis.ts';
import type { DesignBlock } from './descriptor.ts';

/**
 * Per-element degrees as a column selection.
 *
 * The descriptor computes one feature list per atom (the basis of the largest degrees, `maxDegree`) and the design
 * has a block of F columns per centre species (column s·F + k). A basis with its own degree tuple D_z per element
 * is the subset of that list: feature k of order o ≥ 1 is kept in element z's block when its total degree is
 * ≤ D_z[o − 1] (order-0 constants always). Because `enumerateFeatures` keeps a feature exactly when its total degree
 * is within the limit of its order, the kept columns of block z are, in the same order, the features that
 * `enumerateFeatures` lists for the degrees D_z: the fit on the selected columns is the fit of the per-element basis,
 * and the model stores zeros for the dropped columns (same model file, same evaluation code).
 *
 * @example
 * ```ts
 * const keep = elementColumnSelection(descriptor.features, [1, 6, 8], { 1: [12, 10, 9], 6: [10, 8, 7], 8: [10, 8, 6] });
 * keep.length; // columns of the fit
 * ```
 */
export function elementColumnSelection(
  features: FeatureList,
  species: readonly number[],
  elementDegrees: Readonly<Record<number, readonly number[]>>,
): Int32Array {
  const F = features.count;
  const eps = 1e-9;
  const kept: number[] = [];
  species.forEach((z, s) => {
    const D = elementDegrees[z];
    if (!D) throw new RangeError(`no degrees given for element ${z}`);
    for (let k = 0; k < F; k++) {
      const o = features.order[k] as number;
      if (o === 0) {
        kept.push(s * F + k);
        continue;
      }
      const limit = D[o - 1];
      if (limit === undefined) throw new RangeError(`element ${z} needs ${o} degrees, got ${D.length}`);
      if ((features.degree[k] as number) <= limit + eps) kept.push(s * F + k);
    }
  });
  return Int32Array.from(kept);
}

/**
 * The largest degree per order over elements' degree tuples: the basis whose features contain every element's.
 *
 * @example
 * ```ts
 * unionDegrees({ 1: [12, 10, 9], 8: [10, 10, 8] }, 3); // [12, 10, 9]
 * ```
 */
export function unionDegrees(elementDegrees: Readonly<Record<number, readonly number[]>>, order: number): number[] {
  const tuples = Object.values(elementDegrees);
  if (tuples.length === 0) throw new RangeError('elementDegrees is empty');
  return Array.from({ length: order }, (_, k) => {
    let m = -Infinity;
    for (const D of tuples) {
      const d = D[k];
      if (d === undefined) throw new RangeError(`every element needs ${order} degrees, one per order`);
      m = Math.max(m, d);
    }
    return m;
  });
}

/**
 * The columns `keep` of a design block (energy row, force rows, virial rows), in that order.
 *
 * @example
 * ```ts
 * const small = selectColumns(descriptor.design(atoms, nd), keep);
 * ```
 */
export function selectColumns(block: DesignBlock, keep: Int32Array): DesignBlock {
  const P = block.columns;
  const Q = keep.length;
  const pick = (a: Float64Array): Float64Array => {
    const rows = a.length / P;
    const out = new Float64Array(rows * Q);
    for (let r = 0; r < rows; r++) {
      const src = r * P;
      const dst = r * Q;
      for (let j = 0; j < Q; j++) out[dst + j] = a[src + (keep[j] as number)] as number;
    }
    return out;
  };
  return { columns: Q, energy: pick(block.energy), forces: pick(block.forces), virial: pick(block.virial) };
}

/**
 * Coefficients on the selected columns written back to the full column layout (zeros elsewhere).
 *
 * @example
 * ```ts
 * const coefficients = expandColumns(x, keep, descriptor.columns);
 * ```
 */
export function expandColumns(x: Float64Array, keep: Int32Array, columns: number): Float64Array {
  const out = new Float64Array(columns);
  for (let j = 0; j < keep.length; j++) out[keep[j] as number] = x[j] as number;
  return out;
}

/**
 * Parses per-element degrees written `SYMBOL:d1,d2,…;SYMBOL:…` (element symbol or atomic number, then one total degree
 * per correlation order, or one for all orders), e.g. `H:8,6,4;C:10,8,6;O:10,8,6` or `1:12;8:10`. Throws a RangeError
 * naming the part it cannot read.
 *
 * @example
 * ```ts
 * parseElementDegrees('H:8,6,4;C:10,8,6', 3); // { 1: [8, 6, 4], 6: [10, 8, 6] }
 * parseElementDegrees('Si:12', 3); // { 14: [12, 12, 12] }
 * ```
 */
export function parseElementDegrees(text: string, order: number): Record<number, number[]> {
  const out: Record<number, number[]> = {};
  const parts = text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) throw new RangeError('per-element degrees are empty (write e.g. H:8,6,4;C:10,8,6)');
  for (const part of parts) {
    const colon = part.indexOf(':');
    if (colon <= 0) throw new RangeError(`'${part}': write ELEMENT:DEGREES, e.g. H:8,6,4`);
    const name = part.slice(0, colon).trim();
    const z = /^\d+$/.test(name) ? Number(name) : atomicNumber(name);
    if (z === undefined || !(z >= 1 && z <= 118)) throw new RangeError(`'${name}' is not an element symbol or atomic number`);
    const degrees = part
      .slice(colon + 1)
      .split(',')
      .map((d) => d.trim());
    const values = degrees.map(Number);
    if (degrees.some((d) => !/^\d+$/.test(d))) throw new RangeError(`'${part}': degrees must be non-negative integers`);
    if (values.length !== 1 && values.length !== order)
      throw new RangeError(`'${part}': give one degree or ${order} (one per correlation order)`);
    if (out[z] !== undefined) throw new RangeError(`element ${name} is given twice`);
    out[z] = values.length === 1 ? Array.from({ length: order }, () => values[0] as number) : values;
  }
  return out;
}

/**
 * Per-element degrees written as {@link parseElementDegrees} reads them, elements by atomic number.
 *
 * @example
 * ```ts
 * formatElementDegrees({ 1: [8, 6, 4], 6: [10, 8, 6] }); // 'H:8,6,4;C:10,8,6'
 * ```
 */
export function formatElementDegrees(elementDegrees: Readonly<Record<number, readonly number[]>>): string {
  return Object.keys(elementDegrees)
    .map(Number)
    .sort((a, b) => a - b)
    .map((z) => `${chemicalSymbol(z)}:${(elementDegrees[z] as readonly number[]).join(',')}`)
    .join(';');
}
