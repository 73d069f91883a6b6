import { assertClose, readFixtureJson, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { gaunt } from '../src/gaunt.ts';
import { sphereGrid } from '../src/quadrature.ts';
import { anglesToMatrix, matMul, matrixToAngles, transpose } from '../src/rotation.ts';
import { sphericalHarmonics } from '../src/spherical-harmonics.ts';
import { wigner3j } from '../src/wigner-3j.ts';
import { wignerD, wignerDFromMatrix } from '../src/wigner-d.ts';

interface W3jFixture {
  entries: { l1: number; l2: number; l3: number; values: number[][][] }[];
}
interface DFixture {
  alpha: number;
  beta: number;
  gamma: number;
  matrix: number[][];
  D: Record<string, number[][]>;
}

function dMatVec(d: Float64Array, n: number, x: ArrayLike<number>, off: number): number[] {
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += (d[i * n + j] as number) * (x[off + j] as number);
    y.push(s);
  }
  return y;
}

describe('wigner3j', () => {
  it('matches e3nn 0.5.6 for every triple with l ≤ 4 to 1e-12', () => {
    const fx = readFixtureJson<W3jFixture>('e3nn/e3nn_wigner_3j.json');
    expect(fx.entries.length).toBe(65);
    for (const e of fx.entries)
      assertClose(wigner3j(e.l1, e.l2, e.l3), e.values.flat(2), { atol: 1e-12, rtol: 0 }, `(${e.l1},${e.l2},${e.l3})`);
  });

  it('w3j(1,1,1) = ε/√6 and unit Frobenius norm', () => {
    const c = wigner3j(1, 1, 1);
    const eps = [0, 0, 0, 0, 0, 1, 0, -1, 0, 0, 0, -1, 0, 0, 0, 1, 0, 0, 0, 1, 0, -1, 0, 0, 0, 0, 0];
    assertClose(
      c,
      eps.map((v) => v / Math.sqrt(6)),
      { atol: 1e-15 },
    );
    for (const [a, b, d] of [
      [2, 3, 4],
      [5, 5, 10],
      [7, 3, 6],
    ] as const) {
      const w = wigner3j(a, b, d);
      expect(Math.abs(w.reduce((s, v) => s + v * v, 0) - 1)).toBeLessThan(1e-13);
    }
  });

  it('orthogonality: Σ_ij C_ijk C_ijk′ = δ_kk′/(2l3+1) and distinct l3 are orthogonal', () => {
    for (const [l1, l2] of [
      [2, 3],
      [4, 4],
      [6, 5],
    ] as const) {
      const d1 = 2 * l1 + 1;
      const d2 = 2 * l2 + 1;
      for (let l3 = Math.abs(l1 - l2); l3 <= l1 + l2; l3++) {
        const c = wigner3j(l1, l2, l3);
        const d3 = 2 * l3 + 1;
        for (let k = 0; k < d3; k++) {
          for (let kk = 0; kk < d3; kk++) {
            let s = 0;
            for (let ij = 0; ij < d1 * d2; ij++) s += (c[ij * d3 + k] as number) * (c[ij * d3 + kk] as number);
            expect(Math.abs(s - (k === kk ? 1 / d3 : 0))).toBeLessThan(1e-14);
          }
        }
        if (l3 + 1 <= l1 + l2) {
          const c2 = wigner3j(l1, l2, l3 + 1);
          let s = 0;
          for (let ij = 0; ij < d1 * d2; ij++) s += (c[ij * d3] as number) * (c2[ij * (d3 + 2)] as number);
          expect(Math.abs(s)).toBeLessThan(1e-14);
        }
      }
    }
  });

  it('permutation symmetry: C(l2,l1,l3) = (−1)^{l1+l2+l3} C(l1,l2,l3) transposed, and cyclic', () => {
    for (const [l1, l2, l3] of [
      [1, 2, 3],
      [2, 2, 1],
      [3, 4, 5],
      [2, 3, 4],
    ] as const) {
      const c = wigner3j(l1, l2, l3);
      const swapped = wigner3j(l2, l1, l3);
      const cyc = wigner3j(l2, l3, l1);
      const d1 = 2 * l1 + 1;
      const d2 = 2 * l2 + 1;
      const d3 = 2 * l3 + 1;
      const sign = (l1 + l2 + l3) % 2 === 0 ? 1 : -1;
      for (let i = 0; i < d1; i++) {
        for (let j = 0; j < d2; j++) {
          for (let k = 0; k < d3; k++) {
            const v = c[(i * d2 + j) * d3 + k] as number;
            expect(Math.abs((swapped[(j * d1 + i) * d3 + k] as number) - sign * v)).toBeLessThan(1e-14);
            expect(Math.abs((cyc[(j * d3 + k) * d1 + i] as number) - v)).toBeLessThan(1e-14);
          }
        }
      }
    }
  });

  it('is invariant: D1 ⊗ D2 ⊗ D3 applied to C gives C (l up to 6)', () => {
    const rng = new SeededRng(11);
    const [a, b, g] = [rng.uniformIn(0, 6), rng.uniformIn(0, 3), rng.uniformIn(0, 6)];
    for (const [l1, l2, l3] of [
      [2, 3, 4],
      [6, 6, 1],
      [3, 3, 3],
    ] as const) {
      const c = wigner3j(l1, l2, l3);
      const [D1, D2, D3] = [wignerD(l1, a, b, g), wignerD(l2, a, b, g), wignerD(l3, a, b, g)];
      const [d1, d2, d3] = [2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1];
      const rot = new Float64Array(c.length);
      for (let i = 0; i < d1; i++)
        for (let j = 0; j < d2; j++)
          for (let k = 0; k < d3; k++) {
            let s = 0;
            for (let p = 0; p < d1; p++)
              for (let q = 0; q < d2; q++)
                for (let r = 0; r < d3; r++)
                  s +=
                    (D1[i * d1 + p] as number) *
                    (D2[j * d2 + q] as number) *
                    (D3[k * d3 + r] as number) *
                    (c[(p * d2 + q) * d3 + r] as number);
            rot[(i * d2 + j) * d3 + k] = s;
          }
      assertClose(rot, c, { atol: 1e-13, rtol: 0 });
    }
  });
});

describe('wignerD', () => {
  it('matches e3nn 0.5.6 for l ≤ 4 to 1e-12, and D¹ = the rotation matrix', () => {
    const fx = readFixtureJson<DFixture>('e3nn/e3nn_wigner_D.json');
    for (const [l, m] of Object.entries(fx.D))
      assertClose(wignerD(Number(l), fx.alpha, fx.beta, fx.gamma), m.flat(), { atol: 1e-12, rtol: 0 }, `l=${l}`);
    assertClose(anglesToMatrix(fx.alpha, fx.beta, fx.gamma), fx.matrix.flat(), { atol: 1e-15 });
  });

  it('is a homomorphism: D(R1R2) = D(R1)D(R2), orthogonal, to l = 20', () => {
    const rng = new SeededRng(5);
    const r1 = rng.rotation();
    const r2 = rng.rotation();
    const r12 = matMul(r1, r2, 3);
    for (const l of [0, 1, 2, 5, 10, 20]) {
      const n = 2 * l + 1;
      const d1 = wignerDFromMatrix(l, 1, r1);
      const d2 = wignerDFromMatrix(l, 1, r2);
      assertClose(matMul(d1, d2, n), wignerDFromMatrix(l, 1, r12), { atol: 1e-12, rtol: 0 }, `l=${l}`);
      const id = matMul(d1, transpose(d1, n), n);
      assertClose(
        id,
        Float64Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? 1 : 0)),
        { atol: 1e-12 },
      );
    }
    assertClose(wignerDFromMatrix(1, -1, r1), r1, { atol: 1e-14 });
    assertClose(
      wignerDFromMatrix(
        1,
        -1,
        r1.map((v) => -v),
      ),
      r1.map((v) => -v),
      { atol: 1e-14 },
      'improper',
    );
    assertClose(
      wignerDFromMatrix(
        2,
        1,
        r1.map((v) => -v),
      ),
      wignerDFromMatrix(2, 1, r1),
      { atol: 1e-14 },
      'even under inversion',
    );
    const angles = matrixToAngles(r1);
    assertClose(anglesToMatrix(...angles), r1, { atol: 1e-14 });
  });

  it('rotates spherical harmonics: Y(Rx) = D(R) Y(x) up to l = 20', () => {
    const rng = new SeededRng(9);
    const r = rng.rotation();
    const v = rng.normalArray(9);
    const rv = new Float64Array(9);
    for (let n = 0; n < 3; n++)
      for (let i = 0; i < 3; i++)
        rv[3 * n + i] =
          (r[3 * i] as number) * (v[3 * n] as number) +
          (r[3 * i + 1] as number) * (v[3 * n + 1] as number) +
          (r[3 * i + 2] as number) * (v[3 * n + 2] as number);
    const L = 20;
    const y = sphericalHarmonics(L, v, true, 'component');
    const yr = sphericalHarmonics(L, rv, true, 'component');
    const dim = (L + 1) ** 2;
    for (let l = 0; l <= L; l++) {
      const d = wignerDFromMatrix(l, 1, r);
      for (let n = 0; n < 3; n++) {
        const lhs = Array.from(yr.subarray(n * dim + l * l, n * dim + (l + 1) ** 2));
        assertClose(lhs, dMatVec(d, 2 * l + 1, y, n * dim + l * l), { atol: 1e-11, rtol: 0 }, `l=${l}`);
      }
    }
  });
});

describe('sphere quadrature', () => {
  it('integral-normalised harmonics are orthonormal on the Gauss-Legendre × uniform grid (l ≤ 12)', () => {
    const L = 12;
    const grid = sphereGrid(L + 1, 2 * L + 2);
    const y = sphericalHarmonics(L, grid.vectors, false, 'integral');
    const dim = (L + 1) ** 2;
    const npts = grid.resBeta * grid.resAlpha;
    let worst = 0;
    for (let a = 0; a < dim; a++)
      for (let b = a; b < dim; b++) {
        let s = 0;
        for (let p = 0; p < npts; p++)
          s += (grid.ringWeight[Math.floor(p / grid.resAlpha)] as number) * (y[p * dim + a] as number) * (y[p * dim + b] as number);
        worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
      }
    expect(worst).toBeLessThan(1e-13);
  });

  it('Gaunt coefficients equal ∫ Y1 Y2 Y3 by quadrature', () => {
    const grid = sphereGrid(8, 16);
    const npts = grid.resBeta * grid.resAlpha;
    for (const [l1, l2, l3] of [
      [1, 1, 2],
      [2, 3, 3],
      [3, 3, 4],
      [2, 2, 0],
      [1, 2, 3],
    ] as const) {
      const y1 = sphericalHarmonics([l1], grid.vectors, false);
      const y2 = sphericalHarmonics([l2], grid.vectors, false);
      const y3 = sphericalHarmonics([l3], grid.vectors, false);
      const [d1, d2, d3] = [2 * l1 + 1, 2 * l2 + 1, 2 * l3 + 1];
      const q = new Float64Array(d1 * d2 * d3);
      for (let p = 0; p < npts; p++) {
        const w = grid.ringWeight[Math.floor(p / grid.resAlpha)] as number;
        for (let i = 0; i < d1; i++)
          for (let j = 0; j < d2; j++)
            for (let k = 0; k < d3; k++)
              q[(i * d2 + j) * d3 + k] =
                (q[(i * d2 + j) * d3 + k] as number) +
                w * (y1[p * d1 + i] as number) * (y2[p * d2 + j] as number) * (y3[p * d3 + k] as number);
      }
      assertClose(gaunt(l1, l2, l3), q, { atol: 1e-14, rtol: 0 }, `(${l1},${l2},${l3})`);
    }
  });
});
