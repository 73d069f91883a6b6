import { mutationTests } from '../../../tools/mutation-vitest.ts';

/**
 * The tests Stryker runs for md's Born-Mayer-Huggins, Buckingham and ionic pair walk (`stryker/ionic.json`): fast ones
 * (< 1 s each). coulomb-pme.test.ts is left out: instrumented, under load, its NVE run passed the 60 s test timeout.
 */
export default mutationTests(import.meta.url, 'md-ionic', ['test/ionic-closed-form.test.ts', 'test/born-buckingham.test.ts']);
