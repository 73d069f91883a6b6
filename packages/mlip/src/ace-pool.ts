import type { AtomsState } from '@equitensor/md';
import { gaunt, harmonicRecurrence, type SparsePath, sparsify, wigner3j } from '@equitensor/so3';
import { type WorkerPool, weightedRanges } from '@equitensor/tensor';
import { ACE_POOL_KERNEL } from './ace-pool-kernel.ts';
import { FACTOR_SLOTS } from './basis.ts';
import { type AceDescriptor, addPairGradient, type DescriptorEvaluation } from './descriptor.ts';
import type { NeighborData } from './neighbor-data.ts';

const SLOTS = FACTOR_SLOTS;

/** The tensor-product kinds the pooled kernel runs (the sparse ones); `grid` and `cp` stay on one thread. */
export const ACE_POOL_KINDS = ['cg', 'gaunt'] as const;

/** Shared memory for a pool, plain memory for the calling thread. */
type Memory = SharedArrayBuffer | ArrayBuffer;
type Buffers = Record<string, Memory>;

/** A copy of `a` in memory from `alloc`. */
function copyInto(alloc: (bytes: number) => Memory, a: Float64Array | Int32Array): Memory {
  const buffer = alloc(Math.max(1, a.length) * a.BYTES_PER_ELEMENT);
  (a instanceof Int32Array ? new Int32Array(buffer) : new Float64Array(buffer)).set(a);
  return buffer;
}

type Kernel = (buffers: Buffers, worker: number, workers: number, phase: number) => void;
let inlineKernel: Kernel | null | undefined;

/**
 * {@link ACE_POOL_KERNEL} compiled on this thread (once per process), or null where code generation is not allowed
 * (a Content-Security-Policy without 'unsafe-eval').
 */
function compiledKernel(): Kernel | null {
  if (inlineKernel === undefined) {
    try {
      inlineKernel = new Function(`return (${ACE_POOL_KERNEL});`)() as Kernel;
    } catch {
      inlineKernel = null;
    }
  }
  return inlineKernel;
}

/** The sparse coupling paths of the kernel, concatenated: path p is entries `start[p] … start[p + 1]`. */
class PathStore {
  private readonly byKey = new Map<string, SparsePath>();
  private readonly shared = new Map<SparsePath, number>();
  private readonly paths: SparsePath[] = [];

  /** The path built by `build`, stored once per key. */
  add(key: string, build: () => SparsePath): number {
    let path = this.byKey.get(key);
    if (path === undefined) {
      path = build();
      this.byKey.set(key, path);
    }
    return this.addShared(path);
  }

  /** A path object stored once however often it is added. */
  addShared(path: SparsePath): number {
    let p = this.shared.get(path);
    if (p === undefined) {
      p = this.paths.length;
      this.paths.push(path);
      this.shared.set(path, p);
    }
    return p;
  }

  buffers(copy: (a: Float64Array | Int32Array) => Memory): Buffers {
    const start = new Int32Array(this.paths.length + 1);
    this.paths.forEach((p, i) => {
      start[i + 1] = (start[i] as number) + p.w.length;
    });
    const total = start[this.paths.length] as number;
    const i1 = new Int32Array(total);
    const i2 = new Int32Array(total);
    const i3 = new Int32Array(total);
    const w = new Float64Array(total);
    this.paths.forEach((p, i) => {
      const s = start[i] as number;
      i1.set(p.i1, s);
      i2.set(p.i2, s);
      i3.set(p.i3, s);
      w.set(p.w, s);
    });
    return { pathStart: copy(start), pI1: copy(i1), pI2: copy(i2), pI3: copy(i3), pW: copy(w) };
  }
}

/** The recurrence and scales of so3's fast harmonics with gradient (e3nn's `integral` normalisation), as computed there. */
function harmonicTables(lmax: number, copy: (a: Float64Array | Int32Array) => Memory): Buffers {
  const { a, b, diag, sub } = harmonicRecurrence(lmax);
  const scale = new Float64Array(lmax + 1);
  for (let l = 0; l <= lmax; l++) scale[l] = Math.sqrt((2 * l + 1) / (4 * Math.PI));
  const scale2 = scale.map((v) => v * Math.SQRT2);
  return {
    shA: copy(a),
    shB: copy(b),
    shDiag: copy(diag),
    shSub: copy(sub),
    shScale: copy(scale),
    shScale2: copy(scale2),
  };
}

/**
 * The energy, per-atom energies, forces and virial of a linear ACE model (`AceDescriptor.evaluate`) on a shared-memory
 * `WorkerPool` (`@equitensor/tensor`): the atoms are split into fixed ranges of about equal neighbour counts
 * (`weightedRanges`), each worker computes its atoms' descriptors, energies and per-neighbour gradients
 * ({@link ACE_POOL_KERNEL}), and this thread adds the forces and the virial from the gradients in the serial order.
 * The result is the serial evaluation's bit for bit, for any number of workers. Sparse kinds (`cg`, `gaunt`) only.
 * Made by `MlipPotential.usePool`.
 *
 * @example
 * ```ts
 * const pool = new NodeWorkerPool({ workers: 2 });
 * const ace = new AcePool(potential.descriptor, potential.coefficients, pool);
 * const { energy, forces } = ace.evaluate(atoms, neighborData(atoms, potential.cutoff));
 * ```
 */
export class AcePool {
  /** The pool, or null: the kernel runs on the calling thread (one worker, plain memory). */
  readonly pool: WorkerPool | null;
  private readonly descriptor: AceDescriptor;
  private readonly alloc: (bytes: number) => Memory;
  private readonly statics: Buffers;
  private buffers: Buffers = {};
  private capacity = { atoms: -1, entries: -1 };
  private readonly dyn: Int32Array;
  private readonly kernel: Kernel | null;

  /**
   * @param pool the workers, or null for the calling thread (throws where code generation is not allowed: see
   *   {@link AcePool.inlineAvailable})
   */
  constructor(descriptor: AceDescriptor, coefficients: Float64Array, pool: WorkerPool | null) {
    const kind = descriptor.kind;
    if (kind !== 'cg' && kind !== 'gaunt')
      throw new RangeError(`the pooled ACE kernel runs the kinds ${ACE_POOL_KINDS.join(' and ')}, not '${kind}'`);
    if (coefficients.length !== descriptor.columns)
      throw new RangeError(`expected ${descriptor.columns} coefficients, got ${coefficients.length}`);
    this.descriptor = descriptor;
    this.pool = pool;
    this.kernel = pool === null ? compiledKernel() : null;
    if (pool === null && this.kernel === null)
      throw new Error('AcePool: code generation is not allowed here (no pool kernel on this thread)');
    this.alloc = pool === null ? (bytes) => new ArrayBuffer(bytes) : (bytes) => new SharedArrayBuffer(bytes);
    const sharedCopy = (a: Float64Array | Int32Array) => copyInto(this.alloc, a);
    this.dyn = new Int32Array(this.alloc(8));
    const layout = descriptor.layout;
    const { features, densityOffset, triples } = layout;
    const paths = new PathStore();
    const T = triples.length;
    const tOff = new Int32Array(3 * T);
    const tPath = new Int32Array(T);
    for (let t = 0; t < T; t++) {
      const k = triples[t] as number;
      const l = [0, 1, 2].map((q) => features.factorL[SLOTS * k + q] as number) as [number, number, number];
      for (let q = 0; q < 3; q++) tOff[3 * t + q] = densityOffset[SLOTS * k + q] as number;
      tPath[t] = paths.add(`${kind}:${l.join(',')}`, () => sparsify(kind === 'cg' ? wigner3j(...l) : gaunt(...l), ...l));
    }
    const quad = descriptor.quadruple.table();
    // pair paths are shared objects per (l1, l2, L) in the quadruple coupling: one stored path each
    const pPath = Int32Array.from(quad.pairs, ({ path }) => paths.addShared(path));
    const quadruples = layout.quadruples;
    const qDim = Int32Array.from(quad.left, (p) => 2 * (quad.pairs[p] as { path: { L: number } }).path.L + 1);
    this.statics = {
      info: sharedCopy(
        Int32Array.of(
          layout.speciesCount,
          layout.nmax,
          layout.nlm,
          layout.lmax,
          features.count,
          T,
          quad.pairs.length,
          quadruples.length,
          quad.size,
        ),
      ),
      real: sharedCopy(
        Float64Array.of(descriptor.radial.rcut, descriptor.radial.lambda, descriptor.radial.rin, Math.expm1(descriptor.radial.lambda)),
      ),
      ...harmonicTables(layout.lmax, sharedCopy),
      order: sharedCopy(Int32Array.from(features.order)),
      dOff: sharedCopy(densityOffset),
      factorL: sharedCopy(features.factorL),
      coef: sharedCopy(coefficients),
      tOff: sharedCopy(tOff),
      tOut: sharedCopy(triples),
      tPath: sharedCopy(tPath),
      pPath: sharedCopy(pPath),
      pO1: sharedCopy(Int32Array.from(quad.pairs, (p) => p.o1)),
      pO2: sharedCopy(Int32Array.from(quad.pairs, (p) => p.o2)),
      pT: sharedCopy(Int32Array.from(quad.pairs, (p) => p.t)),
      qK: sharedCopy(quadruples),
      qLeft: sharedCopy(quad.left),
      qRight: sharedCopy(quad.right),
      qDim: sharedCopy(qDim),
      ...paths.buffers(sharedCopy),
      dyn: this.dyn.buffer,
    };
  }

  /** Whether the kernel can run on the calling thread (`pool` null): code generation is allowed here. */
  static inlineAvailable(): boolean {
    return compiledKernel() !== null;
  }

  /** Energy (without E0), per-atom energies, forces and virial of a configuration, as `AceDescriptor.evaluate`. */
  evaluate(atoms: AtomsState, nd: NeighborData): DescriptorEvaluation {
    const N = atoms.numbers.length;
    const entries = nd.start[N] as number;
    const k = this.pool?.size ?? 1;
    if (N > this.capacity.atoms || entries > this.capacity.entries) {
      const atomsCap = Math.ceil(N * 1.1) + 1;
      const entriesCap = Math.ceil(entries * 1.2) + 1;
      const f64 = (n: number) => this.alloc(8 * n);
      const i32 = (n: number) => this.alloc(4 * n);
      this.buffers = {
        ...this.statics,
        ranges: i32(k + 1),
        start: i32(atomsCap + 1),
        species: i32(atomsCap),
        perAtom: f64(atomsCap),
        neighbors: i32(entriesCap),
        vectors: f64(3 * entriesCap),
        grad: f64(3 * entriesCap),
      };
      this.capacity = { atoms: atomsCap, entries: entriesCap };
    }
    const b = this.buffers as Record<string, ArrayBuffer>;
    const species = new Int32Array(b.species as ArrayBuffer, 0, N);
    for (let i = 0; i < N; i++) species[i] = this.descriptor.speciesIndex(atoms.numbers[i] as number);
    let maxCount = 0;
    for (let i = 0; i < N; i++) maxCount = Math.max(maxCount, (nd.start[i + 1] as number) - (nd.start[i] as number));
    this.dyn.set([N, maxCount]);
    new Int32Array(b.start as ArrayBuffer, 0, N + 1).set(nd.start.subarray(0, N + 1));
    new Int32Array(b.neighbors as ArrayBuffer, 0, entries).set(nd.neighbors.subarray(0, entries));
    new Float64Array(b.vectors as ArrayBuffer, 0, 3 * entries).set(nd.vectors.subarray(0, 3 * entries));
    new Int32Array(b.ranges as ArrayBuffer).set(weightedRanges(nd.start, N, k));
    if (this.pool === null) (this.kernel as Kernel)(b, 0, 1, 0);
    else {
      // load every call: another kernel may have been loaded on the same pool since (the workers keep it compiled)
      this.pool.load({ source: ACE_POOL_KERNEL, buffers: b as unknown as Record<string, SharedArrayBuffer> });
      this.pool.run(0);
    }
    const perAtom = new Float64Array(b.perAtom as ArrayBuffer, 0, N).slice();
    const grad = new Float64Array(b.grad as ArrayBuffer, 0, 3 * entries);
    let energy = 0;
    for (let i = 0; i < N; i++) energy += perAtom[i] as number;
    // forces and virial in AceDescriptor.evaluate's order (atom by atom, neighbour by neighbour)
    const forces = new Float64Array(3 * N);
    const virial = new Float64Array(9);
    const rcut2 = this.descriptor.cutoff * this.descriptor.cutoff;
    const v = nd.vectors;
    for (let i = 0; i < N; i++) {
      for (let e = nd.start[i] as number; e < (nd.start[i + 1] as number); e++) {
        const j = nd.neighbors[e] as number;
        const vx = v[3 * e] as number;
        const vy = v[3 * e + 1] as number;
        const vz = v[3 * e + 2] as number;
        if (vx * vx + vy * vy + vz * vz >= rcut2) continue;
        addPairGradient(forces, virial, i, j, vx, vy, vz, grad[3 * e] as number, grad[3 * e + 1] as number, grad[3 * e + 2] as number);
      }
    }
    return { energy, forces, virial, perAtomEnergies: perAtom };
  }
}
