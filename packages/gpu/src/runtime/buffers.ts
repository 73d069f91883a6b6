import './webgpu-types.ts';
import { BufferUsage, MapMode } from './constants.ts';
import type { GpuContext } from './device.ts';
import { SerialQueue } from './serial.ts';

/**
 * Named device buffers reused across calls: a buffer is reallocated only when a larger one is
 * needed (growing by half again), so steady-state steps allocate nothing. Also owns the staging
 * buffer used for read-backs.
 *
 * @example
 * ```ts
 * const buffers = new BufferSet(gpu);
 * const x = buffers.upload('positions', new Float32Array(3 * n));
 * const back = await buffers.readFloat32(x, 3 * n);
 * buffers.destroy();
 * ```
 */
export class BufferSet {
  private readonly buffers = new Map<string, GPUBuffer>();
  private staging: GPUBuffer | null = null;
  private readonly reads = new SerialQueue();

  constructor(readonly gpu: GpuContext) {}

  /** A storage buffer named `name` of at least `byteLength` bytes (contents undefined when regrown). */
  storage(name: string, byteLength: number, extraUsage = 0): GPUBuffer {
    return this.ensure(name, byteLength, BufferUsage.STORAGE | BufferUsage.COPY_DST | BufferUsage.COPY_SRC | extraUsage);
  }

  /** A uniform buffer named `name` holding `data` (written now). */
  uniform(name: string, data: ArrayBuffer | ArrayBufferView): GPUBuffer {
    const bytes = data instanceof ArrayBuffer ? data : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
    const buffer = this.ensure(name, roundUp(bytes.byteLength, 16), BufferUsage.UNIFORM | BufferUsage.COPY_DST);
    this.gpu.device.queue.writeBuffer(buffer, 0, bytes as ArrayBuffer);
    return buffer;
  }

  /** A storage buffer named `name` holding `data` (written now). */
  upload(name: string, data: Float32Array | Uint32Array | Int32Array): GPUBuffer {
    const buffer = this.storage(name, Math.max(16, roundUp(data.byteLength, 4)));
    this.gpu.device.queue.writeBuffer(buffer, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
    return buffer;
  }

  /** The buffer named `name`; throws when it was never created. */
  get(name: string): GPUBuffer {
    const buffer = this.buffers.get(name);
    if (buffer === undefined) throw new Error(`BufferSet: no buffer named "${name}"`);
    return buffer;
  }

  /** Copy `count` 32-bit floats from `source` (at `offsetElements`) back to the CPU. */
  async readFloat32(source: GPUBuffer, count: number, offsetElements = 0): Promise<Float32Array> {
    const bytes = await this.readBytes(source, count * 4, offsetElements * 4);
    return new Float32Array(bytes);
  }

  /** Copy `count` 32-bit unsigned integers from `source` back to the CPU. */
  async readUint32(source: GPUBuffer, count: number, offsetElements = 0): Promise<Uint32Array> {
    const bytes = await this.readBytes(source, count * 4, offsetElements * 4);
    return new Uint32Array(bytes);
  }

  /** Copy `byteLength` bytes of `source` from `byteOffset` into a fresh ArrayBuffer (read-backs queue up; the staging buffer is shared). */
  readBytes(source: GPUBuffer, byteLength: number, byteOffset = 0): Promise<ArrayBuffer> {
    return this.reads.run(() => this.readBytesNow(source, byteLength, byteOffset));
  }

  private async readBytesNow(source: GPUBuffer, byteLength: number, byteOffset: number): Promise<ArrayBuffer> {
    this.gpu.assertAlive();
    const size = roundUp(Math.max(byteLength, 4), 4);
    if (this.staging === null || this.staging.size < size) {
      this.staging?.destroy();
      this.staging = this.gpu.device.createBuffer({
        size: grow(size),
        usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST,
        label: 'staging',
      });
    }
    const staging = this.staging;
    const encoder = this.gpu.device.createCommandEncoder();
    encoder.copyBufferToBuffer(source, byteOffset, staging, 0, size);
    this.gpu.device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(MapMode.READ, 0, size);
    } catch (error) {
      this.gpu.assertAlive();
      throw error;
    }
    const copy = staging.getMappedRange(0, size).slice(0, byteLength);
    staging.unmap();
    return copy;
  }

  /** Destroy every buffer of the set. */
  destroy(): void {
    for (const buffer of this.buffers.values()) buffer.destroy();
    this.buffers.clear();
    this.staging?.destroy();
    this.staging = null;
  }

  private ensure(name: string, byteLength: number, usage: number): GPUBuffer {
    const existing = this.buffers.get(name);
    if (existing !== undefined && existing.size >= byteLength && existing.usage === usage) return existing;
    existing?.destroy();
    const limit = this.gpu.report.limits.maxStorageBufferBindingSize ?? Number.POSITIVE_INFINITY;
    if (byteLength > limit) {
      throw new Error(`BufferSet: buffer "${name}" needs ${byteLength} bytes, above the adapter's maxStorageBufferBindingSize ${limit}`);
    }
    const size = Math.min(grow(roundUp(Math.max(byteLength, 16), 16)), Math.max(roundUp(byteLength, 16), Math.floor(limit / 16) * 16));
    const buffer = this.gpu.device.createBuffer({ size, usage, label: name });
    this.buffers.set(name, buffer);
    return buffer;
  }
}

function roundUp(n: number, multiple: number): number {
  return Math.ceil(n / multiple) * multiple;
}

function grow(n: number): number {
  return roundUp(Math.ceil(n * 1.5), 16);
}
