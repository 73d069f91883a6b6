import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The tests Stryker runs for electrostatics' range-separated (RS) method, its core files (`stryker/rs.json`): the ones that exercise the mutated files. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'electrostatics-rs-mutation',
    include: ['test/sinc.test.ts', 'test/reference.test.ts', 'test/range-separated-grid.test.ts', 'test/range-separated-nacl-cube.test.ts'],
    // Instrumented code (every statement records its coverage) is far slower; a 0.6 s Ewald test passed 60 s under load.
    testTimeout: 600_000,
  },
});
