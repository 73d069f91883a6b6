import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { NeighborList } from '../neighbor-list.ts';
import type { AtomsState, ComputeOptions, Potential, PotentialResult } from '../potential.ts';
import { LennardJones, type LennardJonesOptions } from '../potentials/lennard-jones.ts';
import { virialFromForces } from '../potentials/virial.ts';

/** Options of {@link ParallelLennardJones}. */
export interface ParallelLennardJonesOptions extends LennardJonesOptions {
  /** Number of worker threads (default 2). */
  readonly workers?: number;
}

// control words in a shared Int32Array
const GENERATION = 0;
const DONE = 1;
const COMMAND = 2;
const COMPUTE = 1;
const STOP = 2;

/**
 * The worker's loop (plain JavaScript, evaluated in each worker): wait for a new generation, pick up new
 * buffers with `receiveMessageOnPort`, compute the LJ forces of its atom range into its own force buffer
 * (half list: forces on j outside the range land there too), then report done.
 */
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { control, port, index } = workerData;
const ctrl = new Int32Array(control);
let b = null;
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, ${GENERATION}, seen);
  seen = Atomics.load(ctrl, ${GENERATION});
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) b = m.message;
  if (Atomics.load(ctrl, ${COMMAND}) === ${STOP}) break;
  const x = new Float64Array(b.positions), f = new Float64Array(b.forces), out = new Float64Array(b.partial);
  const start = new Int32Array(b.start), mid = new Int32Array(b.mid), nbr = new Int32Array(b.neighbors);
  const img = new Int32Array(b.images), S = new Float64Array(b.shifts), range = new Int32Array(b.ranges);
  const p = new Float64Array(b.parameters);
  const rc2 = p[0], s2 = p[1], e4 = p[2], e24 = p[3], eShift = p[4];
  f.fill(0);
  let energy = 0, wxx = 0, wxy = 0, wxz = 0, wyx = 0, wyy = 0, wyz = 0, wzx = 0, wzy = 0, wzz = 0;
  const lo = range[index], hi = range[index + 1];
  for (let i = lo; i < hi; i++) {
    const i3 = 3 * i, xi = x[i3], yi = x[i3 + 1], zi = x[i3 + 2];
    let fxi = 0, fyi = 0, fzi = 0;
    const m = mid[i], end = start[i + 1];
    for (let k = start[i]; k < end; k++) {
      const j3 = 3 * nbr[k];
      let sx = 0, sy = 0, sz = 0;
      if (k >= m) { const s = 3 * img[k]; sx = S[s]; sy = S[s + 1]; sz = S[s + 2]; }
      const dx = x[j3] + sx - xi, dy = x[j3 + 1] + sy - yi, dz = x[j3 + 2] + sz - zi;
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= rc2) continue;
      const ir2 = 1 / r2, sr2 = s2 * ir2, sr6 = sr2 * sr2 * sr2;
      const fpair = e24 * sr6 * (2 * sr6 - 1) * ir2;
      energy += e4 * sr6 * (sr6 - 1) - eShift;
      const fx = fpair * dx, fy = fpair * dy, fz = fpair * dz;
      fxi -= fx; fyi -= fy; fzi -= fz;
      f[j3] += fx; f[j3 + 1] += fy; f[j3 + 2] += fz;
      if (k >= m) {
        wxx += sx * fx; wxy += sx * fy; wxz += sx * fz;
        wyx += sy * fx; wyy += sy * fy; wyz += sy * fz;
        wzx += sz * fx; wzy += sz * fy; wzz += sz * fz;
      }
    }
    f[i3] += fxi; f[i3 + 1] += fyi; f[i3 + 2] += fzi;
  }
  out[0] = energy; out[1] = wxx; out[2] = wxy; out[3] = wxz; out[4] = wyx; out[5] = wyy; out[6] = wyz; out[7] = wzx; out[8] = wzy; out[9] = wzz;
  Atomics.add(ctrl, ${DONE}, 1);
  Atomics.notify(ctrl, ${DONE});
}
`;

function sharedCopy<T extends Int32Array | Float64Array>(source: T, length: number, make: (b: SharedArrayBuffer) => T): T {
  const target = make(new SharedArrayBuffer(Math.max(1, length) * source.BYTES_PER_ELEMENT));
  target.set(source.subarray(0, length));
  return target;
}

/**
 * Lennard-Jones forces computed by `worker_threads` over shared memory (Node only:
 * `@equitensor/md/node`). The neighbour list is built on the main thread; each worker takes a slice of
 * atoms with about the same number of list entries and accumulates into its own force buffer; the main
 * thread adds the buffers in a fixed order. Energies, forces and virials equal {@link LennardJones}'s up to
 * floating-point reassociation. `compute` stays synchronous (the main thread waits with `Atomics.wait`).
 * Per-atom energies are computed on the main thread. Call `close()` when done.
 *
 * @example
 * ```ts
 * import { ParallelLennardJones } from '@equitensor/md/node';
 * const lj = new ParallelLennardJones({ cutoff: 2.5, workers: 2 });
 * const { energy } = lj.compute(system);
 * await lj.close();
 * ```
 */
export class ParallelLennardJones implements Potential {
  readonly name: string;
  readonly cutoff: number;
  readonly workerCount: number;
  readonly neighborList: NeighborList;
  private readonly serial: LennardJones;
  private readonly control = new Int32Array(new SharedArrayBuffer(16));
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly parameters = new Float64Array(new SharedArrayBuffer(5 * 8));
  private buffers: {
    positions: Float64Array;
    forces: Float64Array[];
    partial: Float64Array[];
    start: Int32Array;
    mid: Int32Array;
    neighbors: Int32Array;
    images: Int32Array;
    shifts: Float64Array;
    ranges: Int32Array;
  } | null = null;
  private listBuild = -1;
  private listDeform = 0;
  private closed = false;

  constructor(options: ParallelLennardJonesOptions = {}) {
    this.serial = new LennardJones(options);
    this.name = `${this.serial.name}/workers`;
    this.cutoff = this.serial.cutoff;
    this.neighborList = this.serial.neighborList;
    this.workerCount = options.workers ?? 2;
    if (!Number.isInteger(this.workerCount) || this.workerCount < 1)
      throw new RangeError(`workers must be a positive integer, got ${this.workerCount}`);
    const { sigma, epsilon, cutoff } = this.serial;
    const sr6 = (sigma / cutoff) ** 6;
    this.parameters.set([
      cutoff * cutoff,
      sigma * sigma,
      4 * epsilon,
      24 * epsilon,
      this.serial.shift ? 4 * epsilon * (sr6 * sr6 - sr6) : 0,
    ]);
    for (let w = 0; w < this.workerCount; w++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { control: this.control.buffer, port: port2, index: w },
        transferList: [port2],
      });
      worker.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  compute(atoms: AtomsState, options: ComputeOptions = {}): PotentialResult {
    if (this.closed) throw new Error('ParallelLennardJones is closed');
    if (options.perAtomEnergies === true) return this.serial.compute(atoms, options);
    const list = this.neighborList;
    list.update(atoms);
    const n = atoms.numbers.length;
    if (this.buffers === null || this.listBuild !== list.buildCount || this.buffers.positions.length !== 3 * n) this.shareList(n);
    const b = this.buffers as NonNullable<typeof this.buffers>;
    if (this.listDeform !== list.deformCount) {
      // the cell changed without a rebuild (a barostat): same images, new Cartesian shifts
      b.shifts.set(list.shifts);
      this.listDeform = list.deformCount;
    }
    b.positions.set(atoms.positions);
    Atomics.store(this.control, DONE, 0);
    Atomics.store(this.control, COMMAND, COMPUTE);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    for (let done = Atomics.load(this.control, DONE); done < this.workerCount; done = Atomics.load(this.control, DONE)) {
      Atomics.wait(this.control, DONE, done, 60_000);
    }
    const forces = new Float64Array(3 * n);
    let energy = 0;
    const image = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (let w = 0; w < this.workerCount; w++) {
      const fw = b.forces[w] as Float64Array;
      for (let k = 0; k < 3 * n; k++) forces[k] = (forces[k] as number) + (fw[k] as number);
      const p = b.partial[w] as Float64Array;
      energy += p[0] as number;
      for (let k = 0; k < 9; k++) image[k] = (image[k] as number) + (p[k + 1] as number);
    }
    return { energy, forces, virial: virialFromForces(atoms.positions, forces, image) };
  }

  /** Copy the (re)built list into shared memory and hand the buffers to the workers. */
  private shareList(n: number): void {
    const list = this.neighborList;
    const size = list.size;
    const f64 = (b: SharedArrayBuffer) => new Float64Array(b);
    const i32 = (b: SharedArrayBuffer) => new Int32Array(b);
    // equal numbers of entries per worker
    const ranges = new Int32Array(new SharedArrayBuffer(4 * (this.workerCount + 1)));
    let atom = 0;
    for (let w = 1; w < this.workerCount; w++) {
      const target = (size * w) / this.workerCount;
      while (atom < n && (list.start[atom] as number) < target) atom++;
      ranges[w] = atom;
    }
    ranges[this.workerCount] = n;
    const old = this.buffers;
    this.buffers = {
      positions:
        old !== null && old.positions.length === 3 * n ? old.positions : new Float64Array(new SharedArrayBuffer(24 * Math.max(1, n))),
      forces:
        old !== null && old.positions.length === 3 * n
          ? old.forces
          : this.workers.map(() => new Float64Array(new SharedArrayBuffer(24 * Math.max(1, n)))),
      partial: old?.partial ?? this.workers.map(() => new Float64Array(new SharedArrayBuffer(80))),
      start: sharedCopy(list.start, n + 1, i32),
      mid: sharedCopy(list.mid, n, i32),
      neighbors: sharedCopy(list.neighbors, size, i32),
      images: sharedCopy(list.images, size, i32),
      shifts: sharedCopy(list.shifts, list.shifts.length, f64),
      ranges,
    };
    const b = this.buffers;
    this.ports.forEach((port, w) => {
      port.postMessage({
        positions: b.positions.buffer,
        forces: (b.forces[w] as Float64Array).buffer,
        partial: (b.partial[w] as Float64Array).buffer,
        start: b.start.buffer,
        mid: b.mid.buffer,
        neighbors: b.neighbors.buffer,
        images: b.images.buffer,
        shifts: b.shifts.buffer,
        ranges: b.ranges.buffer,
        parameters: this.parameters.buffer,
      });
    });
    this.listBuild = list.buildCount;
    this.listDeform = list.deformCount;
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, COMMAND, STOP);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
    await Promise.all(this.workers.map((w) => w.terminate()));
    for (const p of this.ports) p.close();
  }
}
