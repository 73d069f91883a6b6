import { evenRanges } from '@equitensor/tensor';
import type { AtomsState, ComputeOptions, PotentialResult } from '../potential.ts';
import type { EmbeddedAtom } from '../potentials/eam.ts';
import type { EamSplines } from '../potentials/eam-tables.ts';
import { virialFromForces } from '../potentials/virial.ts';
import { EAM_POOL_KERNEL } from './eam-pool-kernel.ts';
import { PooledPairPotential, type PooledPotentialOptions } from './pooled-potential.ts';
import { sharedCopy } from './shared-copy.ts';

/** Options of {@link ParallelEmbeddedAtom}. */
export interface ParallelEmbeddedAtomOptions extends PooledPotentialOptions {}

function sharedTables(tables: readonly Float64Array[]): SharedArrayBuffer {
  const stride = (tables[0] as Float64Array).length;
  const out = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, stride * tables.length)));
  tables.forEach((t, e) => {
    out.set(t, e * stride);
  });
  return out.buffer as SharedArrayBuffer;
}

/**
 * {@link EmbeddedAtom} (LAMMPS' `pair_style eam` / `eam/alloy`) computed on a shared-memory {@link WorkerPool} from
 * `@equitensor/tensor` (Node only: `@equitensor/md/node`). The neighbour list is built on the calling thread and
 * shared once per rebuild; each step only the positions are written to shared memory and the pool runs four barriers
 * (densities, embedding, forces, force reduction; {@link EAM_POOL_KERNEL}), with no messages. Each worker takes a
 * fixed slice of atoms with about the same number of list entries and accumulates densities and forces into its own
 * slot; slots are added in a fixed order, so a run with k workers gives the same numbers every time and differs from
 * {@link EmbeddedAtom} (and other k) only by reassociation. Per-atom energies are computed on the calling thread.
 * Call `close()` when done.
 *
 * @example
 * ```ts
 * import { ParallelEmbeddedAtom } from '@equitensor/md/node';
 * const eam = new ParallelEmbeddedAtom(EmbeddedAtom.fromFile(text, 'Cu_u3.eam'), { workers: 2 });
 * const { energy, forces } = eam.compute(system);
 * await eam.close();
 * ```
 */
export class ParallelEmbeddedAtom extends PooledPairPotential<EmbeddedAtom> {
  readonly splines: EamSplines;
  private readonly elementOf = new Int32Array(256).fill(-1);
  private readonly tables: { rhor: SharedArrayBuffer; frho: SharedArrayBuffer; z2r: SharedArrayBuffer };
  private species = new Int32Array(new SharedArrayBuffer(4));
  private speciesCount = -1;
  private perAtom: Record<string, SharedArrayBuffer> = {};
  /** Phase 0's list of the entries within the cutoff (j or the list index, r), which phase 2 walks. */
  private compact: Record<string, SharedArrayBuffer> = {};
  private compactCapacity = 0;

  constructor(serial: EmbeddedAtom, options: ParallelEmbeddedAtomOptions = {}) {
    const sp = serial.splines;
    super('ParallelEmbeddedAtom', serial, options, EAM_POOL_KERNEL, 11, [
      1 / sp.dr,
      1 / sp.drho,
      sp.nr,
      sp.nrho,
      sp.rhomax,
      sp.cutoff * sp.cutoff,
      sp.frho.length,
      sp.frho.length === 1 ? 1 : 0,
      (sp.rhor[0] as Float64Array).length,
      (sp.frho[0] as Float64Array).length,
    ]);
    this.splines = sp;
    sp.atomicNumbers.forEach((z, e) => {
      if (z >= 0 && z < 256 && (this.elementOf[z] as number) < 0) this.elementOf[z] = e;
    });
    this.tables = { rhor: sharedTables(sp.rhor), frho: sharedTables(sp.frho), z2r: sharedTables(sp.z2r) };
  }

  /** The masses of the file's elements for these atoms (amu), as {@link EmbeddedAtom.massesFor}. */
  massesFor(numbers: Int32Array): Float64Array {
    return this.serial.massesFor(numbers);
  }

  protected step(atoms: AtomsState, options: ComputeOptions): PotentialResult {
    const n = atoms.numbers.length;
    const species = this.species;
    for (let i = 0; i < n; i++) {
      const z = atoms.numbers[i] as number;
      const e = z >= 0 && z < 256 ? (this.elementOf[z] as number) : -1;
      if (e < 0)
        throw new RangeError(
          `atom ${i} has atomic number ${z}, which ${this.serial.name} does not describe (elements: ${this.splines.symbols.join(', ')})`,
        );
      species[i] = e;
    }
    for (let phase = 0; phase < 4; phase++) this.pool.run(phase);
    const forces = this.walk.forces(options);
    // serial order: every embedding energy, then every pair energy
    const [embedding] = this.walk.sum(0, [0]) as [number];
    const [energy, ...image] = this.walk.sum(1, [embedding, 0, 0, 0, 0, 0, 0, 0, 0, 0]) as [number, ...number[]];
    return { energy, forces, virial: virialFromForces(atoms.positions, forces, image) };
  }

  /**
   * Species, per-worker densities, embedding derivatives, phase 0's compact pair list, the spline tables and the
   * embedding's atom ranges. Kept across list rebuilds (zeroing ~20 MB of fresh shared memory per rebuild cost more than
   * a step's bookkeeping); the compact list grows by a quarter when a rebuilt list outgrows it.
   */
  protected override buffers(n: number): Record<string, SharedArrayBuffer> {
    const k = this.workerCount;
    if (this.speciesCount !== n) {
      this.species = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, n)));
      this.speciesCount = n;
      this.perAtom = {
        rhoSlots: new SharedArrayBuffer(8 * Math.max(1, n) * k),
        fp: new SharedArrayBuffer(8 * Math.max(1, n)),
        compactMid: new SharedArrayBuffer(4 * Math.max(1, n)),
        compactEnd: new SharedArrayBuffer(4 * Math.max(1, n)),
        // equal atoms per worker for the embedding
        atoms: sharedCopy(evenRanges(n, k), k + 1),
      };
    }
    const entries = this.neighborList.size;
    if (entries > this.compactCapacity) {
      this.compactCapacity = Math.max(1, Math.ceil(1.25 * entries));
      this.compact = {
        compactNeighbors: new SharedArrayBuffer(4 * this.compactCapacity),
        compactR: new SharedArrayBuffer(8 * this.compactCapacity),
      };
    }
    return { species: this.species.buffer, ...this.perAtom, ...this.compact, ...this.tables };
  }
}
