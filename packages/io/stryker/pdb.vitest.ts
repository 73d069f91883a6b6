import { mutationTests } from '../../../tools/mutation-vitest.ts';

/** The tests Stryker runs for io's pdb reader (`stryker/pdb.json`): the fast ones that exercise the mutated lines (not the
 * fuzz tests, the large shared files or the ASE/Python interop tests, which take seconds per mutant; a file not yet written is skipped). */
export default mutationTests(
  import.meta.url,
  'io-pdb',
  [
    'test/formats/pdb.test.ts',
    'test/formats/pdb-columns.test.ts',
    'test/formats/pdb-secondary.test.ts',
    'test/formats/reading-rules.test.ts',
  ],
  600_000,
);
