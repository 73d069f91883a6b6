/**
 * The viewer's renderer for the app (`?renderer=webgl|webgpu`, default WebGL2). WebGPU is created with
 * `MoleculeViewer.create`, which refuses three's silent WebGL2 fallback; when it is unavailable the app
 * shows WebGL2 and says why (the reason lands in the app state and the message bar), never silently.
 */
import type { RendererKind } from '@equitensor/viewer';
import { MoleculeViewer, WebGpuUnavailableError } from '@equitensor/viewer';
import { el } from './dom.ts';

/** The renderer choices of `?renderer=`. */
export const RENDERER_KINDS: readonly RendererKind[] = ['webgl', 'webgpu'];

/** A viewer on a fresh `#viewer` element, and why it has the renderer it has. */
export interface ViewerChoice {
  readonly viewer: MoleculeViewer;
  /** `default`, `requested`, or why WebGPU could not be used. */
  readonly reason: string;
}

/**
 * Create the app's viewer for a `?renderer=` value (null or unknown: the WebGL2 default).
 *
 * @example
 * ```ts
 * const { viewer, reason } = await createAppViewer(new URLSearchParams(location.search).get('renderer'));
 * ```
 */
export async function createAppViewer(requested: string | null): Promise<ViewerChoice> {
  const host = el('div', { id: 'viewer' });
  if (requested !== 'webgpu') return { viewer: new MoleculeViewer(host), reason: requested === 'webgl' ? 'requested' : 'default' };
  try {
    return { viewer: await MoleculeViewer.create(host, { renderer: 'webgpu' }), reason: 'requested' };
  } catch (error) {
    if (!(error instanceof WebGpuUnavailableError)) throw error;
    return { viewer: new MoleculeViewer(host), reason: `${error.message}: showing WebGL2` };
  }
}
