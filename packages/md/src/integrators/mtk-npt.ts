import { volume } from '@equitensor/io';
import { degreesOfFreedom, kineticEnergy } from '../observables/thermo.ts';
import type { Potential } from '../potential.ts';
import type { System } from '../system.ts';
import { chainEnergy, chainHalfStep } from './chain.ts';
import { evaluateForces, type Integrator, type IntegratorOptions, initialState, type MDState } from './state.ts';
import { integratorSetup, relaxationTime } from './velocity-verlet.ts';

/** Options of {@link mtkNpt}. */
export interface MtkNptOptions extends IntegratorOptions {
  /** Target temperature (K for metal units). */
  readonly temperature: number;
  /** Target pressure P₀ (eV/Å³ for metal units: see `barToPressure`; ε/σ³ for LJ units). */
  readonly pressure: number;
  /** Thermostat period τ_T (same unit as dt; default 100 dt). Chain masses as {@link noseHooverChain}. */
  readonly tau?: number;
  /** Barostat period τ_P (default 1000 dt): barostat mass W = (N_f + 3)·kT·τ_P². */
  readonly tauP?: number;
  /** Length of both chains, particles' and barostat's (default 3). */
  readonly chainLength?: number;
  /** Sub-steps of each chain half step (default 1). */
  readonly chainSteps?: number;
  /**
   * `iso` (default): one barostat velocity scales the whole cell. `aniso`: one per axis of an orthorhombic cell
   * (LAMMPS' `fix npt … aniso`), each driven by its diagonal pressure, masses W/3 each.
   */
  readonly coupling?: 'iso' | 'aniso';
}

/** sinh(x)/x, accurate near 0. */
function sinhc(x: number): number {
  if (Math.abs(x) < 1e-4) {
    const x2 = x * x;
    return 1 + x2 / 6 + (x2 * x2) / 120;
  }
  return Math.sinh(x) / x;
}

/**
 * Isotropic NPT with the Martyna–Tobias–Klein equations (Martyna, Tobias & Klein 1994) in the reversible
 * Trotter splitting of Tuckerman, Alejandre, López-Rendón, Jochim & Martyna (J. Phys. A 39, 5629, 2006) —
 * the scheme of LAMMPS' `fix npt … iso`, jax-md's `npt_nose_hoover` and ASE's `IsotropicMTKNPT`: Nosé–Hoover
 * chains on the particles and on the barostat, whose velocity v_ε = ṗ_ε/W (1/time) scales the cell as
 * e^{v_ε·dt}. Force on the barostat: G = (1 + 3/N_f)·2KE + tr W − 3V·P₀. Unlike Berendsen coupling it samples
 * the isothermal–isobaric ensemble (right volume fluctuations) and conserves the extended energy
 * E + KE + W v_ε²/2 + P₀V + both chains' energies (`conservedEnergy`). `state.extra` holds
 * [0, v_ε, ξ₁…ξ_M, vξ₁…vξ_M, ξᵇ₁…ξᵇ_M, vξᵇ₁…vξᵇ_M] (three barostat velocities v_x, v_y, v_z for `aniso`,
 * whose equations are the diagonal of the flexible-cell MTK: ṙ_a = v_a + v_ga·r_a, v̇_a = F_a/m −
 * (v_ga + tr v_g/N_f)·v_a, (W/3)·v̇_ga = V(P_aa − P₀) + 2KE/N_f). Needs a cell periodic in x, y and z.
 *
 * @example
 * ```ts
 * const npt = mtkNpt(lj, { dt: 0.005, temperature: 1.5, pressure: 2.5, tau: 0.5, tauP: 2, units: ljUnits });
 * const state = npt.init(system);
 * for (let s = 0; s < 1000; s++) npt.step(state);
 * ```
 */
export function mtkNpt(potential: Potential, options: MtkNptOptions): Integrator {
  const { dt, units, af } = integratorSetup(options);
  const tau = relaxationTime(options.tau, 100 * dt, 'tau');
  const tauP = relaxationTime(options.tauP, 1000 * dt, 'tauP');
  const M = options.chainLength ?? 3;
  const nc = options.chainSteps ?? 1;
  const p0 = options.pressure;
  const aniso = (options.coupling ?? 'iso') === 'aniso';
  if (options.coupling !== undefined && options.coupling !== 'iso' && options.coupling !== 'aniso')
    throw new RangeError(`coupling must be iso or aniso, got ${String(options.coupling)}`);
  // barostat velocities in extra[1 … nb], the chains after them
  const nb = aniso ? 3 : 1;
  if (!Number.isInteger(M) || M < 1) throw new RangeError(`chain length must be a positive integer, got ${M}`);
  if (!(options.temperature > 0)) throw new RangeError(`temperature must be > 0, got ${options.temperature}`);
  if (!Number.isFinite(p0)) throw new RangeError(`pressure must be finite, got ${p0}`);
  const kT = units.kB * options.temperature;
  const scratch = new Float64Array(M);
  const particleQ = new Float64Array(M);
  const barostatQ = new Float64Array(M).fill(kT * tau * tau);
  const masses = (state: MDState) => {
    const nf = degreesOfFreedom(state.system.masses.length);
    particleQ[0] = nf * kT * tau * tau;
    for (let k = 1; k < M; k++) particleQ[k] = kT * tau * tau;
    return { nf, w: (nf + 3) * kT * tauP * tauP };
  };
  const c0 = 1 + nb;
  const views = (state: MDState) => ({
    xi: state.extra.subarray(c0, c0 + M),
    vxi: state.extra.subarray(c0 + M, c0 + 2 * M),
    xiB: state.extra.subarray(c0 + 2 * M, c0 + 3 * M),
    vxiB: state.extra.subarray(c0 + 3 * M, c0 + 4 * M),
  });
  /** Σ W_a v_a² of the barostat (W/3 per axis for aniso). */
  const barostatKe2 = (state: MDState, w: number) => {
    if (!aniso) return w * (state.extra[1] as number) ** 2;
    let sum = 0;
    for (let a = 1; a <= 3; a++) sum += (w / 3) * (state.extra[a] as number) ** 2;
    return sum;
  };

  /** Both chains' half steps (barostat chain outermost), in the order `order`. */
  const chains = (state: MDState, nf: number, w: number, barostatFirst: boolean) => {
    const { xi, vxi, xiB, vxiB } = views(state);
    const barostat = () => {
      const s = chainHalfStep(barostatKe2(state, w), nb, kT, barostatQ, xiB, vxiB, scratch, dt, nc);
      for (let a = 1; a <= nb; a++) state.extra[a] = (state.extra[a] as number) * s;
    };
    const particles = () => {
      const s = chainHalfStep(2 * kineticEnergy(state.system, units), nf, kT, particleQ, xi, vxi, scratch, dt, nc);
      const v = state.system.velocities;
      for (let k = 0; k < v.length; k++) v[k] = (v[k] as number) * s;
    };
    if (barostatFirst) {
      barostat();
      particles();
    } else {
      particles();
      barostat();
    }
  };

  /** v_ε += ½dt·G/W; aniso: v_a += ½dt·[V(P_aa − P₀) + 2KE/N_f]/(W/3). */
  const barostatKick = (state: MDState, nf: number, w: number) => {
    const v = volume(state.system.cell as Float64Array);
    if (aniso) {
      const ke2 = 2 * kineticEnergy(state.system, units);
      const mvv = [0, 0, 0];
      const vel = state.system.velocities;
      const m = state.system.masses;
      for (let i = 0; i < m.length; i++) {
        for (let a = 0; a < 3; a++) mvv[a] = (mvv[a] as number) + ((m[i] as number) * (vel[3 * i + a] as number) ** 2) / af;
      }
      for (let a = 0; a < 3; a++) {
        const g = (mvv[a] as number) + (state.virial[4 * a] as number) - v * p0 + ke2 / nf;
        state.extra[1 + a] = (state.extra[1 + a] as number) + (0.5 * dt * g) / (w / 3);
      }
      return;
    }
    const trW = (state.virial[0] as number) + (state.virial[4] as number) + (state.virial[8] as number);
    const g = (1 + 3 / nf) * 2 * kineticEnergy(state.system, units) + trW - 3 * v * p0;
    state.extra[1] = (state.extra[1] as number) + (0.5 * dt * g) / w;
  };

  /** v ← v·e^{−α v_ε dt/2} + ½dt·a·e^{−α v_ε dt/4}·sinhc(α v_ε dt/4), α = 1 + 3/N_f. */
  const particleKick = (state: MDState, nf: number) => {
    if (aniso) {
      particleKickAniso(state, nf);
      return;
    }
    const x = (1 + 3 / nf) * (state.extra[1] as number) * 0.5 * dt;
    const damp = Math.exp(-x);
    const force = 0.5 * dt * af * Math.exp(-0.5 * x) * sinhc(0.5 * x);
    const v = state.system.velocities;
    const f = state.forces;
    const m = state.system.masses;
    for (let i = 0; i < m.length; i++) {
      const c = force / (m[i] as number);
      for (let k = 3 * i; k < 3 * i + 3; k++) v[k] = (v[k] as number) * damp + c * (f[k] as number);
    }
  };

  /** Per axis a: v_a ← v_a·e^{−x_a} + ½dt·a_a·e^{−x_a/2}·sinhc(x_a/2), x_a = (v_ga + tr v_g/N_f)·dt/2. */
  const particleKickAniso = (state: MDState, nf: number) => {
    const e = state.extra;
    const trace = ((e[1] as number) + (e[2] as number) + (e[3] as number)) / nf;
    const damp = [0, 0, 0];
    const force = [0, 0, 0];
    for (let a = 0; a < 3; a++) {
      const x = ((e[1 + a] as number) + trace) * 0.5 * dt;
      damp[a] = Math.exp(-x);
      force[a] = 0.5 * dt * af * Math.exp(-0.5 * x) * sinhc(0.5 * x);
    }
    const v = state.system.velocities;
    const f = state.forces;
    const m = state.system.masses;
    for (let i = 0; i < m.length; i++) {
      for (let a = 0; a < 3; a++) {
        const k = 3 * i + a;
        v[k] = (v[k] as number) * (damp[a] as number) + ((force[a] as number) / (m[i] as number)) * (f[k] as number);
      }
    }
  };

  /** r ← r·e^{v_ε dt} + dt·v·e^{v_ε dt/2}·sinhc(v_ε dt/2); cell ← cell·e^{v_ε dt} (per axis for aniso). */
  const drift = (state: MDState) => {
    if (aniso) {
      const x = state.system.positions;
      const v = state.system.velocities;
      const cell = state.system.cell as Float64Array;
      for (let a = 0; a < 3; a++) {
        const y = (state.extra[1 + a] as number) * dt;
        const grow = Math.exp(y);
        const move = dt * Math.exp(0.5 * y) * sinhc(0.5 * y);
        for (let k = a; k < x.length; k += 3) x[k] = (x[k] as number) * grow + move * (v[k] as number);
        cell[4 * a] = (cell[4 * a] as number) * grow;
      }
      return;
    }
    const y = (state.extra[1] as number) * dt;
    const grow = Math.exp(y);
    const move = dt * Math.exp(0.5 * y) * sinhc(0.5 * y);
    const x = state.system.positions;
    const v = state.system.velocities;
    for (let k = 0; k < x.length; k++) x[k] = (x[k] as number) * grow + move * (v[k] as number);
    const cell = state.system.cell as Float64Array;
    for (let k = 0; k < 9; k++) cell[k] = (cell[k] as number) * grow;
  };

  return {
    name: 'mtk-npt',
    potential,
    dt,
    units,
    init(system: System): MDState {
      if (system.cell === null || !(system.pbc[0] && system.pbc[1] && system.pbc[2]))
        throw new RangeError('MTK NPT needs a cell periodic in x, y and z');
      if (aniso && [1, 2, 3, 5, 6, 7].some((k) => (system.cell as Float64Array)[k] !== 0))
        throw new RangeError('aniso MTK NPT needs an orthorhombic cell (diagonal lattice vectors)');
      return initialState(potential, system, 1 + nb + 4 * M, null);
    },
    step(state: MDState): void {
      const { nf, w } = masses(state);
      chains(state, nf, w, true);
      barostatKick(state, nf, w);
      particleKick(state, nf);
      drift(state);
      evaluateForces(potential, state);
      particleKick(state, nf);
      barostatKick(state, nf, w);
      chains(state, nf, w, false);
      state.step++;
      state.time += dt;
    },
    conservedEnergy(state: MDState): number {
      const { nf, w } = masses(state);
      const { xi, vxi, xiB, vxiB } = views(state);
      return (
        state.potentialEnergy +
        kineticEnergy(state.system, units) +
        0.5 * barostatKe2(state, w) +
        p0 * volume(state.system.cell as Float64Array) +
        chainEnergy(nf, kT, particleQ, xi, vxi) +
        chainEnergy(nb, kT, barostatQ, xiB, vxiB)
      );
    },
  };
}
