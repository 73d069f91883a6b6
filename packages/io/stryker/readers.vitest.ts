import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The tests Stryker runs for io's extxyz, PDB and CIF readers (`stryker/readers.json`): the ones that exercise the mutated files. */
export default defineConfig({
  // Not the fuzz tests: their per-input time bound does not hold for instrumented code.
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'io-readers-mutation',
    include: [
      'test/formats/reader-cores.test.ts',
      'test/formats/cif.test.ts',
      'test/formats/pdb.test.ts',
      'test/formats/extxyz.test.ts',
      'test/formats/reading-rules.test.ts',
    ],
    // Instrumented code (every statement records its coverage) is far slower; a 0.6 s Ewald test passed 60 s under load.
    testTimeout: 600_000,
  },
});
