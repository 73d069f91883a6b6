import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The tests Stryker runs for io's cif reader (`stryker/cif.json`): the fast ones that exercise the mutated lines (not the
 * fuzz tests, the large shared files or the ASE/Python interop tests, which take seconds per mutant; a file not yet written is skipped). */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'io-cif-mutation',
    include: ['test/formats/cif.test.ts', 'test/formats/cif-syntax.test.ts', 'test/formats/reading-rules.test.ts'],
    // Instrumented code is far slower than plain; Stryker's own per-mutant timeout (timeoutMS/timeoutFactor) ends loops.
    testTimeout: 600_000,
  },
});
