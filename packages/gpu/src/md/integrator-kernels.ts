import { defineKernel, type Kernel, LINEAR_INDEX_WGSL } from '../runtime/kernel.ts';

const WG = 64;

/**
 * Uniforms of the integrator kernels: dt, dt/2, Langevin c₁ = e^{−γdt}, c₂ = √(1 − c₁²), kT, and
 * the atom count. Velocities carry 1/m (in acceleration units) in their w lane.
 */
export const INTEGRATOR_UNIFORM_BYTES = 32;

const HEADER = /* wgsl */ `
struct Step { dt: f32, halfDt: f32, c1: f32, c2: f32, kT: f32, n: u32, pad0: u32, pad1: u32 }
${LINEAR_INDEX_WGSL}`;

/** Bindings 0–3 of the integrator kernels that move the atoms. */
const STEP_BINDINGS = 'uniform step: Step, write positions: array<vec4f>, write velocities: array<vec4f>, read forces: array<vec4f>';

/** Velocity Verlet, first half: v ← v + (dt/2)·f/m, r ← r + dt·v. */
export const kickDriftKernel: Kernel = defineKernel({
  key: 'md/integrate/kick-drift/v1',
  workgroupSize: WG,
  prelude: HEADER,
  bindings: STEP_BINDINGS,
  index: 'i',
  count: 'step.n',
  body: /* wgsl */ `  let v0 = velocities[i];
  let v = v0.xyz + step.halfDt * v0.w * forces[i].xyz;
  velocities[i] = vec4f(v, v0.w);
  let p = positions[i];
  positions[i] = vec4f(p.xyz + step.dt * v, p.w);`,
});

/** Velocity Verlet second half (and BAOAB's last B): v ← v + (dt/2)·f/m. */
export const kickKernel: Kernel = defineKernel({
  key: 'md/integrate/kick/v1',
  workgroupSize: WG,
  prelude: HEADER,
  bindings: 'uniform step: Step, write velocities: array<vec4f>, read forces: array<vec4f>',
  index: 'i',
  count: 'step.n',
  body: /* wgsl */ `  let v0 = velocities[i];
  velocities[i] = vec4f(v0.xyz + step.halfDt * v0.w * forces[i].xyz, v0.w);`,
});

/**
 * Langevin BAOAB (Leimkuhler-Matthews) up to the force call: B (half kick), A (half drift),
 * O (v ← c₁v + c₂√(kT/m)·ξ, ξ standard normal from a per-atom PCG stream), A (half drift).
 * With γ = 0 (c₁ = 1, c₂ = 0) it is velocity Verlet.
 */
export const langevinBaoaKernel: Kernel = defineKernel({
  key: 'md/integrate/langevin-baoa/v1',
  workgroupSize: WG,
  prelude: /* wgsl */ `${HEADER}
fn pcg(state: ptr<function, u32>) -> u32 {
  *state = *state * 747796405u + 2891336453u;
  let s = *state;
  let word = ((s >> ((s >> 28u) + 4u)) ^ s) * 277803737u;
  return (word >> 22u) ^ word;
}
// Uniform in (0, 1] from 24 random bits.
fn uniform01(state: ptr<function, u32>) -> f32 { return (f32(pcg(state) >> 8u) + 1.0) / 16777216.0; }
fn normalPair(state: ptr<function, u32>) -> vec2f {
  let r = sqrt(-2.0 * log(uniform01(state)));
  let t = 6.283185307179586 * uniform01(state);
  return vec2f(r * cos(t), r * sin(t));
}`,
  bindings: `${STEP_BINDINGS}, write rng: array<u32>`,
  index: 'i',
  count: 'step.n',
  body: /* wgsl */ `  let v0 = velocities[i];
  let invMass = v0.w;
  var v = v0.xyz + step.halfDt * invMass * forces[i].xyz;
  let p = positions[i];
  var r = p.xyz + step.halfDt * v;
  var state = rng[i];
  let n01 = normalPair(&state);
  let n23 = normalPair(&state);
  rng[i] = state;
  v = step.c1 * v + step.c2 * sqrt(step.kT * invMass) * vec3f(n01.x, n01.y, n23.x);
  r = r + step.halfDt * v;
  velocities[i] = vec4f(v, invMass);
  positions[i] = vec4f(r, p.w);`,
});
