import './webgpu-types.ts';
import { BufferUsage, MapMode } from './constants.ts';
import type { GpuContext } from './device.ts';

/**
 * GPU time of one labelled pass, in nanoseconds.
 *
 * @example
 * ```ts
 * const [first] = await profiler.read(); // { label: 'lj/forces', nanoseconds: 48213 }
 * ```
 */
export interface PassTiming {
  readonly label: string;
  readonly nanoseconds: number;
}

/**
 * Records a begin and end timestamp for each compute pass it is handed (`timestamp-query`), when
 * the context has the feature; otherwise it records nothing and {@link read} returns `[]`.
 *
 * @example
 * ```ts
 * const profiler = new TimestampProfiler(gpu, 16);
 * await runDispatches(gpu, plans, profiler);
 * const timings = await profiler.read(); // [{ label: 'lj-forces', nanoseconds: 51234 }, …]
 * ```
 */
export class TimestampProfiler {
  private readonly querySet: GPUQuerySet | null;
  private readonly resolveBuffer: GPUBuffer | null;
  private readonly readBuffer: GPUBuffer | null;
  private labels: string[] = [];

  constructor(
    readonly gpu: GpuContext,
    readonly maxPasses = 32,
  ) {
    if (!gpu.timestampQueries) {
      this.querySet = null;
      this.resolveBuffer = null;
      this.readBuffer = null;
      return;
    }
    this.querySet = gpu.device.createQuerySet({ type: 'timestamp', count: 2 * maxPasses });
    this.resolveBuffer = gpu.device.createBuffer({ size: 16 * maxPasses, usage: BufferUsage.QUERY_RESOLVE | BufferUsage.COPY_SRC });
    this.readBuffer = gpu.device.createBuffer({ size: 16 * maxPasses, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  }

  /** Whether timings will be recorded. */
  get enabled(): boolean {
    return this.querySet !== null;
  }

  /** The `timestampWrites` for the next pass, or undefined when disabled or full. */
  nextPass(label: string): GPUComputePassTimestampWrites | undefined {
    if (this.querySet === null || this.labels.length >= this.maxPasses) return undefined;
    const index = this.labels.length;
    this.labels.push(label);
    return { querySet: this.querySet, beginningOfPassWriteIndex: 2 * index, endOfPassWriteIndex: 2 * index + 1 };
  }

  /** Encode the resolution of the recorded queries (call once, after the passes). */
  resolve(encoder: GPUCommandEncoder): void {
    if (this.querySet === null || this.resolveBuffer === null || this.readBuffer === null || this.labels.length === 0) return;
    encoder.resolveQuerySet(this.querySet, 0, 2 * this.labels.length, this.resolveBuffer, 0);
    encoder.copyBufferToBuffer(this.resolveBuffer, 0, this.readBuffer, 0, 16 * this.labels.length);
  }

  /** Read the timings of the passes recorded since the last read, then start afresh. */
  async read(): Promise<PassTiming[]> {
    if (this.readBuffer === null || this.labels.length === 0) return [];
    await this.readBuffer.mapAsync(MapMode.READ, 0, 16 * this.labels.length);
    const stamps = new BigUint64Array(this.readBuffer.getMappedRange(0, 16 * this.labels.length).slice(0));
    this.readBuffer.unmap();
    const timings = this.labels.map((label, i) => ({ label, nanoseconds: Number((stamps[2 * i + 1] ?? 0n) - (stamps[2 * i] ?? 0n)) }));
    this.labels = [];
    return timings;
  }

  /** Free the query set and buffers. */
  destroy(): void {
    this.querySet?.destroy();
    this.resolveBuffer?.destroy();
    this.readBuffer?.destroy();
  }
}
