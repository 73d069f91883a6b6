import { defineKernel, type Kernel } from '../runtime/kernel.ts';
import { GRID_WGSL, NEIGHBOUR_LOOP_WGSL } from './cell-list-kernels.ts';

const WG = 64;

/**
 * A pair interaction in WGSL: `fn pairTerm(r2: f32, p: vec4f) -> vec2f` returning
 * (φ(r), −φ′(r)/r) for the parameters `p` of the pair's types.
 */
export interface PairTermWgsl {
  readonly name: string;
  readonly wgsl: string;
}

/**
 * Lennard-Jones: p = (ε, σ², unused, energy shift). φ = 4ε[(σ/r)¹² − (σ/r)⁶] − shift.
 *
 * @example
 * ```ts
 * const kernel = pairForceKernel(LENNARD_JONES_WGSL);
 * ```
 */
export const LENNARD_JONES_WGSL: PairTermWgsl = {
  name: 'lj',
  wgsl: /* wgsl */ `
fn pairTerm(r2: f32, p: vec4f) -> vec2f {
  let s2 = p.y / r2;
  let s6 = s2 * s2 * s2;
  let energy = 4.0 * p.x * (s6 * s6 - s6) - p.w;
  let fOverR = 24.0 * p.x * (2.0 * s6 * s6 - s6) / r2;
  return vec2f(energy, fOverR);
}`,
};

/**
 * Morse: p = (D, α, r₀, energy shift). φ = D[e^{−2α(r−r₀)} − 2e^{−α(r−r₀)}] − shift.
 *
 * @example
 * ```ts
 * const kernel = pairForceKernel(MORSE_WGSL);
 * ```
 */
export const MORSE_WGSL: PairTermWgsl = {
  name: 'morse',
  wgsl: /* wgsl */ `
fn pairTerm(r2: f32, p: vec4f) -> vec2f {
  let r = sqrt(r2);
  let e1 = exp(-p.y * (r - p.z));
  let energy = p.x * (e1 * e1 - 2.0 * e1) - p.w;
  let fOverR = 2.0 * p.y * p.x * (e1 * e1 - e1) / r;
  return vec2f(energy, fOverR);
}`,
};

/**
 * The per-atom pair sum of a force kernel (WGSL, after `let i` = the atom): over the neighbour loop
 * ({@link NEIGHBOUR_LOOP_WGSL}), `term` defines `pairEnergy` φ and `pairFOverR` −φ′/r of the pair; the sum adds f_i −=
 * (−φ′/r)·d, e_i += φ/2, W_i += (−φ′/r)·d⊗d/2 (d = r_j − r_i) and writes `forces[i]` (vec4) and `perAtom` (8 floats: e,
 * Wxx, Wyy, Wzz, Wxy, Wxz, Wyz, 0).
 *
 * @example
 * ```ts
 * const body = `let i = …; ${pairSumWgsl('let pairEnergy = 0.0; let pairFOverR = 0.0;')}`;
 * ```
 */
export function pairSumWgsl(term: string): string {
  return /* wgsl */ `
  var f = vec3f(0.0);
  var e = 0.0;
  var wd = vec3f(0.0);
  var wo = vec3f(0.0);
  ${NEIGHBOUR_LOOP_WGSL(/* wgsl */ `${term}
          e += 0.5 * pairEnergy;
          f -= pairFOverR * d;
          let h = 0.5 * pairFOverR;
          wd += h * d * d;
          wo += h * vec3f(d.x * d.y, d.x * d.z, d.y * d.z);`)}
  forces[i] = vec4f(f, 0.0);
  let o = 8u * i;
  perAtom[o] = e;
  perAtom[o + 1u] = wd.x; perAtom[o + 2u] = wd.y; perAtom[o + 3u] = wd.z;
  perAtom[o + 4u] = wo.x; perAtom[o + 5u] = wo.y; perAtom[o + 6u] = wo.z;
  perAtom[o + 7u] = 0.0;`;
}

/**
 * The force pass of a pair potential over the GPU cell list: per atom i (a thread), sum over the
 * neighbour images j of f_i −= (−φ′/r)·d, e_i += φ/2, W_i += (−φ′/r)·d⊗d/2 with d = r_j − r_i.
 * Outputs `forces` (vec4 per atom) and `perAtom` (8 floats: e, Wxx, Wyy, Wzz, Wxy, Wxz, Wyz, 0).
 *
 * @example
 * ```ts
 * const kernel = pairForceKernel(LENNARD_JONES_WGSL); // kernel.key === 'md/pair-forces/lj/v1'
 * ```
 */
export function pairForceKernel(term: PairTermWgsl): Kernel {
  return defineKernel({
    key: `md/pair-forces/${term.name}/v1`,
    workgroupSize: WG,
    prelude: /* wgsl */ `${GRID_WGSL}
${term.wgsl}`,
    bindings:
      'uniform grid: Grid, read wrapped: array<vec4f>, read binOfAtom: array<u32>, read binStart: array<u32>, read sorted: array<vec4f>, read pairParams: array<vec4f>, write forces: array<vec4f>, write perAtom: array<f32>',
    index: 'slot',
    count: 'grid.dims.w',
    body: /* wgsl */ `  // Threads walk the atoms in bin order, so neighbouring threads read the same bins.
  let i = bitcast<u32>(sorted[slot].w);
  let types = u32(grid.reach.w);
  let rowOfI = bitcast<u32>(wrapped[i].w) * types;
${pairSumWgsl(/* wgsl */ `
          let term = pairTerm(r2, pairParams[rowOfI + bitcast<u32>(wrapped[j].w)]);
          let pairEnergy = term.x;
          let pairFOverR = term.y;`)}`,
  });
}
