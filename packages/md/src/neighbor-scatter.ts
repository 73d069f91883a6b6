/**
 * The fast path of a cell-list build for fully periodic cells whose plane spacings are all at least twice
 * the search radius (so each pair has at most one periodic image within reach): the common MD case.
 *
 * Atoms are binned by a counting sort (bins of half the search radius, a 5×5×5 stencil, pruned per atom
 * for orthogonal cells; a run of consecutive z-bins is one contiguous range of slots). Atom by atom in index
 * order j, every neighbour i found (i < j for half lists) is recorded as a pair (owner i, image code) with a
 * branch-free append (`p += +(d² < rc²)`: V8 turns `cond ? 1 : 0` into a jump, `+cond` into a flag). A second pass scatters j into owner i's CSR slice; as j grows, each owner's
 * neighbours arrive already sorted, so no per-atom sort is needed and the output is exactly the canonical
 * layout of {@link NeighborList} (zero-image entries first, each group sorted by neighbour index, image
 * indices numbered by first appearance). Scratch storage lives in a {@link ScatterScratch} reused across builds.
 */

import { matrix3Entries } from '@equitensor/io';
import { NeighborWasmSearch } from './wasm/neighbor-wasm.ts';

/** Image codes: m → ZERO_CODE + 16384·m0 + 128·m1 + m2 for |m| < 64 on each axis. */
const CODE_HALF = 64;
const CODE_BASE = 128;
const ZERO_CODE = (CODE_HALF * CODE_BASE + CODE_HALF) * CODE_BASE + CODE_HALF;
/** Wrap counts up to this size keep every image code inside |m| < 64 (|m| ≤ 2·31 + 1). */
const MAX_WRAP = 31;
/** Pairs are first stored as 32·i + stencil image (27 values), so i < 2²⁶. */
const MAX_ATOMS = 1 << 26;
/** Bins per search radius along each axis. */
const BINS_PER_RADIUS = 2;

/** The output arrays of a neighbour list (see `NeighborList`), written in place. */
export interface ScatterTarget {
  readonly kind: 'half' | 'full';
  start: Int32Array;
  mid: Int32Array;
  neighbors: Int32Array;
  images: Int32Array;
  shifts: Float64Array;
  imageCells: Int32Array;
  ensureCapacity(needed: number, used: number): void;
}

/** n Int32 values, in a `SharedArrayBuffer` when `shared`. */
export function ints(length: number, shared = false): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(4 * Math.max(1, length))) : new Int32Array(length);
}

/** n Float64 values, in a `SharedArrayBuffer` when `shared`. */
function floats(length: number, shared = false): Float64Array {
  return shared ? new Float64Array(new SharedArrayBuffer(8 * Math.max(1, length))) : new Float64Array(length);
}

/** Work arrays of {@link scatterBuild}, grown on demand and reused by the next build. */
export class ScatterScratch {
  frac = floats(0);
  wrapCode = ints(0);
  bin = ints(0);
  slot = ints(0);
  binStart = ints(0);
  /** Per bin, its first (lowest) atom index, or 2³¹ − 1 for an empty bin. */
  binFirst = ints(0);
  binAtoms = ints(0);
  sorted = floats(0);
  zeroCount = new Int32Array(0);
  pairEnd = new Int32Array(0);
  pairOwner = new Int32Array(1024);
  pairCode = new Int32Array(1024);
  /** The WebAssembly candidate search of this scratch's builds (created on first use; null without WebAssembly). */
  wasm: NeighborWasmSearch | null | undefined = undefined;

  /** @param shared keep the per-atom and per-bin arrays in `SharedArrayBuffer`s (a pooled build's workers read them) */
  constructor(private readonly shared = false) {}

  /** Size the per-atom and per-bin arrays (reallocating only when they must grow). */
  reserve(n: number, bins: number): void {
    if (this.frac.length < 3 * n) {
      this.frac = floats(3 * n, this.shared);
      this.sorted = floats(3 * n, this.shared);
      this.wrapCode = ints(n, this.shared);
      this.bin = ints(n, this.shared);
      this.slot = ints(n, this.shared);
      this.binAtoms = ints(n, this.shared);
      this.zeroCount = new Int32Array(2 * n);
      this.pairEnd = new Int32Array(n);
    }
    if (this.binStart.length < bins + 1) {
      this.binStart = ints(bins + 1, this.shared);
      this.binFirst = ints(bins + 1, this.shared);
    }
  }

  /** Make the pair buffers hold at least `pairs` pairs (contents are not kept). */
  reservePairs(pairs: number): void {
    if (this.pairOwner.length >= pairs) return;
    this.pairOwner = new Int32Array(pairs);
    this.pairCode = new Int32Array(pairs);
  }
}

/**
 * The search geometry of a fast-path build ({@link scatterPlan}): bins per axis, stencil reach per axis, the squared
 * search radius, half or full, whether the cell is orthogonal (per-atom slab pruning), and the number of pairs expected
 * at the atoms' mean density.
 */
export interface ScatterPlan {
  readonly n: number;
  readonly nb: readonly [number, number, number];
  readonly reach: readonly [number, number, number];
  readonly rcut2: number;
  readonly half: boolean;
  readonly orthogonal: boolean;
  readonly expectedPairs: number;
}

/**
 * The geometry of the fast path for n atoms in a fully periodic `cell` (plane `spacings`, search radius `rcut`), or
 * null when it does not apply (no atoms, 2²⁶ or more, or some plane spacing below 2·rcut).
 */
export function scatterPlan(
  n: number,
  kind: 'half' | 'full',
  cell: Float64Array,
  spacings: readonly [number, number, number],
  rcut: number,
): ScatterPlan | null {
  if (n === 0 || n >= MAX_ATOMS) return null;
  for (let k = 0; k < 3; k++) if (!((spacings[k] as number) >= 2 * rcut)) return null;
  const nb0 = Math.max(1, Math.floor((spacings[0] * BINS_PER_RADIUS) / (rcut * (1 + 1e-10))));
  const nb1 = Math.max(1, Math.floor((spacings[1] * BINS_PER_RADIUS) / (rcut * (1 + 1e-10))));
  const nb2 = Math.max(1, Math.floor((spacings[2] * BINS_PER_RADIUS) / (rcut * (1 + 1e-10))));
  const rcut2 = rcut * rcut;
  const orthogonal = cell[1] === 0 && cell[2] === 0 && cell[3] === 0 && cell[5] === 0 && cell[6] === 0 && cell[7] === 0;
  const volume =
    Math.abs(
      (cell[0] as number) * ((cell[4] as number) * (cell[8] as number) - (cell[5] as number) * (cell[7] as number)) -
        (cell[1] as number) * ((cell[3] as number) * (cell[8] as number) - (cell[5] as number) * (cell[6] as number)) +
        (cell[2] as number) * ((cell[3] as number) * (cell[7] as number) - (cell[4] as number) * (cell[6] as number)),
    ) || 1;
  return {
    n,
    nb: [nb0, nb1, nb2],
    reach: [Math.ceil(rcut / (spacings[0] / nb0)), Math.ceil(rcut / (spacings[1] / nb1)), Math.ceil(rcut / (spacings[2] / nb2))],
    rcut2,
    half: kind === 'half',
    orthogonal,
    expectedPairs: ((4 / 3) * Math.PI * rcut2 * rcut * n * n) / volume / (kind === 'half' ? 2 : 1),
  };
}

/** Code → image index, shared by all builds (single-threaded use; entries are reset after each build). */
let imageTable: Int32Array | null = null;

/**
 * Build `target` for positions `x` in a fully periodic `cell` with search radius `rcut`, or return false
 * (writing nothing) when the fast path does not apply: some plane spacing below 2·rcut, or an atom
 * unwrapped so far (more than 31 boxes) that image codes would overflow. The candidate search runs in WebAssembly
 * (`wasm/neighbor-kernel.ts`) where it is available, else in TypeScript ({@link scatterBuildTypeScript}): the same
 * arrays either way.
 */
export function scatterBuild(...args: ScatterBuildArgs): boolean {
  return buildWith(true, ...args);
}

/** The arguments of {@link scatterBuild}. */
type ScatterBuildArgs = [
  target: ScatterTarget,
  scratch: ScatterScratch,
  x: Float64Array,
  cell: Float64Array,
  inverse: Float64Array,
  spacings: readonly [number, number, number],
  rcut: number,
];

/**
 * {@link scatterBuild} with the TypeScript candidate search only: the reference that the WebAssembly search
 * (`wasm/neighbor-kernel.ts`) must equal entry for entry, and the fallback where WebAssembly is unavailable.
 */
export function scatterBuildTypeScript(...args: ScatterBuildArgs): boolean {
  return buildWith(false, ...args);
}

function buildWith(useWasm: boolean, ...[target, scratch, x, cell, inverse, spacings, rcut]: ScatterBuildArgs): boolean {
  const n = x.length / 3;
  const plan = scatterPlan(n, target.kind, cell, spacings, rcut);
  if (plan === null || !wrapAndBin(scratch, x, inverse, plan)) return false;
  sortByBin(scratch, cell, n);
  if (useWasm && scratch.wasm === undefined) scratch.wasm = NeighborWasmSearch.create();
  let wasm = useWasm ? (scratch.wasm ?? null) : null;
  // reserve the pairs expected at this density (+50%), so the search rarely has to restart
  scratch.reservePairs(Math.ceil(1.5 * plan.expectedPairs) + 1024);
  let pairs = -1;
  for (;;) {
    pairs = wasm === null ? findPairs(scratch, cell, plan, 0, n) : findPairsWasm(scratch, cell, plan, wasm);
    if (pairs >= 0) break;
    if (pairs === -2)
      wasm = null; // beyond the kernel's memory: this build searches in TypeScript
    else scratch.reservePairs(2 * scratch.pairOwner.length);
  }
  // the WebAssembly search leaves the pairs, their run ends and the counts in its memory
  if (wasm === null) scatterPairs(target, n, pairs, scratch.pairOwner, scratch.pairCode, scratch.pairEnd, scratch.zeroCount);
  else scatterPairs(target, n, pairs, wasm.out, wasm.codes, wasm.pairEnd, wasm.cursor);
  numberImages(target, cell, n);
  return true;
}

/** Wrapped fractional coordinates, the wrap counts as one code per atom, and a counting sort into bins. */
export function wrapAndBin(s: ScatterScratch, x: Float64Array, inv: Float64Array, plan: ScatterPlan): boolean {
  const n = plan.n;
  const [nb0, nb1, nb2] = plan.nb;
  s.reserve(n, nb0 * nb1 * nb2);
  const frac = s.frac,
    wrapCode = s.wrapCode,
    bin = s.bin,
    binStart = s.binStart;
  const [i00, i01, i02, i10, i11, i12, i20, i21, i22] = matrix3Entries(inv);
  const nbins = nb0 * nb1 * nb2;
  binStart.fill(0, 0, nbins + 1);
  for (let i = 0; i < n; i++) {
    const rx = x[3 * i] as number,
      ry = x[3 * i + 1] as number,
      rz = x[3 * i + 2] as number;
    let s0 = rx * i00 + ry * i10 + rz * i20;
    let s1 = rx * i01 + ry * i11 + rz * i21;
    let s2 = rx * i02 + ry * i12 + rz * i22;
    if (!Number.isFinite(s0 + s1 + s2)) throw new RangeError(`atom ${i} has a non-finite position`);
    let w0 = Math.floor(s0),
      w1 = Math.floor(s1),
      w2 = Math.floor(s2);
    if (w0 > MAX_WRAP || w0 < -MAX_WRAP || w1 > MAX_WRAP || w1 < -MAX_WRAP || w2 > MAX_WRAP || w2 < -MAX_WRAP) return false;
    s0 -= w0;
    s1 -= w1;
    s2 -= w2;
    // s − w rounds to 1 for a tiny negative s: the atom is at 0 of the next cell, not of this one
    if (s0 >= 1) {
      s0 = 0;
      w0 += 1;
    }
    if (s1 >= 1) {
      s1 = 0;
      w1 += 1;
    }
    if (s2 >= 1) {
      s2 = 0;
      w2 += 1;
    }
    frac[3 * i] = s0;
    frac[3 * i + 1] = s1;
    frac[3 * i + 2] = s2;
    wrapCode[i] = (w0 * CODE_BASE + w1) * CODE_BASE + w2;
    let q0 = Math.floor(s0 * nb0),
      q1 = Math.floor(s1 * nb1),
      q2 = Math.floor(s2 * nb2);
    if (q0 >= nb0) q0 = nb0 - 1;
    if (q1 >= nb1) q1 = nb1 - 1;
    if (q2 >= nb2) q2 = nb2 - 1;
    const b = (q0 * nb1 + q1) * nb2 + q2;
    bin[i] = b;
    binStart[b + 1] = (binStart[b + 1] as number) + 1;
  }
  for (let b = 0; b < nbins; b++) binStart[b + 1] = (binStart[b + 1] as number) + (binStart[b] as number);
  // counting sort: atoms of one bin stay in increasing index order
  const binAtoms = s.binAtoms,
    slot = s.slot;
  const fill = s.pairEnd; // borrowed as per-bin cursors (nbins ≤ n is not guaranteed: use a fresh view when larger)
  const cursor = nbins <= fill.length ? fill : new Int32Array(nbins);
  cursor.set(binStart.subarray(0, nbins));
  for (let i = 0; i < n; i++) {
    const b = bin[i] as number;
    const t = cursor[b] as number;
    cursor[b] = t + 1;
    binAtoms[t] = i;
    slot[i] = t;
  }
  const binFirst = s.binFirst;
  for (let b = 0; b < nbins; b++) {
    const first = binStart[b] as number;
    binFirst[b] = first < (binStart[b + 1] as number) ? (binAtoms[first] as number) : 0x7fffffff;
  }
  return true;
}

/** Wrapped Cartesian positions in bin order (`sorted`), for locality. */
export function sortByBin(s: ScatterScratch, cell: Float64Array, n: number): void {
  const frac = s.frac,
    sorted = s.sorted,
    binAtoms = s.binAtoms;
  const [c0, c1, c2, c3, c4, c5, c6, c7, c8] = matrix3Entries(cell);
  for (let t = 0; t < n; t++) {
    const i = binAtoms[t] as number;
    const f0 = frac[3 * i] as number,
      f1 = frac[3 * i + 1] as number,
      f2 = frac[3 * i + 2] as number;
    sorted[3 * t] = f0 * c0 + f1 * c3 + f2 * c6;
    sorted[3 * t + 1] = f0 * c1 + f1 * c4 + f2 * c7;
    sorted[3 * t + 2] = f0 * c2 + f1 * c5 + f2 * c8;
  }
}

/**
 * Pass 1: for each atom j of `jLo … jHi − 1` in index order, every atom i (i < j for half lists, i ≠ j for full ones)
 * within rcut, appended as 32·i + the stencil bin's image (m ∈ {−1, 0, 1}³, as the spacing is ≥ 2·rcut); then, while
 * they are in cache, j's pairs become (owner i, image code of j seen from i) in `pairOwner`/`pairCode`, counted per
 * owner (entries, zero-image entries) in `zeroCount`; `pairEnd[j]` ends j's run. Returns the number of pairs, or −1 when the buffers are too small. The pooled build
 * (`node/neighbor-pool-kernel.ts`) runs the same search on each worker's range of j.
 */
function findPairs(s: ScatterScratch, cell: Float64Array, plan: ScatterPlan, jLo: number, jHi: number): number {
  const [, nb1, nb2] = plan.nb;
  const [r0, r1, r2] = plan.reach;
  const { n, rcut2, half, orthogonal } = plan;
  const frac = s.frac,
    sorted = s.sorted,
    binAtoms = s.binAtoms,
    binStart = s.binStart,
    binFirst = s.binFirst,
    slot = s.slot,
    wrapCode = s.wrapCode,
    pairEnd = s.pairEnd;
  const [c0, c1, c2, c3, c4, c5, c6, c7, c8] = matrix3Entries(cell);
  const [ax, ay, az] = stencilAxes(plan);
  const qx = ax.q,
    mx = ax.m,
    qy = ay.q,
    my = ay.m,
    qz = az.q,
    mz = az.m;
  // per-atom squared gaps to the stencil slabs (orthogonal cells only; zero otherwise, i.e. no pruning)
  const gx = new Float64Array(2 * r0 + 1),
    gy = new Float64Array(2 * r1 + 1),
    gz = new Float64Array(2 * r2 + 1);
  const owner = s.pairOwner,
    limit = owner.length - n - 1,
    bin = s.bin,
    cursor = s.zeroCount;
  cursor.fill(0, 0, 2 * n);
  let p = 0;
  for (let j = jLo; j < jHi; j++) {
    const pj = p;
    const t0 = slot[j] as number;
    const xj = sorted[3 * t0] as number,
      yj = sorted[3 * t0 + 1] as number,
      zj = sorted[3 * t0 + 2] as number;
    const b = bin[j] as number;
    const bz = b % nb2,
      byz = (b - bz) / nb2,
      by = byz % nb1,
      bx = (byz - by) / nb1;
    if (orthogonal) {
      slabGaps(gx, frac[3 * j] as number, bx, r0, c0, ax.edge);
      slabGaps(gy, frac[3 * j + 1] as number, by, r1, c4, ay.edge);
      slabGaps(gz, frac[3 * j + 2] as number, bz, r2, c8, az.edge);
    }
    const wj = wrapCode[j] as number;
    for (let ox = 0; ox <= 2 * r0; ox++) {
      const g0 = gx[ox] as number;
      if (g0 >= rcut2) continue;
      const cxi = bx + ox;
      const q0 = qx[cxi] as number,
        m0 = mx[cxi] as number;
      for (let oy = 0; oy <= 2 * r1; oy++) {
        const g1 = g0 + (gy[oy] as number);
        if (g1 >= rcut2) continue;
        const cyi = by + oy;
        const q01 = (q0 * nb1 + (qy[cyi] as number)) * nb2;
        const m1 = my[cyi] as number;
        // the slabs within reach form one run (gaps grow away from j's own slab)
        const budget = rcut2 - g1;
        // (counted without branches: gz grows away from j's own slab, gz[r2] = 0)
        let ozLo = r2,
          ozHi = r2;
        for (let o = 0; o < r2; o++) {
          ozLo -= +((gz[o] as number) < budget);
          ozHi += +((gz[2 * r2 - o] as number) < budget);
        }
        const sx01 = xj - (m0 * c0 + m1 * c3),
          sy01 = yj - (m0 * c1 + m1 * c4),
          sz01 = zj - (m0 * c2 + m1 * c5);
        const s01 = 9 * (m0 + 1) + 3 * (m1 + 1);
        const zLo = bz + ozLo - r2,
          zHi = bz + ozHi - r2;
        if (zLo >= 0 && zHi < nb2) {
          // no wrap along z: the run's bins are consecutive, so are their atoms (image m2 = 0)
          // Deliberate hot-loop specialisation: the half and full scans below differ only in the skip test, kept as two loops.
          if (half) {
            // each bin's atoms are in increasing index order: the run ends with the last bin that starts below j,
            // and only atoms i < j of the run are candidates
            let qHi = q01 + zHi;
            const qLo = q01 + zLo;
            while (qHi >= qLo && (binFirst[qHi] as number) >= j) qHi--;
            const end = binStart[qHi + 1] as number;
            // branch-free test: `+(a < b)` is a 0/1 without a jump, while V8 compiles `a < b ? 1 : 0` to a branch
            // (mispredicted for a third of the candidates, ×1.2 on the whole build); i ≥ j (the last bins' tails) too
            for (let t = binStart[qLo] as number; t < end; t++) {
              const i = binAtoms[t] as number;
              const dx = (sorted[3 * t] as number) - sx01;
              const dy = (sorted[3 * t + 1] as number) - sy01;
              const dz = (sorted[3 * t + 2] as number) - sz01;
              owner[p] = (i << 5) + s01 + 1;
              p += +(dx * dx + dy * dy + dz * dz < rcut2) & +(i < j);
            }
            if (p > limit) return -1;
            continue;
          }
          const end = binStart[q01 + zHi + 1] as number;
          for (let t = binStart[q01 + zLo] as number; t < end; t++) {
            const i = binAtoms[t] as number;
            const dx = (sorted[3 * t] as number) - sx01;
            const dy = (sorted[3 * t + 1] as number) - sy01;
            const dz = (sorted[3 * t + 2] as number) - sz01;
            owner[p] = (i << 5) + s01 + 1;
            p += +(dx * dx + dy * dy + dz * dz < rcut2) & +(i !== j);
          }
          if (p > limit) return -1;
          continue;
        }
        for (let oz = ozLo; oz <= ozHi; oz++) {
          const czi = bz + oz;
          const q = q01 + (qz[czi] as number);
          const first = binStart[q] as number;
          const end = binStart[q + 1] as number;
          if (first === end || (half && (binFirst[q] as number) >= j)) continue;
          const m2 = mz[czi] as number;
          // image (m0, m1, m2) of the bin's atoms, seen from j: d = sorted_i + shift − x_j
          const ex = sx01 - m2 * c6;
          const ey = sy01 - m2 * c7;
          const ez = sz01 - m2 * c8;
          const s012 = s01 + m2 + 1;
          for (let t = first; t < end; t++) {
            const i = binAtoms[t] as number;
            if (i >= j && (half || i === j)) {
              if (half) break;
              continue;
            }
            const dx = (sorted[3 * t] as number) - ex;
            const dy = (sorted[3 * t + 1] as number) - ey;
            const dz = (sorted[3 * t + 2] as number) - ez;
            // branch-free: always write the candidate, advance only when it is within rcut
            owner[p] = (i << 5) + s012;
            p += +(dx * dx + dy * dy + dz * dz < rcut2);
          }
          if (p > limit) return -1; // nearly full: the caller grows the buffers and searches again
        }
      }
    }
    ownPairs(owner, pj, p - pj, s, pj, wj);
    pairEnd[j] = p;
  }
  return p;
}

/** Image (m0, m1, m2) ∈ {−1, 0, 1}³ of a stencil bin as s = 9(m0 + 1) + 3(m1 + 1) + (m2 + 1) → its code offset. */
const IMAGE_OFFSET = new Int32Array(32);
for (let k = 0; k < 27; k++)
  IMAGE_OFFSET[k] = ((Math.floor(k / 9) - 1) * CODE_BASE + ((Math.floor(k / 3) % 3) - 1)) * CODE_BASE + ((k % 3) - 1);

/** The three stencil axes of a plan (see {@link stencilAxis}). */
function stencilAxes(plan: ScatterPlan): [StencilTable, StencilTable, StencilTable] {
  return [0, 1, 2].map((k) => stencilAxis(plan.nb[k] as number, plan.reach[k] as number)) as [StencilTable, StencilTable, StencilTable];
}

type StencilTable = { q: Int32Array; m: Int32Array; edge: Float64Array };

/**
 * Per axis, stencil coordinate c ∈ [−r, nb + r) → wrapped bin `q` and image `m`, and the slab edges c / nb (c ≤ nb + r).
 */
function stencilAxis(nbk: number, rk: number): StencilTable {
  const q = new Int32Array(nbk + 2 * rk);
  const m = new Int32Array(nbk + 2 * rk);
  const edge = new Float64Array(nbk + 2 * rk + 1);
  for (let c = -rk; c <= nbk + rk; c++) {
    edge[c + rk] = c / nbk;
    if (c === nbk + rk) break;
    const image = Math.floor(c / nbk);
    q[c + rk] = c - image * nbk;
    m[c + rk] = image;
  }
  return { q, m, edge };
}

/**
 * Atom j's `count` candidates `from[at …]` (32·i + stencil image), still in cache, as pairs p … for the scatter: owner i
 * sees j through image −m − w_j + w_i, of code c; `pairOwner` gets the scatter's slot 2i + (c ≠ zero image) and
 * `pairCode` c, or 0 for the zero image; counts each owner's entries and zero-image entries (`zeroCount[2i]`,
 * `zeroCount[2i + 1]`).
 */
function ownPairs(from: Int32Array, at: number, count: number, s: ScatterScratch, p: number, wj: number): void {
  const owner = s.pairOwner,
    codes = s.pairCode,
    wrapCode = s.wrapCode,
    cursor = s.zeroCount;
  const base = ZERO_CODE - wj;
  for (let k = 0; k < count; k++) {
    const v = from[at + k] as number;
    const i = v >> 5;
    const code = base - (IMAGE_OFFSET[v & 31] as number) + (wrapCode[i] as number);
    const other = +(code !== ZERO_CODE);
    owner[p + k] = 2 * i + other;
    codes[p + k] = code * other;
    cursor[2 * i] = (cursor[2 * i] as number) + 1;
    cursor[2 * i + 1] = (cursor[2 * i + 1] as number) + +(code === ZERO_CODE);
  }
}

/**
 * Atoms per call of the WebAssembly search: V8 replaces a hot function by its optimised code at the next call (there
 * is no on-stack replacement in WebAssembly), so one call for all atoms would run the whole first build unoptimised.
 */
export const WASM_SEARCH_CHUNK = 1024;

/**
 * Pass 1 as {@link findPairs} (all atoms, one thread; −1 when the pair buffers are too small, −2 when the kernel's
 * memory cannot hold the build), in WebAssembly (`wasm/neighbor-kernel.ts`: the same loop over atoms, slab gaps,
 * stencil, pruning, order and arithmetic, so the same pairs in the same order), a chunk of atoms per call; the pairs,
 * run ends and counts stay in the kernel's memory.
 */
function findPairsWasm(s: ScatterScratch, cell: Float64Array, plan: ScatterPlan, wasm: NeighborWasmSearch): number {
  const fits = wasm.prepare(
    {
      ...plan,
      cell,
      frac: s.frac,
      slot: s.slot,
      bin: s.bin,
      sorted: s.sorted,
      binAtoms: s.binAtoms,
      binStart: s.binStart,
      binFirst: s.binFirst,
      axes: stencilAxes(plan),
      wrapCode: s.wrapCode,
      imageOffset: IMAGE_OFFSET,
    },
    s.pairOwner.length,
  );
  if (!fits) return -2;
  const n = plan.n;
  let p = 0;
  for (let j = 0; j < n && p >= 0; j += WASM_SEARCH_CHUNK) p = wasm.search(j, Math.min(n, j + WASM_SEARCH_CHUNK), p);
  return p;
}

/**
 * Squared Cartesian gap between fractional coordinate f (in bin b) and each stencil slab b − r … b + r, whose edges
 * c / nb are `edge[c + r]`.
 */
function slabGaps(out: Float64Array, f: number, b: number, r: number, length: number, edge: Float64Array): void {
  for (let o = -r; o <= r; o++) {
    const lo = edge[b + o + r] as number,
      hi = edge[b + o + r + 1] as number;
    // shrink the gap by a relative 1e-9 so round-off never prunes a slab that holds a pair
    const gap = (f < lo ? lo - f : f > hi ? f - hi : 0) * length * (1 - 1e-9);
    out[o + r] = gap * gap;
  }
}

/**
 * Pass 2: CSR offsets from pass 1's counts (`cursor`, overwritten), then each j into its owners' slices (zero images
 * first), from pass 1's pairs and run ends.
 */
function scatterPairs(
  target: ScatterTarget,
  n: number,
  pairs: number,
  owner: Int32Array,
  codes: Int32Array,
  pairEnd: Int32Array,
  cursor: Int32Array,
): void {
  if (target.start.length !== n + 1) target.start = new Int32Array(n + 1);
  if (target.mid.length !== n) target.mid = new Int32Array(n);
  target.ensureCapacity(pairs, 0);
  const start = target.start,
    mid = target.mid,
    nbr = target.neighbors,
    img = target.images;
  cursors(cursor, start, mid, n, 1);
  scatterRuns(nbr, img, n, owner, codes, pairEnd, cursor);
}

/**
 * The CSR offsets `start`, `mid` of n owners from the counts of k searches (one, or a pool's workers) in `cnt`: search
 * w's entries and zero-image entries of owner i at w·2n + 2i and + 1, which become, per owner and search, the next slot
 * of its zero-image and of its other entries, in search order (so the scatter places them branch-free); returns the
 * number of entries. Its own function with nothing after its loop: inside its callers, V8 entered the loop by on-stack
 * replacement and deoptimised at the code after it on every build.
 *
 * @example
 * ```ts
 * const total = cursors(counts, list.start, list.mid, n, 1); // a serial build's counts
 * ```
 */
export function cursors(cnt: Int32Array, start: Int32Array, mid: Int32Array, n: number, k: number): number {
  const row = 2 * n;
  let total = 0;
  start[0] = 0;
  for (let i = 0; i < n; i++) {
    // search w counted owner i's pairs in cnt[w·2n + 2i] and its zero-image ones in cnt[w·2n + 2i + 1]: replace them
    // by its zero-image cursor and (after a second pass) its other-image cursor
    let zero = total;
    for (let w = 0, c = 2 * i; w < k; w++, c += row) {
      const entries = cnt[c] as number;
      const zeros = cnt[c + 1] as number;
      cnt[c] = zero;
      cnt[c + 1] = entries - zeros;
      zero += zeros;
    }
    mid[i] = zero;
    let other = zero;
    for (let w = 0, c = 2 * i + 1; w < k; w++, c += row) {
      const others = cnt[c] as number;
      cnt[c] = other;
      other += others;
    }
    total = other;
    start[i + 1] = total;
  }
  return total;
}

/** Each j into its owners' slices at their cursors, from pass 1's pairs and run ends. */
function scatterRuns(
  nbr: Int32Array,
  img: Int32Array,
  n: number,
  owner: Int32Array,
  codes: Int32Array,
  pairEnd: Int32Array,
  cursor: Int32Array,
): void {
  let p = 0;
  for (let j = 0; j < n; j++) {
    const end = pairEnd[j] as number;
    for (; p < end; p++) {
      // slot 2i or 2i + 1 (zero or other image of owner i) and the code, 0 for the zero image (pass 1 wrote them)
      const slot = owner[p] as number;
      const k = cursor[slot] as number;
      cursor[slot] = k + 1;
      nbr[k] = j;
      img[k] = codes[p] as number; // 0, or an image code for now: numbered by numberImages
    }
  }
}

/**
 * Each other-image entry's code replaced by its image's index (from 1, in order of first appearance; `table` maps
 * codes to indices, `used` collects the codes); returns the image count + 1. Its own function with nothing after its
 * loop: inside `numberImages`, V8 entered the loop by on-stack replacement and deoptimised at the code after it on
 * every serial build.
 */
function numberCodes(start: Int32Array, mid: Int32Array, img: Int32Array, n: number, table: Int32Array, used: number[]): number {
  let count = 1;
  for (let i = 0; i < n; i++) {
    const end = start[i + 1] as number;
    for (let k = mid[i] as number; k < end; k++) {
      const code = img[k] as number;
      let index = table[code] as number;
      if (index === 0) {
        index = count++;
        table[code] = index;
        used.push(code);
      }
      img[k] = index;
    }
  }
  return count;
}

/** Pass 3: replace image codes by image indices numbered in order of first appearance, and write the shifts. */
export function numberImages(target: ScatterTarget, cell: Float64Array, n: number): void {
  if (imageTable === null) imageTable = new Int32Array(CODE_BASE * CODE_BASE * CODE_BASE);
  const table = imageTable;
  const used: number[] = [];
  const count = numberCodes(target.start, target.mid, target.images, n, table, used);
  const shifts = new Float64Array(3 * count);
  const lattice = new Int32Array(3 * count);
  for (let u = 0; u < used.length; u++) {
    const code = used[u] as number;
    table[code] = 0;
    const m2 = (code % CODE_BASE) - CODE_HALF;
    const m1 = (Math.floor(code / CODE_BASE) % CODE_BASE) - CODE_HALF;
    const m0 = Math.floor(code / (CODE_BASE * CODE_BASE)) - CODE_HALF;
    const e = 3 * (u + 1);
    lattice[e] = m0;
    lattice[e + 1] = m1;
    lattice[e + 2] = m2;
    for (let k = 0; k < 3; k++) shifts[e + k] = m0 * (cell[k] as number) + m1 * (cell[3 + k] as number) + m2 * (cell[6 + k] as number);
  }
  target.shifts = shifts;
  target.imageCells = lattice;
}
