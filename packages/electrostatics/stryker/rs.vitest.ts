import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The tests Stryker runs for electrostatics' range-separated (RS) kernel files (`stryker/rs.json`): the fast ones (milliseconds each uninstrumented), not the 6–56 s NaCl-cube and protein tests. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'electrostatics-rs-mutation',
    include: ['test/rs-kernels.test.ts'],
    // Instrumented code is far slower than plain; Stryker's own per-mutant timeout (timeoutMS/timeoutFactor) ends loops.
    testTimeout: 600_000,
  },
});
