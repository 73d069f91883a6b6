import { assertClose, assertScalarClose, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import {
  type AtomsState,
  bussi,
  createSystem,
  kineticEnergy,
  langevin,
  ljUnits,
  metalUnits,
  noseHooverChain,
  type Potential,
  type PotentialResult,
  Random,
  type System,
  type UnitSystem,
  velocityVerlet,
} from '../src/index.ts';
import { chainEnergy } from '../src/integrators/chain.ts';
import { meanAndError } from './energy-order.ts';

// Fast integrator tests (a few atoms in harmonic traps, < 1 s each) against closed forms, exact one-step formulas
// and an independent high-accuracy solution of the equations of motion: the ones mutation testing runs
// (stryker/integrators.vitest.ts); the long Cu EAM and LJ liquid runs stay in integrators.test.ts and thermostats.test.ts.

/** Independent isotropic traps E = ½κ Σᵢ |xᵢ|² (open boundaries): every coordinate of atom i oscillates at ω² = κ·af/mᵢ. */
class HarmonicTrap implements Potential {
  readonly name = 'trap';
  readonly cutoff = 0;
  constructor(readonly kappa: number) {}
  compute(atoms: AtomsState): PotentialResult {
    const x = atoms.positions;
    const forces = x.map((v) => -this.kappa * v);
    const virial = new Float64Array(9);
    for (let i = 0; i < x.length; i += 3)
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) virial[3 * a + b] = virial[3 * a + b]! + x[i + a]! * forces[i + b]!;
    return { energy: 0.5 * this.kappa * x.reduce((e, v) => e + v * v, 0), forces, virial };
  }
}

/** `masses.length` atoms at seeded random positions (σ 0.3) and velocities (σ `speed`). */
function trapped(masses: readonly number[], seed: number, speed = 0.5): System {
  const rng = new SeededRng(seed);
  const n = masses.length;
  return createSystem({
    numbers: new Array(n).fill(1),
    masses,
    positions: Array.from({ length: 3 * n }, () => 0.3 * rng.normal()),
    velocities: Array.from({ length: 3 * n }, () => speed * rng.normal()),
  });
}

const copy = (s: System) => ({ x: Float64Array.from(s.positions), v: Float64Array.from(s.velocities) });
/** E_pot + E_kin of the trap, written out (½κx² + ½mv²/af), for the conserved quantities. */
const trapEnergy = (s: System, kappa: number, units: UnitSystem) =>
  s.positions.reduce((e, x) => e + 0.5 * kappa * x * x, 0) +
  s.velocities.reduce((e, v, k) => e + (0.5 * s.masses[Math.floor(k / 3)]! * v * v) / units.accelerationFactor, 0);

describe('velocity Verlet on harmonic traps (closed form of the discrete map)', () => {
  // For ẍ = −ω²x one step is the linear map M = [[1−a, h], [−ω²h(1−a/2), 1−a]], a = (ωh)²/2, det M = 1, so
  // Mⁿ = cos nθ·I + (sin nθ/sin θ)(M − cos θ·I) with cos θ = 1 − a: x_n = x₀ cos nθ + h v₀ sin nθ/sin θ,
  // v_n = v₀ cos nθ − ω²h(1 − a/2) x₀ sin nθ/sin θ (the exact solution with the shadow frequency θ/h).
  function closedForm(s0: { x: Float64Array; v: Float64Array }, masses: Float64Array, kappa: number, af: number, h: number, n: number) {
    const x = new Float64Array(s0.x.length);
    const v = new Float64Array(s0.v.length);
    for (let k = 0; k < x.length; k++) {
      const w2 = (kappa * af) / masses[Math.floor(k / 3)]!;
      const a = 0.5 * w2 * h * h;
      const theta = 2 * Math.asin(0.5 * Math.sqrt(w2) * h); // cos θ = 1 − 2 sin²(θ/2) = 1 − a, better conditioned than acos
      const ratio = Math.sin(n * theta) / Math.sin(theta);
      x[k] = s0.x[k]! * Math.cos(n * theta) + h * s0.v[k]! * ratio;
      v[k] = s0.v[k]! * Math.cos(n * theta) - w2 * h * (1 - a / 2) * s0.x[k]! * ratio;
    }
    return { x, v };
  }

  for (const [label, units] of [
    ['lj units', ljUnits],
    ['metal units by default', undefined],
  ] as const) {
    it(`follows xₙ, vₙ of the discrete map for 300 steps (${label}, three masses)`, () => {
      const u = units ?? metalUnits;
      const kappa = 1.3;
      // ω·h = 0.05–0.4 over the masses (metal: masses in amu, af = 1e-4·(eV/amu)/(Å/fs)² scale)
      const h = units === undefined ? 1 : 0.05;
      const masses = units === undefined ? [1.008, 12.011, 63.546] : [1, 2.5, 7];
      const system = trapped(masses, 3, units === undefined ? 0.01 : 0.5);
      const start = copy(system);
      const nve = velocityVerlet(new HarmonicTrap(kappa), units === undefined ? { dt: h } : { dt: h, units });
      expect(nve.name).toBe('nve');
      expect(nve.dt).toBe(h);
      expect(nve.units).toBe(u);
      const state = nve.init(system);
      const e0 = nve.conservedEnergy(state);
      assertScalarClose(e0, trapEnergy(system, kappa, u), { rtol: 1e-15 }, 'E₀');
      for (let s = 0; s < 300; s++) nve.step(state);
      const want = closedForm(start, system.masses, kappa, u.accelerationFactor, h, 300);
      // a unit-determinant map: rounding (2⁻⁵² per operation) grows at most linearly, ~300·1e-16 of the amplitude
      const amplitude = Math.max(...Array.from(start.x, Math.abs), ...Array.from(start.v, (v) => h * Math.abs(v)));
      assertClose(system.positions, want.x, { rtol: 0, atol: 1e-12 * amplitude }, 'positions');
      assertClose(system.velocities, want.v, { rtol: 0, atol: (1e-12 * amplitude) / h }, 'velocities');
      expect(state.step).toBe(300);
      assertScalarClose(state.time, 300 * h, { rtol: 1e-14 }, 'time');
      assertScalarClose(nve.conservedEnergy(state), trapEnergy(system, kappa, u), { rtol: 1e-14 }, 'E = E_pot + E_kin');
      assertScalarClose(state.potentialEnergy, 0.5 * kappa * system.positions.reduce((e, x) => e + x * x, 0), { rtol: 1e-14 }, 'E_pot');
      assertClose(
        state.forces,
        system.positions.map((x) => -kappa * x),
        { rtol: 1e-15, atol: 0 },
        'forces of the last positions',
      );
    });
  }

  it('refuses a time step that is not a positive finite number, naming it', () => {
    for (const dt of [0, -0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => velocityVerlet(new HarmonicTrap(1), { dt })).toThrow(`time step must be a positive number, got ${dt}`);
      expect(() => langevin(new HarmonicTrap(1), { dt, temperature: 1, friction: 1 })).toThrow(/time step must be a positive/);
      expect(() => bussi(new HarmonicTrap(1), { dt, temperature: 1 })).toThrow(/time step must be a positive/);
      expect(() => noseHooverChain(new HarmonicTrap(1), { dt, temperature: 1 })).toThrow(/time step must be a positive/);
    }
  });
});

describe('Langevin (BAOAB) one step at a time', () => {
  // The BAOAB splitting of Leimkuhler & Matthews (2013), written out per coordinate: B (half kick), A (half drift),
  // O (exact Ornstein–Uhlenbeck: v ← c₁v + √(1 − c₁²)·√(kT·af/m)·ξ, c₁ = e^{−γh}, ξ the seeded normals atom by atom,
  // x, y, z), A, B. The heat is the kinetic energy the O step removed.
  function baoab(system: System, kappa: number, u: UnitSystem, h: number, gamma: number, t: number, rng: Random, steps: number) {
    const x = Float64Array.from(system.positions);
    const v = Float64Array.from(system.velocities);
    const m = (k: number) => system.masses[Math.floor(k / 3)]!;
    const ke = () => v.reduce((e, vk, k) => e + (0.5 * m(k) * vk * vk) / u.accelerationFactor, 0);
    const c1 = Math.exp(-gamma * h);
    let heat = 0;
    for (let s = 0; s < steps; s++) {
      for (let k = 0; k < x.length; k++) v[k] = v[k]! + (0.5 * h * -kappa * x[k]! * u.accelerationFactor) / m(k);
      for (let k = 0; k < x.length; k++) x[k] = x[k]! + 0.5 * h * v[k]!;
      const before = ke();
      for (let k = 0; k < x.length; k++)
        v[k] = c1 * v[k]! + Math.sqrt(1 - c1 * c1) * Math.sqrt((u.kB * t * u.accelerationFactor) / m(k)) * rng.normal();
      heat += before - ke();
      for (let k = 0; k < x.length; k++) x[k] = x[k]! + 0.5 * h * v[k]!;
      for (let k = 0; k < x.length; k++) v[k] = v[k]! + (0.5 * h * -kappa * x[k]! * u.accelerationFactor) / m(k);
    }
    return { x, v, heat };
  }

  for (const [label, units, seed] of [
    ['lj units, seed 7', ljUnits, 7],
    ['metal units and seed 0 by default', undefined, undefined],
  ] as const) {
    it(`gives the written-out BAOAB update for three steps (${label})`, () => {
      const u = units ?? metalUnits;
      const metal = units === undefined;
      const kappa = 0.8;
      const [h, gamma, t] = metal ? [1.5, 0.05, 300] : [0.05, 2, 1.2];
      const system = trapped(metal ? [1.008, 15.999] : [1, 3], 5, metal ? 0.02 : 0.7);
      const want = baoab(system, kappa, u, h, gamma, t, new Random(seed ?? 0), 3);
      const options = { dt: h, temperature: t, friction: gamma };
      const ld = langevin(new HarmonicTrap(kappa), { ...options, ...(metal ? {} : { units }), ...(seed === undefined ? {} : { seed }) });
      expect(ld.name).toBe('langevin');
      expect(ld.units).toBe(u);
      const state = ld.init(system);
      for (let s = 0; s < 3; s++) ld.step(state);
      // a few dozen floating-point operations per coordinate: rounding well below 1e-13 relative
      assertClose(system.positions, want.x, { rtol: 1e-13, atol: 1e-15 }, 'positions');
      assertClose(system.velocities, want.v, { rtol: 1e-13, atol: 1e-15 }, 'velocities');
      assertScalarClose(state.extra[0]!, want.heat, { rtol: 1e-11 }, 'heat taken by the bath');
      expect(Math.abs(want.heat)).toBeGreaterThan(0);
      assertScalarClose(ld.conservedEnergy(state), trapEnergy(system, kappa, u) + want.heat, { rtol: 1e-13 }, 'conserved quantity');
      expect(state.step).toBe(3);
      assertScalarClose(state.time, 3 * h, { rtol: 1e-15 }, 'time');
    });
  }

  it('refuses a negative or NaN temperature and a negative or infinite friction', () => {
    const trap = new HarmonicTrap(1);
    for (const temperature of [-1, Number.NaN])
      expect(() => langevin(trap, { dt: 1, temperature, friction: 1 })).toThrow(`temperature must be ≥ 0, got ${temperature}`);
    for (const friction of [-1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => langevin(trap, { dt: 1, temperature: 1, friction })).toThrow(`friction must be ≥ 0, got ${friction}`);
    // the boundary values are allowed: T = 0 (damping only) and γ = 0 (velocity Verlet)
    expect(() => langevin(trap, { dt: 1, temperature: 0, friction: 0 })).not.toThrow();
  });
});

describe('Bussi stochastic velocity rescaling', () => {
  // Bussi, Donadio & Parrinello (2007), eq. (A7): K' = K + (1 − c)(K̄(R₁² + Σᵢ₌₂^{N_f} Rᵢ²)/N_f − K) + 2R₁√(c(1 − c)K K̄/N_f),
  // c = e^{−(h/2)/τ} for each half step, velocities × √(K'/K); the sum of N_f − 1 squared normals drawn as χ²(N_f − 1).
  function rescaled(v: Float64Array, masses: Float64Array, u: UnitSystem, t: number, c: number, rng: Random) {
    const nf = 3 * masses.length - 3; // LAMMPS' compute temp: centre-of-mass motion removed
    const k = v.reduce((e, vk, j) => e + (0.5 * masses[Math.floor(j / 3)]! * vk * vk) / u.accelerationFactor, 0);
    const kBar = 0.5 * nf * u.kB * t;
    const r1 = rng.normal();
    const rest = rng.chiSquared(nf - 1);
    const k2 = k + (1 - c) * ((kBar * (r1 * r1 + rest)) / nf - k) + 2 * r1 * Math.sqrt((c * (1 - c) * k * kBar) / nf);
    const alpha = Math.sqrt(k2 / k);
    for (let j = 0; j < v.length; j++) v[j] = v[j]! * alpha;
    return k - k2;
  }

  for (const [label, units, seed, tau] of [
    ['lj units, seed 11, τ = 0.3', ljUnits, 11, 0.3],
    ['metal units, seed 0 and τ = 100 h by default', undefined, undefined, undefined],
  ] as const) {
    it(`rescales by eq. (A7) around a velocity Verlet step, twice (${label})`, () => {
      const u = units ?? metalUnits;
      const metal = units === undefined;
      const kappa = 1.1;
      const [h, t] = metal ? [2, 250] : [0.04, 0.9]; // h ≠ 1 fs: τ = 100·h must not equal 100/h
      const masses = metal ? [1.008, 15.999, 22.99] : [1, 2, 5];
      const system = trapped(masses, 9, metal ? 0.02 : 0.6);
      // reference: rescale, kick, drift, kick (forces −κx), rescale; per step
      const rng = new Random(seed ?? 0);
      const c = Math.exp(-(0.5 * h) / (tau ?? 100 * h));
      const x = Float64Array.from(system.positions);
      const v = Float64Array.from(system.velocities);
      const af = u.accelerationFactor;
      let heat = 0;
      for (let s = 0; s < 2; s++) {
        heat += rescaled(v, system.masses, u, t, c, rng);
        for (let k = 0; k < x.length; k++) v[k] = v[k]! + (0.5 * h * -kappa * x[k]! * af) / masses[Math.floor(k / 3)]!;
        for (let k = 0; k < x.length; k++) x[k] = x[k]! + h * v[k]!;
        for (let k = 0; k < x.length; k++) v[k] = v[k]! + (0.5 * h * -kappa * x[k]! * af) / masses[Math.floor(k / 3)]!;
        heat += rescaled(v, system.masses, u, t, c, rng);
      }
      const nvt = bussi(new HarmonicTrap(kappa), {
        dt: h,
        temperature: t,
        ...(metal ? {} : { units }),
        ...(seed === undefined ? {} : { seed }),
        ...(tau === undefined ? {} : { tau }),
      });
      expect(nvt.name).toBe('bussi');
      expect(nvt.units).toBe(u);
      const state = nvt.init(system);
      for (let s = 0; s < 2; s++) nvt.step(state);
      // tens of operations per coordinate and a square root: rounding well below 1e-13 relative
      assertClose(system.positions, x, { rtol: 1e-13, atol: 1e-15 }, 'positions');
      assertClose(system.velocities, v, { rtol: 1e-13, atol: 1e-15 }, 'velocities');
      expect(Math.abs(heat)).toBeGreaterThan(0);
      assertScalarClose(state.extra[0]!, heat, { rtol: 1e-11 }, 'heat taken by the bath');
      assertScalarClose(nvt.conservedEnergy(state), trapEnergy(system, kappa, u) + heat, { rtol: 1e-12 }, 'conserved quantity');
      expect(state.step).toBe(2);
      assertScalarClose(state.time, 2 * h, { rtol: 1e-15 }, 'time');
    });
  }

  it('draws the canonical kinetic energy each half step when τ ≪ h (Gamma moments, 3,000 draws)', () => {
    // c = e^{−h/2τ} ≈ 0: K' = K̄(R₁² + χ²_{N_f−1})/N_f = (kT/2)·χ²_{N_f}, independent of K. Mean N_f kT/2, variance
    // N_f (kT)²/2, fourth central moment σ⁴(3 + 12/N_f); 99.9 % two-sided normal quantile 3.29 on each.
    const t = 1.5;
    const system = trapped([1, 1, 2, 3], 21);
    const nf = 9;
    const nvt = bussi(new HarmonicTrap(1), { dt: 0.01, temperature: t, tau: 1e-4, units: ljUnits, seed: 5 });
    const state = nvt.init(system);
    const samples: number[] = [];
    for (let s = 0; s < 3000; s++) {
      nvt.step(state);
      samples.push(kineticEnergy(system, ljUnits));
    }
    const { mean, stderr } = meanAndError(samples);
    const sigma2 = (nf * t * t) / 2;
    expect(Math.abs(mean - (nf * t) / 2)).toBeLessThan(3.29 * Math.sqrt(sigma2 / samples.length));
    expect(stderr).toBeGreaterThan(0);
    const variance = samples.reduce((a, k) => a + (k - mean) ** 2, 0) / (samples.length - 1);
    expect(Math.abs(variance - sigma2)).toBeLessThan(3.29 * sigma2 * Math.sqrt((2 + 12 / nf) / samples.length));
  });

  it('leaves a system at rest in its minimum at rest (no direction to scale) and refuses τ ≤ 0 or T < 0', () => {
    const system = createSystem({ numbers: [1, 1, 1], positions: new Float64Array(9) });
    const nvt = bussi(new HarmonicTrap(1), { dt: 0.1, temperature: 2, units: ljUnits });
    const state = nvt.init(system);
    nvt.step(state);
    expect(Array.from(system.velocities)).toEqual(new Array(9).fill(0));
    expect(state.extra[0]).toBe(0);
    expect(() => bussi(new HarmonicTrap(1), { dt: 1, temperature: 1, tau: 0 })).toThrow('tau must be > 0, got 0');
    expect(() => bussi(new HarmonicTrap(1), { dt: 1, temperature: -1 })).toThrow('temperature must be ≥ 0, got -1');
    expect(() => bussi(new HarmonicTrap(1), { dt: 1, temperature: 0 })).not.toThrow();
  });
});

describe('Nosé–Hoover chain', () => {
  /**
   * The chain's equations of motion (Martyna, Klein & Tuckerman 1992) for particles in the trap, solved by classical
   * RK4 with `substeps` steps per h: ẋ = v, v̇ = F·af/m − vξ₁v, ξ̇ₖ = vξₖ, v̇ξ₁ = (2K − N_f kT)/Q₁ − vξ₁vξ₂,
   * v̇ξₖ = (Qₖ₋₁vξₖ₋₁² − kT)/Qₖ − vξₖvξₖ₊₁ (no last term for k = M); Q₁ = N_f kT τ², Qₖ = kT τ².
   */
  function chainOde(system: System, kappa: number, u: UnitSystem, t: number, tau: number, M: number, time: number, steps: number) {
    const n3 = system.positions.length;
    const nf = n3 - 3;
    const kT = u.kB * t;
    const Q = Array.from({ length: M }, (_, k) => (k === 0 ? nf : 1) * kT * tau * tau);
    const m = (k: number) => system.masses[Math.floor(k / 3)]!;
    const rate = (y: Float64Array) => {
      const d = new Float64Array(y.length);
      const v0 = n3;
      const xi0 = 2 * n3;
      const vxi0 = 2 * n3 + M;
      let twoK = 0;
      for (let k = 0; k < n3; k++) twoK += (m(k) * y[v0 + k]! ** 2) / u.accelerationFactor;
      for (let k = 0; k < n3; k++) {
        d[k] = y[v0 + k]!;
        d[v0 + k] = (-kappa * y[k]! * u.accelerationFactor) / m(k) - y[vxi0]! * y[v0 + k]!;
      }
      for (let k = 0; k < M; k++) {
        d[xi0 + k] = y[vxi0 + k]!;
        const g = k === 0 ? (twoK - nf * kT) / Q[0]! : (Q[k - 1]! * y[vxi0 + k - 1]! ** 2 - kT) / Q[k]!;
        d[vxi0 + k] = g - (k < M - 1 ? y[vxi0 + k]! * y[vxi0 + k + 1]! : 0);
      }
      return d;
    };
    let y = new Float64Array(2 * n3 + 2 * M);
    y.set(system.positions, 0);
    y.set(system.velocities, n3);
    const dt = time / steps;
    const axpy = (a: Float64Array, s: number, b: Float64Array) => a.map((v, k) => v + s * b[k]!);
    for (let s = 0; s < steps; s++) {
      const k1 = rate(y);
      const k2 = rate(axpy(y, dt / 2, k1));
      const k3 = rate(axpy(y, dt / 2, k2));
      const k4 = rate(axpy(y, dt, k3));
      y = y.map((v, k) => v + (dt / 6) * (k1[k]! + 2 * k2[k]! + 2 * k3[k]! + k4[k]!));
    }
    return y;
  }

  /** Distance of the integrator's state after `time` (steps of h) from the ODE solution: positions, velocities, ξ, vξ. */
  function chainError(h: number, options: { chainLength?: number; chainSteps?: number }, reference: Float64Array, time: number) {
    const system = trapped([1, 2, 4], 13, 0.9);
    const M = options.chainLength ?? 3;
    const nvt = noseHooverChain(new HarmonicTrap(1.2), { dt: h, temperature: 0.4, tau: 0.5, units: ljUnits, ...options });
    const state = nvt.init(system);
    for (let s = 0; s < Math.round(time / h); s++) nvt.step(state);
    const n3 = system.positions.length;
    let err = 0;
    for (let k = 0; k < n3; k++)
      err = Math.max(err, Math.abs(system.positions[k]! - reference[k]!), Math.abs(system.velocities[k]! - reference[n3 + k]!));
    for (let k = 0; k < 2 * M; k++) err = Math.max(err, Math.abs(state.extra[1 + k]! - reference[2 * n3 + k]!));
    return err;
  }

  for (const options of [{}, { chainLength: 1 }, { chainLength: 4, chainSteps: 3 }]) {
    it(`converges to the solution of the chain's equations of motion at second order (${JSON.stringify(options)})`, () => {
      // three atoms (ω = 0.5–1.1), T = 0.4 from a start at T ≈ 0.8: the chain takes heat out within the 4 time units.
      // RK4 with h/8 steps at h = 0.0125 has error O((h/8)⁴) ≈ 1e-13, far below the integrator's O(h²) ≈ 1e-5, so the
      // error ratio at h = 0.05 and 0.025 is 4 for a second-order scheme up to O(h²) ≈ 1e-2 corrections; a first-order
      // or inconsistent scheme gives 2 or → 1. Bounds 3.5–4.5.
      const time = 4;
      const M = (options as { chainLength?: number }).chainLength ?? 3;
      const reference = chainOde(trapped([1, 2, 4], 13, 0.9), 1.2, ljUnits, 0.4, 0.5, M, time, 2560);
      const coarse = chainError(0.05, options, reference, time);
      const fine = chainError(0.025, options, reference, time);
      expect(coarse).toBeGreaterThan(1e-7); // well above the reference's own error
      expect(coarse / fine).toBeGreaterThan(3.5);
      expect(coarse / fine).toBeLessThan(4.5);
    });
  }

  it('is time-reversible to rounding: 100 steps, reverse v and vξ, 100 steps back', () => {
    // a gentle chain (τ = 1, T from ≈0.45 to 0.4): a stiff one (light Qₖ, large vξ·h) amplifies rounding chaotically
    const system = trapped([1, 2, 4, 1.5], 17, 0.6);
    const start = copy(system);
    const M = 3;
    const nvt = noseHooverChain(new HarmonicTrap(1.2), { dt: 0.05, temperature: 0.4, tau: 1, units: ljUnits, chainSteps: 2 });
    const state = nvt.init(system);
    for (let s = 0; s < 100; s++) nvt.step(state);
    const xi = Float64Array.from(state.extra.subarray(1, 1 + M));
    expect(Math.max(...Array.from(xi, Math.abs))).toBeGreaterThan(0.01); // the chain has moved
    for (let k = 0; k < system.velocities.length; k++) system.velocities[k] = -system.velocities[k]!;
    for (let k = 1 + M; k < 1 + 2 * M; k++) state.extra[k] = -state.extra[k]!;
    for (let s = 0; s < 100; s++) nvt.step(state);
    // the reverse run retraces the forward one; rounding (1e-16 per operation) accumulates over 200 steps
    assertClose(system.positions, start.x, { rtol: 0, atol: 1e-11 }, 'positions');
    assertClose(
      system.velocities,
      start.v.map((v) => -v),
      { rtol: 0, atol: 1e-11 },
      'velocities',
    );
    assertClose(state.extra.subarray(1, 1 + M), new Float64Array(M), { rtol: 0, atol: 1e-11 }, 'ξ back to 0');
  });

  it('conserves E + Σ Qₖvξₖ²/2 + N_f kT ξ₁ + kT Σₖ₍≥₂₎ ξₖ (the documented extended energy, from state.extra)', () => {
    const system = trapped([1, 2, 4], 19, 0.9);
    const tau = 0.4;
    const kT = 0.7;
    const nvt = noseHooverChain(new HarmonicTrap(1.2), { dt: 0.02, temperature: kT, tau, units: ljUnits });
    expect(nvt.name).toBe('nhc');
    const state = nvt.init(system);
    expect(state.extra.length).toBe(7); // [heat, ξ₁…ξ₃, vξ₁…vξ₃]: chain length 3 by default
    const extended = () => {
      const nf = 6;
      let e = trapEnergy(system, 1.2, ljUnits);
      for (let k = 0; k < 3; k++) {
        const q = (k === 0 ? nf : 1) * kT * tau * tau;
        e += 0.5 * q * state.extra[4 + k]! ** 2 + (k === 0 ? nf : 1) * kT * state.extra[1 + k]!;
      }
      return e;
    };
    const h0 = extended();
    assertScalarClose(nvt.conservedEnergy(state), h0, { rtol: 1e-14 }, 'H at the start');
    for (let s = 0; s < 500; s++) nvt.step(state);
    expect(Math.abs(state.extra[1]!)).toBeGreaterThan(1e-3);
    assertScalarClose(nvt.conservedEnergy(state), extended(), { rtol: 1e-13 }, 'H after 500 steps');
    expect(state.step).toBe(500);
    assertScalarClose(state.time, 500 * 0.02, { rtol: 1e-13 }, 'time'); // 500 additions of 0.02: rounding ~500·1e-16
    // velocity Verlet's energy error at ωh ≤ 0.022 is ~(ωh)²/8 ≈ 6e-5 of the energy; the chain adds no error of its own order
    expect(Math.abs(extended() - h0)).toBeLessThan(1e-3 * Math.abs(h0));
  });

  it('has the documented defaults (τ = 100 h, chain length 3, one sub-step) and refuses bad options, naming them', () => {
    const run = (options: { tau?: number; chainLength?: number; chainSteps?: number }) => {
      const system = trapped([1, 2, 4], 23, 0.9);
      const nvt = noseHooverChain(new HarmonicTrap(1.2), { dt: 0.01, temperature: 0.3, units: ljUnits, ...options });
      const state = nvt.init(system);
      for (let s = 0; s < 30; s++) nvt.step(state);
      return [...system.velocities, ...state.extra, nvt.conservedEnergy(state)];
    };
    const defaults = run({});
    expect(defaults).toEqual(run({ tau: 1, chainLength: 3, chainSteps: 1 }));
    expect(defaults).not.toEqual(run({ tau: 0.5 }));
    expect(defaults).not.toEqual(run({ chainLength: 2 }));
    expect(defaults).not.toEqual(run({ chainSteps: 2 }));
    const trap = new HarmonicTrap(1);
    expect(() => noseHooverChain(trap, { dt: 1, temperature: 1, tau: 0 })).toThrow('tau must be > 0, got 0');
    for (const chainLength of [0, 1.5])
      expect(() => noseHooverChain(trap, { dt: 1, temperature: 1, chainLength })).toThrow(
        `chain length must be a positive integer, got ${chainLength}`,
      );
    expect(() => noseHooverChain(trap, { dt: 1, temperature: 0 })).toThrow('temperature must be > 0, got 0');
    expect(() => noseHooverChain(trap, { dt: 1, temperature: 1, chainLength: 1 })).not.toThrow();
  });

  it('chainEnergy is Σ Qₖvξₖ²/2 + N_f kT ξ₁ + kT Σₖ₍≥₂₎ ξₖ', () => {
    // 0.5·2·9 + 0.5·3·1 + 0.5·5·4 + 10·0.5·1.5 + 0.5·(−2) + 0.5·4 = 9 + 1.5 + 10 + 7.5 − 1 + 2 = 29
    const e = chainEnergy(10, 0.5, Float64Array.of(2, 3, 5), Float64Array.of(1.5, -2, 4), Float64Array.of(3, -1, 2));
    expect(e).toBe(29);
  });
});
