import './webgpu-types.ts';
import { isBrowserLike } from './environment.ts';
import { DeviceLostError, NoAdapterError } from './errors.ts';

/**
 * What an adapter is and what it allows, as plain data for logs and JSON reports.
 *
 * @example
 * ```ts
 * if (gpu.report.isSoftware) console.warn('SwiftShader: correct but slow');
 * ```
 */
export interface AdapterReport {
  readonly environment: 'node' | 'browser';
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** True for software adapters (SwiftShader): correct, never fast. */
  readonly isSoftware: boolean;
  readonly features: readonly string[];
  readonly limits: Readonly<Record<string, number>>;
  /** Whether this context records GPU timestamps (`timestamp-query`). */
  readonly timestampQueries: boolean;
}

/**
 * Options of {@link requestGpu}.
 *
 * @example
 * ```ts
 * await requestGpu({ powerPreference: 'high-performance', timestamps: false });
 * ```
 */
export interface RequestGpuOptions {
  readonly powerPreference?: 'low-power' | 'high-performance';
  /** A `GPU` object to use instead of `navigator.gpu` or Dawn (for tests and embedding). */
  readonly gpu?: GPU;
  /** Ask for `timestamp-query` when the adapter has it (default true). */
  readonly timestamps?: boolean;
}

/**
 * An acquired adapter and device with what the kernels need: the limits, whether timestamps can be
 * recorded, and whether the device has been lost. The backend is this value, passed as an
 * argument; there is no global device.
 *
 * @example
 * ```ts
 * const gpu = await requestGpu();
 * console.log(gpu.report.description, gpu.report.limits.maxStorageBufferBindingSize);
 * gpu.destroy();
 * ```
 */
export class GpuContext {
  private lostInfo: { reason: string; message: string } | null = null;
  private readonly lostListeners = new Set<(error: DeviceLostError) => void>();

  constructor(
    readonly adapter: GPUAdapter,
    readonly device: GPUDevice,
    readonly report: AdapterReport,
    /** The `GPU` object the adapter came from (Dawn's must stay referenced while the device is used). */
    readonly instance?: GPU,
  ) {
    device.lost.then((info) => {
      this.lostInfo = { reason: String(info.reason), message: info.message };
      const error = new DeviceLostError(this.lostInfo.reason, this.lostInfo.message);
      for (const listener of this.lostListeners) listener(error);
    });
  }

  /** True once the device has been lost (or destroyed). */
  get isLost(): boolean {
    return this.lostInfo !== null;
  }

  /** Whether compute passes may record timestamps. */
  get timestampQueries(): boolean {
    return this.report.timestampQueries;
  }

  /** Throw {@link DeviceLostError} when the device is gone. */
  assertAlive(): void {
    if (this.lostInfo !== null) throw new DeviceLostError(this.lostInfo.reason, this.lostInfo.message);
  }

  /** Call `listener` when the device is lost; returns a function that removes it. */
  onLost(listener: (error: DeviceLostError) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Destroy the device (its `lost` promise then resolves with reason `destroyed`). */
  destroy(): void {
    this.device.destroy();
  }
}

/**
 * Acquire a WebGPU adapter and device: `navigator.gpu` in a browser, Dawn (npm `webgpu`) in Node.
 * Throws {@link NoAdapterError} with what to do when there is none.
 *
 * @example
 * ```ts
 * import { requestGpu } from '@equitensor/gpu';
 * const gpu = await requestGpu({ powerPreference: 'high-performance' });
 * gpu.report.device; // e.g. "NVIDIA H100" or "SwiftShader Device (Subzero)"
 * ```
 */
export async function requestGpu(options: RequestGpuOptions = {}): Promise<GpuContext> {
  const { gpu, environment } = await findGpu(options.gpu);
  const adapter = await gpu.requestAdapter(options.powerPreference === undefined ? {} : { powerPreference: options.powerPreference });
  if (adapter === null) throw new NoAdapterError(environment, 'requestAdapter() returned null');
  const wantTimestamps = (options.timestamps ?? true) && adapter.features.has('timestamp-query');
  const requiredLimits = {
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
    maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupSizeX: adapter.limits.maxComputeWorkgroupSizeX,
  };
  const device = await adapter.requestDevice({
    requiredFeatures: wantTimestamps ? ['timestamp-query'] : [],
    requiredLimits,
  });
  return new GpuContext(adapter, device, describeAdapter(adapter, environment, wantTimestamps), gpu);
}

async function findGpu(given: GPU | undefined): Promise<{ gpu: GPU; environment: 'node' | 'browser' }> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  const isBrowser = isBrowserLike();
  if (given !== undefined) return { gpu: given, environment: isBrowser ? 'browser' : 'node' };
  if (nav?.gpu !== undefined) return { gpu: nav.gpu, environment: 'browser' };
  if (isBrowser) throw new NoAdapterError('browser', 'navigator.gpu is undefined');
  // The specifier is a variable so that browser bundlers leave Dawn (a native addon) alone.
  const dawnModule = 'webgpu';
  let dawn: { create(flags: string[]): GPU };
  try {
    dawn = (await import(/* @vite-ignore */ dawnModule)) as { create(flags: string[]): GPU };
  } catch (error) {
    throw new NoAdapterError('node', `the npm package "webgpu" (Dawn) could not be loaded: ${(error as Error).message}`);
  }
  return { gpu: dawn.create([]), environment: 'node' };
}

/**
 * Plain-data description of an adapter (vendor, device, limits, features).
 *
 * @example
 * ```ts
 * const report = describeAdapter(adapter, 'node', false);
 * JSON.stringify(report);
 * ```
 */
export function describeAdapter(adapter: GPUAdapter, environment: 'node' | 'browser', timestampQueries: boolean): AdapterReport {
  const info = adapter.info;
  const limits: Record<string, number> = {};
  for (const key in adapter.limits) {
    const value = (adapter.limits as unknown as Record<string, unknown>)[key];
    if (typeof value === 'number') limits[key] = value;
  }
  const vendor = info?.vendor ?? '';
  const device = info?.device ?? '';
  const description = info?.description ?? '';
  const text = `${vendor} ${device} ${description} ${info?.architecture ?? ''}`.toLowerCase();
  return {
    environment,
    vendor,
    architecture: info?.architecture ?? '',
    device,
    description,
    isSoftware:
      text.includes('swiftshader') ||
      text.includes('llvmpipe') ||
      text.includes('lavapipe') ||
      (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true,
    features: [...adapter.features].map(String).sort(),
    limits,
    timestampQueries,
  };
}
