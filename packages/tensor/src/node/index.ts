export { NodeWorkerPool, type NodeWorkerPoolOptions } from './node-worker-pool.ts';
