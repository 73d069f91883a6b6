import { mutationTests } from '../../../tools/mutation-vitest.ts';

/** The tests Stryker runs for so3's tensor products (instructions, kernels, Linear) (`stryker/tensor-product.json`): the ones that exercise the mutated files. */
export default mutationTests(
  import.meta.url,
  'so3-tensor-product',
  [
    'test/e3nn-modes.test.ts',
    'test/tensor-product.test.ts',
    'test/errors.test.ts',
    'test/tensor-product-backward.test.ts',
    'test/tensor-product-options.test.ts',
  ],
  600_000,
);
