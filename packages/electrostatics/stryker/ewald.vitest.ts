import { mutationTests } from '../../../tools/mutation-vitest.ts';

/** The tests Stryker runs for the Ewald module (`stryker/ewald.json`): the ones that exercise src/ewald. */
export default mutationTests(
  import.meta.url,
  'electrostatics-ewald',
  ['test/ewald.test.ts', 'test/ewald-lammps.test.ts', 'test/ewald-parts.test.ts'],
  600_000,
);
