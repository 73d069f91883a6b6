import { mutationTests } from './vitest-config.ts';

/** The tests Stryker runs for md's many-body potentials, EAM and Stillinger-Weber (`stryker/manybody.json`): fast ones (< 1 s each) that exercise the mutated files. */
export default mutationTests('manybody', ['test/manybody-small-cells.test.ts', 'test/potentials.test.ts', 'test/stillinger-weber.test.ts']);
