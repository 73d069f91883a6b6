import { dotTile4x4 } from './dot-tile.ts';
import { CHOLESKY_POOL_KERNEL } from './worker-pool/cholesky-pool-kernel.ts';
import type { WorkerPool } from './worker-pool/worker-pool.ts';

/**
 * Blocked Cholesky factorisation A = L Lᵀ of a symmetric positive definite matrix, in place on a flat
 * row-major `Float64Array(n·n)`: the lower triangle (diagonal included) is read and overwritten by L, the
 * strict upper triangle is left as it was. Right-looking, panels of `block` columns: the trailing update
 * (n³/6 of the n³/6 multiply-adds) runs in 4×4 register tiles over a packed copy of the panel, as
 * mlip's Gram update `NormalEquations.addRows` does (both through {@link dotTile4x4}). Returns false (and leaves A partly overwritten) when a pivot is not positive,
 * i.e. A is not positive definite in floating point. With a `pool` (a {@link WorkerPool}; `a` must then be a whole
 * `SharedArrayBuffer`) the trailing updates run on its workers ({@link CHOLESKY_POOL_KERNEL}), bit-for-bit equal to
 * one thread; the diagonal blocks and panels (n²·block/2 of the work) stay on the calling thread.
 *
 * @example
 * ```ts
 * const a = new Float64Array([4, 0, 2, 5]); // [[4, 2], [2, 5]], lower triangle used
 * choleskyInPlace(a, 2); // true; a = [2, 0, 1, 2]: L = [[2, 0], [1, 2]]
 * ```
 */
export function choleskyInPlace(a: Float64Array, n: number, block = 64, pool?: WorkerPool): boolean {
  if (pool && (!(a.buffer instanceof SharedArrayBuffer) || a.byteOffset !== 0))
    throw new TypeError('choleskyInPlace: with a pool, a must be a whole SharedArrayBuffer (byte offset 0)');
  const shared = pool ? { params: new Int32Array(new SharedArrayBuffer(16)), W: null as Float64Array<ArrayBufferLike> | null } : null;
  let W: Float64Array<ArrayBufferLike> = new Float64Array(0);
  for (let k0 = 0; k0 < n; k0 += block) {
    const k1 = Math.min(k0 + block, n);
    const w = k1 - k0;
    // Diagonal block (earlier panels' updates already applied), unblocked.
    for (let j = k0; j < k1; j++) {
      const rj = j * n;
      let d = a[rj + j] as number;
      for (let t = k0; t < j; t++) d -= (a[rj + t] as number) * (a[rj + t] as number);
      if (!(d > 0)) return false;
      d = Math.sqrt(d);
      a[rj + j] = d;
      for (let i = j + 1; i < k1; i++) {
        const ri = i * n;
        let s = a[ri + j] as number;
        for (let t = k0; t < j; t++) s -= (a[ri + t] as number) * (a[rj + t] as number);
        a[ri + j] = s / d;
      }
    }
    // Panel below the diagonal block: L[i, k0:k1] = A[i, k0:k1] · L_kk⁻ᵀ.
    for (let i = k1; i < n; i++) {
      const ri = i * n;
      for (let j = k0; j < k1; j++) {
        const rj = j * n;
        let s = a[ri + j] as number;
        for (let t = k0; t < j; t++) s -= (a[ri + t] as number) * (a[rj + t] as number);
        a[ri + j] = s / (a[rj + j] as number);
      }
    }
    const m = n - k1;
    if (m === 0) break;
    // Packed panel W[r·w + t] = L[k1 + r, k0 + t], rows padded to a multiple of 4 with zeros.
    const m4 = Math.ceil(m / 4) * 4;
    if (W.length < m4 * w) W = shared ? new Float64Array(new SharedArrayBuffer(8 * m4 * w)) : new Float64Array(m4 * w);
    else W.fill(0, m * w, m4 * w);
    for (let r = 0; r < m; r++) {
      const src = (k1 + r) * n + k0;
      for (let t = 0; t < w; t++) W[r * w + t] = a[src + t] as number;
    }
    if (pool && shared) {
      shared.params.set([m, w, n, k1]);
      if (shared.W !== W) {
        shared.W = W;
        pool.load({
          source: CHOLESKY_POOL_KERNEL,
          buffers: {
            a: a.buffer as SharedArrayBuffer,
            W: W.buffer as SharedArrayBuffer,
            params: shared.params.buffer as SharedArrayBuffer,
          },
        });
      }
      pool.run();
    } else trailingUpdate(W, m, w, a, n, k1);
  }
  return true;
}

/** A[k1 + i, k1 + j] −= Σ_t W[i·w + t]·W[j·w + t] for j ≤ i < m, in 4×4 tiles (W padded to a multiple of 4 rows). */
function trailingUpdate(W: Float64Array, m: number, w: number, a: Float64Array, n: number, k1: number): void {
  const tile = new Float64Array(16);
  for (let I = 0; I < m; I += 4) {
    for (let J = 0; J <= I; J += 4) {
      dotTile4x4(W, I * w, J * w, w, w, tile);
      if (J + 4 <= I && I + 4 <= m) {
        // Off-diagonal full tile: every (i, j) has j < i < m.
        let r = (k1 + I) * n + k1 + J;
        for (let u = 0; u < 4; u++, r += n) {
          a[r] = (a[r] as number) - (tile[4 * u] as number);
          a[r + 1] = (a[r + 1] as number) - (tile[4 * u + 1] as number);
          a[r + 2] = (a[r + 2] as number) - (tile[4 * u + 2] as number);
          a[r + 3] = (a[r + 3] as number) - (tile[4 * u + 3] as number);
        }
      } else {
        for (let u = 0; u < 4; u++) {
          const i = I + u;
          if (i >= m) break;
          for (let v = 0; v < 4; v++) {
            const j = J + v;
            if (j > i) break;
            const r = (k1 + i) * n + k1 + j;
            a[r] = (a[r] as number) - (tile[4 * u + v] as number);
          }
        }
      }
    }
  }
}

/**
 * Solves L Lᵀ x = b in place (b becomes x) with the factor of {@link choleskyInPlace}.
 *
 * @example
 * ```ts
 * const b = new Float64Array([2, 3]);
 * choleskySolveInPlace(a, 2, b); // b ← A⁻¹ b
 * ```
 */
export function choleskySolveInPlace(L: Float64Array, n: number, b: Float64Array): void {
  // L y = b, rows of L contiguous.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i] as number;
    for (let t = 0; t < i; t++) s -= (L[ri + t] as number) * (b[t] as number);
    b[i] = s / (L[ri + i] as number);
  }
  // Lᵀ x = y, column-oriented so that row i of L is read contiguously.
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * n;
    const xi = (b[i] as number) / (L[ri + i] as number);
    b[i] = xi;
    for (let t = 0; t < i; t++) b[t] = (b[t] as number) - (L[ri + t] as number) * xi;
  }
}
