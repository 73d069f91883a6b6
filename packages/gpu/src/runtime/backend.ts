import { type GpuContext, type RequestGpuOptions, requestGpu } from './device.ts';
import { isBrowserLike } from './environment.ts';
import { NoAdapterError } from './errors.ts';

/**
 * The compute backends a caller can ask for (`--backend cpu|webgpu` in the CLI and the app).
 *
 * @example
 * ```ts
 * const requested: BackendName = options.backend === 'webgpu' ? 'webgpu' : 'cpu';
 * ```
 */
export type BackendName = 'cpu' | 'webgpu';

/**
 * What {@link chooseBackend} settled on: the CPU, or WebGPU with its context.
 *
 * @example
 * ```ts
 * const chosen = await chooseBackend('auto');
 * if (chosen.backend === 'webgpu') console.log(chosen.gpu.report.device);
 * ```
 */
export type ChosenBackend =
  | { readonly backend: 'cpu'; readonly reason: string }
  | { readonly backend: 'webgpu'; readonly gpu: GpuContext; readonly reason: string };

/**
 * Resolve a backend request. `'cpu'` is the CPU; `'webgpu'` acquires a device and throws
 * {@link NoAdapterError} when there is none (the user asked for it explicitly); `'auto'` (default)
 * means WebGPU in a browser (a page or a worker) that has a hardware adapter, and the CPU in Node (the
 * float64 references) or where the only adapter is software (SwiftShader is slower than one CPU thread), as
 * the design asks.
 *
 * @example
 * ```ts
 * const chosen = await chooseBackend(options.backend ?? 'auto');
 * const backend = chosen.backend === 'webgpu' ? webgpuBackend({ gpu: chosen.gpu }) : cpuBackend;
 * const dynamics = await backend.create(request);
 * ```
 */
export async function chooseBackend(requested: BackendName | 'auto' = 'auto', options: RequestGpuOptions = {}): Promise<ChosenBackend> {
  if (requested === 'cpu') return { backend: 'cpu', reason: 'requested' };
  if (requested === 'webgpu') {
    const gpu = await requestGpu(options);
    return { backend: 'webgpu', gpu, reason: 'requested' };
  }
  if (!isBrowserLike()) return { backend: 'cpu', reason: 'default in Node (pass webgpu to use a GPU)' };
  try {
    const gpu = await requestGpu(options);
    if (gpu.report.isSoftware) {
      const name = [gpu.report.vendor, gpu.report.device, gpu.report.description, gpu.report.architecture]
        .filter((w) => w.trim() !== '')
        .join(' ');
      gpu.destroy();
      return { backend: 'cpu', reason: `only a software adapter (${name}); the CPU is faster` };
    }
    return { backend: 'webgpu', gpu, reason: 'default in a browser with WebGPU' };
  } catch (error) {
    if (error instanceof NoAdapterError) return { backend: 'cpu', reason: error.message };
    throw error;
  }
}
