import { compileKernel } from './conv-source.ts';

/**
 * One block of a block-diagonal linear map on irreps: out[n, o, m] += Σ_s w[base + o·outStride + s·sumStride]·in[n, s, m]
 * for o < outs, s < sums, m < dim (channels o and s of one irrep, component m), base = offset (+ element·elementStride
 * for per-element maps).
 */
export interface LinearBlockSpec {
  readonly sums: number;
  readonly outs: number;
  readonly dim: number;
  /** Start of the block in an input row and in an output row. */
  readonly sIn: number;
  readonly sOut: number;
  readonly offset: number;
  readonly sumStride: number;
  readonly outStride: number;
}

/** A compiled block map: out (batch × dOut, added into) from x (batch × dIn); `elements` for per-element weights. */
export type LinearKernel = (x: Float64Array, out: Float64Array, w: Float64Array, batch: number, elements: Int32Array | null) => void;

/**
 * A block-diagonal linear map compiled for its blocks (e3nn `Linear` forward and transpose, MACE's per-element skip
 * product): per output channel the dim components are summed at once in locals, so each weight is loaded once per
 * node and channel pair instead of once per component. Sums run over s in order, from 0, then are added to out.
 * `elementStride` > 0: the weights of node n start at elements[n]·elementStride.
 *
 * @example
 * ```ts
 * const f = linearKernel([{ sums: 16, outs: 16, dim: 3, sIn: 16, sOut: 16, offset: 256, sumStride: 1, outStride: 16 }], 64, 64, 0);
 * f(x, y, w, nodes, null);
 * ```
 */
export function linearKernel(blocks: readonly LinearBlockSpec[], dIn: number, dOut: number, elementStride: number): LinearKernel {
  const lines = [
    '(x, out, w, batch, elements) => {',
    'for (let n = 0; n < batch; n++) {',
    `const xb = n * ${dIn}, yb = n * ${dOut}, eb = ${elementStride > 0 ? `elements[n] * ${elementStride}` : '0'};`,
  ];
  for (const b of blocks) {
    const ms = Array.from({ length: b.dim }, (_, m) => m);
    lines.push(`for (let o = 0; o < ${b.outs}; o++) {`);
    lines.push(`const wo = eb + ${b.offset} + o * ${b.outStride};`);
    lines.push(`let ${ms.map((m) => `a${m} = 0`).join(', ')};`);
    lines.push(`for (let s = 0; s < ${b.sums}; s++) {`);
    lines.push(`const c = w[wo + s * ${b.sumStride}], xo = xb + ${b.sIn} + s * ${b.dim};`);
    for (const m of ms) lines.push(`a${m} += c * x[xo + ${m}];`);
    lines.push('}');
    lines.push(`const yo = yb + ${b.sOut} + o * ${b.dim};`);
    for (const m of ms) lines.push(`out[yo + ${m}] += a${m};`);
    lines.push('}');
  }
  lines.push('}', '}');
  return compileKernel<LinearKernel>(lines.join('\n'));
}
