export { evenRanges, weightedRanges } from './partition.ts';
export { WebWorkerPool, type WebWorkerPoolOptions } from './web-worker-pool.ts';
export type { PoolBuffer, PoolKernel, WorkerPool } from './worker-pool.ts';
