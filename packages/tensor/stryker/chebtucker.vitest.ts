import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs for tensor's Chebyshev-Tucker format (`stryker/chebtucker.json`): the fast ones (not the m = 40
 * and paper-size runs of chebtucker, errors and paper, seconds per test).
 */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'tensor-chebtucker-mutation',
    include: ['test/chebyshev.test.ts', 'test/chebtucker-exact.test.ts'],
    // Instrumented code is far slower than plain; Stryker's own per-mutant timeout (timeoutMS/timeoutFactor) ends loops.
    testTimeout: 600_000,
  },
});
