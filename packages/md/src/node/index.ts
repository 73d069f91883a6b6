export type { ParallelLennardJonesOptions } from './parallel-lennard-jones.ts';
export { ParallelLennardJones } from './parallel-lennard-jones.ts';
