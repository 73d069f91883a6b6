import { mutationTests } from './vitest-config.ts';

/** The tests Stryker runs for md's Born-Mayer-Huggins, Buckingham and ionic pair walk (`stryker/ionic.json`): fast ones (< 1 s each) that exercise the mutated files. */
export default mutationTests('ionic', ['test/ionic-closed-form.test.ts', 'test/born-buckingham.test.ts', 'test/coulomb-pme.test.ts']);
