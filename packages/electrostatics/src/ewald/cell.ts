/**
 * Cell geometry lives in `@equitensor/io` (its one home); this module only re-exports it for the modules that still
 * import it from here (the particle-mesh Ewald files), and can go once they import `@equitensor/io` directly.
 *
 * @example
 * ```ts
 * cellGeometry(new Float64Array([5, 0, 0, 0, 5, 0, 0, 0, 5])).volume; // 125
 * ```
 */
export { type CellGeometry, cellGeometry } from '@equitensor/io';
