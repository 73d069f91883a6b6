import './webgpu-types.ts';

/**
 * How a kernel sees one binding of bind group 0.
 *
 * @example
 * ```ts
 * const bindings: BindingKind[] = ['uniform', 'read-only-storage', 'storage'];
 * ```
 */
export type BindingKind = 'uniform' | 'storage' | 'read-only-storage';

/**
 * A compute kernel as a plain value: a cache key, its WGSL source, the entry point, the kinds of
 * its bindings (group 0, binding i) and its workgroup size. Pipelines are built from it once per
 * device ({@link getPipeline}); nothing here touches a device.
 *
 * @example
 * ```ts
 * const scale: Kernel = {
 *   key: 'scale/v1',
 *   entryPoint: 'main',
 *   workgroupSize: 64,
 *   bindings: ['uniform', 'storage'],
 *   wgsl: `struct U { n: u32, factor: f32 }
 *     @group(0) @binding(0) var<uniform> u: U;
 *     @group(0) @binding(1) var<storage, read_write> x: array<f32>;
 *     @compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
 *       if (g.x < u.n) { x[g.x] = x[g.x] * u.factor; } }`,
 * };
 * ```
 */
export interface Kernel {
  readonly key: string;
  readonly wgsl: string;
  readonly entryPoint: string;
  readonly bindings: readonly BindingKind[];
  readonly workgroupSize: number;
}

/**
 * One dispatch of a kernel: the buffers bound at 0..n−1 and the workgroup counts.
 *
 * @example
 * ```ts
 * const plan: DispatchPlan = { kernel: scale, buffers: [uniforms, x], workgroups: linearWorkgroups(n, 64) };
 * ```
 */
export interface DispatchPlan {
  readonly kernel: Kernel;
  readonly buffers: readonly GPUBuffer[];
  readonly workgroups: readonly [number, number, number];
  readonly label?: string;
}

/** The most workgroups WebGPU guarantees along one dimension. */
export const MAX_WORKGROUPS_PER_DIMENSION = 65535;

/**
 * Workgroup counts covering `threads` invocations of a 1-D kernel, folded into a second dimension
 * past 65535 groups; kernels recover the linear index with {@link LINEAR_INDEX_WGSL}.
 *
 * @example
 * ```ts
 * linearWorkgroups(1_000_000, 64); // [15625, 1, 1]
 * linearWorkgroups(10_000_000, 64); // [65535, 3, 1]
 * ```
 */
export function linearWorkgroups(threads: number, workgroupSize: number): [number, number, number] {
  const groups = Math.max(1, Math.ceil(threads / workgroupSize));
  if (groups <= MAX_WORKGROUPS_PER_DIMENSION) return [groups, 1, 1];
  const y = Math.ceil(groups / MAX_WORKGROUPS_PER_DIMENSION);
  return [MAX_WORKGROUPS_PER_DIMENSION, y, 1];
}

/**
 * WGSL helper: `linearIndex(gid, nwg, WG)` is the thread's index for a {@link linearWorkgroups}
 * dispatch (declare `@builtin(num_workgroups) nwg: vec3u` in the entry point).
 *
 * @example
 * ```ts
 * const wgsl = `${LINEAR_INDEX_WGSL} @compute @workgroup_size(64) fn main(...) { let i = linearIndex(gid, nwg, 64u); }`;
 * ```
 */
export const LINEAR_INDEX_WGSL = /* wgsl */ `
fn linearIndex(gid: vec3u, nwg: vec3u, wg: u32) -> u32 { return gid.x + gid.y * nwg.x * wg; }
`;
