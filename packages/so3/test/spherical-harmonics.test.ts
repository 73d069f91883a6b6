import { assertClose, readFixtureJson, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { Irreps } from '../src/irreps.ts';
import { type ShNormalization, sphericalHarmonics, sphericalHarmonicsWithGradient } from '../src/spherical-harmonics.ts';

interface ShFixture {
  vectors: number[][];
  lmax: number;
  irreps: string;
  cases: { normalize: boolean; normalization: ShNormalization; concatenated: number[][] }[];
}

describe('sphericalHarmonics', () => {
  const fx = readFixtureJson<ShFixture>('e3nn/e3nn_spherical_harmonics.json');
  const vectors = new Float64Array(fx.vectors.flat());

  it('matches e3nn 0.5.6 to 1e-12 in every normalisation, normalised and not', () => {
    expect(fx.cases.length).toBe(6);
    for (const c of fx.cases) {
      const y = sphericalHarmonics(fx.irreps, vectors, c.normalize, c.normalization);
      assertClose(y, c.concatenated.flat(), { rtol: 1e-12, atol: 1e-12 }, `${c.normalization} normalize=${c.normalize}`);
      const y2 = sphericalHarmonics(fx.lmax, vectors, c.normalize, c.normalization);
      assertClose(y2, y, { rtol: 0, atol: 0 });
    }
  });

  it('l = 1 is √3·(x, y, z) for unit vectors in component normalisation', () => {
    const y = sphericalHarmonics('1o', new Float64Array([0.6, 0, 0.8]), false, 'component');
    assertClose(y, [Math.sqrt(3) * 0.6, 0, Math.sqrt(3) * 0.8], { atol: 1e-15 });
  });

  it('selects degrees from irreps with multiplicity and zero vectors give only Y0', () => {
    const y = sphericalHarmonics(new Irreps('2x1o+0e'), new Float64Array([1, 2, 3]), false, 'norm');
    assertClose(y, [1, 2, 3, 1, 2, 3, 1], { atol: 1e-15 });
    const z = sphericalHarmonics(3, new Float64Array(3), true, 'component');
    expect(Array.from(z)).toEqual([1, ...new Array(15).fill(0)]);
  });

  it('component normalisation: |Y^l|² = 2l+1 up to l = 24 (stable recurrences)', () => {
    const rng = new SeededRng(3);
    const v = rng.normalArray(3 * 20);
    const L = 24;
    const y = sphericalHarmonics(L, v, true, 'component');
    const dim = (L + 1) ** 2;
    for (let n = 0; n < 20; n++) {
      for (let l = 0; l <= L; l++) {
        let s = 0;
        for (let k = l * l; k < (l + 1) ** 2; k++) s += (y[n * dim + k] as number) ** 2;
        expect(Math.abs(s - (2 * l + 1))).toBeLessThan(1e-11 * (2 * l + 1));
      }
    }
  });

  it('gradients match central finite differences (normalised and polynomial)', () => {
    const rng = new SeededRng(7);
    const v = rng.normalArray(3 * 4);
    const L = 8;
    const dim = (L + 1) ** 2;
    for (const normalize of [true, false]) {
      const { values, gradients } = sphericalHarmonicsWithGradient(L, v, normalize, 'component');
      assertClose(values, sphericalHarmonics(L, v, normalize, 'component'), { rtol: 0, atol: 0 });
      const h = 1e-6;
      for (let c = 0; c < 12; c++) {
        const vp = Float64Array.from(v);
        const vm = Float64Array.from(v);
        vp[c] = (vp[c] as number) + h;
        vm[c] = (vm[c] as number) - h;
        const yp = sphericalHarmonics(L, vp, normalize, 'component');
        const ym = sphericalHarmonics(L, vm, normalize, 'component');
        const n = Math.floor(c / 3);
        const fd: number[] = [];
        const an: number[] = [];
        for (let k = 0; k < dim; k++) {
          fd.push(((yp[n * dim + k] as number) - (ym[n * dim + k] as number)) / (2 * h));
          an.push(gradients[(n * dim + k) * 3 + (c % 3)] as number);
        }
        assertClose(an, fd, { rtol: 1e-5, atol: 1e-5 }, `normalize=${normalize} coord ${c}`);
      }
      // a subset of degrees (general path) equals the matching slices of the full result (fast path)
      const part = sphericalHarmonicsWithGradient([2, 5], v, normalize, 'component');
      for (let n = 0; n < 4; n++) {
        const rows = [...Array.from({ length: 5 }, (_, i) => 4 + i), ...Array.from({ length: 11 }, (_, i) => 25 + i)];
        assertClose(
          part.values.subarray(n * 16, n * 16 + 16),
          rows.map((k) => values[n * dim + k] as number),
          { rtol: 0, atol: 1e-14 },
        );
        const g = rows.flatMap((k) => [0, 1, 2].map((cc) => gradients[(n * dim + k) * 3 + cc] as number));
        assertClose(part.gradients.subarray(n * 48, n * 48 + 48), g, { rtol: 0, atol: 1e-13 });
      }
    }
  });
});
