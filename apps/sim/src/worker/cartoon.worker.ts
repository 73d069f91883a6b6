/**
 * The cartoon worker: the ribbon mesh of one protein per request (`cartoon-compute.ts`), off the page's thread, its
 * arrays transferred; answers `{ type: 'cartoon-error', id, message }` when the structure has no cartoon.
 */
import { type CartoonError, type CartoonRequest, type CartoonResult, computeCartoon } from './cartoon-compute.ts';
import { workerScope } from './worker-scope.ts';

const scope = workerScope<CartoonResult | CartoonError, CartoonRequest>();

scope.addEventListener('message', (event) => {
  const request = event.data;
  try {
    const result = computeCartoon(request);
    scope.postMessage(result, [result.positions.buffer, result.normals.buffer, result.colors.buffer, result.indices.buffer]);
  } catch (error) {
    scope.postMessage({ type: 'cartoon-error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
});
