/**
 * A small blocked matrix multiply-accumulate on `Float64Array`s, C += A·B, with 4×4 register tiles:
 * each step of the k loop loads four values of A and four of B and does sixteen multiply-adds in
 * locals, so the loop is bound by arithmetic rather than by loads and stores (≈ 5× an axpy loop in V8).
 * It is the "BLAS" of the weighted tensor products: with shared weights, each `uvw` path's weight
 * contraction is one such product over a whole block of samples.
 *
 * Layouts: A(m, k) = A[aOff + k·aStrideK + m] (contiguous in m: e3nn's `W[u, v, w]` read as (w, ·)),
 * B(k, n) = B[bOff + k·ldb + n], C(m, n) = C[cOff + m·ldc + n] (row-major).
 *
 * Deliberate specialisation of `@equitensor/tensor`'s general GEMM (`Gemm`/`gemmTask` in tensor/src/gemm.ts, the
 * repository's home of dense linear algebra): the same 4×4 tile and the same sums (the same C bit for bit, checked on
 * 1,183 shapes with M, N ≤ 13 and K up to 300), but for the small, many products of one tensor product (K = a
 * multiplicity, N = one sample block) it keeps no task parameters, no inner chunking and no tile buffer: the
 * accumulators go straight from registers into C. Routed through tensor's `Gemm` instead, `bench tp --kind cg
 * --setting fctp --lmax 4 --mul 8 --batch 1000 --dtype f32` took 0.104 s CPU per batch against 0.092 (medians of 5
 * alternating runs, 2026-12-07, load 10–12), so it stays (issue 15).
 */

/**
 * C(M×N) += A(M×K)·B(K×N) with the layouts above.
 *
 * @example
 * ```ts
 * // C (2×3) += A (2×2, stored k-major: A[k·2 + m]) · B (2×3)
 * gemmAccumulate(2, 3, 2, new Float64Array([1, 0, 0, 1]), 0, 2, b, 0, 3, c, 0, 3); // c += b
 * ```
 */
export function gemmAccumulate(
  M: number,
  N: number,
  K: number,
  A: Float64Array,
  aOff: number,
  aStrideK: number,
  B: Float64Array,
  bOff: number,
  ldb: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const N4 = N - (N % 4);
  // Deliberate hot-loop specialisation: the 4×4 tile, the leftover columns and the leftover rows are written out by
  // hand (sixteen, four and four accumulators in locals); a loop over the tile's rows would put them in an array.
  let m = 0;
  for (; m + 4 <= M; m += 4) {
    for (let n = 0; n < N4; n += 4) {
      let c00 = 0;
      let c01 = 0;
      let c02 = 0;
      let c03 = 0;
      let c10 = 0;
      let c11 = 0;
      let c12 = 0;
      let c13 = 0;
      let c20 = 0;
      let c21 = 0;
      let c22 = 0;
      let c23 = 0;
      let c30 = 0;
      let c31 = 0;
      let c32 = 0;
      let c33 = 0;
      let pa = aOff + m;
      let pb = bOff + n;
      for (let k = 0; k < K; k++) {
        const a0 = A[pa]!;
        const a1 = A[pa + 1]!;
        const a2 = A[pa + 2]!;
        const a3 = A[pa + 3]!;
        const b0 = B[pb]!;
        const b1 = B[pb + 1]!;
        const b2 = B[pb + 2]!;
        const b3 = B[pb + 3]!;
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
        pa += aStrideK;
        pb += ldb;
      }
      let pc = cOff + m * ldc + n;
      C[pc] = C[pc]! + c00;
      C[pc + 1] = C[pc + 1]! + c01;
      C[pc + 2] = C[pc + 2]! + c02;
      C[pc + 3] = C[pc + 3]! + c03;
      pc += ldc;
      C[pc] = C[pc]! + c10;
      C[pc + 1] = C[pc + 1]! + c11;
      C[pc + 2] = C[pc + 2]! + c12;
      C[pc + 3] = C[pc + 3]! + c13;
      pc += ldc;
      C[pc] = C[pc]! + c20;
      C[pc + 1] = C[pc + 1]! + c21;
      C[pc + 2] = C[pc + 2]! + c22;
      C[pc + 3] = C[pc + 3]! + c23;
      pc += ldc;
      C[pc] = C[pc]! + c30;
      C[pc + 1] = C[pc + 1]! + c31;
      C[pc + 2] = C[pc + 2]! + c32;
      C[pc + 3] = C[pc + 3]! + c33;
    }
    // leftover columns of this row tile
    for (let n = N4; n < N; n++) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      let pa = aOff + m;
      let pb = bOff + n;
      for (let k = 0; k < K; k++) {
        const b = B[pb]!;
        c0 += A[pa]! * b;
        c1 += A[pa + 1]! * b;
        c2 += A[pa + 2]! * b;
        c3 += A[pa + 3]! * b;
        pa += aStrideK;
        pb += ldb;
      }
      const pc = cOff + m * ldc + n;
      C[pc] = C[pc]! + c0;
      C[pc + ldc] = C[pc + ldc]! + c1;
      C[pc + 2 * ldc] = C[pc + 2 * ldc]! + c2;
      C[pc + 3 * ldc] = C[pc + 3 * ldc]! + c3;
    }
  }
  // leftover rows: one row at a time, four columns per pass
  for (; m < M; m++) {
    const rowC = cOff + m * ldc;
    let n = 0;
    for (; n < N4; n += 4) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      let pa = aOff + m;
      let pb = bOff + n;
      for (let k = 0; k < K; k++) {
        const a = A[pa]!;
        c0 += a * B[pb]!;
        c1 += a * B[pb + 1]!;
        c2 += a * B[pb + 2]!;
        c3 += a * B[pb + 3]!;
        pa += aStrideK;
        pb += ldb;
      }
      C[rowC + n] = C[rowC + n]! + c0;
      C[rowC + n + 1] = C[rowC + n + 1]! + c1;
      C[rowC + n + 2] = C[rowC + n + 2]! + c2;
      C[rowC + n + 3] = C[rowC + n + 3]! + c3;
    }
    for (; n < N; n++) {
      let c0 = 0;
      let pa = aOff + m;
      let pb = bOff + n;
      for (let k = 0; k < K; k++) {
        c0 += A[pa]! * B[pb]!;
        pa += aStrideK;
        pb += ldb;
      }
      C[rowC + n] = C[rowC + n]! + c0;
    }
  }
}
