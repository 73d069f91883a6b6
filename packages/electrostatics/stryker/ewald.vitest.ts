import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The tests Stryker runs for the Ewald module (`stryker/ewald.json`): the ones that exercise src/ewald. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'electrostatics-ewald-mutation',
    include: ['test/ewald.test.ts', 'test/ewald-lammps.test.ts', 'test/ewald-parts.test.ts'],
    // Instrumented code (every statement records its coverage) is far slower; a 0.6 s Ewald test passed 60 s under load.
    testTimeout: 600_000,
  },
});
