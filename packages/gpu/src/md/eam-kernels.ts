import { defineKernel, type Kernel } from '../runtime/kernel.ts';
import { GRID_WGSL, NEIGHBOUR_LOOP_WGSL } from './cell-list-kernels.ts';

const WG = 64;

/** Uniform block of the EAM kernels (48 bytes). */
export const EAM_UNIFORM_BYTES = 48;

/** Bindings 0–6 of both EAM passes: the cell list, the uniforms and the spline tables. */
const EAM_BINDINGS =
  'uniform grid: Grid, uniform eam: Eam, read wrapped: array<vec4f>, read binOfAtom: array<u32>, read binStart: array<u32>, read sorted: array<vec4f>, read tables: array<f32>';

const EAM_COMMON = /* wgsl */ `${GRID_WGSL}
struct Eam {
  rdr: f32, rdrho: f32, rhomax: f32, elements: u32,
  nr: u32, nrho: u32, baseRho: u32, basePair: u32,
  strideF: u32, strideR: u32, pad0: u32, pad1: u32,
}
// LAMMPS' spline layout: 7 coefficients per grid point m (1-based), [0..2] derivative, [3..6] value.
fn splineValue(base: u32, m: u32, p: f32) -> f32 {
  let c = base + 7u * m;
  return ((tables[c + 3u] * p + tables[c + 4u]) * p + tables[c + 5u]) * p + tables[c + 6u];
}
fn splineSlope(base: u32, m: u32, p: f32) -> f32 {
  let c = base + 7u * m;
  return (tables[c] * p + tables[c + 1u]) * p + tables[c + 2u];
}
fn radialIndex(r: f32) -> vec2f {
  var p = r * eam.rdr + 1.0;
  let m = min(floor(p), f32(eam.nr - 1u));
  p = min(p - m, 1.0);
  return vec2f(m, p);
}
fn rhoTable(element: u32) -> u32 { return eam.baseRho + element * eam.strideR; }
fn pairTable(a: u32, b: u32) -> u32 {
  let hi = max(a, b); let lo = min(a, b);
  return eam.basePair + ((hi * (hi + 1u)) / 2u + lo) * eam.strideR;
}
`;

/**
 * EAM pass 1: ρ_i = Σ_j ρ_{s_j}(r_ij) over the cell list, then F(ρ_i) and F′(ρ_i) (linear
 * extrapolation past ρ_max, as LAMMPS). Writes fp[i] and the embedding energy to perAtom[8i].
 */
export const eamDensityKernel: Kernel = defineKernel({
  key: 'md/eam/density/v2',
  workgroupSize: WG,
  prelude: EAM_COMMON,
  bindings: `${EAM_BINDINGS}, write fp: array<f32>, write perAtom: array<f32>`,
  index: 'slot',
  count: 'grid.dims.w',
  body: /* wgsl */ `  // Threads walk the atoms in bin order, so neighbouring threads read the same bins.
  let i = bitcast<u32>(sorted[slot].w);
  var rho = 0.0;
  ${NEIGHBOUR_LOOP_WGSL(/* wgsl */ `
          let mp = radialIndex(sqrt(r2));
          rho += splineValue(rhoTable(bitcast<u32>(wrapped[j].w)), u32(mp.x), mp.y);`)}
  let si = bitcast<u32>(wrapped[i].w);
  var p = rho * eam.rdrho + 1.0;
  let m = clamp(floor(p), 1.0, f32(eam.nrho - 1u));
  p = min(p - m, 1.0);
  let base = si * eam.strideF;
  let slope = splineSlope(base, u32(m), p);
  var embed = splineValue(base, u32(m), p);
  if (rho > eam.rhomax) { embed += slope * (rho - eam.rhomax); }
  fp[i] = slope;
  perAtom[8u * i] = embed;`,
});

/**
 * EAM pass 2: forces, pair energies and virial from F′ of both atoms:
 * ψ′ = F′_i ρ′_{s_j}(r) + F′_j ρ′_{s_i}(r) + φ′(r), φ = z2r(r)/r; f_i += ψ′·d/r (d = r_j − r_i).
 */
export const eamForceKernel: Kernel = defineKernel({
  key: 'md/eam/forces/v2',
  workgroupSize: WG,
  prelude: EAM_COMMON,
  bindings: `${EAM_BINDINGS}, read fp: array<f32>, write forces: array<vec4f>, write perAtom: array<f32>`,
  index: 'slot',
  count: 'grid.dims.w',
  body: /* wgsl */ `  // Threads walk the atoms in bin order, so neighbouring threads read the same bins.
  let i = bitcast<u32>(sorted[slot].w);
  let si = bitcast<u32>(wrapped[i].w);
  let fpi = fp[i];
  var f = vec3f(0.0);
  var e = 0.0;
  var wd = vec3f(0.0);
  var wo = vec3f(0.0);
  ${NEIGHBOUR_LOOP_WGSL(/* wgsl */ `
          let sj = bitcast<u32>(wrapped[j].w);
          let r = sqrt(r2);
          let mp = radialIndex(r);
          let m = u32(mp.x);
          let rhoip = splineSlope(rhoTable(si), m, mp.y);
          let rhojp = splineSlope(rhoTable(sj), m, mp.y);
          let zt = pairTable(si, sj);
          let z2 = splineValue(zt, m, mp.y);
          let z2p = splineSlope(zt, m, mp.y);
          let recip = 1.0 / r;
          let phi = z2 * recip;
          let phip = z2p * recip - phi * recip;
          let psip = fpi * rhojp + fp[j] * rhoip + phip;
          let fOverR = -psip * recip;
          f -= fOverR * d;
          e += 0.5 * phi;
          let h = 0.5 * fOverR;
          wd += h * d * d;
          wo += h * vec3f(d.x * d.y, d.x * d.z, d.y * d.z);`)}
  forces[i] = vec4f(f, 0.0);
  let o = 8u * i;
  perAtom[o] = perAtom[o] + e;
  perAtom[o + 1u] = wd.x; perAtom[o + 2u] = wd.y; perAtom[o + 3u] = wd.z;
  perAtom[o + 4u] = wo.x; perAtom[o + 5u] = wo.y; perAtom[o + 6u] = wo.z;
  perAtom[o + 7u] = 0.0;`,
});
