import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The tests Stryker runs for the Ewald module (`stryker/ewald.json`): the ones that exercise src/ewald. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'electrostatics-ewald-mutation',
    include: [
      'test/ewald.test.ts',
      'test/ewald-lammps.test.ts',
      'test/ewald-potential.test.ts',
      'test/potentials.test.ts',
      'test/pme/pme.test.ts',
    ],
    // Instrumented code (every statement counts its coverage) on a loaded 2-core VM runs 50–100× slower.
    testTimeout: 600_000,
  },
});
