import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The tests Stryker runs for so3's tensor products (instructions, kernels, Linear) (`stryker/tensor-product.json`): the ones that exercise the mutated files. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    name: 'so3-tensor-product-mutation',
    include: [
      'test/e3nn-modes.test.ts',
      'test/tensor-product.test.ts',
      'test/errors.test.ts',
      'test/tensor-product-backward.test.ts',
      'test/tensor-product-options.test.ts',
    ],
    // Instrumented code (every statement records its coverage) is far slower; a 0.6 s Ewald test passed 60 s under load.
    testTimeout: 600_000,
  },
});
