export { evenRanges, weightedRanges } from './partition.ts';
export type { PoolKernel, WorkerPool } from './worker-pool.ts';
