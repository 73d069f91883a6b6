import { defineKernel, type Kernel, LINEAR_INDEX_WGSL } from '../runtime/kernel.ts';

/** The `Grid` uniform block (176 bytes), packed by `packGridUniform`. */
export const GRID_WGSL = /* wgsl */ `
struct Grid {
  h0: vec4f, h1: vec4f, h2: vec4f,
  inv0: vec4f, inv1: vec4f, inv2: vec4f,
  origin: vec4f,
  dims: vec4u,      // bins per axis, atom count
  periodic: vec4u,  // wraps per axis, bin count
  reach: vec4i,     // stencil half-width per axis, type count
  cutoff: vec4f,    // rc², rc
}
fn binOf(c: vec3i, g: Grid) -> u32 { return u32((c.z * i32(g.dims.y) + c.y) * i32(g.dims.x) + c.x); }
fn binCoords(b: u32, g: Grid) -> vec3i {
  let nx = g.dims.x; let ny = g.dims.y;
  return vec3i(i32(b % nx), i32((b / nx) % ny), i32(b / (nx * ny)));
}
// floor(n / d) for d > 0.
fn floorDiv(n: i32, d: i32) -> i32 { var q = n / d; if (n % d != 0 && n < 0) { q = q - 1; } return q; }
${LINEAR_INDEX_WGSL}
`;

const WG = 64;

/**
 * Binning: fractional coordinates, wrap periodic axes, bin index, slot within the bin by an atomic
 * counter, and the wrapped position (xyz) with the atom's type bits (w) kept.
 */
export const binAtomsKernel: Kernel = defineKernel({
  key: 'md/cell-list/bin/v1',
  workgroupSize: WG,
  prelude: GRID_WGSL,
  bindings:
    'uniform grid: Grid, read positions: array<vec4f>, write wrapped: array<vec4f>, write binOfAtom: array<u32>, write slotOfAtom: array<u32>, write binCounts: array<atomic<u32>>',
  index: 'i',
  count: 'grid.dims.w',
  body: /* wgsl */ `  let p = positions[i];
  let r = p.xyz - grid.origin.xyz;
  var s = vec3f(dot(r, grid.inv0.xyz), dot(r, grid.inv1.xyz), dot(r, grid.inv2.xyz));
  let per = vec3<bool>(grid.periodic.x != 0u, grid.periodic.y != 0u, grid.periodic.z != 0u);
  s = select(s, s - floor(s), per);
  let dims = vec3i(grid.dims.xyz);
  let c = clamp(vec3i(floor(s * vec3f(grid.dims.xyz))), vec3i(0), dims - vec3i(1));
  let w = grid.origin.xyz + s.x * grid.h0.xyz + s.y * grid.h1.xyz + s.z * grid.h2.xyz;
  wrapped[i] = vec4f(w, p.w);
  let b = binOf(c, grid);
  binOfAtom[i] = b;
  slotOfAtom[i] = atomicAdd(&binCounts[b], 1u);`,
});

const SCAN_WG = 256;
const SCAN_PER_THREAD = 4;
/** Bins handled by one workgroup of the block scan. */
export const SCAN_BLOCK = SCAN_WG * SCAN_PER_THREAD;

const SCAN_SHARED = /* wgsl */ `
var<workgroup> partial: array<u32, ${SCAN_WG}>;
// Inclusive Hillis-Steele scan of partial[] across the workgroup; returns thread t's inclusive sum.
fn workgroupInclusiveScan(t: u32, value: u32) -> u32 {
  partial[t] = value;
  workgroupBarrier();
  for (var offset = 1u; offset < ${SCAN_WG}u; offset = offset * 2u) {
    var add = 0u;
    if (t >= offset) { add = partial[t - offset]; }
    workgroupBarrier();
    partial[t] = partial[t] + add;
    workgroupBarrier();
  }
  return partial[t];
}`;

/**
 * Prefix sum of the bin counts, pass 1 of 3: each workgroup scans a block of ${SCAN_BLOCK} bins
 * (4 per thread) into binStart (exclusive within the block) and writes the block's total.
 */
export const scanBlocksKernel: Kernel = defineKernel({
  key: 'md/cell-list/scan-blocks/v1',
  workgroupSize: SCAN_WG,
  prelude: /* wgsl */ `${GRID_WGSL}
${SCAN_SHARED}`,
  bindings: 'uniform grid: Grid, read binCounts: array<u32>, write binStart: array<u32>, write blockSums: array<u32>',
  parameters: '@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u',
  body: /* wgsl */ `  let bins = grid.periodic.w;
  let block = wid.x + wid.y * nwg.x;
  if (block * ${SCAN_BLOCK}u >= bins) { return; } // spare groups of a folded dispatch (uniform per workgroup)
  let t = lid.x;
  let first = block * ${SCAN_BLOCK}u + t * ${SCAN_PER_THREAD}u;
  var local: array<u32, ${SCAN_PER_THREAD}>;
  var sum = 0u;
  for (var e = 0u; e < ${SCAN_PER_THREAD}u; e++) {
    let b = first + e;
    var c = 0u;
    if (b < bins) { c = binCounts[b]; }
    local[e] = sum;
    sum += c;
  }
  let inclusive = workgroupInclusiveScan(t, sum);
  let offset = inclusive - sum;
  for (var e = 0u; e < ${SCAN_PER_THREAD}u; e++) {
    let b = first + e;
    if (b < bins) { binStart[b] = offset + local[e]; }
  }
  if (t == ${SCAN_WG - 1}u) { blockSums[block] = inclusive; }`,
});

/** Prefix sum, pass 2: exclusive scan of the block totals in one workgroup; binStart[bins] = N. */
export const scanBlockSumsKernel: Kernel = defineKernel({
  key: 'md/cell-list/scan-block-sums/v1',
  workgroupSize: SCAN_WG,
  prelude: /* wgsl */ `${GRID_WGSL}
${SCAN_SHARED}`,
  bindings: 'uniform grid: Grid, write blockSums: array<u32>, write binStart: array<u32>',
  parameters: '@builtin(local_invocation_id) lid: vec3u',
  body: /* wgsl */ `  let bins = grid.periodic.w;
  let blocks = (bins + ${SCAN_BLOCK - 1}u) / ${SCAN_BLOCK}u;
  let t = lid.x;
  let chunk = (blocks + ${SCAN_WG}u - 1u) / ${SCAN_WG}u;
  let lo = min(t * chunk, blocks);
  let hi = min(lo + chunk, blocks);
  var sum = 0u;
  for (var k = lo; k < hi; k++) { sum += blockSums[k]; }
  let inclusive = workgroupInclusiveScan(t, sum);
  var running = inclusive - sum;
  for (var k = lo; k < hi; k++) { let v = blockSums[k]; blockSums[k] = running; running += v; }
  if (t == ${SCAN_WG - 1}u) { binStart[bins] = inclusive; }`,
});

/** Prefix sum, pass 3: add each block's offset to its bins. */
export const addBlockOffsetsKernel: Kernel = defineKernel({
  key: 'md/cell-list/add-block-offsets/v1',
  workgroupSize: SCAN_WG,
  prelude: GRID_WGSL,
  bindings: 'uniform grid: Grid, read blockSums: array<u32>, write binStart: array<u32>',
  index: 'b',
  count: 'grid.periodic.w',
  body: /* wgsl */ `  binStart[b] = binStart[b] + blockSums[b / ${SCAN_BLOCK}u];`,
});

/** Counting-sort scatter: the wrapped positions in bin order, w = the atom's index (bits). */
export const scatterAtomsKernel: Kernel = defineKernel({
  key: 'md/cell-list/scatter/v1',
  workgroupSize: WG,
  prelude: GRID_WGSL,
  bindings:
    'uniform grid: Grid, read wrapped: array<vec4f>, read binOfAtom: array<u32>, read slotOfAtom: array<u32>, read binStart: array<u32>, write sorted: array<vec4f>',
  index: 'i',
  count: 'grid.dims.w',
  body: /* wgsl */ `  let k = binStart[binOfAtom[i]] + slotOfAtom[i];
  sorted[k] = vec4f(wrapped[i].xyz, bitcast<f32>(i));`,
});

/**
 * WGSL loop over every neighbour image j of atom i within the cutoff, for kernels that declare
 * `grid`, `wrapped`, `binOfAtom`, `binStart` and `sorted`. The body sees `j: u32`, `d: vec3f`
 * (r_j − r_i, minimum or any image) and `r2: f32`; self pairs are skipped.
 */
export const NEIGHBOUR_LOOP_WGSL = (body: string): string => /* wgsl */ `
  let ci = binCoords(binOfAtom[i], grid);
  let ri = wrapped[i].xyz;
  let dims = vec3i(grid.dims.xyz);
  for (var dz = -grid.reach.z; dz <= grid.reach.z; dz++) {
    var cz = ci.z + dz; var sz = 0;
    if (grid.periodic.z != 0u) { sz = floorDiv(cz, dims.z); cz = cz - sz * dims.z; } else if (cz < 0 || cz >= dims.z) { continue; }
    for (var dy = -grid.reach.y; dy <= grid.reach.y; dy++) {
      var cy = ci.y + dy; var sy = 0;
      if (grid.periodic.y != 0u) { sy = floorDiv(cy, dims.y); cy = cy - sy * dims.y; } else if (cy < 0 || cy >= dims.y) { continue; }
      for (var dx = -grid.reach.x; dx <= grid.reach.x; dx++) {
        var cx = ci.x + dx; var sx = 0;
        if (grid.periodic.x != 0u) { sx = floorDiv(cx, dims.x); cx = cx - sx * dims.x; } else if (cx < 0 || cx >= dims.x) { continue; }
        let shift = f32(sx) * grid.h0.xyz + f32(sy) * grid.h1.xyz + f32(sz) * grid.h2.xyz;
        let selfImage = sx == 0 && sy == 0 && sz == 0;
        let b = binOf(vec3i(cx, cy, cz), grid);
        let kEnd = binStart[b + 1u];
        for (var k = binStart[b]; k < kEnd; k++) {
          let q = sorted[k];
          let j = bitcast<u32>(q.w);
          if (selfImage && j == i) { continue; }
          let d = (q.xyz + shift) - ri;
          let r2 = dot(d, d);
          if (r2 >= grid.cutoff.x) { continue; }
          ${body}
        }
      }
    }
  }
`;
