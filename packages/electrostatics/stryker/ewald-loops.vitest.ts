import { mutationTests } from '../../../tools/mutation-vitest.ts';

/** The tests Stryker runs for the Ewald pair loops (`stryker/ewald-loops.json`): the fast ones (milliseconds each uninstrumented). */
export default mutationTests(import.meta.url, 'electrostatics-ewald-loops', ['test/ewald-loops.test.ts'], 600_000);
