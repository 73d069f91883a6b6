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

/** WGSL address space of each {@link BindingKind}, and the short names {@link defineKernel}'s `bindings` use. */
const BINDING_KINDS: Record<string, { kind: BindingKind; space: string }> = {
  uniform: { kind: 'uniform', space: 'uniform' },
  read: { kind: 'read-only-storage', space: 'storage, read' },
  write: { kind: 'storage', space: 'storage, read_write' },
};

/** The entry point's parameters of a one-thread-per-item kernel (what `linearIndex` needs). */
const LINEAR_PARAMETERS = '@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u';

/**
 * A compute kernel written once: {@link defineKernel} derives the binding kinds and the WGSL declarations
 * (`@group(0) @binding(i) var<…> name: type;`) from one list, and writes the entry point `main` around `body`.
 *
 * @example
 * ```ts
 * const source: KernelSource = { key: 'scale/v1', workgroupSize: 64, prelude: LINEAR_INDEX_WGSL, bindings: 'uniform u: U, write x: array<f32>', index: 'i', count: 'u.n', body: 'x[i] *= u.factor;' };
 * ```
 */
export interface KernelSource {
  readonly key: string;
  readonly workgroupSize: number;
  /** WGSL before the bindings: structs and helper functions (with `index`, it must define `linearIndex`). */
  readonly prelude: string;
  /**
   * The bindings of group 0 in order, comma-separated, each `kind name: type` with kind `uniform`, `read` (read-only
   * storage) or `write` (read-write storage).
   */
  readonly bindings: string;
  /** Parameters of `main` (default: `gid` and `nwg`, for {@link LINEAR_INDEX_WGSL}). */
  readonly parameters?: string;
  /** One thread per item: `let <index> = linearIndex(gid, nwg, workgroupSize)` opens `main`… */
  readonly index?: string;
  /** …and threads with `index >= count` return at once. */
  readonly count?: string;
  /** The rest of `main`'s body (WGSL statements). */
  readonly body: string;
}

/**
 * A {@link Kernel} from a {@link KernelSource}: the binding kinds and the WGSL `var` declarations come from the one
 * `bindings` list (they cannot disagree), and `main`'s signature and index guard are written here for every kernel.
 *
 * @example
 * ```ts
 * const scale = defineKernel({
 *   key: 'scale/v1',
 *   workgroupSize: 64,
 *   prelude: `${LINEAR_INDEX_WGSL} struct U { n: u32, factor: f32 }`,
 *   bindings: 'uniform u: U, write x: array<f32>',
 *   index: 'i',
 *   count: 'u.n',
 *   body: 'x[i] = x[i] * u.factor;',
 * });
 * scale.bindings; // ['uniform', 'storage']
 * ```
 */
export function defineKernel(source: KernelSource): Kernel {
  const declarations: string[] = [];
  const bindings = source.bindings.split(',').map((text, i) => {
    const match = /^\s*(\w+)\s+(\w+)\s*:\s*(.+?)\s*$/.exec(text);
    const binding = match === null ? undefined : BINDING_KINDS[match[1] as string];
    if (match === null || binding === undefined) {
      throw new RangeError(`defineKernel ${source.key}: binding ${i} "${text.trim()}" is not "uniform|read|write name: type"`);
    }
    declarations.push(`@group(0) @binding(${i}) var<${binding.space}> ${match[2]}: ${match[3]};`);
    return binding.kind;
  });
  const wg = source.workgroupSize;
  const head: string[] = [];
  if (source.index !== undefined) head.push(`  let ${source.index} = linearIndex(gid, nwg, ${wg}u);`);
  if (source.count !== undefined) head.push(`  if (${source.index ?? 'i'} >= ${source.count}) { return; }`);
  return {
    key: source.key,
    entryPoint: 'main',
    workgroupSize: wg,
    bindings,
    wgsl: `${source.prelude}
${declarations.join('\n')}
@compute @workgroup_size(${wg})
fn main(${source.parameters ?? LINEAR_PARAMETERS}) {
${[...head, source.body].join('\n')}
}`,
  };
}

/** Workgroup size of every {@link defineSizedKernel} kernel (their dispatches divide by it). */
export const SIZED_WORKGROUP_SIZE = 64;

/**
 * A one-thread-per-item {@link defineKernel} kernel with a `Sizes` uniform struct: `sizes` lists its fields (prelude
 * `LINEAR_INDEX_WGSL` + `struct Sizes { … }`), the thread index is `t` and the workgroup size
 * {@link SIZED_WORKGROUP_SIZE}. The common shape of the tensor-product and MACE kernels, written once.
 *
 * @example
 * ```ts
 * const scale = defineSizedKernel({ key: 'scale/v1', sizes: 'n: u32, factor: f32', bindings: 'uniform sizes: Sizes, write x: array<f32>', count: 'sizes.n', body: 'x[t] = x[t] * sizes.factor;' });
 * ```
 */
export function defineSizedKernel(source: Omit<KernelSource, 'workgroupSize' | 'prelude' | 'index'> & { readonly sizes: string }): Kernel {
  const { sizes, ...rest } = source;
  return defineKernel({
    ...rest,
    workgroupSize: SIZED_WORKGROUP_SIZE,
    prelude: /* wgsl */ `${LINEAR_INDEX_WGSL}
struct Sizes { ${sizes} }`,
    index: 't',
  });
}
