import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The tests Stryker runs for the Ewald pair loops (`stryker/ewald-loops.json`): the fast ones (milliseconds each uninstrumented). */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'electrostatics-ewald-loops-mutation',
    include: ['test/ewald-loops.test.ts'],
    // Instrumented code is far slower than plain; Stryker's own per-mutant timeout (timeoutMS/timeoutFactor) ends loops.
    testTimeout: 600_000,
  },
});
