/**
 * `planeSpacings` lives in `@equitensor/io` with the rest of the cell geometry (its one home); md re-exports it as
 * part of its public API.
 *
 * @example
 * ```ts
 * planeSpacings(new Float64Array([2, 0, 0, 0, 3, 0, 0, 0, 4])); // [2, 3, 4]
 * ```
 */
export { planeSpacings } from '@equitensor/io';
