import type { AtomsState, PotentialResult } from '../potential.ts';
import { LennardJones, type LennardJonesOptions } from '../potentials/lennard-jones.ts';
import { virialFromForces } from '../potentials/virial.ts';
import { ljKernelBinary } from '../wasm/lj-wasm.ts';
import { LJ_POOL_KERNEL } from './lj-pool-kernel.ts';
import { PooledPairPotential, type PooledPotentialOptions } from './pooled-potential.ts';

/** Options of {@link ParallelLennardJones}. */
export interface ParallelLennardJonesOptions extends LennardJonesOptions, PooledPotentialOptions {}

/**
 * Lennard-Jones forces computed on a shared-memory {@link WorkerPool} from `@equitensor/tensor` (Node only:
 * `@equitensor/md/node`). The neighbour list is built on the calling thread and shared once per rebuild;
 * each step only the positions are written to shared memory and the pool runs two barriers (forces, then
 * their reduction), with no messages. Each worker takes a fixed slice of atoms with about the same number of
 * list entries and accumulates into its own slot; slots are added in a fixed order, so a run with k workers
 * gives the same numbers every time and differs from {@link LennardJones} (and other k) only by
 * reassociation. `compute` stays synchronous. Per-atom energies are computed on the calling thread. Call
 * `close()` when done.
 *
 * @example
 * ```ts
 * import { ParallelLennardJones } from '@equitensor/md/node';
 * const lj = new ParallelLennardJones({ cutoff: 2.5, workers: 2 });
 * const { energy } = lj.compute(system);
 * await lj.close();
 * ```
 */
export class ParallelLennardJones extends PooledPairPotential<LennardJones> {
  /**
   * The workers' force loop: `wasm-simd` or `typescript`, as the serial potential's (`kernel` option); after a step,
   * `typescript` if a worker could not compile the WebAssembly kernel and ran the JavaScript walk.
   */
  kernel: 'wasm-simd' | 'typescript';
  private readonly wasm: SharedArrayBuffer | null;

  constructor(options: ParallelLennardJonesOptions = {}) {
    const serial = new LennardJones(options);
    super('ParallelLennardJones', serial, options, LJ_POOL_KERNEL, 11, serial.constants);
    this.kernel = serial.kernel;
    this.wasm = serial.kernel === 'wasm-simd' ? sharedCopyBytes(ljKernelBinary()) : null;
  }

  protected override buffers(_n: number): Record<string, SharedArrayBuffer> {
    return this.wasm === null ? {} : { wasm: this.wasm };
  }

  protected step(atoms: AtomsState): PotentialResult {
    this.pool.run(0);
    this.pool.run(1);
    const forces = this.walk.out.slice();
    const [energy, ...image] = this.walk.sum(0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) as [number, ...number[]];
    const [wasmWorkers = 0] = this.walk.sum(10, [0]);
    if (this.wasm !== null && wasmWorkers < this.workerCount) this.kernel = 'typescript';
    return { energy, forces, virial: virialFromForces(atoms.positions, forces, image) };
  }
}

/** Bytes in a new SharedArrayBuffer (the workers receive the kernel's bytes as shared memory, like every buffer). */
function sharedCopyBytes(bytes: Uint8Array): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}
