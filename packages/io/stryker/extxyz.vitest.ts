import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The tests Stryker runs for io's extxyz reader (`stryker/extxyz.json`): the fast ones that exercise the mutated lines (not the
 * fuzz tests, the large shared files or the ASE/Python interop tests, which take seconds per mutant; a file not yet written is skipped). */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'io-extxyz-mutation',
    include: ['test/formats/extxyz.test.ts', 'test/formats/extxyz-grammar.test.ts', 'test/formats/reading-rules.test.ts'],
    // Instrumented code is far slower than plain; Stryker's own per-mutant timeout (timeoutMS/timeoutFactor) ends loops.
    testTimeout: 600_000,
  },
});
