/**
 * Blocked, strided, batched GEMM for the dense decompositions (mode products, Gram matrices of unfoldings) on one
 * thread or on a {@link WorkerPool}. One kernel, {@link gemmTask}, does all of it: it is a self-contained function (no
 * imports, no closures), so the pool compiles the very same source in its workers (`gemmTask.toString()`), and every
 * output entry is the same sequence of floating-point operations whichever thread computes it.
 *
 * A task computes, for batches t < nb, output rows i ∈ [i0, i1) and columns j ∈ [j0, j1) (only j < i − i mod 4 + 4 when
 * `lower`, i.e. the 4×4 tiles on or below the diagonal),
 *
 *   C[cOff + t·cBat + i·cRow + j] += Σ_{p<k} A[aOff + t·aBat + i·aRow + p·aDep] · B[bOff + t·bBat + p·bDep + j·bCol],
 *
 * the sum over p taken in chunks of kc (for the cache), each chunk summed from 0 in p order and then added to C. The
 * 4×4 register tiles (sixteen accumulators, eight loads per step) and the scalar edge path add the same terms in the
 * same order, so an entry's value does not depend on how the output is split into tasks: any partition over workers
 * gives the one-thread result bit for bit.
 *
 * so3 keeps a specialised copy for the small products of its tensor products (`gemmAccumulate` in
 * so3/src/tensor-product/gemm.ts: same tile and sums, no task parameters, chunking or tile buffer; 1.13× faster there).
 */
import { dotTile4x4 } from './dot-tile.ts';
import type { WorkerPool } from './worker-pool/worker-pool.ts';

/** Ints per task in the parameter array of {@link gemmTask}. */
export const GEMM_TASK_INTS = 19;

/**
 * The 4×4 register tile of the GEMM for any strides: for u, v in 0…3,
 * `out[4u + v] = Σ_{p < length} A[a + u·aRow + p·aDep] · B[b + p·bDep + v·bCol]`, each sum from 0 in p order.
 * Sixteen independent accumulators over eight loads per step keep the loop in registers. Deliberate hot-loop
 * specialisation: the accumulators are written out, since an array of them would leave the registers, and it repeats
 * {@link dotTile4x4}'s sixteen sums because that one indexes rows at unit depth stride (x[o + t]), 1.15× faster in
 * V8 for the Gram matrices (measured 2.2 against 1.95 GFMA/s), which a general stride cannot do. It uses nothing
 * outside itself, so a pool kernel compiles the same source (`tile4x4.toString()`). The sixteen `s += x · y` lines
 * match other accumulator runs (symmetric-eigen.ts, md's pair potentials) by shape only.
 *
 * @example
 * ```ts
 * const out = new Float64Array(16);
 * tile4x4(a, 0, k, 1, b, 0, n, 1, k, out); // 4×4 corner of A (· × k) · B (k × n), row-major
 * ```
 */
export function tile4x4(
  A: Float64Array,
  a: number,
  aRow: number,
  aDep: number,
  B: Float64Array,
  b: number,
  bDep: number,
  bCol: number,
  length: number,
  out: Float64Array,
): void {
  const r1 = aRow;
  const r2 = 2 * aRow;
  const r3 = 3 * aRow;
  const c1 = bCol;
  const c2 = 2 * bCol;
  const c3 = 3 * bCol;
  let pa = a;
  let pb = b;
  let s00: number, s01: number, s02: number, s03: number, s10: number, s11: number, s12: number, s13: number;
  let s20: number, s21: number, s22: number, s23: number, s30: number, s31: number, s32: number, s33: number;
  s00 = s01 = s02 = s03 = s10 = s11 = s12 = s13 = s20 = s21 = s22 = s23 = s30 = s31 = s32 = s33 = 0;
  for (let p = 0; p < length; p++) {
    const x0 = A[pa] as number;
    const x1 = A[pa + r1] as number;
    const x2 = A[pa + r2] as number;
    const x3 = A[pa + r3] as number;
    const y0 = B[pb] as number;
    const y1 = B[pb + c1] as number;
    const y2 = B[pb + c2] as number;
    const y3 = B[pb + c3] as number;
    s00 += x0 * y0;
    s01 += x0 * y1;
    s02 += x0 * y2;
    s03 += x0 * y3;
    s10 += x1 * y0;
    s11 += x1 * y1;
    s12 += x1 * y2;
    s13 += x1 * y3;
    s20 += x2 * y0;
    s21 += x2 * y1;
    s22 += x2 * y2;
    s23 += x2 * y3;
    s30 += x3 * y0;
    s31 += x3 * y1;
    s32 += x3 * y2;
    s33 += x3 * y3;
    pa += aDep;
    pb += bDep;
  }
  out[0] = s00;
  out[1] = s01;
  out[2] = s02;
  out[3] = s03;
  out[4] = s10;
  out[5] = s11;
  out[6] = s12;
  out[7] = s13;
  out[8] = s20;
  out[9] = s21;
  out[10] = s22;
  out[11] = s23;
  out[12] = s30;
  out[13] = s31;
  out[14] = s32;
  out[15] = s33;
}

/**
 * Run one GEMM task (see the module comment) whose 19 integer parameters start at `q[o]`: aOff, aRow, aDep, aBat,
 * bOff, bDep, bCol, bBat, cOff, cRow, cBat, nb, i0, i1, j0, j1, k, kc, lower. Whole tiles go through
 * `tile4` ({@link tile4x4}) or, for rows of one array at unit depth stride, `dotTile` ({@link dotTile4x4}): passed in
 * so that the source stays self-contained ({@link GEMM_POOL_SOURCE} defines both beside it in a worker).
 *
 * @example
 * ```ts
 * // C (2×2) = A (2×3) · B (3×2), all row-major
 * gemmTask(a, b, c, Int32Array.of(0, 3, 1, 0, 0, 2, 1, 0, 0, 2, 0, 1, 0, 2, 0, 2, 3, 3, 0), 0, tile4x4, dotTile4x4);
 * ```
 */
export function gemmTask(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  q: Int32Array,
  o: number,
  tile4: typeof tile4x4,
  dotTile: typeof dotTile4x4,
): void {
  const aOff = q[o] as number;
  const aRow = q[o + 1] as number;
  const aDep = q[o + 2] as number;
  const aBat = q[o + 3] as number;
  const bOff = q[o + 4] as number;
  const bDep = q[o + 5] as number;
  const bCol = q[o + 6] as number;
  const bBat = q[o + 7] as number;
  const cOff = q[o + 8] as number;
  const cRow = q[o + 9] as number;
  const cBat = q[o + 10] as number;
  const nb = q[o + 11] as number;
  const i0 = q[o + 12] as number;
  const i1 = q[o + 13] as number;
  const j0 = q[o + 14] as number;
  const j1 = q[o + 15] as number;
  const k = q[o + 16] as number;
  const kc = q[o + 17] as number;
  const lower = q[o + 18] as number;
  const tile = new Float64Array(16);
  for (let t = 0; t < nb; t++) {
    const ab = aOff + t * aBat;
    const bb = bOff + t * bBat;
    const cb = cOff + t * cBat;
    for (let p0 = 0; p0 < k; p0 += kc) {
      const p1 = p0 + kc < k ? p0 + kc : k;
      for (let I = i0; I < i1; I += 4) {
        const jEnd = lower !== 0 && I + 4 < j1 ? I + 4 : j1;
        for (let J = j0; J < jEnd; J += 4) {
          if (I + 4 <= i1 && J + 4 <= j1) {
            // rows of one array at unit depth stride (the Gram matrices): the indexed dot tile
            if (A === B && aDep === 1 && bDep === 1 && aRow === bCol)
              dotTile(A, ab + I * aRow + p0, bb + J * bCol + p0, aRow, p1 - p0, tile);
            else tile4(A, ab + I * aRow + p0 * aDep, aRow, aDep, B, bb + p0 * bDep + J * bCol, bDep, bCol, p1 - p0, tile);
            for (let u = 0; u < 4; u++) {
              const c = cb + (I + u) * cRow + J;
              for (let v = 0; v < 4; v++) C[c + v] = (C[c + v] as number) + (tile[4 * u + v] as number);
            }
          } else {
            const iEnd = I + 4 < i1 ? I + 4 : i1;
            const jE = J + 4 < j1 ? J + 4 : j1;
            for (let i = I; i < iEnd; i++) {
              for (let j = J; j < jE; j++) {
                let s = 0;
                let a = ab + i * aRow + p0 * aDep;
                let b = bb + p0 * bDep + j * bCol;
                for (let p = p0; p < p1; p++) {
                  s += (A[a] as number) * (B[b] as number);
                  a += aDep;
                  b += bDep;
                }
                const c = cb + i * cRow + j;
                C[c] = (C[c] as number) + s;
              }
            }
          }
        }
      }
    }
  }
}

/** The kernel functions as source text for a pool worker: `tile4x4`, `dotTile4x4` and `gemmTask`, one implementation everywhere. */
export const GEMM_POOL_SOURCE = `const tile4x4 = (${tile4x4.toString()}); const dotTile4x4 = (${dotTile4x4.toString()}); const gemmTask = (${gemmTask.toString()});`;

/** The runner kept per pool by {@link Gemm.forPool}. */
const KEPT = new WeakMap<WorkerPool, Gemm>();

/** One strided batched product for {@link Gemm.run}: the arrays and the layout of {@link gemmTask}'s parameters. */
export interface GemmOp {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly aOff?: number;
  readonly aRow: number;
  readonly aDep: number;
  readonly aBat?: number;
  readonly bOff?: number;
  readonly bDep: number;
  readonly bCol: number;
  readonly bBat?: number;
  readonly cOff?: number;
  readonly cRow: number;
  readonly cBat?: number;
  /** Batches (default 1). */
  readonly nb?: number;
  /** Output rows m, columns n, inner length k. */
  readonly m: number;
  readonly n: number;
  readonly k: number;
  /** Inner chunk for the cache (default 256). */
  readonly kc?: number;
  /** Only the 4×4 tiles on or below the diagonal (symmetric results; m = n). */
  readonly lower?: boolean;
}

/**
 * Runs {@link GemmOp}s on the calling thread, or split over a {@link WorkerPool} when built with one (then every
 * array must be a view on the pool's shared arena, from {@link Gemm.alloc}). Results are bit-for-bit the same for
 * every worker count.
 *
 * @example
 * ```ts
 * const g = new Gemm();
 * g.run({ a, b, c, aRow: k, aDep: 1, bDep: n, bCol: 1, cRow: n, m, n, k }); // C += A·B
 * ```
 */
export class Gemm {
  /** Workers (1 on the calling thread). */
  readonly workers: number;
  private readonly pool: WorkerPool | undefined;
  private arena: Float64Array | undefined;
  private used = 0;
  private q: Int32Array;

  /** With a pool: `arenaLength` float64 entries of shared memory for {@link Gemm.alloc}. */
  constructor(pool?: WorkerPool, arenaLength = 0) {
    this.pool = pool;
    this.workers = pool?.size ?? 1;
    this.q = new Int32Array(GEMM_TASK_INTS);
    if (pool) {
      this.arena = new Float64Array(new SharedArrayBuffer(8 * Math.max(arenaLength, 1)));
      // Per worker up to 8 tasks, each: owner, then the parameters; q[0] = number of tasks.
      this.q = new Int32Array(new SharedArrayBuffer(4 * (1 + 8 * this.workers * (1 + GEMM_TASK_INTS))));
      this.load();
    }
  }

  /**
   * The runner kept for `pool` (its arena reused while it holds `arenaLength` entries: a fresh SharedArrayBuffer of
   * megabytes costs more than a small decomposition), emptied and with the GEMM kernel loaded again (the pool may
   * have run other kernels since). Not for two decompositions at once on one pool (they are synchronous).
   *
   * @example
   * ```ts
   * const g = Gemm.forPool(pool, x.data.length + 1000);
   * ```
   */
  static forPool(pool: WorkerPool, arenaLength: number): Gemm {
    const kept = KEPT.get(pool);
    if (kept?.arena && kept.arena.length >= arenaLength) {
      kept.used = 0;
      kept.load();
      return kept;
    }
    const g = new Gemm(pool, arenaLength);
    KEPT.set(pool, g);
    return g;
  }

  private load(): void {
    if (!this.pool || !this.arena) return;
    this.pool.load({
      source: `(b, w) => { const F = new Float64Array(b.arena); const q = new Int32Array(b.q); ${GEMM_POOL_SOURCE} const nt = q[0]; for (let t = 0; t < nt; t++) { const o = 1 + t * ${1 + GEMM_TASK_INTS}; if (q[o] === w) gemmTask(F, F, F, q, o + 1, tile4x4, dotTile4x4); } }`,
      buffers: { arena: this.arena.buffer as SharedArrayBuffer, q: this.q.buffer as SharedArrayBuffer },
    });
  }

  /** Whether operands must live in the shared arena (a pool was given). */
  get pooled(): boolean {
    return this.arena !== undefined;
  }

  /** A zeroed array (left as it was with `zero` false): a view on the shared arena with a pool, else a plain Float64Array. */
  alloc(length: number, zero = true): Float64Array {
    if (!this.arena) return new Float64Array(length);
    if (this.used + length > this.arena.length)
      throw new RangeError(`Gemm arena: ${length} more entries do not fit (${this.used} of ${this.arena.length} used)`);
    const v = this.arena.subarray(this.used, this.used + length);
    if (zero) v.fill(0);
    this.used += length;
    return v;
  }

  /** `data` itself on one thread; with a pool, a copy in the shared arena (from {@link Gemm.alloc}) that the workers reach. */
  reach(data: Float64Array): Float64Array {
    if (!this.arena) return data;
    const out = this.alloc(data.length, false);
    out.set(data);
    return out;
  }

  /** Forget every {@link Gemm.alloc} from `mark` on (a value of {@link Gemm.mark}). */
  release(mark: number): void {
    this.used = mark;
  }

  /** The arena position, for {@link Gemm.release}. */
  mark(): number {
    return this.used;
  }

  /** C += op, split over the workers (fixed partition of the output, see the module comment). */
  run(op: GemmOp): void {
    if (op.m === 0 || op.n === 0) return;
    const base = (x: Float64Array) => {
      if (!this.arena) return 0;
      if (x.buffer !== this.arena.buffer) throw new TypeError('Gemm with a pool: every array must come from Gemm.alloc');
      return x.byteOffset / 8;
    };
    const params = [
      (op.aOff ?? 0) + base(op.a),
      op.aRow,
      op.aDep,
      op.aBat ?? 0,
      (op.bOff ?? 0) + base(op.b),
      op.bDep,
      op.bCol,
      op.bBat ?? 0,
      (op.cOff ?? 0) + base(op.c),
      op.cRow,
      op.cBat ?? 0,
      op.nb ?? 1,
      0,
      op.m,
      0,
      op.n,
      op.k,
      op.kc ?? 256,
      op.lower ? 1 : 0,
    ];
    if (!this.pool || this.workers === 1 || op.m * op.n * op.k * (op.nb ?? 1) < 65536) {
      this.q.set(params, this.q.length - GEMM_TASK_INTS);
      if (this.arena) gemmTask(this.arena, this.arena, this.arena, this.q, this.q.length - GEMM_TASK_INTS, tile4x4, dotTile4x4);
      else gemmTask(op.a, op.b, op.c, this.q, 0, tile4x4, dotTile4x4);
      return;
    }
    const parts = splitOutput(op.m, op.n, op.lower === true, this.workers);
    const stride = 1 + GEMM_TASK_INTS;
    parts.forEach(([i0, i1, j0, j1], t) => {
      const o = 1 + t * stride;
      this.q.set(params, o + 1);
      this.q[o] = t % this.workers;
      this.q[o + 13] = i0;
      this.q[o + 14] = i1;
      this.q[o + 15] = j0;
      this.q[o + 16] = j1;
    });
    this.q[0] = parts.length;
    this.pool.run();
  }
}

/**
 * Split an m×n output (lower tiles only if `lower`) into `parts` blocks of whole 4×4 tiles with about equal work:
 * rows when there are at least as many row tiles as column tiles (weighted by the triangle when `lower`), else
 * columns. Returns [i0, i1, j0, j1] per part (empty parts dropped).
 */
export function splitOutput(m: number, n: number, lower: boolean, parts: number): [number, number, number, number][] {
  const rowTiles = Math.ceil(m / 4);
  const colTiles = Math.ceil(n / 4);
  const out: [number, number, number, number][] = [];
  if (lower || rowTiles >= colTiles) {
    // cumulative work of the first T row tiles: T (uniform) or T(T + 1)/2 (triangle)
    const work = (T: number) => (lower ? (T * (T + 1)) / 2 : T);
    let t0 = 0;
    for (let w = 1; w <= parts; w++) {
      let t1 = t0;
      const target = (work(rowTiles) * w) / parts;
      while (t1 < rowTiles && work(t1 + 1) <= target + 1e-9) t1++;
      if (w === parts) t1 = rowTiles;
      if (t1 > t0) out.push([4 * t0, Math.min(4 * t1, m), 0, n]);
      t0 = t1;
    }
  } else {
    for (let w = 0; w < parts; w++) {
      const t0 = Math.floor((colTiles * w) / parts);
      const t1 = Math.floor((colTiles * (w + 1)) / parts);
      if (t1 > t0) out.push([0, m, 4 * t0, Math.min(4 * t1, n)]);
    }
  }
  return out;
}
