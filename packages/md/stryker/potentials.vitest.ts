import { mutationTests } from '../../../tools/mutation-vitest.ts';

/** The tests Stryker runs for md's Lennard-Jones and Morse potentials (`stryker/potentials.json`): the ones that exercise the mutated files. */
export default mutationTests(import.meta.url, 'md-potentials', ['test/potentials.test.ts', 'test/pair-options.test.ts'], 600_000);
