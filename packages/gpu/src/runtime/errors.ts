/**
 * Thrown when no WebGPU adapter can be obtained. The message says what was tried and how to get
 * one (a GPU driver, or SwiftShader through `VK_ICD_FILENAMES`).
 *
 * @example
 * ```ts
 * try { await requestGpu(); } catch (e) { if (e instanceof NoAdapterError) useCpu(); }
 * ```
 */
export class NoAdapterError extends Error {
  constructor(
    readonly environment: 'node' | 'browser',
    detail: string,
  ) {
    super(
      `no WebGPU adapter (${environment}): ${detail}. ` +
        (environment === 'node'
          ? 'Install a Vulkan driver, or Debian’s chromium + libvulkan1 and set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json (tools/env.sh does this).'
          : 'Use a browser with WebGPU enabled (Chromium: --enable-unsafe-webgpu on Linux).'),
    );
    this.name = 'NoAdapterError';
  }
}

/**
 * Thrown by a GPU computation whose device has been lost (driver reset, `device.destroy()`, tab
 * backgrounded). {@link GpuMdRunner} (and so `webgpuBackend`'s dynamics) catches it and continue on the CPU.
 *
 * @example
 * ```ts
 * if (error instanceof DeviceLostError) console.warn(error.reason);
 * ```
 */
export class DeviceLostError extends Error {
  constructor(
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`WebGPU device lost (${reason}): ${detail}`);
    this.name = 'DeviceLostError';
  }
}

/**
 * Thrown when a kernel is asked for something it cannot do (a parameter out of range, a size above
 * the adapter's limits). The message names the parameter and the limit. A `RangeError`, as every
 * package's impossible argument (the CLI reports it as bad input, exit 2).
 *
 * @example
 * ```ts
 * throw new GpuParameterError('lmax', 'must be an integer in 0..20, got 25');
 * ```
 */
export class GpuParameterError extends RangeError {
  constructor(
    readonly parameter: string,
    detail: string,
  ) {
    super(`${parameter}: ${detail}`);
    this.name = 'GpuParameterError';
  }
}
