import { mutationTests } from '../../../tools/mutation-vitest.ts';

/**
 * The tests Stryker runs for tensor's Chebyshev-Tucker format (`stryker/chebtucker.json`): the fast ones (not the m = 40
 * and paper-size runs of chebtucker, errors and paper, seconds per test).
 */
export default mutationTests(import.meta.url, 'tensor-chebtucker', ['test/chebyshev.test.ts', 'test/chebtucker-exact.test.ts'], 600_000);
