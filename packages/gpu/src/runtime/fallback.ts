import type { AsyncPotential, AtomsState, ComputeOptions, Potential, PotentialResult } from '@equitensor/md';
import type { GpuContext } from './device.ts';
import { DeviceLostError } from './errors.ts';

/**
 * Options of {@link withCpuFallback}.
 *
 * @example
 * ```ts
 * withCpuFallback(gpuLj, cpuLj, { warn: (message) => logger.warn(message) });
 * ```
 */
export interface FallbackOptions {
  /** Called once when the GPU is abandoned (default `console.warn`). */
  readonly warn?: (message: string) => void;
}

/**
 * An {@link AsyncPotential} that says which backend served the last call.
 *
 * @example
 * ```ts
 * if (potential.backend === 'cpu') showBanner('GPU lost, running on the CPU');
 * ```
 */
export interface FallbackPotential extends AsyncPotential {
  /** `'webgpu'` until the device is lost, `'cpu'` after. */
  readonly backend: 'webgpu' | 'cpu';
}

/**
 * A potential that computes on the GPU while the device lives and on the CPU reference after it is
 * lost (driver reset, `device.destroy()`), warning once. The state lives with the caller (positions
 * in, forces out), so nothing is lost: the call that meets the loss is answered by the CPU.
 *
 * @example
 * ```ts
 * const potential = withCpuFallback(gpuLj, cpuLj, { warn: (m) => log(m) });
 * const { forces } = await potential.computeAsync(atoms); // GPU, or CPU after a device loss
 * ```
 */
export function withCpuFallback(
  gpuPotential: AsyncPotential & { readonly gpu: GpuContext },
  cpu: Potential,
  options: FallbackOptions = {},
): FallbackPotential {
  const warn = options.warn ?? ((message: string) => console.warn(message));
  let backend: 'webgpu' | 'cpu' = 'webgpu';
  const abandon = (reason: string): void => {
    if (backend === 'cpu') return;
    backend = 'cpu';
    warn(`@equitensor/gpu: ${gpuPotential.name} continues on the CPU (${cpu.name}) because the WebGPU device was lost: ${reason}`);
  };
  return {
    name: gpuPotential.name,
    cutoff: gpuPotential.cutoff,
    get backend() {
      return backend;
    },
    async computeAsync(atoms: AtomsState, computeOptions?: ComputeOptions): Promise<PotentialResult> {
      if (backend === 'webgpu' && gpuPotential.gpu.isLost) abandon('device reported lost');
      if (backend === 'webgpu') {
        try {
          return await gpuPotential.computeAsync(atoms, computeOptions);
        } catch (error) {
          if (!(error instanceof DeviceLostError) && !gpuPotential.gpu.isLost) throw error;
          abandon(error instanceof Error ? error.message : String(error));
        }
      }
      return cpu.compute(atoms, computeOptions);
    },
  };
}
