import type { Potential } from '../potential.ts';
import type { UnitSystem } from '../units.ts';
import { type BerendsenBarostatOptions, berendsenBarostat } from './berendsen-barostat.ts';
import { type BussiOptions, bussi } from './bussi.ts';
import { type LangevinOptions, langevin } from './langevin.ts';
import { type MtkNptOptions, mtkNpt } from './mtk-npt.ts';
import { type NoseHooverChainOptions, noseHooverChain } from './nose-hoover-chain.ts';
import type { Integrator, IntegratorOptions } from './state.ts';
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
  | ({ readonly kind: 'nve' } & WithBarostat)
  | ({ readonly kind: 'langevin' } & ParametersOf<LangevinOptions> & WithBarostat)
  | ({ readonly kind: 'nhc' } & ParametersOf<NoseHooverChainOptions> & WithBarostat)
  | ({ readonly kind: 'bussi' } & ParametersOf<BussiOptions> & WithBarostat)
  | ({ readonly kind: 'mtk-npt' } & ParametersOf<MtkNptOptions>);

/** An integrator's own parameters: its options without the time step and units (given once for every kind). */
type ParametersOf<T extends IntegratorOptions> = Omit<T, keyof IntegratorOptions>;

/** Optional Berendsen pressure coupling on top of a thermostat. */
interface WithBarostat {
  readonly barostat?: BarostatSpec;
}

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
  const common: IntegratorOptions = options.units === undefined ? { dt: options.dt } : { dt: options.dt, units: options.units };
  let integrator: Integrator;
  switch (spec.kind) {
    case 'nve':
      integrator = velocityVerlet(potential, common);
      break;
    case 'langevin': {
      const { kind: _kind, barostat: _barostat, ...parameters } = spec;
      integrator = langevin(potential, { ...parameters, ...common });
      break;
    }
    case 'nhc': {
      const { kind: _kind, barostat: _barostat, ...parameters } = spec;
      integrator = noseHooverChain(potential, { ...parameters, ...common });
      break;
    }
    case 'bussi': {
      const { kind: _kind, barostat: _barostat, ...parameters } = spec;
      integrator = bussi(potential, { ...parameters, ...common });
      break;
    }
    case 'mtk-npt': {
      const { kind: _kind, ...parameters } = spec;
      return mtkNpt(potential, { ...parameters, ...common });
    }
    default:
      throw new RangeError(`unknown integrator kind "${(spec as { kind: unknown }).kind}"`);
  }
  if (spec.barostat === undefined) return integrator;
  const { kind: _kind, ...barostat } = spec.barostat;
  return berendsenBarostat(integrator, barostat);
}
