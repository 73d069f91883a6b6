/**
 * Start-up of three's `WebGPURenderer` for `MoleculeViewer.create(el, { renderer: 'webgpu' })`: checks
 * that the browser has a WebGPU adapter, loads `three/webgpu` and the TSL materials (dynamic imports, so
 * WebGL-only pages never download them), awaits `renderer.init()`, and refuses three's silent fallback
 * to its WebGL2 backend: asking for WebGPU either gives WebGPU or throws {@link WebGpuUnavailableError}.
 */
import type { WebGPURenderer } from 'three/webgpu';
import type { AtomMaterialFactory } from './shaders/atom-materials.ts';

/** What `MoleculeViewer` needs to draw with WebGPU: an initialised renderer, its materials, the adapter's name. */
export interface WebGpuRendering {
  readonly renderer: WebGPURenderer;
  readonly materials: AtomMaterialFactory;
  /** The adapter, as `vendor architecture (description)` when the browser says. */
  readonly adapter: string;
}

/**
 * Thrown when the WebGPU renderer was asked for but cannot run (no `navigator.gpu`, no adapter, or three
 * fell back to WebGL2). The caller may then create a WebGL2 viewer instead.
 *
 * @example
 * ```ts
 * try { viewer = await MoleculeViewer.create(el, { renderer: 'webgpu' }); }
 * catch (e) { if (e instanceof WebGpuUnavailableError) viewer = new MoleculeViewer(el); else throw e; }
 * ```
 */
export class WebGpuUnavailableError extends Error {
  constructor(reason: string) {
    super(`WebGPU renderer unavailable: ${reason}; use the WebGL2 renderer (renderer: 'webgl') instead`);
    this.name = 'WebGpuUnavailableError';
  }
}

interface AdapterLike {
  readonly info?: { readonly vendor?: string; readonly architecture?: string; readonly description?: string };
}

interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>;
}

function describeAdapter(adapter: AdapterLike): string {
  const info = adapter.info;
  if (!info) return 'unknown adapter';
  const name = [info.vendor, info.architecture].filter((s) => s).join(' ');
  const description = info.description ? ` (${info.description})` : '';
  return `${name}${description}`.trim() || 'unknown adapter';
}

/**
 * Create and initialise a WebGPURenderer; throws {@link WebGpuUnavailableError} rather than fall back.
 *
 * @example
 * ```ts
 * const { renderer, materials, adapter } = await createWebGpuRendering({ antialias: true });
 * ```
 */
export async function createWebGpuRendering(options: { antialias: boolean }): Promise<WebGpuRendering> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: GpuLike }) | undefined)?.gpu;
  if (!gpu) throw new WebGpuUnavailableError('this browser has no navigator.gpu');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new WebGpuUnavailableError('navigator.gpu.requestAdapter() returned no adapter');
  const [{ WebGPURenderer }, { tslMaterials }] = await Promise.all([import('three/webgpu'), import('./shaders/tsl/tsl-materials.ts')]);
  const renderer = new WebGPURenderer({ antialias: options.antialias });
  try {
    await renderer.init();
  } catch (error) {
    renderer.dispose();
    throw new WebGpuUnavailableError(`renderer.init() failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if ((renderer.backend as { isWebGPUBackend?: boolean }).isWebGPUBackend !== true) {
    renderer.dispose();
    throw new WebGpuUnavailableError('three.js fell back to its WebGL2 backend');
  }
  return { renderer, materials: tslMaterials, adapter: describeAdapter(adapter) };
}
