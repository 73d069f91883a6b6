import { mutationTests } from '../../../tools/mutation-vitest.ts';

/** The tests Stryker runs for io's cif reader (`stryker/cif.json`): the fast ones that exercise the mutated lines (not the
 * fuzz tests, the large shared files or the ASE/Python interop tests, which take seconds per mutant; a file not yet written is skipped). */
export default mutationTests(
  import.meta.url,
  'io-cif',
  ['test/formats/cif.test.ts', 'test/formats/cif-syntax.test.ts', 'test/formats/reading-rules.test.ts'],
  600_000,
);
