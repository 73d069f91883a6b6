import { mutationTests } from '../../../tools/mutation-vitest.ts';

/** The tests Stryker runs for io's extxyz, PDB and CIF readers (`stryker/readers.json`): the ones that exercise the mutated files
 * (not the fuzz tests: their per-input time bound does not hold for instrumented code). */
export default mutationTests(
  import.meta.url,
  'io-readers',
  [
    'test/formats/reader-cores.test.ts',
    'test/formats/cif.test.ts',
    'test/formats/pdb.test.ts',
    'test/formats/extxyz.test.ts',
    'test/formats/reading-rules.test.ts',
  ],
  600_000,
);
