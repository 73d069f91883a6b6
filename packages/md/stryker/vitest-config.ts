import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The vitest config of one md mutation module (`stryker/<module>.json` names `stryker/<module>.vitest.ts`): the test files
 * Stryker runs, from packages/md. Instrumented code (every statement records its coverage) is slower than plain, so the
 * per-test timeout is generous; Stryker's own timeout (`timeoutMS` + `timeoutFactor` × the dry run) ends looping mutants.
 */
export function mutationTests(module: string, include: string[], testTimeout = 60_000) {
  return defineConfig({
    root: fileURLToPath(new URL('..', import.meta.url)),
    test: { name: `md-${module}-mutation`, include, testTimeout },
  });
}
