import { defineKernel, type Kernel, LINEAR_INDEX_WGSL } from '../runtime/kernel.ts';

const WG = 64;

/**
 * Largest Tucker rank per axis the kernels hold in registers.
 *
 * @example
 * ```ts
 * if (model.ranks.some((r) => r > RS_MAX_RANK)) useCpu();
 * ```
 */
export const RS_MAX_RANK = 128;

/** Uniform block of the RS kernels (64 bytes). */
export const RS_UNIFORM_BYTES = 64;

/**
 * Bindings 0–3 of the RS kernels: the uniforms; factors U0 (n×r0), U1 (n×r1), U2 (n×r2), row-major, concatenated;
 * charges (xyz, charge); shortTerms, the (t², a) of the short-range Gaussians.
 */
const RS_BINDINGS = 'uniform rs: Rs, read factors: array<f32>, read charges: array<vec4f>, read shortTerms: array<vec2f>';

const COMMON = /* wgsl */ `${LINEAR_INDEX_WGSL}
struct Rs {
  lo: vec4f,          // grid origin (xyz), node spacing h (w)
  ranks: vec4u,       // r0, r1, r2, nodes per axis n
  counts: vec4u,      // charges, short-range terms, evaluation count, unused
  params: vec4f,      // σ², k_e, p_s(0), unused
}
fn factorBase(axis: u32) -> u32 {
  let n = rs.ranks.w;
  if (axis == 0u) { return 0u; }
  if (axis == 1u) { return n * rs.ranks.x; }
  return n * (rs.ranks.x + rs.ranks.y);
}
fn rankOf(axis: u32) -> u32 { if (axis == 0u) { return rs.ranks.x; } if (axis == 1u) { return rs.ranks.y; } return rs.ranks.z; }
// Degree-7 Lagrange interpolation of factor column c of axis at coordinate x (8 nodes, shifted inwards at the ends).
fn interpolate(axis: u32, x: f32, c: u32) -> f32 {
  let n = i32(rs.ranks.w);
  let u = (x - rs.lo[axis]) / rs.lo.w;
  let first = clamp(i32(floor(u)) - 3, 0, n - 8);
  let r = rankOf(axis);
  let base = factorBase(axis);
  var sum = 0.0;
  for (var m = 0; m < 8; m++) {
    var w = 1.0;
    for (var q = 0; q < 8; q++) {
      if (q != m) { w = w * (u - f32(first + q)) / f32(m - q); }
    }
    sum += w * factors[base + u32(first + m) * r + c];
  }
  return sum;
}
// (value, d/dx) of factor column c of axis at x: the Lagrange weights and their derivatives (product rule).
fn interpolateWithSlope(axis: u32, x: f32, c: u32) -> vec2f {
  let n = i32(rs.ranks.w);
  let u = (x - rs.lo[axis]) / rs.lo.w;
  let first = clamp(i32(floor(u)) - 3, 0, n - 8);
  let r = rankOf(axis);
  let base = factorBase(axis);
  var sum = vec2f(0.0);
  for (var m = 0; m < 8; m++) {
    var value = 1.0;
    var slope = 0.0;
    var denominator = 1.0;
    for (var q = 0; q < 8; q++) {
      if (q != m) {
        let d = u - f32(first + q);
        denominator = denominator * f32(m - q);
        slope = slope * d + value;
        value = value * d;
      }
    }
    let f = factors[base + u32(first + m) * r + c];
    sum += vec2f(value / denominator, slope / (denominator * rs.lo.w)) * f;
  }
  return sum;
}
// Σ over charges within σ of q_j Σ_k a_k exp(−t_k² r²) (x), and the charge sitting exactly at the point (y),
// whose term q·p_s(0) the caller adds in float64 (at a particle it would swamp the others in float32).
fn shortRange(x: vec3f) -> vec2f {
  var sum = 0.0;
  var coincident = 0.0;
  for (var j = 0u; j < rs.counts.x; j++) {
    let c = charges[j];
    let d = c.xyz - x;
    let r2 = dot(d, d);
    if (r2 == 0.0) {
      coincident += c.w;
    } else if (r2 < rs.params.x) {
      var p = 0.0;
      for (var k = 0u; k < rs.counts.y; k++) { let s = shortTerms[k]; p += s.y * exp(-s.x * r2); }
      sum += c.w * p;
    }
  }
  return vec2f(sum, coincident);
}
`;

/**
 * RS potential at points: interpolate the three factor rows at the point, contract the Tucker core
 * (Σ G_{pqc} u_p v_q w_c) → out[i].x, and sum the short-range Gaussians of the other charges within σ
 * → out[i].y, the charge at the point itself → out[i].z (all without k_e).
 */
export const rsPointsKernel: Kernel = defineKernel({
  key: 'electrostatics/rs/points/v1',
  workgroupSize: WG,
  prelude: COMMON,
  bindings: `${RS_BINDINGS}, read core: array<f32>, read points: array<vec4f>, write out: array<vec4f>`,
  index: 'i',
  count: 'rs.counts.z',
  body: /* wgsl */ `  let x = points[i].xyz;
  var v1: array<f32, ${RS_MAX_RANK}>;
  var v2: array<f32, ${RS_MAX_RANK}>;
  for (var q = 0u; q < rs.ranks.y; q++) { v1[q] = interpolate(1u, x.y, q); }
  for (var c = 0u; c < rs.ranks.z; c++) { v2[c] = interpolate(2u, x.z, c); }
  var long = 0.0;
  for (var p = 0u; p < rs.ranks.x; p++) {
    var a = 0.0;
    for (var q = 0u; q < rs.ranks.y; q++) {
      let base = (p * rs.ranks.y + q) * rs.ranks.z;
      var b = 0.0;
      for (var c = 0u; c < rs.ranks.z; c++) { b += core[base + c] * v2[c]; }
      a += v1[q] * b;
    }
    long += interpolate(0u, x.x, p) * a;
  }
  let short = shortRange(x);
  out[i] = vec4f(long, short.x, short.y, 0.0);`,
});

/** Factor rows at grid coordinates: V_axis[i, c] for the coordinates of one axis (thread per (i, c)). */
export const rsInterpolateKernel: Kernel = defineKernel({
  key: 'electrostatics/rs/interpolate/v1',
  workgroupSize: WG,
  prelude: /* wgsl */ `${COMMON}
struct Axis { axis: u32, count: u32, pad0: u32, pad1: u32 }`,
  bindings: `${RS_BINDINGS}, uniform axisInfo: Axis, read coordinates: array<f32>, write rows: array<f32>`,
  index: 't',
  body: /* wgsl */ `  let r = rankOf(axisInfo.axis);
  if (t >= axisInfo.count * r) { return; }
  let i = t / r;
  let c = t % r;
  rows[t] = interpolate(axisInfo.axis, coordinates[i], c);`,
});

/**
 * Tucker contraction on a tensor grid by mode products, one kernel per mode:
 * T1[a,q,c] = Σ_p Vx[a,p] G[p,q,c]; T2[a,b,c] = Σ_q Vy[b,q] T1[a,q,c]; out[a,b,k] = Σ_c Vz[k,c] T2[a,b,c].
 * `mode` selects the step; sizes are (nx, ny, nz).
 */
export const rsModeProductKernel: Kernel = defineKernel({
  key: 'electrostatics/rs/mode-product/v1',
  workgroupSize: WG,
  prelude: /* wgsl */ `${LINEAR_INDEX_WGSL}
struct Rs { lo: vec4f, ranks: vec4u, counts: vec4u, params: vec4f }
struct Mode { mode: u32, nx: u32, ny: u32, nz: u32 }`,
  // rows: V of this mode's axis (n_axis × r_axis)
  bindings: 'uniform rs: Rs, uniform m: Mode, read rows: array<f32>, read input: array<f32>, write output: array<f32>',
  index: 't',
  body: /* wgsl */ `  let r0 = rs.ranks.x; let r1 = rs.ranks.y; let r2 = rs.ranks.z;
  if (m.mode == 0u) {
    if (t >= m.nx * r1 * r2) { return; }
    let a = t / (r1 * r2); let qc = t % (r1 * r2);
    var s = 0.0;
    for (var p = 0u; p < r0; p++) { s += rows[a * r0 + p] * input[p * r1 * r2 + qc]; }
    output[t] = s;
  } else if (m.mode == 1u) {
    if (t >= m.nx * m.ny * r2) { return; }
    let a = t / (m.ny * r2); let b = (t / r2) % m.ny; let c = t % r2;
    var s = 0.0;
    for (var q = 0u; q < r1; q++) { s += rows[b * r1 + q] * input[(a * r1 + q) * r2 + c]; }
    output[t] = s;
  } else {
    if (t >= m.nx * m.ny * m.nz) { return; }
    let ab = t / m.nz; let k = t % m.nz;
    var s = 0.0;
    for (var c = 0u; c < r2; c++) { s += rows[k * r2 + c] * input[ab * r2 + c]; }
    output[t] = s;
  }`,
});

/** Grid nodes: out[a,b,k] = k_e·(long[a,b,k] + short-range at the node, a charge on the node adding q·p_s(0)). */
export const rsGridShortKernel: Kernel = defineKernel({
  key: 'electrostatics/rs/grid-short/v1',
  workgroupSize: WG,
  prelude: /* wgsl */ `${COMMON}
struct Mode { mode: u32, nx: u32, ny: u32, nz: u32 }`,
  // axes: x (nx), y (ny), z (nz) concatenated
  bindings: `${RS_BINDINGS}, uniform m: Mode, read axes: array<f32>, write values: array<f32>`,
  index: 't',
  count: 'm.nx * m.ny * m.nz',
  body: /* wgsl */ `  let a = t / (m.ny * m.nz); let b = (t / m.nz) % m.ny; let k = t % m.nz;
  let x = vec3f(axes[a], axes[m.nx + b], axes[m.nx + m.ny + k]);
  let short = shortRange(x);
  values[t] = rs.params.y * (values[t] + short.x + short.y * rs.params.z);`,
});

/**
 * RS gradients at the model's own particles: ∇P_l from the interpolated factors and their slopes
 * (out[2j]) and ∇ of the short-range Gaussians of the other charges within σ (out[2j+1]), without k_e;
 * the force on charge j is −k_e·z_j·(both).
 */
export const rsGradientKernel: Kernel = defineKernel({
  key: 'electrostatics/rs/gradient/v1',
  workgroupSize: WG,
  prelude: COMMON,
  bindings: `${RS_BINDINGS}, read core: array<f32>, write out: array<vec4f>`,
  index: 'j',
  count: 'rs.counts.x',
  body: /* wgsl */ `  let x = charges[j].xyz;
  var yv: array<f32, ${RS_MAX_RANK}>;
  var ys: array<f32, ${RS_MAX_RANK}>;
  var zv: array<f32, ${RS_MAX_RANK}>;
  var zs: array<f32, ${RS_MAX_RANK}>;
  for (var q = 0u; q < rs.ranks.y; q++) { let t = interpolateWithSlope(1u, x.y, q); yv[q] = t.x; ys[q] = t.y; }
  for (var c = 0u; c < rs.ranks.z; c++) { let t = interpolateWithSlope(2u, x.z, c); zv[c] = t.x; zs[c] = t.y; }
  var g = vec3f(0.0);
  for (var p = 0u; p < rs.ranks.x; p++) {
    var aVal = 0.0; var aDy = 0.0; var aDz = 0.0;
    for (var q = 0u; q < rs.ranks.y; q++) {
      let base = (p * rs.ranks.y + q) * rs.ranks.z;
      var cz = 0.0; var czs = 0.0;
      for (var c = 0u; c < rs.ranks.z; c++) { let gv = core[base + c]; cz += gv * zv[c]; czs += gv * zs[c]; }
      aVal += yv[q] * cz; aDy += ys[q] * cz; aDz += yv[q] * czs;
    }
    let xp = interpolateWithSlope(0u, x.x, p);
    g += vec3f(xp.y * aVal, xp.x * aDy, xp.x * aDz);
  }
  var gs = vec3f(0.0);
  for (var i = 0u; i < rs.counts.x; i++) {
    if (i == j) { continue; }
    let c = charges[i];
    let d = x - c.xyz;
    let r2 = dot(d, d);
    if (r2 < rs.params.x) {
      var dp = 0.0; // (1/r) d p_s/dr = Σ −2 t² a e^{−t² r²}
      for (var k = 0u; k < rs.counts.y; k++) { let s = shortTerms[k]; dp += -2.0 * s.x * s.y * exp(-s.x * r2); }
      gs += c.w * dp * d;
    }
  }
  out[2u * j] = vec4f(g, 0.0);
  out[2u * j + 1u] = vec4f(gs, 0.0);`,
});
