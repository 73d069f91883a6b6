import { FullyConnectedTensorProduct, TensorProduct } from '@equitensor/so3';
import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { GpuGridTensorProduct, GpuParameterError, GpuSparseTensorProduct, type GpuTensorProduct } from '../../src/index.ts';
import { fileGpu } from '../gpu.ts';

const gpu = await fileGpu();

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

/** Trainable `uvu` instructions (e3nn's convolution mode) on the given (input 1, input 2, output) irrep paths. */
function uvu(...paths: [number, number, number][]): [number, number, number, 'uvu', boolean][] {
  return paths.map(([a, b, c]) => [a, b, c, 'uvu', true]);
}

/** `batch` samples of normal inputs for `tp`, x1 then x2 from `rng` (the order every test draws them in). */
function inputs(rng: SeededRng, tp: TensorProduct, batch: number): { x1: Float64Array; x2: Float64Array } {
  return { x1: rng.normalArray(batch * tp.irrepsIn1.dim), x2: rng.normalArray(batch * tp.irrepsIn2.dim) };
}

/** The GPU product's forward of `args` against the float64 reference, within `relative` × the output's largest entry. */
async function expectForward(
  product: GpuTensorProduct,
  args: Parameters<GpuTensorProduct['forward']>,
  expected: Float64Array,
  relative: number,
  label: string,
): Promise<void> {
  assertClose(await product.forward(...args), expected, { rtol: 0, atol: relative * maxAbs(expected) }, label);
}

describe('GPU tensor products vs @equitensor/so3 (float64)', () => {
  it('sparse CG: FullyConnectedTensorProduct (uvw) with shared weights', async () => {
    const rng = new SeededRng(31);
    const tp = new FullyConnectedTensorProduct('4x0e+4x1o+2x2e', '1x0e+1x1o+1x2e', '4x0e+4x1o+4x2e+2x1e');
    const weights = rng.normalArray(tp.weightNumel);
    const batch = 64;
    const { x1, x2 } = inputs(rng, tp, batch);
    const expected = tp.forward(x1, x2, weights);
    const gpuTp = new GpuSparseTensorProduct(gpu, tp, weights);
    expect(maxAbs(expected)).toBeGreaterThan(0.1);
    // Float32 inputs and coefficients: 1e-5 of the output scale (README).
    await expectForward(gpuTp, [x1, x2], expected, 1e-5, 'fctp');
    gpuTp.destroy();
  });

  it('sparse CG: uvu paths including the antisymmetric 1o × 1o → 1e', async () => {
    const rng = new SeededRng(32);
    const tp = new TensorProduct(
      '8x0e+8x1o',
      '1x0e+1x1o',
      '8x0e+8x1o+8x1e+8x2e',
      uvu([0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0], [1, 1, 2], [1, 1, 3]),
    );
    const weights = rng.normalArray(tp.weightNumel);
    const batch = 50;
    const { x1, x2 } = inputs(rng, tp, batch);
    const expected = tp.forward(x1, x2, weights);
    const gpuTp = new GpuSparseTensorProduct(gpu, tp, weights);
    await expectForward(gpuTp, [x1, x2], expected, 1e-5, 'uvu');
    gpuTp.destroy();
  });

  it('sphere grid (Gaunt) equals the CG product with Gaunt coupling on the even paths', async () => {
    const rng = new SeededRng(33);
    const [l1, l2, lo] = [2, 2, 4];
    const irreps = (l: number) => Array.from({ length: l + 1 }, (_, k) => `1x${k}${k % 2 === 0 ? 'e' : 'o'}`).join('+');
    const instructions: [number, number, number, 'uuu', boolean][] = [];
    for (let a = 0; a <= l1; a++)
      for (let b = 0; b <= l2; b++)
        for (let c = Math.abs(a - b); c <= Math.min(a + b, lo); c++) if ((a + b + c) % 2 === 0) instructions.push([a, b, c, 'uuu', false]);
    const tp = new TensorProduct(irreps(l1), irreps(l2), irreps(lo), instructions, {
      irrepNormalization: 'none',
      pathNormalization: 'none',
      coupling: 'gaunt',
    });
    const batch = 40;
    const { x1, x2 } = inputs(rng, tp, batch);
    const expected = tp.forward(x1, x2);
    const grid = new GpuGridTensorProduct(gpu, l1, l2, lo);
    expect(maxAbs(expected)).toBeGreaterThan(0.05);
    await expectForward(grid, [x1, x2], expected, 2e-5, 'grid vs gaunt CG');
    grid.destroy();
  });

  it('sparse CG with per-sample weights (an e3nn uvu convolution with weights per edge)', async () => {
    const rng = new SeededRng(34);
    const tp = new TensorProduct(
      '4x0e+4x1o',
      '1x0e+1x1o+1x2e',
      '4x0e+4x1o+4x1e+4x2o',
      uvu([0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0], [1, 1, 2], [1, 2, 1], [1, 2, 3]),
      { sharedWeights: false },
    );
    const batch = 40;
    const { x1, x2 } = inputs(rng, tp, batch);
    const weights = rng.normalArray(batch * tp.weightNumel);
    const expected = tp.forward(x1, x2, weights);
    const gpuTp = new GpuSparseTensorProduct(gpu, tp, undefined);
    expect(gpuTp.sparse.weightNumel).toBe(tp.weightNumel);
    await expectForward(gpuTp, [x1, x2, weights], expected, 1e-5, 'per-sample uvu');
    await expect(gpuTp.forward(x1, x2)).rejects.toThrow(GpuParameterError);
    gpuTp.destroy();
  });

  it('rejects wrong weight and batch shapes with named parameters', async () => {
    const tp = new FullyConnectedTensorProduct('2x0e', '1x0e', '2x0e', { sharedWeights: false });
    expect(() => new GpuSparseTensorProduct(gpu, tp, new Float64Array(tp.weightNumel))).toThrow(/per-sample weights are passed to forward/);
    const shared = new FullyConnectedTensorProduct('2x0e', '1x0e', '2x0e');
    expect(() => new GpuSparseTensorProduct(gpu, shared, new Float64Array(1))).toThrow(GpuParameterError);
    const grid = new GpuGridTensorProduct(gpu, 1, 1, 1);
    await expect(grid.forward(new Float64Array(5), new Float64Array(4))).rejects.toThrow(/batch × 4/);
    grid.destroy();
  });
});
