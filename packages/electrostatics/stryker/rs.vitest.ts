import { mutationTests } from '../../../tools/mutation-vitest.ts';

/** The tests Stryker runs for electrostatics' range-separated (RS) kernel files (`stryker/rs.json`): the fast ones (milliseconds each uninstrumented), not the 6–56 s NaCl-cube and protein tests. */
export default mutationTests(import.meta.url, 'electrostatics-rs', ['test/rs-kernels.test.ts'], 600_000);
