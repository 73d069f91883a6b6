import { assertClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  cellCentres,
  chebTuckerEvaluate,
  chebTuckerFromCp,
  chebTuckerFromFunction,
  chebTuckerFromGrid,
  chebTuckerGradient,
  chebTuckerOnGrid,
  chebTuckerRanks,
  cp,
  cpToDense,
  mat,
  tensorFromFunction,
  tuckerToDense,
} from '../src/index.ts';
import { TEST_BOX } from './helpers.ts';

const rng = new SeededRng(3);
/** A smooth function of Tucker rank 2 in each mode: exp(x) cos(y) (1 + z²) + sin(x + y) … plus a Gaussian bump. */
const f = (x: number, y: number, z: number) => Math.exp(-((x - 0.2) ** 2 + 2 * (y + 0.1) ** 2 + 0.5 * z * z));
const fx = (x: number, y: number, z: number) => -2 * (x - 0.2) * f(x, y, z);
const fy = (x: number, y: number, z: number) => -4 * (y + 0.1) * f(x, y, z);
const fz = (x: number, y: number, z: number) => -z * f(x, y, z);

describe('Chebyshev-Tucker format', () => {
  const pts = Array.from({ length: 3 }, () => rng.uniformArray(25, -1, 1));
  const [xs, ys, zs] = pts as [Float64Array, Float64Array, Float64Array];
  const ref = xs.map((x, i) => f(x, ys[i]!, zs[i]!));

  it('Alg 3.1: a separable Gaussian has Tucker rank 1 and is reproduced to 1e-12 with its gradient', () => {
    const ct = chebTuckerFromFunction(f, { m: 40, eps: 1e-12 });
    expect(chebTuckerRanks(ct)).toEqual([1, 1, 1]);
    assertClose(chebTuckerEvaluate(ct, xs, ys, zs), ref, { atol: 1e-12 }, 'values');
    const g = chebTuckerGradient(ct, xs, ys, zs);
    assertClose(
      g.dx,
      xs.map((x, i) => fx(x, ys[i]!, zs[i]!)),
      { atol: 1e-10 },
      'df/dx',
    );
    assertClose(
      g.dy,
      xs.map((x, i) => fy(x, ys[i]!, zs[i]!)),
      { atol: 1e-10 },
      'df/dy',
    );
    assertClose(
      g.dz,
      xs.map((x, i) => fz(x, ys[i]!, zs[i]!)),
      { atol: 1e-10 },
      'df/dz',
    );
  });

  it('Alg 3.1 on a box with a non-separable function, HOOI sweeps, and evaluation on a grid as Tucker', () => {
    const box = TEST_BOX;
    const g = (x: number, y: number, z: number) => 1 / (1 + x * x + y * y + z * z);
    const ct = chebTuckerFromFunction(g, { m: [41, 61, 21], domain: box, eps: 1e-10, hooiSweeps: 2 });
    const grid = [Float64Array.of(0, 0.5, 2), Float64Array.of(-1, 0.3), Float64Array.of(1, 1.7, 1.9, 2)] as const;
    const dense = tuckerToDense(chebTuckerOnGrid(ct, ...grid));
    const exact = tensorFromFunction([3, 2, 4], ([i, j, k]) => g(grid[0][i!]!, grid[1][j!]!, grid[2][k!]!));
    assertClose(dense.data, exact.data, { atol: 1e-9 }, 'grid');
    const r = chebTuckerRanks(ct);
    expect(Math.max(...r)).toBeLessThan(15);
  });

  it('Alg 3.2 (grid + splines) and Alg 3.3 (CP, no n³ array) agree with the function they sample', () => {
    const n = 64;
    const c = cellCentres(n);
    // Rank-2 CP: Gaussian bump + a second one, sampled on cell centres.
    const g1 = (t: number) => Math.exp(-2 * t * t);
    const g2 = (t: number) => Math.exp(-((t - 0.3) ** 2));
    const factors = [0, 1, 2].map(() =>
      mat(
        n,
        2,
        Float64Array.from({ length: 2 * n }, (_, p) => (p % 2 === 0 ? g1 : g2)(c[p >> 1]!)),
      ),
    );
    const x = cp(factors, Float64Array.of(1, -0.5));
    const exact = (a: number, b: number, d: number) => g1(a) * g1(b) * g1(d) - 0.5 * g2(a) * g2(b) * g2(d);
    const inner = Array.from({ length: 3 }, () => rng.uniformArray(20, -0.9, 0.9));
    const want = inner[0]!.map((a, i) => exact(a, inner[1]![i]!, inner[2]![i]!));
    const viaCp = chebTuckerFromCp(x, { m: 33, rhosvd: { eps: 1e-12 } });
    expect(chebTuckerRanks(viaCp)).toEqual([2, 2, 2]);
    assertClose(chebTuckerEvaluate(viaCp, inner[0]!, inner[1]!, inner[2]!), want, { atol: 2e-6 }, 'Alg 3.3');
    const viaGrid = chebTuckerFromGrid(cpToDense(x), { m: 33, eps: 1e-12 });
    assertClose(
      chebTuckerEvaluate(viaGrid, inner[0]!, inner[1]!, inner[2]!),
      chebTuckerEvaluate(viaCp, inner[0]!, inner[1]!, inner[2]!),
      { atol: 1e-11 },
      'Alg 3.2 = Alg 3.3 (same splines)',
    );
  });
});
