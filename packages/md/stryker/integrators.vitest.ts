import { mutationTests } from '../../../tools/mutation-vitest.ts';

/**
 * The tests Stryker runs for md's integrators (velocity Verlet, Langevin, Bussi, Nosé-Hoover chain) (`stryker/integrators.json`):
 * the fast ones (< 1-2 s each). integrators.test.ts and thermostats.test.ts (Cu EAM and LJ-liquid runs, 10-25 s each) are
 * left out: every mutant would cost minutes.
 */
export default mutationTests(import.meta.url, 'md-integrators', ['test/integrators-exact.test.ts', 'test/dynamics.test.ts']);
