import { Gemm } from './gemm.ts';
import { type Mat, mat, matmul, norm2 } from './matrix.ts';

/** The one-thread GEMM runner of the plain (pool-less) mode products and Gram matrices. */
const SERIAL = new Gemm();

/**
 * A dense tensor of any order on a `Float64Array`, stored in C (row-major) order: the LAST index runs fastest,
 * entry (i₀, …, i_{d−1}) lives at `Σ_k i_k · strides[k]` with `strides[d−1] = 1` (NumPy's default layout).
 *
 * @example
 * ```ts
 * const x: DenseTensor = { shape: [2, 3], data: new Float64Array(6) };
 * ```
 */
export interface DenseTensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/**
 * Number of entries of a shape (1 for order 0).
 *
 * @example
 * ```ts
 * sizeOf([2, 3, 4]); // 24
 * ```
 */
export function sizeOf(shape: readonly number[]): number {
  let s = 1;
  for (const n of shape) s *= n;
  return s;
}

/**
 * C-order strides of a shape.
 *
 * @example
 * ```ts
 * stridesOf([2, 3, 4]); // [12, 4, 1]
 * ```
 */
export function stridesOf(shape: readonly number[]): number[] {
  const d = shape.length;
  const s = new Array<number>(d);
  let acc = 1;
  for (let k = d - 1; k >= 0; k--) {
    s[k] = acc;
    acc *= shape[k]!;
  }
  return s;
}

/**
 * A tensor of the given shape, zero-filled or wrapping `data` (checked for length).
 *
 * @example
 * ```ts
 * const x = tensor([2, 2], Float64Array.of(1, 2, 3, 4));
 * ```
 */
export function tensor(shape: readonly number[], data?: Float64Array): DenseTensor {
  for (const n of shape) {
    if (!Number.isInteger(n) || n < 0)
      throw new RangeError(`tensor shape entries must be non-negative integers, got [${shape.join(', ')}]`);
  }
  const size = sizeOf(shape);
  if (data !== undefined && data.length !== size) {
    throw new RangeError(`tensor data has ${data.length} entries, shape [${shape.join(', ')}] needs ${size}`);
  }
  return { shape: [...shape], data: data ?? new Float64Array(size) };
}

/**
 * A tensor filled by a function of the multi-index. Cost O(size · d).
 *
 * @example
 * ```ts
 * const hilbert = tensorFromFunction([4, 4, 4], ([i, j, k]) => 1 / (i! + j! + k! + 1));
 * ```
 */
export function tensorFromFunction(shape: readonly number[], f: (index: number[]) => number): DenseTensor {
  const t = tensor(shape);
  const d = shape.length;
  const idx = new Array<number>(d).fill(0);
  for (let p = 0; p < t.data.length; p++) {
    t.data[p] = f(idx);
    for (let k = d - 1; k >= 0; k--) {
      idx[k]!++;
      if (idx[k]! < shape[k]!) break;
      idx[k] = 0;
    }
  }
  return t;
}

/**
 * Entry at a multi-index (bounds-checked).
 *
 * @example
 * ```ts
 * tensorAt(x, [1, 0]);
 * ```
 */
export function tensorAt(x: DenseTensor, index: readonly number[]): number {
  if (index.length !== x.shape.length) throw new RangeError(`index has ${index.length} entries, tensor has order ${x.shape.length}`);
  let p = 0;
  for (let k = 0; k < index.length; k++) {
    const i = index[k]!;
    const n = x.shape[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`index ${i} out of range [0, ${n}) in mode ${k}`);
    p = p * n + i;
  }
  return x.data[p]!;
}

/** Sizes before, at and after mode n: the tensor viewed as an (L, I_n, R) array. */
function splitAt(shape: readonly number[], mode: number): [number, number, number] {
  if (!Number.isInteger(mode) || mode < 0 || mode >= shape.length) throw new RangeError(`mode ${mode} outside 0…${shape.length - 1}`);
  let left = 1;
  for (let k = 0; k < mode; k++) left *= shape[k]!;
  let right = 1;
  for (let k = mode + 1; k < shape.length; k++) right *= shape[k]!;
  return [left, shape[mode]!, right];
}

/**
 * Mode-n unfolding X₍ₙ₎ (I_n × Π_{k≠n} I_k). Ordering: the column index enumerates the remaining modes in C order
 * (the last one fastest) — the same as tensorly's `unfold` (`moveaxis(X, n, 0).reshape(I_n, -1)`), NOT Kolda's
 * Fortran ordering. Cost O(size).
 *
 * @example
 * ```ts
 * const x1 = unfold(x, 1); // rows = x.shape[1]
 * ```
 */
export function unfold(x: DenseTensor, mode: number): Mat {
  const [L, I, R] = splitAt(x.shape, mode);
  const out = mat(I, L * R);
  const cols = L * R;
  const src = x.data;
  for (let l = 0; l < L; l++) {
    for (let i = 0; i < I; i++) {
      const s = (l * I + i) * R;
      const o = i * cols + l * R;
      for (let r = 0; r < R; r++) out.data[o + r] = src[s + r]!;
    }
  }
  return out;
}

/**
 * Inverse of {@link unfold}: fold an (I_n × rest) matrix back into a tensor of `shape`. Cost O(size).
 *
 * @example
 * ```ts
 * fold(unfold(x, 2), 2, x.shape); // equals x
 * ```
 */
export function fold(m: Mat, mode: number, shape: readonly number[]): DenseTensor {
  const [L, I, R] = splitAt(shape, mode);
  if (m.rows !== I || m.cols !== L * R)
    throw new RangeError(`fold: matrix ${m.rows} × ${m.cols} does not match shape [${shape.join(', ')}] in mode ${mode}`);
  const out = tensor(shape);
  const cols = L * R;
  for (let l = 0; l < L; l++) {
    for (let i = 0; i < I; i++) {
      const o = (l * I + i) * R;
      const s = i * cols + l * R;
      for (let r = 0; r < R; r++) out.data[o + r] = m.data[s + r]!;
    }
  }
  return out;
}

/**
 * Mode-n product Y = X ×ₙ M with M of size J × I_n: Y[…, j, …] = Σ_i M[j, i] X[…, i, …]. Set `transposeM` to use Mᵀ
 * (M of size I_n × J), e.g. to project onto orthonormal factors. Cost O(size(X) · J).
 *
 * @example
 * ```ts
 * const core = modeProduct(x, u, 0, true); // X ×₀ Uᵀ
 * ```
 */
export function modeProduct(x: DenseTensor, m: Mat, mode: number, transposeM = false): DenseTensor {
  return modeProductOn(SERIAL, x, m, mode, transposeM);
}

/**
 * {@link modeProduct} on a {@link Gemm} runner (one thread, or a worker pool whose arena holds `x.data` and `m.data`):
 * the slabs X[l, :, :] (I_n × R) are multiplied in place as one batched GEMM, or X (L × I_n) · op(M) when the mode is
 * the last one (R = 1), without forming an unfolding. The result lives in `g.alloc` memory.
 *
 * @example
 * ```ts
 * const y = modeProductOn(new Gemm(), x, u, 0, true);
 * ```
 */
export function modeProductOn(g: Gemm, x: DenseTensor, m: Mat, mode: number, transposeM = false): DenseTensor {
  const [L, I, R] = splitAt(x.shape, mode);
  const J = transposeM ? m.cols : m.rows;
  const K = transposeM ? m.rows : m.cols;
  if (K !== I) throw new RangeError(`modeProduct: matrix has ${K} columns, mode ${mode} has size ${I}`);
  const shape = [...x.shape];
  shape[mode] = J;
  const out = tensor(shape, g.alloc(L * J * R));
  // op(M)[j, p] = M[p, j] (transposed, M is I × J) or M[j, p] (M is J × I)
  const mRow = transposeM ? 1 : I;
  const mDep = transposeM ? J : 1;
  if (R === 1) {
    // Y (L × J) = X (L × I) · op(M)ᵀ
    g.run({ a: x.data, b: m.data, c: out.data, aRow: I, aDep: 1, bDep: mDep, bCol: mRow, cRow: J, m: L, n: J, k: I });
  } else {
    // Y_l (J × R) = op(M) (J × I) · X_l (I × R) for every slab l
    g.run({
      a: m.data,
      b: x.data,
      c: out.data,
      aRow: mRow,
      aDep: mDep,
      bDep: R,
      bCol: 1,
      bBat: I * R,
      cRow: R,
      cBat: J * R,
      nb: L,
      m: J,
      n: R,
      k: I,
    });
  }
  return out;
}

/**
 * Products with one matrix per mode: X ×₀ M₀ ×₁ M₁ … (a `null` entry skips that mode). Modes are applied in the
 * order that shrinks the tensor fastest. Cost Σ of the individual mode products.
 *
 * @example
 * ```ts
 * const full = multiModeProduct(core, factors); // Tucker reconstruction
 * ```
 */
export function multiModeProduct(x: DenseTensor, ms: readonly (Mat | null)[], transposeM = false): DenseTensor {
  if (ms.length !== x.shape.length) throw new RangeError(`multiModeProduct: ${ms.length} matrices for an order-${x.shape.length} tensor`);
  const order = ms
    .map((m, k) => ({ m, k }))
    .filter((e): e is { m: Mat; k: number } => e.m !== null)
    .sort((a, b) => ratio(a.m, transposeM) - ratio(b.m, transposeM));
  let y = x;
  for (const { m, k } of order) y = modeProduct(y, m, k, transposeM);
  return y;
}

/**
 * {@link multiModeProduct} on a {@link Gemm} runner; with a pool every matrix is first copied into its arena.
 *
 * @example
 * ```ts
 * const core = multiModeProductOn(g, x, factors, true);
 * ```
 */
export function multiModeProductOn(g: Gemm, x: DenseTensor, ms: readonly (Mat | null)[], transposeM = false): DenseTensor {
  const order = ms
    .map((m, k) => ({ m, k }))
    .filter((e): e is { m: Mat; k: number } => e.m !== null)
    .sort((a, b) => ratio(a.m, transposeM) - ratio(b.m, transposeM));
  let y = x;
  for (const { m, k } of order) y = modeProductOn(g, y, onArena(g, m), k, transposeM);
  return y;
}

/**
 * A matrix whose data the runner can reach: itself on one thread, a copy in the arena with a pool.
 *
 * @example
 * ```ts
 * const u = onArena(g, factor);
 * ```
 */
export function onArena(g: Gemm, m: Mat): Mat {
  if (!g.pooled) return m;
  const data = g.alloc(m.data.length);
  data.set(m.data);
  return mat(m.rows, m.cols, data);
}

function ratio(m: Mat, t: boolean): number {
  return t ? m.cols / m.rows : m.rows / m.cols;
}

/**
 * Permute the modes: `out.shape[k] = x.shape[perm[k]]` (NumPy's `transpose(x, perm)`). Cost O(size · d).
 *
 * @example
 * ```ts
 * permute(x, [2, 0, 1]);
 * ```
 */
export function permute(x: DenseTensor, perm: readonly number[]): DenseTensor {
  const d = x.shape.length;
  if (perm.length !== d || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
    throw new RangeError(`permute: [${perm.join(', ')}] is not a permutation of 0…${d - 1}`);
  }
  const shape = perm.map((p) => x.shape[p]!);
  const inStrides = stridesOf(x.shape);
  const st = perm.map((p) => inStrides[p]!);
  const out = tensor(shape);
  const idx = new Array<number>(d).fill(0);
  let src = 0;
  for (let p = 0; p < out.data.length; p++) {
    out.data[p] = x.data[src]!;
    for (let k = d - 1; k >= 0; k--) {
      idx[k]!++;
      src += st[k]!;
      if (idx[k]! < shape[k]!) break;
      src -= st[k]! * shape[k]!;
      idx[k] = 0;
    }
  }
  return out;
}

/**
 * Reinterpret the data with a new shape of the same size (C order, no copy).
 *
 * @example
 * ```ts
 * reshape(x, [6]);
 * ```
 */
export function reshape(x: DenseTensor, shape: readonly number[]): DenseTensor {
  return tensor(shape, x.data);
}

/**
 * Contraction of A and B over pairs of modes (NumPy's `tensordot(A, B, (axesA, axesB))`): the result's modes are
 * A's free modes followed by B's free modes. Implemented as permute + one matrix product. Cost
 * O(free(A) · contracted · free(B)).
 *
 * @example
 * ```ts
 * const c = contract(a, b, [1], [0]); // matrix product for order-2 tensors
 * ```
 */
export function contract(a: DenseTensor, b: DenseTensor, axesA: readonly number[], axesB: readonly number[]): DenseTensor {
  if (axesA.length !== axesB.length) throw new RangeError('contract: axis lists differ in length');
  let k = 1;
  axesA.forEach((ax, i) => {
    const bx = axesB[i]!;
    if (a.shape[ax] === undefined || b.shape[bx] === undefined) throw new RangeError(`contract: axis ${ax} or ${bx} does not exist`);
    if (a.shape[ax] !== b.shape[bx]) throw new RangeError(`contract: mode ${ax} of A (${a.shape[ax]}) ≠ mode ${bx} of B (${b.shape[bx]})`);
    k *= a.shape[ax]!;
  });
  const freeA = a.shape.map((_, i) => i).filter((i) => !axesA.includes(i));
  const freeB = b.shape.map((_, i) => i).filter((i) => !axesB.includes(i));
  const pa = permute(a, [...freeA, ...axesA]);
  const pb = permute(b, [...axesB, ...freeB]);
  const m = sizeOf(freeA.map((i) => a.shape[i]!));
  const n = sizeOf(freeB.map((i) => b.shape[i]!));
  const c = matmul(mat(m, k, pa.data), mat(k, n, pb.data));
  return tensor([...freeA.map((i) => a.shape[i]!), ...freeB.map((i) => b.shape[i]!)], c.data);
}

/**
 * Frobenius norm ‖X‖ (overflow-safe). Cost O(size).
 *
 * @example
 * ```ts
 * frobeniusNorm(tensor([2], Float64Array.of(3, 4))); // 5
 * ```
 */
export function frobeniusNorm(x: DenseTensor): number {
  return norm2(x.data);
}

/**
 * Inner product ⟨X, Y⟩ = Σ X[i] Y[i] of equal-shape tensors. Cost O(size).
 *
 * @example
 * ```ts
 * innerProduct(x, x) === frobeniusNorm(x) ** 2;
 * ```
 */
export function innerProduct(x: DenseTensor, y: DenseTensor): number {
  assertSameShape(x.shape, y.shape);
  let s = 0;
  for (let i = 0; i < x.data.length; i++) s += x.data[i]! * y.data[i]!;
  return s;
}

/**
 * ‖X − Y‖ / ‖Y‖ (returns ‖X − Y‖ if Y = 0).
 *
 * @example
 * ```ts
 * relativeDistance(approx, exact);
 * ```
 */
export function relativeDistance(x: DenseTensor, y: DenseTensor): number {
  assertSameShape(x.shape, y.shape);
  const diff = new Float64Array(x.data.length);
  for (let i = 0; i < diff.length; i++) diff[i] = x.data[i]! - y.data[i]!;
  const ny = norm2(y.data);
  const nd = norm2(diff);
  return ny === 0 ? nd : nd / ny;
}

/**
 * The Gram matrix X₍ₙ₎ X₍ₙ₎ᵀ (I_n × I_n) of a mode-n unfolding, without forming the unfolding. Cost O(size · I_n).
 *
 * @example
 * ```ts
 * const g = unfoldingGram(x, 0);
 * ```
 */
export function unfoldingGram(x: DenseTensor, mode: number): Mat {
  return unfoldingGramOn(SERIAL, x, mode);
}

/**
 * {@link unfoldingGram} on a {@link Gemm} runner (a symmetric rank-k update, lower 4×4 tiles, mirrored): Σ_l X_l X_lᵀ
 * over the (I_n × R) slabs, or Xᵀ X for the (L × I_n) view when the mode is the last one. The result lives in
 * `g.alloc` memory.
 *
 * @example
 * ```ts
 * const gram = unfoldingGramOn(new Gemm(), x, 2);
 * ```
 */
export function unfoldingGramOn(g: Gemm, x: DenseTensor, mode: number): Mat {
  const [L, I, R] = splitAt(x.shape, mode);
  const G = g.alloc(I * I);
  if (R === 1) {
    // Xᵀ X over rows of length I; 64-row chunks keep the panel in the cache
    g.run({ a: x.data, b: x.data, c: G, aRow: 1, aDep: I, bDep: I, bCol: 1, cRow: I, m: I, n: I, k: L, kc: 64, lower: true });
  } else {
    g.run({
      a: x.data,
      b: x.data,
      c: G,
      aRow: R,
      aDep: 1,
      aBat: I * R,
      bDep: 1,
      bCol: R,
      bBat: I * R,
      cRow: I,
      nb: L,
      m: I,
      n: I,
      k: R,
      lower: true,
    });
  }
  for (let i = 0; i < I; i++) for (let j = i + 1; j < I; j++) G[i * I + j] = G[j * I + i]!;
  return mat(I, I, G);
}

/**
 * Throw a RangeError unless two shapes are equal.
 *
 * @example
 * ```ts
 * assertSameShape(x.shape, y.shape);
 * ```
 */
export function assertSameShape(a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length || a.some((n, i) => n !== b[i])) throw new RangeError(`shapes differ: [${a.join(', ')}] vs [${b.join(', ')}]`);
}
