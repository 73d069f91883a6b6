/**
 * The WebGPU kernels of MACE inference (float32) against `@equitensor/mlip`'s float64 CPU blocks, on the reference
 * model (`mace/mace_small_reference.json`, mace 0.3.6) and the graph of its periodic structure (24 atoms, 446 edges):
 * the convolution of both interactions and the symmetric contraction (ν = 3) of both products.
 *
 * Tolerance, from the float32 error estimate: each term of an output is a product of float32-rounded factors
 * (coefficient, weight, feature, harmonic: 4 roundings of inputs, 3 of products; for a ν = 3 monomial 1 + 3 + 3),
 * and the Kahan-compensated sum adds ≤ 2u|sum| + O(N·u²)·A. So |gpu − cpu| ≤ 10·u·A per output, A = Σ|terms| (computed
 * here in float64 from the same table), u = 2⁻²⁴. The test also asks the bound to be met with a margin (worst ratio
 * reported) and the outputs to be far from zero, so a wrong kernel cannot pass.
 */
import { loadMaceModel, type MaceModel } from '@equitensor/mlip';
import { sphericalHarmonics } from '@equitensor/so3';
import { readFixtureText, SeededRng } from '@equitensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { GpuMaceContraction, GpuMaceConvolution } from '../../src/index.ts';
import { fileGpu } from '../gpu.ts';

const U = 2 ** -24;
const BOUND = 10;

const gpu = await fileGpu();
let model: MaceModel;
let graph: ReturnType<MaceModel['graph']>;
beforeAll(() => {
  const json = JSON.parse(readFixtureText('mace/mace_small_reference.json')) as {
    config: unknown;
    state_dict: unknown;
    structures: { symbols: string[]; positions: number[]; cell: number[] }[];
  };
  model = loadMaceModel(json);
  const s = json.structures[4]!;
  const Z: Record<string, number> = { H: 1, C: 6, O: 8 };
  graph = model.graph({
    numbers: Int32Array.from(s.symbols.map((x) => Z[x]!)),
    positions: Float64Array.from(s.positions),
    cell: Float64Array.from(s.cell),
    pbc: [true, true, true],
  });
});

/** Largest |gpu − cpu| / (u·A) over the outputs, and the largest |cpu| (the scale). */
function ratio(gpuOut: Float32Array, cpu: Float64Array, A: Float64Array): { worst: number; scale: number } {
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < cpu.length; i++) {
    scale = Math.max(scale, Math.abs(cpu[i]!));
    const err = Math.abs(gpuOut[i]! - cpu[i]!);
    if (err > 0) worst = Math.max(worst, err / (U * A[i]!));
  }
  return { worst, scale };
}

describe('MACE on WebGPU (float32) vs the float64 CPU blocks', () => {
  it.each([0, 1])('convolution of interaction %i', async (t) => {
    const { interaction } = model.block(t);
    const tp = interaction.conv;
    const nodes = graph.numbers.length;
    const edges = graph.senders.length;
    const rng = new SeededRng(40 + t);
    const x = rng.normalArray(nodes * tp.irrepsIn1.dim);
    const sh = sphericalHarmonics(model.config.maxEll, graph.vectors, true, 'component');
    const weights = rng.normalArray(edges * tp.weightNumel);
    const rows = Int32Array.from({ length: edges }, (_, e) => e);
    const cpu = new Float64Array(nodes * tp.irrepsOut.dim);
    interaction.edgeConv.forward(x, graph.senders, graph.receivers, sh, weights, rows, cpu);
    const conv = new GpuMaceConvolution(gpu, tp);
    const out = await conv.forward(x, graph.senders, graph.receivers, sh, weights, rows, nodes);
    // A = Σ|terms| per output, from the compiled sparse map in float64
    const { rowStart, i, j, coef, weightIndex, dim1, dim2, dimOut, weightNumel } = conv.sparse;
    const A = new Float64Array(nodes * dimOut);
    for (let e = 0; e < edges; e++) {
      const r = graph.receivers[e]!;
      const s = graph.senders[e]!;
      for (let k = 0; k < dimOut; k++) {
        let a = 0;
        for (let q = rowStart[k]!; q < rowStart[k + 1]!; q++) {
          const w = weightIndex[q]! >= 0 ? weights[e * weightNumel + weightIndex[q]!]! : 1;
          a += Math.abs(coef[q]! * w * x[s * dim1 + i[q]!]! * sh[e * dim2 + j[q]!]!);
        }
        A[r * dimOut + k]! += a;
      }
    }
    const { worst, scale } = ratio(out, cpu, A);
    expect(scale).toBeGreaterThan(0.1);
    expect(worst).toBeLessThanOrEqual(BOUND);
    conv.destroy();
  });

  it.each([0, 1])('symmetric contraction of product %i', async (t) => {
    const { product } = model.block(t);
    const table = product.table();
    expect(table.maxOrder).toBe(3);
    const nodes = graph.numbers.length;
    const elements = model.elements(graph.numbers);
    const rng = new SeededRng(50 + t);
    const x = rng.normalArray(nodes * table.channels * table.numEll);
    const cpu = product.forward(x, elements);
    const sc = new GpuMaceContraction(gpu, table);
    const out = await sc.forward(x, elements);
    // A = Σ|coef·x⋯x| per output, from the table in float64
    const T = table.order.length;
    const A = new Float64Array(nodes * table.dimOut);
    for (let n = 0; n < nodes; n++)
      for (let c = 0; c < table.channels; c++) {
        const xo = (n * table.channels + c) * table.numEll;
        const co = (elements[n]! * table.channels + c) * T;
        for (let s = 0; s < table.slotOffset.length; s++) {
          let a = 0;
          for (let q = table.rowStart[s]!; q < table.rowStart[s + 1]!; q++) {
            let v = Math.abs(table.coef[co + q]!);
            for (let k = 0; k < table.order[q]!; k++) v *= Math.abs(x[xo + table.indices[q * table.maxOrder + k]!]!);
            a += v;
          }
          A[n * table.dimOut + table.slotOffset[s]! + c * table.slotStride[s]!] = a;
        }
      }
    const { worst, scale } = ratio(out, cpu, A);
    expect(scale).toBeGreaterThan(0.1);
    expect(worst).toBeLessThanOrEqual(BOUND);
    sc.destroy();
  });
});
