import { mutationTests } from '../../../tools/mutation-vitest.ts';

/** The tests Stryker runs for md's EAM (`stryker/eam.json`): fast ones (< 1-2 s each) that exercise the mutated files. */
export default mutationTests(import.meta.url, 'md-eam', [
  'test/manybody-small-cells.test.ts',
  'test/potentials.test.ts',
  'test/eam-tables-exact.test.ts',
]);
