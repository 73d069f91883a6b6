import { gauntFactor, type TensorProduct, wigner3jSparse } from '@equitensor/so3';
import { GpuParameterError } from '../runtime/errors.ts';
import { kahanAddWgsl } from '../runtime/kahan.ts';

/**
 * A tensor product written as one sparse bilinear map,
 * out[b, k] = Σ_e coef_e · w[b, weightIndex_e] · x1[b, i_e] · x2[b, j_e], the entries grouped by
 * output index k (CSR). With shared weights they and the path normalisation are folded into the
 * coefficients (every `weightIndex` is −1); with per-sample weights `weightIndex` says which weight
 * of the sample multiplies each entry (−1: none).
 *
 * @example
 * ```ts
 * const { rowStart, coef } = compileTensorProduct(tp, weights); // entries of output k: rowStart[k]…rowStart[k+1]
 * ```
 */
export interface SparseBilinear {
  readonly dim1: number;
  readonly dim2: number;
  readonly dimOut: number;
  /** rowStart[k] … rowStart[k+1] are the entries of output k. */
  readonly rowStart: Uint32Array;
  readonly i: Uint32Array;
  readonly j: Uint32Array;
  readonly coef: Float64Array;
  /** The weight of each entry in a sample's weight row, −1 for none (always −1 when weights are folded). */
  readonly weightIndex: Int32Array;
  /** Weights per sample (per-sample weights); 0 when folded. */
  readonly weightNumel: number;
}

/**
 * Compile `@equitensor/so3`'s `TensorProduct` into a {@link SparseBilinear}: with shared weights
 * (`tp.sharedWeights`) pass them and they are folded in; with per-sample weights pass `undefined`
 * and the entries keep their weight index. In both cases
 * the same instructions (every connection mode), the same e3nn weight layout and path weights, the
 * Clebsch-Gordan (`wigner3j`) or Gaunt coupling. Float64 throughout; the GPU stores it as float32.
 *
 * @example
 * ```ts
 * const tp = new FullyConnectedTensorProduct('4x0e+4x1o', '1x0e+1x1o', '4x0e+4x1o');
 * const sparse = compileTensorProduct(tp, weights);
 * sparse.coef.length; // number of non-zero terms per sample
 * ```
 */
export function compileTensorProduct(
  tp: TensorProduct,
  weights: ArrayLike<number> | undefined,
  coupling: 'wigner3j' | 'gaunt' = 'wigner3j',
): SparseBilinear {
  const perSample = !tp.sharedWeights;
  if (perSample && weights !== undefined)
    throw new GpuParameterError('weights', 'per-sample weights are passed to forward(), not compiled in');
  if (!perSample && (weights?.length ?? 0) !== tp.weightNumel) {
    throw new GpuParameterError('weights', `expected ${tp.weightNumel} shared weights, got ${weights?.length ?? 0}`);
  }
  const w = weights ?? [];
  // Weight index tp.weightNumel stands for "no weight".
  const noWeight = tp.weightNumel;
  const sl1 = tp.irrepsIn1.slices();
  const sl2 = tp.irrepsIn2.slices();
  const slo = tp.irrepsOut.slices();
  const rows = new Map<number, Map<number, number>>();
  const d2 = tp.irrepsIn2.dim;
  const weightSlots = tp.weightNumel + 1;
  // Entries with the same (x1 index, x2 index, weight index) are merged.
  const add = (k: number, a: number, b: number, weightIndex: number, value: number): void => {
    let row = rows.get(k);
    if (row === undefined) rows.set(k, (row = new Map()));
    const key = (a * d2 + b) * weightSlots + weightIndex;
    row.set(key, (row.get(key) ?? 0) + value);
  };
  for (const ins of tp.instructions) {
    const a = tp.irrepsIn1.get(ins.i1);
    const b = tp.irrepsIn2.get(ins.i2);
    const o = tp.irrepsOut.get(ins.iOut);
    const sp = wigner3jSparse(a.ir.l, b.ir.l, o.ir.l);
    const factor = ins.pathWeight * (coupling === 'gaunt' ? gauntFactor(a.ir.l, b.ir.l, o.ir.l) : 1);
    const s1 = (sl1[ins.i1] as { start: number }).start;
    const s2 = (sl2[ins.i2] as { start: number }).start;
    const so = (slo[ins.iOut] as { start: number }).start;
    const d1 = a.ir.dim;
    const d2 = b.ir.dim;
    const d3 = o.ir.dim;
    const diagonal = ins.mode === 'uuw' || ins.mode === 'uuu';
    const mix = ins.mode === 'uvw' || ins.mode === 'uuw';
    const pairs = diagonal ? a.mul : a.mul * b.mul;
    for (let q = 0; q < pairs; q++) {
      const u = diagonal ? q : Math.floor(q / b.mul);
      const v = diagonal ? q : q % b.mul;
      // (output multiplicity, weight index) for this pair, as e3nn's TensorProduct.
      const targets: [number, number][] = [];
      if (mix) {
        if (!ins.hasWeight) targets.push([0, noWeight]);
        else for (let wi = 0; wi < o.mul; wi++) targets.push([wi, ins.weightOffset + q * o.mul + wi]);
      } else {
        const target = ins.mode === 'uvu' ? u : ins.mode === 'uvv' ? v : q;
        targets.push([target, ins.hasWeight ? ins.weightOffset + q : noWeight]);
      }
      for (let n = 0; n < sp.value.length; n++) {
        const x1Index = s1 + u * d1 + (sp.i[n] as number);
        const x2Index = s2 + v * d2 + (sp.j[n] as number);
        const c = factor * (sp.value[n] as number);
        for (const [target, weightIndex] of targets) {
          const k = so + target * d3 + (sp.k[n] as number);
          if (perSample) add(k, x1Index, x2Index, weightIndex, c);
          else add(k, x1Index, x2Index, noWeight, weightIndex === noWeight ? c : c * (w[weightIndex] as number));
        }
      }
    }
  }
  const dimOut = tp.irrepsOut.dim;
  const rowStart = new Uint32Array(dimOut + 1);
  let total = 0;
  for (let k = 0; k < dimOut; k++) {
    rowStart[k] = total;
    total += rows.get(k)?.size ?? 0;
  }
  rowStart[dimOut] = total;
  const i = new Uint32Array(total);
  const j = new Uint32Array(total);
  const coef = new Float64Array(total);
  const weightIndex = new Int32Array(total);
  for (let k = 0; k < dimOut; k++) {
    let e = rowStart[k] as number;
    for (const [key, value] of rows.get(k) ?? []) {
      const pair = Math.floor(key / weightSlots);
      const wi = key % weightSlots;
      i[e] = Math.floor(pair / d2);
      j[e] = pair % d2;
      coef[e] = value;
      weightIndex[e] = wi === noWeight ? -1 : wi;
      e++;
    }
  }
  return { dim1: tp.irrepsIn1.dim, dim2: d2, dimOut, rowStart, i, j, coef, weightIndex, weightNumel: perSample ? tp.weightNumel : 0 };
}

/** Names a kernel gives {@link sparseEntrySumWgsl}: its loop and entry variables and the two factors' arrays and offsets. */
export interface SparseEntryNames {
  /** The loop variable over output k's entries and the entry (`vec4f`) read at it. */
  readonly loop: string;
  readonly entry: string;
  /** The offset of the sample's (or edge's) weight row in `weights`. */
  readonly weights: string;
  /** [array, offset] of the first and second factor: x1[o1 + i], x2[o2 + j]. */
  readonly x1: readonly [string, string];
  readonly x2: readonly [string, string];
}

/**
 * WGSL of a {@link SparseBilinear}'s entry loop for output `k`, Kahan-compensated into `sum` (bindings `rowStart`,
 * `entries` (bits i, bits j, coef, bits of the weight index or −1) and `weights`): the loop of so3's
 * `sparseTensorProductKernel` and, inside a receiver's edge loop, of MACE's `maceConvolutionKernel`.
 *
 * @example
 * ```ts
 * sparseEntrySumWgsl({ loop: 'e', entry: 'q', weights: 'ow', x1: ['x1', 'o1'], x2: ['x2', 'o2'] }, '  ');
 * ```
 */
export function sparseEntrySumWgsl(names: SparseEntryNames, indent: string): string {
  const { loop, entry: q } = names;
  const factor = ([array, offset]: readonly [string, string], bits: string) => `${array}[${offset} + bitcast<u32>(${q}.${bits})]`;
  return `${indent}for (var ${loop} = rowStart[k]; ${loop} < rowStart[k + 1u]; ${loop}++) {
${indent}  let ${q} = entries[${loop}];
${indent}  let wi = bitcast<i32>(${q}.w);
${indent}  var w = 1.0;
${indent}  if (wi >= 0) { w = weights[${names.weights} + u32(wi)]; }
${kahanAddWgsl(`${q}.z * w * ${factor(names.x1, 'x')} * ${factor(names.x2, 'y')}`, `${indent}  `)}
${indent}}`;
}

/**
 * The entries of a {@link SparseBilinear} as the kernels read them: one `vec4f` per entry, (bits of i, bits of j,
 * coef as float32, bits of the weight index or −1).
 */
export function packEntries(sparse: SparseBilinear): Float32Array {
  const n = sparse.coef.length;
  const entries = new Float32Array(4 * Math.max(1, n));
  const bits = new Uint32Array(entries.buffer);
  for (let e = 0; e < n; e++) {
    bits[4 * e] = sparse.i[e] as number;
    bits[4 * e + 1] = sparse.j[e] as number;
    entries[4 * e + 2] = sparse.coef[e] as number;
    bits[4 * e + 3] = (sparse.weightIndex[e] as number) >>> 0;
  }
  return entries;
}
