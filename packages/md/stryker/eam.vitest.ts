import { mutationTests } from './vitest-config.ts';

/** The tests Stryker runs for md's EAM (`stryker/eam.json`): fast ones (< 1-2 s each) that exercise the mutated files. */
export default mutationTests('eam', ['test/manybody-small-cells.test.ts', 'test/potentials.test.ts', 'test/eam-tables-exact.test.ts']);
