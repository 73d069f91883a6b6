import { parseNpy } from '@equitensor/io';
import { readFixtureBytes } from '@equitensor/testing';
import { type CpTensor, chebTuckerFromCp, chebTuckerRanks, chebTuckerSliceError, matFromNpy } from '../src/index.ts';

/** The authors' CP tensor of 1/|x| on n³ cells of [−1, 1]³, divided by h³ (each factor by h), first `terms` columns. */
export function newtonCp(n: number, part: 'full' | 'long'): CpTensor {
  const h = 2 / n;
  const factors = [1, 2, 3].map((k) => {
    const name = `chebtuck/newton_cp_n${n}_U${k}r.npy`;
    return matFromNpy(parseNpy(readFixtureBytes(name)), name);
  });
  const R = factors[0]!.cols;
  const keep = part === 'full' ? R : Math.ceil(R / 2) - 3;
  const cut = factors.map((u) => {
    const data = new Float64Array(u.rows * keep);
    for (let i = 0; i < u.rows; i++) for (let r = 0; r < keep; r++) data[i * keep + r] = u.data[i * R + r]! / h;
    return { rows: u.rows, cols: keep, data };
  });
  return { weights: new Float64Array(keep).fill(1), factors: cut };
}

/** One entry of Tables 1–2: Alg. 3.3 with the paper's tol 1e-7, error on the slice z = x_{n/2 − 1}. */
export function newtonTableEntry(n: number, m: number, part: 'full' | 'long') {
  const x = newtonCp(n, part);
  const t0 = performance.now();
  const f = chebTuckerFromCp(x, { m, rhosvd: { tol: 1e-7 } });
  const seconds = (performance.now() - t0) / 1000;
  const err = chebTuckerSliceError(f, x, n / 2 - 1);
  return { ...err, ranks: chebTuckerRanks(f), seconds };
}
