import { FullyConnectedTensorProduct, type InstructionSpec, Irrep, Irreps, TensorProduct } from '@equitensor/so3';
import type { MaceInteractionKind } from './config.ts';
import { EdgeConvolution } from './conv.ts';
import { BoundLinear } from './linear.ts';
import type { MacePool } from './pool.ts';
import { RadialMlp } from './radial.ts';
import type { RadialTable } from './radial-table.ts';
import { SkipProduct } from './skip.ts';
import type { StateDict } from './state-dict.ts';

/**
 * mace's `tp_out_irreps_with_instructions`: every path node-irrep ⊗ harmonic → an irrep of the target, mode
 * `uvu` with per-edge weights; the output irreps sorted (e3nn order) and the instructions sorted by output, so the
 * weight layout is mace's.
 *
 * @example
 * ```ts
 * const { irrepsMid, instructions } = convInstructions(new Irreps('16x0e'), new Irreps('0e+1o+2e+3o'), target);
 * ```
 */
export function convInstructions(
  nodeIrreps: Irreps,
  shIrreps: Irreps,
  target: Irreps,
): { irrepsMid: Irreps; instructions: InstructionSpec[] } {
  const out: [number, Irrep][] = [];
  const raw: [number, number, number][] = [];
  nodeIrreps.entries.forEach((a, i) => {
    shIrreps.entries.forEach((b, j) => {
      for (const ir of a.ir.times(b.ir)) {
        if (!target.contains(ir)) continue;
        raw.push([i, j, out.length]);
        out.push([a.mul, ir]);
      }
    });
  });
  const sorted = new Irreps(out).sort();
  const instructions = raw
    .map(([i, j, k]) => [i, j, sorted.p[k] as number] as const)
    .map((ins, order) => ({ ins, order }))
    .sort((x, y) => x.ins[2] - y.ins[2] || x.order - y.order)
    .map(({ ins }) => [ins[0], ins[1], ins[2], 'uvu', true] as const);
  return { irrepsMid: sorted.irreps, instructions };
}

/** What one interaction's forward pass keeps for its backward pass. */
export interface InteractionTape {
  readonly nodeFeats: Float64Array;
  readonly up: Float64Array;
  readonly tpWeights: Float64Array;
  /** The radial MLP's tape (null when the weights came from a {@link RadialTable}). */
  readonly mlpTape: Float64Array[] | null;
  /** d(weights)/dr per radial row (from the table; null without one). */
  readonly tpDerivatives: Float64Array | null;
  /** The message after the linear map and 1/avg_num_neighbors, before the skip product (first kind only). */
  readonly message: Float64Array;
}

/** Graph data every interaction reads. */
export interface EdgeInputs {
  readonly senders: Int32Array;
  readonly receivers: Int32Array;
  /** Edges × (lmax+1)² spherical harmonics. */
  readonly sh: Float64Array;
  /**
   * Radial embedding, one row of num_bessel per distinct radial input: an edge and its reverse (vector −v) share a
   * row, so the radial MLP runs once per pair.
   */
  readonly radial: Float64Array;
  /** The radial row of each edge. */
  readonly radialIndex: Int32Array;
  /** The edge length of each radial row (read by interactions with a {@link RadialTable}). */
  readonly rowLengths: Float64Array;
  /** Nodes × numElements one-hot. */
  readonly attrs: Float64Array;
  /** The element index of each node (the position of its 1 in `attrs`). */
  readonly elements: Int32Array;
}

/**
 * mace's `RealAgnosticInteractionBlock` and `RealAgnosticResidualInteractionBlock` (v0.3.x): linear_up, the `uvu`
 * convolution with per-edge weights from the radial MLP (`@equitensor/so3`'s `TensorProduct` with
 * `sharedWeights: false`), sum over incoming edges, linear, 1/avg_num_neighbors, and the element-dependent skip
 * `FullyConnectedTensorProduct` (on the message for the first kind, on the input as the residual `sc` for the
 * residual kind). Output reshaped to nodes × channels × (lmax+1)².
 *
 * @example
 * ```ts
 * const block = new InteractionBlock(sd, 0, 'RealAgnosticInteractionBlock', nodeIrreps, shIrreps, target, target, 3, [32, 32, 32], 8, 9);
 * const { out, sc, tape } = block.forward(h, edges);
 * ```
 */
export class InteractionBlock {
  readonly kind: MaceInteractionKind;
  readonly nodeIrreps: Irreps;
  readonly targetIrreps: Irreps;
  readonly linearUp: BoundLinear;
  readonly conv: TensorProduct;
  readonly edgeConv: EdgeConvolution;
  readonly mlp: RadialMlp;
  readonly linear: BoundLinear;
  readonly skip: TensorProduct;
  readonly skipWeights: Float64Array;
  /** The skip product as one linear map per element (attrs are one-hot). */
  readonly skipProduct: SkipProduct;
  readonly avgNumNeighbors: number;
  readonly channels: number;
  readonly numEll: number;
  /** Tabulated radial MLP (see {@link RadialTable}); null: the MLP itself runs. */
  table: RadialTable | null = null;
  private readonly buffers = new Map<string, Float64Array>();

  constructor(
    sd: StateDict,
    index: number,
    kind: MaceInteractionKind,
    nodeIrreps: Irreps,
    shIrreps: Irreps,
    targetIrreps: Irreps,
    hiddenIrreps: Irreps,
    numElements: number,
    radialMlp: readonly number[],
    numBessel: number,
    avgNumNeighbors: number,
  ) {
    const p = `interactions.${index}`;
    this.kind = kind;
    this.nodeIrreps = nodeIrreps;
    this.targetIrreps = targetIrreps;
    this.avgNumNeighbors = avgNumNeighbors;
    this.channels = targetIrreps.get(0).mul;
    this.numEll = shIrreps.dim;
    this.linearUp = new BoundLinear(nodeIrreps, nodeIrreps, sd.tensor(`${p}.linear_up.weight`, [-1]));
    const { irrepsMid, instructions } = convInstructions(nodeIrreps, shIrreps, targetIrreps);
    this.conv = new TensorProduct(nodeIrreps, shIrreps, irrepsMid, instructions, { sharedWeights: false });
    this.edgeConv = new EdgeConvolution(this.conv);
    const sizes = [numBessel, ...radialMlp, this.conv.weightNumel];
    const layers = sizes.slice(1).map((h, i) => sd.tensor(`${p}.conv_tp_weights.layer${i}.weight`, [sizes[i] as number, h]));
    this.mlp = new RadialMlp(layers, sizes);
    this.linear = new BoundLinear(irrepsMid.simplify(), targetIrreps, sd.tensor(`${p}.linear.weight`, [-1]));
    const attrs = new Irreps([[numElements, new Irrep(0, 1)]]);
    this.skip =
      kind === 'RealAgnosticInteractionBlock'
        ? new FullyConnectedTensorProduct(targetIrreps, attrs, targetIrreps)
        : new FullyConnectedTensorProduct(nodeIrreps, attrs, hiddenIrreps);
    this.skipWeights = sd.tensor(`${p}.skip_tp.weight`, [this.skip.weightNumel]);
    this.skipProduct = new SkipProduct(this.skip, this.skipWeights);
  }

  /** Node features in, the reshaped message (nodes × channels × (lmax+1)²) and the residual `sc` out. */
  forward(
    h: Float64Array,
    g: EdgeInputs,
    pool: MacePool | null = null,
    t = 0,
  ): { out: Float64Array; sc: Float64Array | null; tape: InteractionTape } {
    const nodes = g.attrs.length / this.skip.irrepsIn2.dim;
    const sc = this.kind === 'RealAgnosticResidualInteractionBlock' ? this.skipProduct.forward(h, g.elements) : null;
    const up = this.linearUp.forward(h);
    const rows = g.rowLengths.length;
    let tpWeights: Float64Array;
    let mlpTape: Float64Array[] | null = null;
    let tpDerivatives: Float64Array | null = null;
    if (this.table) {
      const into = {
        values: this.scratch('values', rows * this.conv.weightNumel),
        derivatives: this.scratch('derivatives', rows * this.conv.weightNumel),
      };
      ({ values: tpWeights, derivatives: tpDerivatives } = this.table.evaluate(g.rowLengths, into));
    } else if (pool) tpWeights = pool.mlpForward(t);
    else ({ out: tpWeights, tape: mlpTape } = this.mlp.forward(g.radial, rows));
    const summed = new Float64Array(nodes * this.conv.irrepsOut.dim);
    if (pool) pool.convForward(t, up, tpWeights, summed);
    else this.edgeConv.forward(up, g.senders, g.receivers, g.sh, tpWeights, g.radialIndex, summed);
    const message = this.linear.forward(summed);
    const inv = 1 / this.avgNumNeighbors;
    for (let q = 0; q < message.length; q++) message[q] = (message[q] as number) * inv;
    const final = this.kind === 'RealAgnosticInteractionBlock' ? this.skipProduct.forward(message, g.elements) : message;
    return { out: this.reshape(final, nodes), sc, tape: { nodeFeats: h, up, tpWeights, mlpTape, tpDerivatives, message } };
  }

  /**
   * Backward pass: gOut (gradient of the reshaped output) and gSc (of `sc`, residual kind) in; the gradient with
   * respect to the input node features out (when `needInput`), and the harmonics' and radial embedding's
   * gradients added into gSh and gRadial (or, with a table, dE/dr of each radial row into gRowLength).
   */
  backward(
    tape: InteractionTape,
    g: EdgeInputs,
    gOut: Float64Array,
    gSc: Float64Array | null,
    gSh: Float64Array,
    gRadial: Float64Array,
    gRowLength: Float64Array,
    needInput: boolean,
    pool: MacePool | null = null,
    t = 0,
  ): Float64Array | null {
    const nodes = g.attrs.length / this.skip.irrepsIn2.dim;
    let gMessage = this.unreshape(gOut, nodes);
    if (this.kind === 'RealAgnosticInteractionBlock') gMessage = this.skipProduct.transpose(gMessage, g.elements);
    const gSummed = this.linear.transpose(gMessage);
    const inv = 1 / this.avgNumNeighbors;
    for (let q = 0; q < gSummed.length; q++) gSummed[q] = (gSummed[q] as number) * inv;
    const gUp = needInput ? new Float64Array(nodes * this.nodeIrreps.dim) : null;
    const rows = g.rowLengths.length;
    const numel = this.conv.weightNumel;
    let gW: Float64Array;
    let gR: Float64Array | null = null;
    if (pool) ({ gW, gRadial: gR } = pool.convBackward(t, gSummed, gUp, gSh, !tape.tpDerivatives));
    else {
      gW = this.scratch('gW', rows * numel).fill(0);
      this.edgeConv.backward(tape.up, g.senders, g.receivers, g.sh, tape.tpWeights, g.radialIndex, gSummed, gUp, gSh, gW);
    }
    if (tape.tpDerivatives) {
      const dW = tape.tpDerivatives;
      for (let r = 0; r < rows; r++) {
        let acc = 0;
        for (let k = r * numel; k < (r + 1) * numel; k++) acc += (gW[k] as number) * (dW[k] as number);
        gRowLength[r] = (gRowLength[r] as number) + acc;
      }
    } else {
      gR ??= this.mlp.backward(tape.mlpTape as Float64Array[], gW, rows);
      for (let q = 0; q < gRadial.length; q++) gRadial[q] = (gRadial[q] as number) + (gR[q] as number);
    }
    if (!gUp) return null;
    const gH = this.linearUp.transpose(gUp);
    if (gSc) {
      const gs = this.skipProduct.transpose(gSc, g.elements);
      for (let q = 0; q < gH.length; q++) gH[q] = (gH[q] as number) + (gs[q] as number);
    }
    return gH;
  }

  /**
   * A reusable array of `length` (grown when needed, contents left from the last use): the per-call edge arrays of
   * one evaluation (table weights, their derivatives, dE/dw), which would otherwise be tens of MB of fresh memory a call.
   */
  private scratch(name: string, length: number): Float64Array {
    let b = this.buffers.get(name);
    if (!b || b.length < length) {
      b = new Float64Array(length);
      this.buffers.set(name, b);
    }
    return b.subarray(0, length);
  }

  /** mul_ir layout (C copies of each degree l in turn) → nodes × C × (lmax+1)² (mace's `reshape_irreps`). */
  private reshape(x: Float64Array, nodes: number): Float64Array {
    const C = this.channels;
    const L = this.numEll;
    const out = new Float64Array(nodes * C * L);
    const dim = this.targetIrreps.dim;
    for (let n = 0; n < nodes; n++) {
      let s = n * dim;
      for (const { ir } of this.targetIrreps.entries) {
        const dl = ir.dim;
        const lo = ir.l * ir.l;
        for (let c = 0; c < C; c++) for (let m = 0; m < dl; m++) out[(n * C + c) * L + lo + m] = x[s + c * dl + m] as number;
        s += C * dl;
      }
    }
    return out;
  }

  private unreshape(x: Float64Array, nodes: number): Float64Array {
    const C = this.channels;
    const L = this.numEll;
    const dim = this.targetIrreps.dim;
    const out = new Float64Array(nodes * dim);
    for (let n = 0; n < nodes; n++) {
      let s = n * dim;
      for (const { ir } of this.targetIrreps.entries) {
        const dl = ir.dim;
        const lo = ir.l * ir.l;
        for (let c = 0; c < C; c++) for (let m = 0; m < dl; m++) out[s + c * dl + m] = x[(n * C + c) * L + lo + m] as number;
        s += C * dl;
      }
    }
    return out;
  }
}
