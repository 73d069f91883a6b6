import { evenRanges } from '@equitensor/tensor';
import type { NeighborList } from '../neighbor-list.ts';
import type { AtomsState, ComputeOptions, PotentialResult } from '../potential.ts';
import type { CoulombPme, CoulombPmeTimings, IonicPairWalk, PmeMeshStages, TabulatedPairWalk } from '../potentials/coulomb-pme.ts';
import { sumIonicPairs } from '../potentials/ionic-pairs.ts';
import { sumTabulatedPairs } from '../potentials/ionic-table.ts';
import { virialFromForces } from '../potentials/virial.ts';
import { COULOMB_ERFC_KERNEL, IONIC_TABLE_KERNEL } from './ionic-pool-kernel.ts';
import { pmeMeshKernel } from './pme-mesh-kernel.ts';
import { PooledPotential, type PooledPotentialOptions, SharedPairWalk } from './pooled-potential.ts';
import { sharedCopy } from './shared-copy.ts';

/** Options of {@link ParallelCoulombPme}. */
export interface ParallelCoulombPmeOptions extends PooledPotentialOptions {}

/** What the pair kernel reads besides {@link SharedPairWalk}'s buffers. */
interface Shared {
  /** Species (tabulated walk) or charges (Coulomb walk) per atom. */
  readonly perAtom: Int32Array | Float64Array;
  /** The `IonicPairTable` or `ErfcTable` whose coefficients the loaded kernel reads. */
  readonly table: object;
  readonly coefficients: SharedArrayBuffer;
}

/** The stencils object of electrostatics' `PmeReciprocal` (its `MeshStencils`). */
type Stencils = Parameters<PmeMeshStages['spread']>[0];

/** The shared mesh state of the pooled spreading and gathering. */
interface MeshShared {
  readonly n: number;
  readonly stencils: Stencils;
  readonly positions: Float64Array;
  readonly charges: Float64Array;
  readonly grid: Float64Array;
  readonly forces: Float64Array;
  readonly parameters: Float64Array;
}

/** The pair kernel (phases 0–1) and {@link pmeMeshKernel} of `order` (phases 2–4) as one pool kernel. */
function combined(pair: string | null, order: number): string {
  return `(() => {
  const pair = ${pair ?? 'null'};
  const mesh = ${pmeMeshKernel(order)};
  return (b, w, k, phase) => (phase < 2 ? pair(b, w, k, phase) : mesh(b, w, k, phase - 2));
})()`;
}

/** A table of cubic-Hermite coefficients and the per-kernel parameters and buffers that go with it. */
interface KernelSpec {
  readonly source: string;
  readonly table: { readonly coefficients: Float64Array };
  readonly parameters: readonly number[];
  readonly perAtom: Int32Array | Float64Array;
  readonly extra: Record<string, SharedArrayBuffer>;
}

/**
 * A {@link CoulombPme} whose real-space pairs run on a shared-memory {@link WorkerPool} from `@equitensor/tensor`
 * (Node only: `@equitensor/md/node`), split over fixed atom ranges: with a Born/Buckingham `shortRange` term
 * (`born:FILE+coulomb:pme`) `sumTabulatedPairs`' walk through the species-pair `IonicPairTable`
 * ({@link IONIC_TABLE_KERNEL}); for Coulomb alone (`coulomb:pme`) `sumIonicPairs`' erfc-table walk
 * ({@link COULOMB_ERFC_KERNEL}). Forces into per-worker slots, a fixed-order reduction, two barriers per step, the
 * list and table shared once per rebuild. PME spreading runs on the pool too (each worker's stencils and charges
 * into its own mesh copy, the copies summed in fixed order; {@link pmeMeshKernel}), and so does the gathering
 * (independent per atom); the FFTs, the convolution, the self and background terms stay on the calling thread.
 * A run with k workers gives the same numbers every time and differs from the serial potential (and other k) only
 * by reassociation. Per-atom energies, the untabulated Born + erfc path (species with several charges, unequal Born
 * cutoffs) and a step with a pair closer than the table run the pairs on the calling thread; `pooled` says whether
 * the last evaluation's pairs used the pool. Call `close()` when done.
 *
 * @example
 * ```ts
 * import { ParallelCoulombPme } from '@equitensor/md/node';
 * const salt = new ParallelCoulombPme(new CoulombPme({ accuracy: 1e-5 }).withShortRange(born), { workers: 2 });
 * const { energy } = salt.compute(system);
 * await salt.close();
 * ```
 */
export class ParallelCoulombPme extends PooledPotential {
  readonly neighborList: NeighborList;
  /** Whether the last evaluation's real-space pairs ran on the pool. */
  pooled = false;
  /** Whether the last evaluation's PME spreading ran on the pool (gathering too, unless per-atom energies were asked). */
  meshPooled = false;
  private readonly inner: CoulombPme;
  private readonly parameters = new SharedArrayBuffer(5 * 8);
  private shared: Shared | null = null;
  private mesh: MeshShared | null = null;
  private pairSource: string | null = null;
  private pairBuffers: Record<string, SharedArrayBuffer> = {};
  private meshBuffers: Record<string, SharedArrayBuffer> = {};
  /** The kernel or its buffers changed since the last `pool.load`. */
  private dirty = true;
  /** The B-spline order of the mesh kernel (the PME's, once chosen). */
  private order = 4;
  private readonly walk: SharedPairWalk;

  constructor(serial: CoulombPme, options: ParallelCoulombPmeOptions = {}) {
    super('ParallelCoulombPme', serial, options);
    this.walk = new SharedPairWalk(this.workerCount, 11);
    this.inner = serial.withTabulatedWalk(this.tabulatedWalk, this.ionicWalk).withMeshStages({
      spread: (stencils, positions, inverse, charges, grid) => this.spread(stencils, positions, inverse, charges, grid),
      gather: (_stencils, _charges, grid, inverse, coulombConstant, forces) => this.gather(grid, inverse, coulombConstant, forces),
    });
    this.neighborList = this.inner.neighborList;
  }

  /** The stage timings of the last evaluation (`pair` is the pooled walk's wall time). */
  get timings(): CoulombPmeTimings {
    return this.inner.timings;
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    this.assertOpen();
    this.pooled = false;
    this.meshPooled = false;
    return this.inner.compute(atoms, options);
  }

  /** `sumTabulatedPairs` on the pool (the serial walk for per-atom energies, or when a pair is closer than the table). */
  private readonly tabulatedWalk: TabulatedPairWalk = (list, x, types, table, forces, perAtom) => {
    const serial = () => sumTabulatedPairs(list, x, types, table, forces, perAtom);
    if (perAtom !== null) return serial();
    const spec = (): KernelSpec => ({
      source: IONIC_TABLE_KERNEL,
      table,
      parameters: [table.cutoff2, table.start, table.inverseSpacing, table.typeCount, 0],
      perAtom: types,
      extra: {
        rowOffset: sharedCopy(table.rowOffset, table.rowOffset.length),
        exactBelow2: sharedCopy(table.exactBelow2, table.exactBelow2.length),
      },
    });
    return this.pooledWalk(list, x, table, types, spec, forces) ?? serial();
  };

  /** `sumIonicPairs` on the pool for Coulomb alone (serially with a Born term, per-atom energies or a pair below r₀). */
  private readonly ionicWalk: IonicPairWalk = (list, x, coulomb, born, forces, perAtom) => {
    const serial = () => sumIonicPairs(list, x, coulomb, born, forces, perAtom);
    if (perAtom !== null || born !== null || coulomb === null) return serial();
    const { table, charges } = coulomb;
    const spec = (): KernelSpec => ({
      source: COULOMB_ERFC_KERNEL,
      table,
      parameters: [coulomb.cutoff2, table.start, table.inverseSpacing, table.start * table.start, coulomb.scale],
      perAtom: charges,
      extra: {},
    });
    return this.pooledWalk(list, x, table, charges, spec, forces) ?? serial();
  };

  /**
   * One pooled evaluation: share the list and table when they changed, run both phases, add the reduced forces into
   * `forces`; null (nothing added) when a worker flagged a pair closer than the table.
   */
  private pooledWalk(
    list: NeighborList,
    x: Float64Array,
    table: object,
    perAtom: Int32Array | Float64Array,
    spec: () => KernelSpec,
    forces: Float64Array,
  ): { energy: number; virial: Float64Array } | null {
    const n = perAtom.length;
    const walk = this.walk;
    if (this.shared === null || walk.stale(list, n) || this.shared.table !== table) this.share(list, n, spec());
    const b = this.shared as Shared;
    walk.prepare(list, x);
    b.perAtom.set(perAtom);
    this.ensureLoaded();
    this.pool.run(0);
    const k = this.workerCount;
    for (let w = 0; w < k; w++) if (walk.partial[11 * w + 10] !== 0) return null;
    this.pool.run(1);
    for (let q = 0; q < 3 * n; q++) forces[q] = (forces[q] as number) + (walk.out[q] as number);
    const [energy, ...image] = walk.sum(0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) as [number, ...number[]];
    this.pooled = true;
    // as the serial walks: Σ x_i ⊗ F_i over these pairs' forces (the caller passes them zeroed) plus the image sums
    return { energy, virial: virialFromForces(x, forces, image) };
  }

  /** Copy the (re)built list and the table into shared memory and load the kernel with the new buffers. */
  private share(list: NeighborList, n: number, spec: KernelSpec): void {
    const old = this.shared !== null && this.walk.n === n ? this.shared : null;
    const sameTable = old !== null && old.table === spec.table;
    const perAtom =
      sameTable && old !== null
        ? old.perAtom
        : spec.perAtom instanceof Int32Array
          ? new Int32Array(new SharedArrayBuffer(4 * Math.max(1, n)))
          : new Float64Array(new SharedArrayBuffer(8 * Math.max(1, n)));
    // the table (≈ 200 KB for NaCl at δ = 1e-5) is copied only when CoulombPme rebuilt it
    const coefficients = sameTable && old !== null ? old.coefficients : sharedCopy(spec.table.coefficients, spec.table.coefficients.length);
    new Float64Array(this.parameters).set(spec.parameters);
    const buffers = {
      ...this.walk.share(list, n),
      types: perAtom.buffer as SharedArrayBuffer,
      charges: perAtom.buffer as SharedArrayBuffer,
      parameters: this.parameters,
      coefficients,
      ...spec.extra,
    };
    this.pairSource = spec.source;
    this.pairBuffers = buffers;
    this.dirty = true;
    this.shared = { perAtom, table: spec.table, coefficients };
  }

  /** Load the combined kernel with the pair and mesh buffers when either changed. */
  private ensureLoaded(): void {
    if (!this.dirty) return;
    this.pool.load({ source: combined(this.pairSource, this.order), buffers: { ...this.pairBuffers, ...this.meshBuffers } });
    this.dirty = false;
  }

  /** PME stencils and spreading on the pool (phases 2–3): Q into `grid`, the stencils into `stencils`' arrays. */
  private spread(stencils: Stencils, positions: Float64Array, inverse: Float64Array, charges: Float64Array, grid: Float64Array): void {
    const n = charges.length;
    if (this.mesh === null || this.mesh.n !== n || this.mesh.stencils !== stencils) this.shareMesh(stencils, n);
    const m = this.mesh as MeshShared;
    m.parameters.set(inverse, 4);
    m.positions.set(positions);
    m.charges.set(charges);
    this.ensureLoaded();
    this.pool.run(2);
    this.pool.run(3);
    grid.set(m.grid);
    this.meshPooled = true;
  }

  /** PME gathering on the pool (phase 4): the mesh forces added into `forces`. */
  private gather(grid: Float64Array, inverse: Float64Array, coulombConstant: number, forces: Float64Array): void {
    const m = this.mesh as MeshShared;
    m.parameters.set(inverse, 4);
    m.parameters[13] = coulombConstant;
    m.grid.set(grid);
    this.pool.run(4);
    for (let q = 0; q < forces.length; q++) forces[q] = (forces[q] as number) + (m.forces[q] as number);
  }

  /** Shared stencils (replacing `stencils`' own arrays), meshes and per-atom arrays for n atoms. */
  private shareMesh(stencils: Stencils, n: number): void {
    const k = this.workerCount;
    const p = stencils.order;
    const [k0, k1, k2] = stencils.mesh;
    const size = k0 * k1 * k2;
    const slots = Math.max(1, 3 * n * p);
    const offsets = new SharedArrayBuffer(4 * slots);
    const weights = new SharedArrayBuffer(8 * slots);
    const derivs = new SharedArrayBuffer(8 * slots);
    // the calling thread's stencils are these arrays (reserve(n) keeps them): its own gather reads what the pool wrote
    // (MeshStencils declares ArrayBuffer-backed arrays; it only indexes them, so shared ones serve as well)
    stencils.offsets = new Int32Array(offsets) as unknown as Int32Array<ArrayBuffer>;
    stencils.weights = new Float64Array(weights) as unknown as Float64Array<ArrayBuffer>;
    stencils.derivs = new Float64Array(derivs) as unknown as Float64Array<ArrayBuffer>;
    const parameters = new Float64Array(new SharedArrayBuffer(14 * 8));
    parameters.set([p, k0, k1, k2]);
    const positions = new Float64Array(new SharedArrayBuffer(24 * Math.max(1, n)));
    const charges = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, n)));
    const grid = new Float64Array(new SharedArrayBuffer(8 * size));
    const forces = new Float64Array(new SharedArrayBuffer(24 * Math.max(1, n)));
    this.meshBuffers = {
      meshParameters: parameters.buffer as SharedArrayBuffer,
      meshPositions: positions.buffer as SharedArrayBuffer,
      meshCharges: charges.buffer as SharedArrayBuffer,
      offsets,
      weights,
      derivs,
      meshes: new SharedArrayBuffer(8 * size * k),
      grid: grid.buffer as SharedArrayBuffer,
      meshForces: forces.buffer as SharedArrayBuffer,
      wrap0: sharedCopy(stencils.wrap(0), stencils.wrap(0).length),
      wrap1: sharedCopy(stencils.wrap(1), stencils.wrap(1).length),
      wrap2: sharedCopy(stencils.wrap(2), stencils.wrap(2).length),
      atomRanges: sharedCopy(evenRanges(n, k), k + 1),
      gridRanges: sharedCopy(evenRanges(size, k), k + 1),
    };
    this.mesh = { n, stencils, positions, charges, grid, forces, parameters };
    this.order = p;
    this.dirty = true;
  }
}
