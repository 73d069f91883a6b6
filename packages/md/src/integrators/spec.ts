import type { Potential } from '../potential.ts';
import type { UnitSystem } from '../units.ts';
import { type BerendsenBarostatOptions, berendsenBarostat } from './berendsen-barostat.ts';
import { bussi } from './bussi.ts';
import { langevin } from './langevin.ts';
import { mtkNpt } from './mtk-npt.ts';
import { noseHooverChain } from './nose-hoover-chain.ts';
import type { Integrator } from './state.ts';
import { velocityVerlet } from './velocity-verlet.ts';

/** Berendsen pressure coupling on top of a thermostat (see {@link berendsenBarostat}). */
export interface BarostatSpec extends BerendsenBarostatOptions {
  readonly kind: 'berendsen';
}

/**
 * Which integrator to run, as a value: every backend reads the same description (the CPU builds md's
 * integrator with {@link createIntegrator}; `@equitensor/gpu` maps `nve` and `langevin` onto its kernels).
 * Temperatures in K (ε/kB in LJ units), times in the unit system's time unit, pressures in energy/volume.
 *
 * @example
 * ```ts
 * const nvt: IntegratorSpec = { kind: 'langevin', temperature: 300, friction: 0.01, seed: 7 };
 * const npt: IntegratorSpec = { kind: 'nhc', temperature: 300, tau: 100, barostat: { kind: 'berendsen', pressure: 0, tau: 1000, bulkModulus: 0.85 } };
 * ```
 */
export type IntegratorSpec =
  | { readonly kind: 'nve'; readonly barostat?: BarostatSpec }
  | {
      readonly kind: 'langevin';
      readonly temperature: number;
      /** Friction γ (1/time). */
      readonly friction: number;
      readonly seed?: number;
      readonly barostat?: BarostatSpec;
    }
  | {
      readonly kind: 'nhc';
      readonly temperature: number;
      readonly tau?: number;
      readonly chainLength?: number;
      readonly chainSteps?: number;
      readonly barostat?: BarostatSpec;
    }
  | {
      readonly kind: 'bussi';
      readonly temperature: number;
      readonly tau?: number;
      readonly seed?: number;
      readonly barostat?: BarostatSpec;
    }
  | {
      readonly kind: 'mtk-npt';
      readonly temperature: number;
      readonly pressure: number;
      readonly tau?: number;
      readonly tauP?: number;
      readonly chainLength?: number;
      readonly chainSteps?: number;
      readonly coupling?: 'iso' | 'aniso';
    };

/** The integrator kinds of {@link IntegratorSpec}. */
export type IntegratorKind = IntegratorSpec['kind'];

/** Time step and units shared by every integrator. */
export interface StepOptions {
  /** Time step (fs for metal units, τ for LJ units). */
  readonly dt: number;
  /** Unit system (default metal). */
  readonly units?: UnitSystem;
}

/**
 * md's float64 integrator for a spec: the one place where an {@link IntegratorSpec} becomes an
 * {@link Integrator} (velocity Verlet, Langevin BAOAB, Nosé–Hoover chains, Bussi, MTK NPT, each optionally
 * under Berendsen pressure coupling). Throws `RangeError` for impossible parameters.
 *
 * @example
 * ```ts
 * const integrator = createIntegrator(lj, { kind: 'langevin', temperature: 1.0, friction: 1, seed: 3 }, { dt: 0.005, units: ljUnits });
 * const state = integrator.init(system);
 * ```
 */
export function createIntegrator(potential: Potential, spec: IntegratorSpec, options: StepOptions): Integrator {
  const common = options.units === undefined ? { dt: options.dt } : { dt: options.dt, units: options.units };
  const optional = <K extends string>(key: K, value: number | undefined) =>
    value === undefined ? {} : ({ [key]: value } as Record<K, number>);
  let integrator: Integrator;
  switch (spec.kind) {
    case 'nve':
      integrator = velocityVerlet(potential, common);
      break;
    case 'langevin':
      integrator = langevin(potential, {
        ...common,
        temperature: spec.temperature,
        friction: spec.friction,
        ...optional('seed', spec.seed),
      });
      break;
    case 'nhc':
      integrator = noseHooverChain(potential, {
        ...common,
        temperature: spec.temperature,
        ...optional('tau', spec.tau),
        ...optional('chainLength', spec.chainLength),
        ...optional('chainSteps', spec.chainSteps),
      });
      break;
    case 'bussi':
      integrator = bussi(potential, {
        ...common,
        temperature: spec.temperature,
        ...optional('tau', spec.tau),
        ...optional('seed', spec.seed),
      });
      break;
    case 'mtk-npt':
      return mtkNpt(potential, {
        ...common,
        temperature: spec.temperature,
        pressure: spec.pressure,
        ...optional('tau', spec.tau),
        ...optional('tauP', spec.tauP),
        ...optional('chainLength', spec.chainLength),
        ...optional('chainSteps', spec.chainSteps),
        ...(spec.coupling === undefined ? {} : { coupling: spec.coupling }),
      });
    default:
      throw new RangeError(`unknown integrator kind "${(spec as { kind: unknown }).kind}"`);
  }
  if (spec.barostat === undefined) return integrator;
  const { kind: _kind, ...barostat } = spec.barostat;
  return berendsenBarostat(integrator, barostat);
}
