import { afterAll } from 'vitest';
import { type GpuContext, requestGpu } from '../src/index.ts';

/**
 * The adapter every GPU test runs on (SwiftShader on machines without a GPU). Throws
 * NoAdapterError when there is none: a GPU test never passes without running.
 */
export async function testGpu(): Promise<GpuContext> {
  const gpu = await requestGpu();
  if (gpu.report.features.length === 0 && gpu.report.limits.maxComputeWorkgroupSizeX === undefined) {
    throw new Error('adapter reports no limits');
  }
  return gpu;
}

/**
 * {@link testGpu} for the calling test file: acquired while the file is collected (a file without an adapter fails
 * before any test runs) and destroyed after its tests.
 *
 * @example
 * ```ts
 * const gpu = await fileGpu();
 * ```
 */
export async function fileGpu(): Promise<GpuContext> {
  const gpu = await testGpu();
  afterAll(() => gpu.destroy());
  return gpu;
}
