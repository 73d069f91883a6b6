import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The tests Stryker runs for md's pair, EAM and Stillinger-Weber potentials (`stryker/potentials.json`): the ones that exercise the mutated files. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'md-potentials-mutation',
    include: ['test/potentials.test.ts', 'test/stillinger-weber.test.ts', 'test/born-buckingham.test.ts', 'test/in-lj.test.ts'],
    // Instrumented code (every statement records its coverage) is far slower; a 0.6 s Ewald test passed 60 s under load.
    testTimeout: 600_000,
  },
});
