import { type ShNormalization, sphericalHarmonics } from '@equitensor/so3';
import { assertClose, readFixtureJson, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { GpuSphericalHarmonics } from '../../src/index.ts';
import { fileGpu } from '../gpu.ts';

const gpu = await fileGpu();

interface ShFixture {
  vectors: number[][];
  lmax: number;
  cases: { normalize: boolean; normalization: ShNormalization; concatenated: number[][] }[];
}

describe('GPU spherical harmonics', () => {
  it('matches e3nn 0.5.6 (lmax 6, every normalisation, normalised and raw inputs)', async () => {
    const fixture = readFixtureJson<ShFixture>('e3nn/e3nn_spherical_harmonics.json');
    const vectors = fixture.vectors.flat();
    expect(fixture.cases.length).toBeGreaterThan(0);
    for (const c of fixture.cases) {
      const sh = new GpuSphericalHarmonics(gpu, fixture.lmax, c.normalization, c.normalize);
      const y = await sh.compute(vectors);
      // Raw inputs of length up to 2.5 give |x|^6 ≈ 250: scale the absolute tolerance.
      assertClose(y, c.concatenated.flat(), { rtol: 2e-5, atol: 2e-5 }, `e3nn ${c.normalization} normalize=${c.normalize}`);
      sh.destroy();
    }
  });

  it('matches @equitensor/so3 (float64) on 500 random vectors up to l = 12', async () => {
    const rng = new SeededRng(5);
    const vectors = rng.normalArray(1500);
    for (const [lmax, normalization] of [
      [12, 'component'],
      [3, 'integral'],
    ] as const) {
      const sh = new GpuSphericalHarmonics(gpu, lmax, normalization, true);
      const y = await sh.compute(vectors);
      const reference = sphericalHarmonics(lmax, vectors, true, normalization);
      // Component normalisation: entries are O(1)…O(√(2l+1)); float32 recurrence error grows ~ l·ε.
      assertClose(y, reference, { rtol: 0, atol: 5e-5 }, `so3 lmax ${lmax} ${normalization}`);
      sh.destroy();
    }
  });
});
