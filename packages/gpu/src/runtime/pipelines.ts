import './webgpu-types.ts';
import { SHADER_STAGE_COMPUTE } from './constants.ts';
import type { BindingKind, Kernel } from './kernel.ts';

interface CachedPipeline {
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

const cache = new WeakMap<GPUDevice, Map<string, CachedPipeline>>();

/**
 * The compute pipeline of `kernel` on `device`, compiled once and cached per device by the
 * kernel's key (a lost device's pipelines go with it). Shader compilation errors are thrown with
 * the kernel key and WGSL line numbers.
 *
 * @example
 * ```ts
 * const { pipeline, layout } = getPipeline(gpu.device, scale);
 * ```
 */
export function getPipeline(device: GPUDevice, kernel: Kernel): CachedPipeline {
  let perDevice = cache.get(device);
  if (perDevice === undefined) {
    perDevice = new Map();
    cache.set(device, perDevice);
  }
  const hit = perDevice.get(kernel.key);
  if (hit !== undefined) return hit;
  const module = device.createShaderModule({ code: kernel.wgsl, label: kernel.key });
  const layout = device.createBindGroupLayout({
    label: kernel.key,
    entries: kernel.bindings.map((kind, binding) => ({ binding, visibility: SHADER_STAGE_COMPUTE, buffer: { type: bufferType(kind) } })),
  });
  const pipeline = device.createComputePipeline({
    label: kernel.key,
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: kernel.entryPoint },
  });
  const entry = { pipeline, layout };
  perDevice.set(kernel.key, entry);
  return entry;
}

/**
 * Compile `kernel` and throw with the compiler's messages when its WGSL is invalid (pipelines are
 * otherwise validated lazily, and errors would surface later as an invalid command buffer).
 *
 * @example
 * ```ts
 * await checkKernel(gpu.device, scale);
 * ```
 */
export async function checkKernel(device: GPUDevice, kernel: Kernel): Promise<void> {
  const module = device.createShaderModule({ code: kernel.wgsl, label: kernel.key });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    throw new Error(
      `WGSL errors in kernel ${kernel.key}:\n${errors.map((m) => `  line ${m.lineNum}:${m.linePos} ${m.message}`).join('\n')}`,
    );
  }
}

/**
 * Number of pipelines cached for `device` (for tests of the cache).
 *
 * @example
 * ```ts
 * cachedPipelineCount(gpu.device); // e.g. 4 after one LJ evaluation
 * ```
 */
export function cachedPipelineCount(device: GPUDevice): number {
  return cache.get(device)?.size ?? 0;
}

function bufferType(kind: BindingKind): GPUBufferBindingType {
  return kind === 'uniform' ? 'uniform' : kind === 'storage' ? 'storage' : 'read-only-storage';
}
