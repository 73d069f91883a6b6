/**
 * The surface worker: one molecular surface and the potential on it per request (`surface-compute.ts`), off the
 * page's thread; answers `{ type: 'surface-error', id, message }` when it fails.
 */
import { computeSurface, type SurfaceRequest, type SurfaceResult } from './surface-compute.ts';
import { workerScope } from './worker-scope.ts';

const scope = workerScope<SurfaceResult | { type: 'surface-error'; id: number; message: string }, SurfaceRequest>();

scope.addEventListener('message', (event) => {
  const request = event.data;
  try {
    const result = computeSurface(request);
    const transfer: Transferable[] = [result.positions.buffer, result.normals.buffer, result.indices.buffer];
    if (result.values) transfer.push(result.values.buffer);
    scope.postMessage(result, transfer);
  } catch (error) {
    scope.postMessage({ type: 'surface-error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
});
