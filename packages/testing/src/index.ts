export {
  dataRoot,
  fixturePath,
  MissingFixtureError,
  readFixtureBytes,
  readFixtureJson,
  readFixtureText,
  repoRoot,
} from './fixtures.ts';
export { SeededRng } from './rng.ts';
export { NACL_LATTICE, ROCK_SALT_BASIS, type RockSaltOptions, rockSalt } from './rock-salt.ts';
export { bestCpuMs } from './timing.ts';
export type { CloseReport, Tolerance } from './tolerance.ts';
export { assertClose, assertScalarClose, choleskyResidual, compareClose, maxDeviation, relativeError } from './tolerance.ts';
