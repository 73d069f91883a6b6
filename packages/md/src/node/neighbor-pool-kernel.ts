import { WASM_SEARCH_CHUNK } from '../neighbor-scatter.ts';
import { NEIGHBOR_HEADER } from '../wasm/neighbor-wasm.ts';

/**
 * Source text of one scan of consecutive bins' atoms t ∈ [first, end) for neighbours of j (branch-free append of
 * (i, stencil image) into `owner`: `+(…)` is a 0/1 without a jump, unlike `… ? 1 : 0`), keeping the atoms i where `keep` holds (as a
 * 0/1 factor); then the overflow check. Written once and spliced into {@link NEIGHBOR_POOL_KERNEL} twice (half list
 * `i < j`, full list `i !== j`): the worker compiles the same two loops.
 */
const scanRun = (first: string, end: string, keep: string): string => `const end = ${end};
          for (let t = ${first}; t < end; t++) {
            const i = binAtoms[t];
            const dx = sorted[3 * t] - sx01, dy = sorted[3 * t + 1] - sy01, dz = sorted[3 * t + 2] - sz01;
            owner[p] = (i << 5) + s01 + 1;
            p += +(dx * dx + dy * dy + dz * dz < rcut2) & +(${keep});
          }
          if (p > limit) { overflow = true; break search; }
          continue;`;

/**
 * Phase 0 with the WebAssembly search (`wasm/neighbor-kernel.ts`, its bytes in `b.wasm`): the layout of
 * `NeighborWasmSearch.prepare` in the worker's own memory (the per-atom inputs only for this worker's atoms), then the
 * kernel over the worker's atoms, {@link WASM_SEARCH_CHUNK} per call, as `findPairsWasm` (`neighbor-scatter.ts`); only
 * the per-owner counts are copied out (to the worker's row of `cnt`): the pairs and run ends stay in the worker's
 * memory (`pairs`), where phase 1 scatters them from. Same pairs in the same order as the JavaScript search; a worker
 * that cannot compile the kernel, or whose memory cannot hold the build, runs that search (then returns false).
 */
const WASM_SEARCH = `const wasmSearch = (b, w) => {
  const P = new Float64Array(b.params);
  const n = P[18], cap = P[19], half = P[10] === 1, orthogonal = P[11] === 1;
  const nb = [P[12], P[13], P[14]], reach = [P[15], P[16], P[17]];
  const range = new Int32Array(b.ranges), jLo = range[w], jHi = range[w + 1];
  const nbins = nb[0] * nb[1] * nb[2];
  if (reach.some((r) => r !== 2)) return false; // the kernel's reach (what scatterPlan gives): the JS search
  if (search === null) {
    const memory = new WebAssembly.Memory({ initial: 1 });
    search = { memory, run: new WebAssembly.Instance(module, { env: { memory } }).exports.search };
  }
  const axes = [0, 1, 2].map((a) => axis(nb[a], reach[a]));
  // the layout of NeighborWasmSearch.prepare (header ${NEIGHBOR_HEADER.bytes} bytes)
  let at = ${NEIGHBOR_HEADER.bytes};
  const take = (bytes) => { const here = at; at += Math.ceil(bytes / 8) * 8; return here; };
  const pSorted = take(24 * n), pAtoms = take(4 * n), pStart = take(4 * (nbins + 1)), pFirst = take(4 * (nbins + 1));
  const pAxis = axes.map((a) => [take(4 * a.q.length), take(4 * a.m.length)]);
  const pGaps = reach.map((r) => take(8 * (2 * r + 1)));
  let visits = 1;
  for (let a = 0; a < 3; a++) visits *= Math.ceil((2 * reach[a] + 1) / nb[a]);
  const capacity = cap + n * visits;
  const pOut = take(4 * capacity), pCodes = take(4 * capacity), pWrap = take(4 * n), pOffset = take(4 * 32), pCursor = take(8 * n);
  const pFrac = take(24 * n), pSlot = take(4 * n), pBin = take(4 * n), pEdge = axes.map((a) => take(8 * a.edge.length)), pEnd = take(4 * n);
  const pShift = axes.map((a) => take(24 * a.m.length));
  const memory = search.memory;
  const pages = Math.ceil(at / 65536) - memory.buffer.byteLength / 65536;
  try { if (pages > 0) memory.grow(pages); } catch { return false; } // beyond its memory: this worker runs the JS search
  const buffer = memory.buffer;
  new Float64Array(buffer, pSorted, 3 * n).set(new Float64Array(b.sorted, 0, 3 * n));
  new Int32Array(buffer, pAtoms, n).set(new Int32Array(b.binAtoms, 0, n));
  new Int32Array(buffer, pStart, nbins + 1).set(new Int32Array(b.binStart, 0, nbins + 1));
  new Int32Array(buffer, pFirst, nbins + 1).set(new Int32Array(b.binFirst, 0, nbins + 1));
  new Int32Array(buffer, pWrap, n).set(new Int32Array(b.wrapCode, 0, n));
  // this worker's atoms' fractional coordinates, slots and bins
  new Float64Array(buffer, pFrac + 24 * jLo, 3 * (jHi - jLo)).set(new Float64Array(b.frac, 24 * jLo, 3 * (jHi - jLo)));
  new Int32Array(buffer, pSlot + 4 * jLo, jHi - jLo).set(new Int32Array(b.slot, 4 * jLo, jHi - jLo));
  new Int32Array(buffer, pBin + 4 * jLo, jHi - jLo).set(new Int32Array(b.bin, 4 * jLo, jHi - jLo));
  axes.forEach((a, c) => {
    new Int32Array(buffer, pAxis[c][0], a.q.length).set(a.q);
    new Int32Array(buffer, pAxis[c][1], a.m.length).set(a.m);
    new Float64Array(buffer, pEdge[c], a.edge.length).set(a.edge);
    new Float64Array(buffer, pGaps[c], 2 * reach[c] + 1).fill(0);
    // imageShifts of wasm/neighbor-wasm.ts: m · (cell row c) per stencil coordinate
    const shift = new Float64Array(buffer, pShift[c], 3 * a.m.length);
    for (let q = 0; q < a.m.length; q++) for (let d = 0; d < 3; d++) shift[3 * q + d] = a.m[q] * P[3 * c + d];
  });
  const cursor = new Int32Array(buffer, pCursor, 2 * n).fill(0);
  new Int32Array(buffer, pOffset, 32).set(imageOffset);
  new Int32Array(buffer, ${NEIGHBOR_HEADER.wrapCode}, 16).set([pWrap, pOffset, pCursor, pCodes, pFrac, pSlot, pBin, ...pEdge, pEnd, orthogonal ? 1 : 0, pOut + 4 * cap, ...pShift]);
  const header = new Int32Array(buffer, 0, ${NEIGHBOR_HEADER.rcut2 / 4});
  header.set([pSorted, pAtoms, pStart, pFirst, ...pAxis.flat(), ...pGaps, pOut], 0);
  header.set([reach[0], reach[1], reach[2], nb[1], nb[2], half ? 1 : 0], ${NEIGHBOR_HEADER.r0 / 4});
  const constants = new Float64Array(buffer, ${NEIGHBOR_HEADER.rcut2}, 10);
  constants[0] = P[9];
  for (let c = 0; c < 9; c++) constants[1 + c] = P[c];
  const run = search.run;
  let p = 0;
  for (let j = jLo; j < jHi && p >= 0; j += ${WASM_SEARCH_CHUNK}) p = run(j, Math.min(jHi, j + ${WASM_SEARCH_CHUNK}), p);
  new Int32Array(b.status)[w] = p;
  if (p < 0) return true;
  new Int32Array(b.cnt, 8 * w * n, 2 * n).set(cursor);
  // the run ends also to the calling thread, which balances the next build's ranges by them
  new Int32Array(b.pairEnd, 4 * jLo, jHi - jLo).set(new Int32Array(buffer, pEnd + 4 * jLo, jHi - jLo));
  pairs = { owner: new Int32Array(buffer, pOut, p), codes: new Int32Array(buffer, pCodes, p), pairEnd: new Int32Array(buffer, pEnd, n) };
  return true;
};
return (b, w, k, phase) => {
  if (phase === 0) {
    pairs = null;
    if (b.wasm !== undefined && module === undefined) {
      try { module = new WebAssembly.Module(new Uint8Array(b.wasm).slice()); } catch { module = null; }
    }
    if (b.wasm !== undefined && module !== null && wasmSearch(b, w)) return;
  } else if (pairs !== null) return scatter(b, w, pairs.owner, pairs.codes, pairs.pairEnd);
  return js(b, w, k, phase);
};`;

/**
 * The pooled neighbour-list build (plain JavaScript source, compiled in each worker of a `WorkerPool` from
 * `@equitensor/tensor`): the pair search and scatter of the periodic fast path (`neighbor-scatter.ts`) split over
 * a fixed partition of atoms, driven by {@link PooledNeighborBuild}.
 *
 * Phase 0: worker w searches the atoms j of `ranges[w] … ranges[w+1]` in index order exactly as the serial
 * `findPairs` (same bins, stencil, slab pruning and branch-free append), into its own slice `w·cap …` of `owner` and
 * `codes` (with the WebAssembly search: into its own kernel memory, see {@link WASM_SEARCH}); after each j, while
 * they are in cache, it turns j's pairs into (the scatter's slot 2i + other image, image code or 0) and counts them
 * and the zero-image ones per owner i into its own row of `cnt` (entries 2i and 2i + 1, branch-free); `pairEnd[j]`
 * ends j's run. It writes its pair count (or −1 when its slice was too small) to `status[w]`. Between the phases the
 * calling thread turns the counts into CSR offsets and, per owner, a zero-image and an other-image cursor per worker
 * in worker order (in place of the counts). Phase 1: worker w scatters its pairs into `neighbors`/`images` at its
 * cursors (the slot chose the zero-image or other-image cursor without a branch). Because worker w's atoms j all
 * precede worker w + 1's, every owner's neighbours land in increasing j, the canonical layout of the serial build: the
 * arrays are identical to it for every worker count. No worker writes what another writes in the same phase.
 *
 * Deliberate hot-loop specialisation: the search mirrors `findPairs` (`neighbor-scatter.ts`), because a pool kernel
 * is self-contained source text compiled in a worker (it can import nothing). Guarded by
 * `test/pooled-neighbor-build.test.ts` (k = 1, 2, 3 write exactly the serial build's arrays).
 *
 * @example
 * ```ts
 * pool.load({ source: NEIGHBOR_POOL_KERNEL, buffers });
 * pool.run(0); // search and count
 * pool.run(1); // scatter (after the offsets)
 * ```
 */
export const NEIGHBOR_POOL_KERNEL = `(() => {
let module;
let search = null;
// this worker's pairs, run ends and views in its WebAssembly memory after a phase 0 there (else null)
let pairs = null;
const imageOffset = new Int32Array(32);
for (let s = 0; s < 27; s++) imageOffset[s] = ((Math.floor(s / 9) - 1) * 128 + (Math.floor(s / 3) % 3) - 1) * 128 + (s % 3) - 1;
const axis = (nbk, rk) => {
  const q = new Int32Array(nbk + 2 * rk), m = new Int32Array(nbk + 2 * rk), edge = new Float64Array(nbk + 2 * rk + 1);
  for (let c = -rk; c <= nbk + rk; c++) {
    edge[c + rk] = c / nbk;
    if (c === nbk + rk) break;
    const image = Math.floor(c / nbk); q[c + rk] = c - image * nbk; m[c + rk] = image;
  }
  return { q, m, edge };
};
const slabGaps = (out, f, bb, r, length, edge) => {
  for (let o = -r; o <= r; o++) {
    const lo = edge[bb + o + r], hi = edge[bb + o + r + 1];
    const gap = (f < lo ? lo - f : f > hi ? f - hi : 0) * length * (1 - 1e-9);
    out[o + r] = gap * gap;
  }
};
// phase 1: worker w's pairs (slot 2i + other image, code or 0), its atoms' run ends pairEnd[j], into neighbors/images
// at its cursors
const scatter = (b, w, owner, codes, pairEnd) => {
  const P = new Float64Array(b.params), n = P[18];
  const range = new Int32Array(b.ranges), jLo = range[w], jHi = range[w + 1];
  const cnt = new Int32Array(b.cnt, 8 * w * n, 2 * n);
  // the list's entries and images start at elements P[20] and P[21] of their buffers (a pooled potential's memory)
  const nbr = new Int32Array(b.neighbors, 4 * P[20]), img = new Int32Array(b.images, 4 * P[21]);
  let p = 0;
  for (let j = jLo; j < jHi; j++) {
    for (const end = pairEnd[j]; p < end; p++) {
      const slot = owner[p], q = cnt[slot];
      cnt[slot] = q + 1;
      nbr[q] = j;
      img[q] = codes[p];
    }
  }
};
const js = (b, w, k, phase) => {
  const P = new Float64Array(b.params);
  const n = P[18], cap = P[19];
  const range = new Int32Array(b.ranges), jLo = range[w], jHi = range[w + 1];
  const owner = new Int32Array(b.owner, 4 * w * cap, cap), codes = new Int32Array(b.codes, 4 * w * cap, cap);
  const cnt = new Int32Array(b.cnt, 8 * w * n, 2 * n);
  const pairEnd = new Int32Array(b.pairEnd), status = new Int32Array(b.status);
  const ZERO = (64 * 128 + 64) * 128 + 64;
  if (phase === 1) return scatter(b, w, owner, codes, pairEnd);
  const c0 = P[0], c1 = P[1], c2 = P[2], c3 = P[3], c4 = P[4], c5 = P[5], c6 = P[6], c7 = P[7], c8 = P[8];
  const rcut2 = P[9], half = P[10] === 1, orthogonal = P[11] === 1;
  const nb0 = P[12], nb1 = P[13], nb2 = P[14], r0 = P[15], r1 = P[16], r2 = P[17];
  const frac = new Float64Array(b.frac), sorted = new Float64Array(b.sorted);
  const binAtoms = new Int32Array(b.binAtoms), binStart = new Int32Array(b.binStart), binFirst = new Int32Array(b.binFirst);
  const slot = new Int32Array(b.slot);
  const wrapCode = new Int32Array(b.wrapCode), bin = new Int32Array(b.bin);
  const ax = axis(nb0, r0), ay = axis(nb1, r1), az = axis(nb2, r2);
  const qx = ax.q, mx = ax.m, qy = ay.q, my = ay.m, qz = az.q, mz = az.m;

  const gx = new Float64Array(2 * r0 + 1), gy = new Float64Array(2 * r1 + 1), gz = new Float64Array(2 * r2 + 1);
  const limit = cap - n - 1;
  let p = 0, overflow = false;
  cnt.fill(0);
  search: for (let j = jLo; j < jHi; j++) {
    const pj = p;
    const t0 = slot[j];
    const xj = sorted[3 * t0], yj = sorted[3 * t0 + 1], zj = sorted[3 * t0 + 2];
    const bj = bin[j];
    const bz = bj % nb2, byz = (bj - bz) / nb2, by = byz % nb1, bx = (byz - by) / nb1;
    if (orthogonal) {
      slabGaps(gx, frac[3 * j], bx, r0, c0, ax.edge);
      slabGaps(gy, frac[3 * j + 1], by, r1, c4, ay.edge);
      slabGaps(gz, frac[3 * j + 2], bz, r2, c8, az.edge);
    }
    const wj = wrapCode[j];
    for (let ox = 0; ox <= 2 * r0; ox++) {
      const g0 = gx[ox];
      if (g0 >= rcut2) continue;
      const cxi = bx + ox, q0 = qx[cxi], m0 = mx[cxi];
      for (let oy = 0; oy <= 2 * r1; oy++) {
        const g1 = g0 + gy[oy];
        if (g1 >= rcut2) continue;
        const cyi = by + oy, q01 = (q0 * nb1 + qy[cyi]) * nb2, m1 = my[cyi];
        const budget = rcut2 - g1;
        let ozLo = r2, ozHi = r2;
        for (let o = 0; o < r2; o++) {
          ozLo -= +(gz[o] < budget);
          ozHi += +(gz[2 * r2 - o] < budget);
        }
        const sx01 = xj - (m0 * c0 + m1 * c3), sy01 = yj - (m0 * c1 + m1 * c4), sz01 = zj - (m0 * c2 + m1 * c5);
        const s01 = 9 * (m0 + 1) + 3 * (m1 + 1);
        const zLo = bz + ozLo - r2, zHi = bz + ozHi - r2;
        if (zLo >= 0 && zHi < nb2) {
          // the half and full scans: one loop text (scanRun), two skip tests, so the worker compiles two specialised loops
          if (half) {
            let qHi = q01 + zHi;
            const qLo = q01 + zLo;
            while (qHi >= qLo && binFirst[qHi] >= j) qHi--;
            ${scanRun('binStart[qLo]', 'binStart[qHi + 1]', 'i < j')}
          }
          ${scanRun('binStart[q01 + zLo]', 'binStart[q01 + zHi + 1]', 'i !== j')}
        }
        for (let oz = ozLo; oz <= ozHi; oz++) {
          const czi = bz + oz, q = q01 + qz[czi];
          const first = binStart[q], end = binStart[q + 1];
          if (first === end || (half && binFirst[q] >= j)) continue;
          const m2 = mz[czi];
          const ex = sx01 - m2 * c6, ey = sy01 - m2 * c7, ez = sz01 - m2 * c8;
          const s012 = s01 + m2 + 1;
          for (let t = first; t < end; t++) {
            const i = binAtoms[t];
            if (i >= j && (half || i === j)) {
              if (half) break;
              continue;
            }
            const dx = sorted[3 * t] - ex, dy = sorted[3 * t + 1] - ey, dz = sorted[3 * t + 2] - ez;
            owner[p] = (i << 5) + s012;
            p += +(dx * dx + dy * dy + dz * dz < rcut2);
          }
          if (p > limit) { overflow = true; break search; }
        }
      }
    }
    const base = ZERO - wj;
    for (let q = pj; q < p; q++) {
      const v = owner[q], i = v >> 5, code = base - imageOffset[v & 31] + wrapCode[i], other = +(code !== ZERO);
      owner[q] = 2 * i + other;
      codes[q] = code * other;
      cnt[2 * i]++;
      cnt[2 * i + 1] += +(code === ZERO);
    }
    pairEnd[j] = p;
  }
  status[w] = overflow ? -1 : p;
};
${WASM_SEARCH}
})()`;
