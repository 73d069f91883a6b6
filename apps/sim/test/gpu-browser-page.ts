/**
 * The page module of gpu-browser.test.ts: bundled by Vite, served on 127.0.0.1 and run in headless
 * Chromium, it exposes one function that evaluates spherical harmonics with @equitensor/gpu through
 * `navigator.gpu`.
 */
import { GpuSphericalHarmonics, requestGpu } from '@equitensor/gpu';

interface PageResult {
  readonly values: number[];
  readonly environment: string;
  readonly description: string;
}

async function sphericalHarmonicsOnPage(vectors: number[], lmax: number): Promise<PageResult> {
  const gpu = await requestGpu();
  const sh = new GpuSphericalHarmonics(gpu, lmax, 'component', true);
  const values = await sh.compute(vectors);
  const result = {
    values: Array.from(values),
    environment: gpu.report.environment,
    description: `${gpu.report.vendor} ${gpu.report.device} ${gpu.report.description}`,
  };
  sh.destroy();
  gpu.destroy();
  return result;
}

(globalThis as unknown as { equitensorGpu: unknown }).equitensorGpu = { sphericalHarmonicsOnPage };
document.title = 'equitensor-gpu-ready';
