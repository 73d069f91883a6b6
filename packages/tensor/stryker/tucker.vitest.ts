import { mutationTests } from '../../../tools/mutation-vitest.ts';

/** The tests Stryker runs for tensor's Tucker format and HOSVD/HOOI (`stryker/tucker.json`): the ones that exercise the mutated files. */
export default mutationTests(
  import.meta.url,
  'tensor-tucker',
  ['test/tucker.test.ts', 'test/tucker-contracts.test.ts', 'test/cp-tt.test.ts', 'test/errors.test.ts'],
  600_000,
);
