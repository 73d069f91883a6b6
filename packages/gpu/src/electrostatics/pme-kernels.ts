import { PME_MAX_ORDER } from '@equitensor/electrostatics';
import { GRID_WGSL } from '../md/cell-list-kernels.ts';
import { pairSumWgsl } from '../md/pair-kernels.ts';
import { defineKernel, type Kernel, LINEAR_INDEX_WGSL } from '../runtime/kernel.ts';

/** Workgroup size of the mesh-point kernels (the convolution's per-workgroup partial sums). */
export const PME_MESH_WG = 256;
const WG = 64;

/**
 * The `Pme` uniform block (112 bytes), packed by `packPmeUniform` in pme-potential.ts: the columns of cell⁻¹ (the
 * reciprocal vectors a*_α), the mesh, the atom count and order, and the constants of the sum.
 */
export const PME_WGSL = /* wgsl */ `
struct Pme {
  inv0: vec4f, inv1: vec4f, inv2: vec4f, // columns of cell⁻¹ (s_α = r · inv_α)
  mesh: vec4u,    // K0, K1, K2, K0·K1·K2
  info: vec4u,    // atoms, order p, convolution threads (partial sums), 0
  scale: vec4f,   // k_e, π²/α², 1/(πV), −k_e α/√π (self term per q²)
  extra: vec4f,   // background energy per unit charge (E_bg/Q, 0 when Q = 0), E_bg, 1/atoms, 0
}
`;

/**
 * B-spline stencils per atom, in the order of the mesh cell list (slot): the mesh cell ⌊u⌋ comes from the cell list's
 * binning (bins = mesh points), w = u − ⌊u⌋ from the wrapped position; weights M_p(w + t) and derivatives M_p'(w + t),
 * t = 0 … p−1, per axis (Essmann et al. eqs. 4.1–4.2, the recursion of electrostatics' `bsplineWeights`), stored as
 * 6p floats per slot (3p weights, then 3p derivatives); `base` holds ⌊u⌋ and the atom's index.
 */
export const pmeStencilKernel: Kernel = defineKernel({
  key: 'electrostatics/pme-stencils/v1',
  workgroupSize: WG,
  prelude: /* wgsl */ `${GRID_WGSL}
${PME_WGSL}
// M_p(w + t) for t < p into v, M_p'(w + t) into d (p ≥ 3)
fn bspline(w: f32, p: u32, v: ptr<function, array<f32, ${PME_MAX_ORDER}>>, d: ptr<function, array<f32, ${PME_MAX_ORDER}>>) {
  (*v)[0] = w; (*v)[1] = 1.0 - w;
  for (var n = 3u; n <= p; n++) {
    if (n == p) {
      (*d)[0] = (*v)[0];
      for (var j = 1u; j < p - 1u; j++) { (*d)[j] = (*v)[j] - (*v)[j - 1u]; }
      (*d)[p - 1u] = -(*v)[p - 2u];
    }
    let div = 1.0 / f32(n - 1u);
    (*v)[n - 1u] = div * (f32(n) - (w + f32(n - 1u))) * (*v)[n - 2u];
    for (var j = n - 2u; j >= 1u; j--) {
      let x = w + f32(j);
      (*v)[j] = div * (x * (*v)[j] + (f32(n) - x) * (*v)[j - 1u]);
    }
    (*v)[0] = div * w * (*v)[0];
  }
}`,
  bindings:
    'uniform grid: Grid, uniform pme: Pme, read binOfAtom: array<u32>, read sorted: array<vec4f>, write base: array<vec4u>, write stencil: array<f32>',
  index: 'slot',
  count: 'grid.dims.w',
  body: /* wgsl */ `  let q = sorted[slot];
  let i = bitcast<u32>(q.w);
  let c = binCoords(binOfAtom[i], grid);
  let r = q.xyz - grid.origin.xyz;
  let s = vec3f(dot(r, pme.inv0.xyz), dot(r, pme.inv1.xyz), dot(r, pme.inv2.xyz));
  let u = s * vec3f(pme.mesh.xyz);
  base[slot] = vec4u(vec3u(c), i);
  let p = pme.info.y;
  let o = 6u * p * slot;
  var v: array<f32, ${PME_MAX_ORDER}>;
  var d: array<f32, ${PME_MAX_ORDER}>;
  for (var a = 0u; a < 3u; a++) {
    // the wrapped position and the bin agree up to rounding: w may leave [0, 1] by ~1e-6 (the polynomials continue)
    bspline(u[a] - f32(c[a]), p, &v, &d);
    for (var t = 0u; t < p; t++) { stencil[o + a * p + t] = v[t]; stencil[o + 3u * p + a * p + t] = d[t]; }
  }`,
});

/**
 * Charge spreading without atomics, gather-style: one thread per mesh point k sums Q(k) = Σ_j q_j θ_j(k) over the atoms
 * of the p³ mesh cells c = k + t (t_α = 0 … p−1, wrapped) — an atom in cell ⌊u⌋ = c touches the points c − t with
 * weight Π_α M_p(w_α + t_α) — read as p² slot ranges of the mesh cell list. Deterministic (no float atomics, so no
 * order-dependent rounding and no fixed-point range to choose), float32; writes the complex mesh (Q, 0) for the FFT.
 */
export const pmeSpreadKernel: Kernel = defineKernel({
  key: 'electrostatics/pme-spread/v1',
  workgroupSize: PME_MESH_WG,
  prelude: `${PME_WGSL}${LINEAR_INDEX_WGSL}`,
  bindings:
    'uniform pme: Pme, read binStart: array<u32>, read base: array<vec4u>, read stencil: array<f32>, read charges: array<f32>, write mesh: array<vec2f>',
  index: 'idx',
  count: 'pme.mesh.w',
  body: /* wgsl */ `  let K = pme.mesh.xyz;
  let k2 = idx % K.z;
  let k1 = (idx / K.z) % K.y;
  let k0 = idx / (K.z * K.y);
  let p = pme.info.y;
  var sum = 0.0;
  // the cell list's bins run along axis 0 fastest: the p cells k0 … k0 + p − 1 of one (c1, c2) row are one slot range
  // (two when they wrap), and an atom's t0 is its cell's distance from k0
  let wraps = k0 + p > K.x;
  let firstEnd = select(k0 + p, K.x, wraps);
  for (var t1 = 0u; t1 < p; t1++) {
    let c1 = (k1 + t1) % K.y;
    for (var t2 = 0u; t2 < p; t2++) {
      let c2 = (k2 + t2) % K.z;
      let row = (c2 * K.y + c1) * K.x;
      for (var part = 0u; part < select(1u, 2u, wraps); part++) {
        let lo = select(row + k0, row, part == 1u);
        let hi = select(row + firstEnd, row + k0 + p - K.x, part == 1u);
        let end = binStart[hi];
        for (var slot = binStart[lo]; slot < end; slot++) {
          let o = 6u * p * slot;
          let c = base[slot];
          let t0 = (c.x + K.x - k0) % K.x;
          sum += charges[c.w] * stencil[o + t0] * stencil[o + p + t1] * stencil[o + 2u * p + t2];
        }
      }
    }
  }
  mesh[idx] = vec2f(sum, 0.0);`,
});

/** Mesh points per thread of the convolution (its partial sums, summed again by {@link pmeReduceKernel}). */
export const PME_CONVOLVE_CHUNK = 64;

const REDUCE_SHARED = /* wgsl */ `
var<workgroup> partial: array<array<f32, 8>, ${PME_MESH_WG}>;
`;

/**
 * The reciprocal-space multiply: at each mesh point (full spectrum, m_α = i_α or i_α − K_α) G(m) = B(m)
 * exp(−π²|m|²/α²)/(πV|m|²) with B the B-spline moduli and m = Σ m_α a*_α; S(m) ← G·S(m). Each thread takes
 * ${PME_CONVOLVE_CHUNK} consecutive points and writes its sums Σ G|S|² and Σ G|S|²·2(1 + π²m²/α²) m_a m_b/m² (the
 * energy and the virial of the mesh, as electrostatics' `PmeReciprocal`: the full spectrum needs no m/−m
 * symmetrisation, and the real part of the backward transform is the symmetrised potential) to `partials`
 * (8 floats per thread; no barriers).
 */
export const pmeConvolveKernel: Kernel = defineKernel({
  key: 'electrostatics/pme-convolve/v1',
  workgroupSize: WG,
  prelude: `${PME_WGSL}${LINEAR_INDEX_WGSL}`,
  bindings: 'uniform pme: Pme, read moduli: array<f32>, write mesh: array<vec2f>, write partials: array<f32>',
  index: 't',
  count: 'pme.info.z',
  body: /* wgsl */ `  let K = pme.mesh.xyz;
  var terms: array<f32, 8>;
  let first = t * ${PME_CONVOLVE_CHUNK}u;
  let last = min(first + ${PME_CONVOLVE_CHUNK}u, pme.mesh.w);
  for (var idx = first; idx < last; idx++) {
    if (idx == 0u) { mesh[0] = vec2f(0.0); continue; }
    let i2 = idx % K.z;
    let i1 = (idx / K.z) % K.y;
    let i0 = idx / (K.z * K.y);
    let m = vec3f(
      select(f32(i0), f32(i0) - f32(K.x), 2u * i0 > K.x),
      select(f32(i1), f32(i1) - f32(K.y), 2u * i1 > K.y),
      select(f32(i2), f32(i2) - f32(K.z), 2u * i2 > K.z));
    let mc = m.x * pme.inv0.xyz + m.y * pme.inv1.xyz + m.z * pme.inv2.xyz;
    let m2 = dot(mc, mc);
    let b = moduli[i0] * moduli[K.x + i1] * moduli[K.x + K.y + i2];
    let g = pme.scale.z * b * exp(-pme.scale.y * m2) / m2;
    let sv = mesh[idx];
    let e = g * dot(sv, sv);
    let v = e * 2.0 * (1.0 + pme.scale.y * m2) / m2;
    terms[0] += e;
    terms[1] += v * mc.x * mc.x; terms[2] += v * mc.y * mc.y; terms[3] += v * mc.z * mc.z;
    terms[4] += v * mc.x * mc.y; terms[5] += v * mc.x * mc.z; terms[6] += v * mc.y * mc.z;
    mesh[idx] = g * sv;
  }
  for (var c = 0u; c < 8u; c++) { partials[8u * t + c] = terms[c]; }`,
});

/** Sums the convolution's per-workgroup partials in one workgroup: `totals` = (Σ G|S|², the six virial sums, 0). */
export const pmeReduceKernel: Kernel = defineKernel({
  key: 'electrostatics/pme-reduce/v1',
  workgroupSize: PME_MESH_WG,
  prelude: `${PME_WGSL}${REDUCE_SHARED}`,
  bindings: 'uniform pme: Pme, read partials: array<f32>, write totals: array<f32>',
  parameters: '@builtin(local_invocation_id) lid: vec3u',
  body: /* wgsl */ `  let t = lid.x;
  var terms: array<f32, 8>;
  for (var w = t; w < pme.info.z; w += ${PME_MESH_WG}u) {
    for (var c = 0u; c < 7u; c++) { terms[c] += partials[8u * w + c]; }
  }
  partial[t] = terms;
  workgroupBarrier();
  for (var span = ${PME_MESH_WG / 2}u; span > 0u; span = span / 2u) {
    if (t < span) {
      for (var c = 0u; c < 7u; c++) { partial[t][c] = partial[t][c] + partial[t + span][c]; }
    }
    workgroupBarrier();
  }
  if (t == 0u) { for (var c = 0u; c < 8u; c++) { totals[c] = partial[0][c]; } }`,
});

/**
 * Force gathering, one thread per atom (mesh cell-list slot): φ(r_i) = Σ_k φ(k) θ_i(k) and its gradient from the
 * stencil (the real part of the backward-transformed mesh is φ), F_i += −k_e q_i Σ_k φ(k) ∇θ_i(k) with
 * ∂u_α/∂r = K_α a*_α; per-atom energy += ½ k_e q_i φ(r_i) + the self term −k_e α q_i²/√π + the background share;
 * per-atom virial += (mesh virial + background)/N — the mesh virial W_ab = E δ_ab − ½k_e Σ G|S|² 2(1 + π²m²/α²) m_a m_b/m²
 * is a sum over the mesh, not over atoms, so every atom carries an equal share (only the total is meaningful).
 * Adds to what the real-space kernel wrote.
 */
export const pmeGatherKernel: Kernel = defineKernel({
  key: 'electrostatics/pme-gather/v1',
  workgroupSize: WG,
  prelude: `${PME_WGSL}${LINEAR_INDEX_WGSL}`,
  bindings:
    'uniform pme: Pme, read base: array<vec4u>, read stencil: array<f32>, read charges: array<f32>, read mesh: array<vec2f>, read totals: array<f32>, write forces: array<vec4f>, write perAtom: array<f32>',
  index: 'slot',
  count: 'pme.info.x',
  body: /* wgsl */ `  let K = pme.mesh.xyz;
  let p = pme.info.y;
  let c = base[slot];
  let i = c.w;
  let q = charges[i];
  let o = 6u * p * slot;
  let od = o + 3u * p;
  var g = vec3f(0.0);
  var potential = 0.0;
  for (var t0 = 0u; t0 < p; t0++) {
    let i0 = (c.x + K.x - t0) % K.x;
    let wa = stencil[o + t0];
    let da = stencil[od + t0];
    var rowV = 0.0; var rowD1 = 0.0; var rowD2 = 0.0;
    for (var t1 = 0u; t1 < p; t1++) {
      let i1 = (c.y + K.y - t1) % K.y;
      let row = (i0 * K.y + i1) * K.z;
      var sv = 0.0; var sd = 0.0;
      for (var t2 = 0u; t2 < p; t2++) {
        let i2 = (c.z + K.z - t2) % K.z;
        let phi = mesh[row + i2].x;
        sv += phi * stencil[o + 2u * p + t2];
        sd += phi * stencil[od + 2u * p + t2];
      }
      let wb = stencil[o + p + t1];
      rowV += wb * sv;
      rowD1 += stencil[od + p + t1] * sv;
      rowD2 += wb * sd;
    }
    g += vec3f(da * rowV, wa * rowD1, wa * rowD2);
    potential += wa * rowV;
  }
  let ke = pme.scale.x;
  let h = g * vec3f(K);
  let f = -ke * q * (h.x * pme.inv0.xyz + h.y * pme.inv1.xyz + h.z * pme.inv2.xyz);
  forces[i] = vec4f(forces[i].xyz + f, 0.0);
  let e = 0.5 * ke * q * potential + pme.scale.w * q * q + pme.extra.x * q;
  // W = E_mesh δ − ½k_e Σ(...) m_a m_b, plus the background's E_bg δ; an equal share per atom
  let halfK = 0.5 * ke;
  let eMesh = halfK * totals[0];
  let share = pme.extra.z;
  let diag = vec3f(eMesh + pme.extra.y) - halfK * vec3f(totals[1], totals[2], totals[3]);
  let off = -halfK * vec3f(totals[4], totals[5], totals[6]);
  let w = 8u * i;
  perAtom[w] += e;
  perAtom[w + 1u] += share * diag.x; perAtom[w + 2u] += share * diag.y; perAtom[w + 3u] += share * diag.z;
  perAtom[w + 4u] += share * off.x; perAtom[w + 5u] += share * off.y; perAtom[w + 6u] += share * off.z;`,
});

/** `PmeReal` uniform: k_e, α, 2α/√π, the Born type count (0: Coulomb alone). */
const PME_REAL_WGSL = /* wgsl */ `
struct PmeReal { ke: f32, alpha: f32, twoAlphaOverSqrtPi: f32, types: u32 }
// erfc(x) for x ≥ 0 with fractional error < 1.2e-7 (Numerical Recipes' erfcc, Chebyshev fit)
fn erfcc(x: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.5 * x);
  return t * exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807
    + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
}
`;

/**
 * The real-space part of PME over the GPU cell list (the neighbour loop of the pair potentials): k_e q_i q_j
 * erfc(αr)/r for r < r_c, plus, with Born types, the Born-Mayer-Huggins pair of the two species (md's `BornPairTerms`:
 * A e^{σ/ρ} e^{−r/ρ} − C/r⁶ + D/r⁸ − shift below the pair's cutoff; Buckingham is the same with σ = D = 0) in the same
 * loop, as LAMMPS' `born/coul/long`. Per type pair two vec4: (A e^{σ/ρ}, 1/ρ, C, D), (shift, r_c², 0, 0). One thread
 * per atom over the full neighbour list; writes forces and per-atom energy and virial halves (the mesh adds to them).
 */
export const pmeRealSpaceKernel: Kernel = defineKernel({
  key: 'electrostatics/pme-real-space/v1',
  workgroupSize: WG,
  prelude: `${GRID_WGSL}${PME_REAL_WGSL}`,
  bindings:
    'uniform grid: Grid, read wrapped: array<vec4f>, read binOfAtom: array<u32>, read binStart: array<u32>, read sorted: array<vec4f>, uniform real: PmeReal, read charges: array<f32>, read bornParams: array<vec4f>, write forces: array<vec4f>, write perAtom: array<f32>',
  index: 'slot',
  count: 'grid.dims.w',
  body: /* wgsl */ `  let i = bitcast<u32>(sorted[slot].w);
  let qi = real.ke * charges[i];
  let rowOfI = bitcast<u32>(wrapped[i].w) * real.types;
${pairSumWgsl(/* wgsl */ `
          let r = sqrt(r2);
          let ir2 = 1.0 / r2;
          let qq = qi * charges[j];
          let x = real.alpha * r;
          let screened = erfcc(x) / r;
          var pair = qq * screened;
          var fOverR = qq * (screened + real.twoAlphaOverSqrtPi * exp(-x * x)) * ir2;
          if (real.types > 0u) {
            let row = 2u * (rowOfI + bitcast<u32>(wrapped[j].w));
            let born = bornParams[row];
            let limits = bornParams[row + 1u];
            if (r2 < limits.y) {
              let rexp = born.x * exp(-r * born.y);
              let ir6 = ir2 * ir2 * ir2;
              let c6 = born.z * ir6;
              let d8 = born.w * ir6 * ir2;
              pair += rexp - c6 + d8 - limits.x;
              fOverR += rexp * born.y / r + (8.0 * d8 - 6.0 * c6) * ir2;
            }
          }
          let pairEnergy = pair;
          let pairFOverR = fOverR;`)}`,
});
