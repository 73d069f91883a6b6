import { type AtomsState, type ComputeOptions, NeighborList, type Potential, type PotentialResult } from '@equitensor/md';
import type { WorkerPool } from '@equitensor/tensor';
import { ACE_POOL_KINDS, AcePool } from './ace-pool.ts';
import type { AceBasisSpec } from './basis.ts';
import { TENSOR_PRODUCT_KINDS, type TensorProductKind } from './coupling.ts';
import { AceDescriptor } from './descriptor.ts';
import { neighborData } from './neighbor-data.ts';
import type { Committee } from './uncertainty.ts';

/**
 * The `format` tag of a model file.
 *
 * @example
 * ```ts
 * JSON.parse(text).format === MODEL_FORMAT;
 * ```
 */
export const MODEL_FORMAT = 'equitensor-mlip';
/**
 * The current model-file version (bumped on any incompatible change).
 *
 * @example
 * ```ts
 * potential.toJSON().version === MODEL_VERSION;
 * ```
 */
export const MODEL_VERSION = 1;

/**
 * The JSON model file (version 1). Plain JSON, so it loads with `JSON.parse` in Node and in the browser.
 *
 * - `format`: `"equitensor-mlip"`; `version`: 1.
 * - `kind`: the tensor-product kind of the order-3 features (`cg`, `gaunt`, `grid`, `cp`); `cpRank` for `cp`.
 * - `basis`: species (atomic numbers, ascending), correlation `order`, `maxDegree` per order, `wL`, cutoff
 *   `rcut` (Å), radial transform `lambda`, optional inner radius `rin` (Å, absent = 0), `constant` (see `AceBasisSpec`). The feature list is rebuilt
 *   from these, deterministically; `featureCount` guards against a mismatch.
 * - `e0`: reference energy per element (eV), keyed by atomic number.
 * - `coefficients`: the linear model, length species × featureCount, index s·featureCount + k (eV).
 * - `units`: always `{ energy: "eV", length: "Å" }`; `metadata`: free-form (training report, date, …).
 *
 * @example
 * ```json
 * { "format": "equitensor-mlip", "version": 1, "kind": "cg",
 *   "basis": { "species": [14], "order": 3, "maxDegree": [12, 12, 12], "wL": 1.5, "rcut": 5.5, "lambda": 2, "constant": false },
 *   "e0": { "14": -158.54496821 }, "featureCount": 312, "coefficients": [ … ], "units": { "energy": "eV", "length": "Å" } }
 * ```
 */
export interface MlipModelJson {
  readonly format: typeof MODEL_FORMAT;
  readonly version: number;
  readonly kind: TensorProductKind;
  readonly cpRank?: number;
  readonly basis: Required<Omit<AceBasisSpec, 'rin'>> & { readonly rin?: number };
  readonly e0: Readonly<Record<string, number>>;
  readonly featureCount: number;
  readonly coefficients: readonly number[];
  readonly units: { readonly energy: 'eV'; readonly length: 'Å' };
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Optional (absent in older files): the ridge-posterior committee, see `Committee` in uncertainty.ts. */
  readonly uncertainty?: CommitteeJson;
}

/**
 * The optional `uncertainty` field of a model file: a committee of K coefficient vectors sampled from the ridge
 * posterior (each as long as `coefficients`, mean equal to them), σ, and the observation noise per energy (eV/√atom)
 * and force component (eV/Å).
 *
 * @example
 * ```json
 * { "method": "ridge-posterior-committee", "sigma": 0.05, "noise": { "energy": 0.0017, "forces": 0.05 }, "noiseFrom": "held-out",
 *   "effectiveParameters": 290.4, "rows": 7011, "members": [[ … ], …] }
 * ```
 */
export interface CommitteeJson {
  readonly method: 'ridge-posterior-committee';
  readonly sigma: number;
  readonly noise: { readonly energy: number; readonly forces: number };
  readonly noiseFrom: 'held-out' | 'residuals';
  readonly effectiveParameters: number;
  readonly rows: number;
  readonly members: readonly (readonly number[])[];
  /** Optional: the grade reference per atomic number (eV), see `Committee.gradeReference`. */
  readonly gradeReference?: Readonly<Record<string, number>>;
}

/**
 * A model file that is not a valid version-1 `equitensor-mlip` model; `path` names the offending field.
 *
 * @example
 * ```ts
 * try { loadModel(text); } catch (e) { if (e instanceof ModelFormatError) console.error(e.path); }
 * ```
 */
export class ModelFormatError extends Error {
  readonly path: string;
  constructor(message: string, path: string) {
    super(`${path}: ${message}`);
    this.name = 'ModelFormatError';
    this.path = path;
  }
}

/**
 * A fitted ACE potential: E = Σ_i [E0(z_i) + Σ_k c_{z_i,k} B_ik], with analytic forces and virial.
 * Implements `@equitensor/md`'s `Potential`, so MD, minimisation and the viewer use it directly.
 *
 * @example
 * ```ts
 * const potential = loadModel(readFileSync('si.mlip.json', 'utf8'));
 * const { energy, forces, virial } = potential.compute(atoms);
 * ```
 */
export class MlipPotential implements Potential {
  readonly name: string;
  readonly cutoff: number;
  readonly descriptor: AceDescriptor;
  readonly e0: ReadonlyMap<number, number>;
  readonly coefficients: Float64Array;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The posterior committee for error bars (null for models fitted without one, or older files). */
  readonly uncertainty: Committee | null;
  private readonly cpRank: number | undefined;
  private list: NeighborList | null = null;
  /**
   * The kernel evaluation: on a pool ({@link MlipPotential.usePool}) or on this thread (made on first use for the
   * sparse kinds where code generation is allowed); null: `AceDescriptor.evaluate` (grid and cp kinds, or no codegen).
   */
  private acePool: AcePool | null | undefined;

  constructor(
    descriptor: AceDescriptor,
    e0: ReadonlyMap<number, number>,
    coefficients: Float64Array,
    metadata: Readonly<Record<string, unknown>> = {},
    cpRank?: number,
    uncertainty: Committee | null = null,
  ) {
    if (coefficients.length !== descriptor.columns) {
      throw new RangeError(`expected ${descriptor.columns} coefficients, got ${coefficients.length}`);
    }
    this.descriptor = descriptor;
    this.e0 = e0;
    this.coefficients = coefficients;
    this.metadata = metadata;
    this.cpRank = cpRank;
    if (uncertainty) {
      for (const m of uncertainty.members)
        if (m.length !== descriptor.columns)
          throw new RangeError(`committee member has ${m.length} coefficients, expected ${descriptor.columns}`);
    }
    this.uncertainty = uncertainty;
    this.cutoff = descriptor.cutoff;
    this.name = `mlip:${descriptor.kind}`;
  }

  /**
   * Energy (eV), forces (eV/Å) and virial (eV) of a configuration. Reuses a full Verlet neighbour list
   * (skin 0.5 Å) between calls, so consecutive MD steps do not rebuild it. The sparse kinds (`cg`, `gaunt`) run the
   * pooled kernel (`ACE_POOL_KERNEL`) on this thread, or on the pool after {@link MlipPotential.usePool}: the numbers of
   * `AceDescriptor.evaluate` bit for bit, in 0.5–0.7× its CPU time.
   */
  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    this.list ??= new NeighborList({ cutoff: this.cutoff, skin: 0.5, kind: 'full' });
    const nd = neighborData(atoms, this.cutoff, this.list);
    if (this.acePool === undefined)
      this.acePool =
        (ACE_POOL_KINDS as readonly string[]).includes(this.descriptor.kind) && AcePool.inlineAvailable()
          ? new AcePool(this.descriptor, this.coefficients, null)
          : null;
    const result = this.acePool ? this.acePool.evaluate(atoms, nd) : this.descriptor.evaluate(atoms, nd, this.coefficients);
    let energy = result.energy;
    const perAtom = result.perAtomEnergies;
    for (let i = 0; i < atoms.numbers.length; i++) {
      const e0 = this.e0.get(atoms.numbers[i] as number) ?? 0;
      energy += e0;
      perAtom[i] = (perAtom[i] as number) + e0;
    }
    const out: PotentialResult = { energy, forces: result.forces, virial: result.virial };
    return options.perAtomEnergies ? { ...out, perAtomEnergies: perAtom } : out;
  }

  /**
   * The same model with its descriptors, energies and per-neighbour gradients computed on a shared-memory worker pool
   * (`AcePool`, atoms split by a fixed partition): energies, per-atom energies, forces and virials are this model's
   * bit for bit, for any number of workers. Sparse kinds (`cg`, `gaunt`) only; throws a RangeError for `grid` and
   * `cp`. The pool is the caller's (closing it is too); this model is not changed.
   *
   * @example
   * ```ts
   * const pool = new NodeWorkerPool({ workers: 2 });
   * const pooled = loadModel(text).usePool(pool); // pooled.compute(atoms) runs on the pool's two threads
   * ```
   */
  usePool(pool: WorkerPool): MlipPotential {
    const pooled = new MlipPotential(this.descriptor, this.e0, this.coefficients, this.metadata, this.cpRank, this.uncertainty);
    pooled.acePool = new AcePool(this.descriptor, this.coefficients, pool);
    return pooled;
  }

  /** Worker threads of {@link MlipPotential.compute}: the pool's size after {@link MlipPotential.usePool}, else 1. */
  get workerCount(): number {
    return this.acePool?.pool?.size ?? 1;
  }

  /** The model as a version-1 JSON object (see {@link MlipModelJson}). */
  toJSON(): MlipModelJson {
    const spec = this.descriptor.spec;
    const e0: Record<string, number> = {};
    for (const [z, v] of this.e0) e0[String(z)] = v;
    return {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      kind: this.descriptor.kind,
      ...(this.cpRank !== undefined ? { cpRank: this.cpRank } : {}),
      basis: {
        species: [...spec.species],
        order: spec.order,
        maxDegree: [...spec.maxDegree],
        wL: spec.wL,
        rcut: spec.rcut,
        lambda: spec.lambda,
        ...(spec.rin ? { rin: spec.rin } : {}),
        constant: spec.constant ?? false,
      },
      e0,
      featureCount: this.descriptor.features.count,
      coefficients: Array.from(this.coefficients),
      units: { energy: 'eV', length: 'Å' },
      metadata: this.metadata,
      ...(this.uncertainty
        ? {
            uncertainty: {
              method: 'ridge-posterior-committee' as const,
              sigma: this.uncertainty.sigma,
              noise: { ...this.uncertainty.noise },
              noiseFrom: this.uncertainty.noiseFrom,
              effectiveParameters: this.uncertainty.effectiveParameters,
              rows: this.uncertainty.rows,
              members: this.uncertainty.members.map((m) => Array.from(m)),
              ...(this.uncertainty.gradeReference ? { gradeReference: { ...this.uncertainty.gradeReference } } : {}),
            },
          }
        : {}),
    };
  }

  /**
   * The same model with another committee (e.g. one with a grade reference); this model is not changed.
   *
   * @example
   * ```ts
   * const graded = potential.withUncertainty({ ...potential.uncertainty!, gradeReference: { 14: 0.004 } });
   * ```
   */
  withUncertainty(uncertainty: Committee | null): MlipPotential {
    return new MlipPotential(this.descriptor, this.e0, this.coefficients, this.metadata, this.cpRank, uncertainty);
  }

  /** The model file text (JSON). */
  serialize(): string {
    return JSON.stringify(this.toJSON());
  }
}

function expectNumber(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ModelFormatError('expected a finite number', path);
  return v;
}

function expectNumbers(v: unknown, path: string): number[] {
  if (!Array.isArray(v)) throw new ModelFormatError('expected an array of numbers', path);
  return v.map((x, i) => expectNumber(x, `${path}[${i}]`));
}

/**
 * Loads a model from its JSON text or parsed object (Node and browser alike); throws a
 * {@link ModelFormatError} naming the bad field.
 *
 * @example
 * ```ts
 * const potential = loadModel(await (await fetch('/models/si.mlip.json')).text());
 * ```
 */
export function loadModel(source: string | unknown): MlipPotential {
  let json: unknown = source;
  if (typeof source === 'string') {
    try {
      json = JSON.parse(source);
    } catch (e) {
      throw new ModelFormatError(`not JSON (${(e as Error).message})`, '$');
    }
  }
  if (typeof json !== 'object' || json === null) throw new ModelFormatError('expected an object', '$');
  const m = json as Record<string, unknown>;
  if (m.format !== MODEL_FORMAT) throw new ModelFormatError(`expected "${MODEL_FORMAT}", got ${JSON.stringify(m.format)}`, '$.format');
  if (m.version !== MODEL_VERSION)
    throw new ModelFormatError(`unsupported version ${JSON.stringify(m.version)} (this reader knows ${MODEL_VERSION})`, '$.version');
  const kind = m.kind as TensorProductKind;
  if (!TENSOR_PRODUCT_KINDS.includes(kind)) throw new ModelFormatError(`expected one of ${TENSOR_PRODUCT_KINDS.join(', ')}`, '$.kind');
  const b = m.basis as Record<string, unknown> | undefined;
  if (typeof b !== 'object' || b === null) throw new ModelFormatError('expected an object', '$.basis');
  const spec: AceBasisSpec = {
    species: expectNumbers(b.species, '$.basis.species'),
    order: expectNumber(b.order, '$.basis.order'),
    maxDegree: expectNumbers(b.maxDegree, '$.basis.maxDegree'),
    wL: expectNumber(b.wL, '$.basis.wL'),
    rcut: expectNumber(b.rcut, '$.basis.rcut'),
    lambda: expectNumber(b.lambda, '$.basis.lambda'),
    ...(b.rin === undefined ? {} : { rin: expectNumber(b.rin, '$.basis.rin') }),
    constant: b.constant === true,
  };
  const cpRank = m.cpRank === undefined ? undefined : expectNumber(m.cpRank, '$.cpRank');
  let descriptor: AceDescriptor;
  try {
    descriptor = new AceDescriptor(spec, kind, cpRank !== undefined ? { cpRank } : {});
  } catch (e) {
    throw new ModelFormatError((e as Error).message, '$.basis');
  }
  const featureCount = expectNumber(m.featureCount, '$.featureCount');
  if (featureCount !== descriptor.features.count) {
    throw new ModelFormatError(`the basis gives ${descriptor.features.count} features, the file says ${featureCount}`, '$.featureCount');
  }
  const coefficients = Float64Array.from(expectNumbers(m.coefficients, '$.coefficients'));
  if (coefficients.length !== descriptor.columns) {
    throw new ModelFormatError(`expected ${descriptor.columns} coefficients, got ${coefficients.length}`, '$.coefficients');
  }
  const e0Raw = m.e0 as Record<string, unknown> | undefined;
  if (typeof e0Raw !== 'object' || e0Raw === null) throw new ModelFormatError('expected an object', '$.e0');
  const e0 = new Map<number, number>();
  for (const [z, v] of Object.entries(e0Raw)) e0.set(Number(z), expectNumber(v, `$.e0.${z}`));
  const metadata = (typeof m.metadata === 'object' && m.metadata !== null ? m.metadata : {}) as Record<string, unknown>;
  const uncertainty = m.uncertainty === undefined ? null : loadCommittee(m.uncertainty, descriptor.columns);
  return new MlipPotential(descriptor, e0, coefficients, metadata, cpRank, uncertainty);
}

/** The optional `uncertainty` field (see {@link CommitteeJson}); `ModelFormatError` names a bad sub-field. */
function loadCommittee(raw: unknown, columns: number): Committee {
  if (typeof raw !== 'object' || raw === null) throw new ModelFormatError('expected an object', '$.uncertainty');
  const u = raw as Record<string, unknown>;
  if (u.method !== 'ridge-posterior-committee')
    throw new ModelFormatError(`expected "ridge-posterior-committee", got ${JSON.stringify(u.method)}`, '$.uncertainty.method');
  const noise = u.noise as Record<string, unknown> | undefined;
  if (typeof noise !== 'object' || noise === null) throw new ModelFormatError('expected an object', '$.uncertainty.noise');
  if (!Array.isArray(u.members) || u.members.length < 2)
    throw new ModelFormatError('expected an array of at least two coefficient vectors', '$.uncertainty.members');
  const members = u.members.map((v, k) => {
    const c = Float64Array.from(expectNumbers(v, `$.uncertainty.members[${k}]`));
    if (c.length !== columns)
      throw new ModelFormatError(`expected ${columns} coefficients, got ${c.length}`, `$.uncertainty.members[${k}]`);
    return c;
  });
  return {
    members,
    sigma: expectNumber(u.sigma, '$.uncertainty.sigma'),
    noise: {
      energy: expectNumber(noise.energy, '$.uncertainty.noise.energy'),
      forces: expectNumber(noise.forces, '$.uncertainty.noise.forces'),
    },
    noiseFrom: u.noiseFrom === 'held-out' ? 'held-out' : 'residuals',
    effectiveParameters: expectNumber(u.effectiveParameters, '$.uncertainty.effectiveParameters'),
    rows: expectNumber(u.rows, '$.uncertainty.rows'),
    ...(u.gradeReference === undefined ? {} : { gradeReference: loadGradeReference(u.gradeReference) }),
  };
}

/** `$.uncertainty.gradeReference`: positive spreads (eV) keyed by atomic number. */
function loadGradeReference(raw: unknown): Record<number, number> {
  const path = '$.uncertainty.gradeReference';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ModelFormatError('expected an object', path);
  const out: Record<number, number> = {};
  for (const [z, v] of Object.entries(raw)) {
    const Z = Number(z);
    if (!Number.isInteger(Z) || Z < 1) throw new ModelFormatError(`expected atomic numbers as keys, got "${z}"`, path);
    const x = expectNumber(v, `${path}.${z}`);
    if (!(x >= 0)) throw new ModelFormatError('expected a non-negative spread (eV)', `${path}.${z}`);
    out[Z] = x;
  }
  return out;
}
