import { mutationTests } from '../../../tools/mutation-vitest.ts';

/** The tests Stryker runs for md's Stillinger-Weber potential (`stryker/sw.json`): fast ones (< 1-2 s each) that exercise the mutated files. */
export default mutationTests(import.meta.url, 'md-sw', ['test/manybody-small-cells.test.ts', 'test/stillinger-weber.test.ts']);
