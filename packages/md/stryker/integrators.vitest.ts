import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The tests Stryker runs for md's integrators (velocity Verlet, Langevin, Bussi, Nosé-Hoover chain) (`stryker/integrators.json`): the ones that exercise the mutated files. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'md-integrators-mutation',
    include: ['test/dynamics.test.ts', 'test/integrators.test.ts', 'test/thermostats.test.ts'],
    // Instrumented code (every statement records its coverage) is far slower; a 0.6 s Ewald test passed 60 s under load.
    testTimeout: 600_000,
  },
});
