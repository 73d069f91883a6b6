import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The tests Stryker runs for tensor's Tucker format and HOSVD/HOOI (`stryker/tucker.json`): the ones that exercise the mutated files. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'tensor-tucker-mutation',
    include: ['test/tucker.test.ts', 'test/tucker-contracts.test.ts', 'test/cp-tt.test.ts', 'test/errors.test.ts'],
    // Instrumented code (every statement records its coverage) is far slower; a 0.6 s Ewald test passed 60 s under load.
    testTimeout: 600_000,
  },
});
