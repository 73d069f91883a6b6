import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The vitest config of one mutation module (`packages/<pkg>/stryker/<module>.json` names `stryker/<module>.vitest.ts`,
 * which calls this with its own `import.meta.url`): the test files Stryker runs, from the package's folder, as the
 * project `<name>-mutation`. Instrumented code (every statement records its coverage) is far slower than plain, so the
 * per-test timeout is generous; Stryker's own timeout (`timeoutMS` + `timeoutFactor` × the dry run) ends looping mutants.
 *
 * @example
 * ```ts
 * export default mutationTests(import.meta.url, 'io-cif', ['test/formats/cif.test.ts'], 600_000);
 * ```
 */
export function mutationTests(configUrl: string, name: string, include: string[], testTimeout = 60_000) {
  return defineConfig({
    root: fileURLToPath(new URL('..', configUrl)),
    test: { name: `${name}-mutation`, include, testTimeout },
  });
}
