import './webgpu-types.ts';
import type { GpuContext } from './device.ts';
import type { DispatchPlan } from './kernel.ts';
import { getPipeline } from './pipelines.ts';
import type { TimestampProfiler } from './profiler.ts';

/**
 * Encode `plans` in order into `encoder`. Without a profiler they share one compute pass
 * (WebGPU orders storage writes between dispatches); with one, each dispatch gets its own pass
 * with timestamps so that its GPU time can be read.
 *
 * @example
 * ```ts
 * const encoder = gpu.device.createCommandEncoder();
 * encodeDispatches(gpu, encoder, [binPlan, forcePlan]);
 * gpu.device.queue.submit([encoder.finish()]);
 * ```
 */
export function encodeDispatches(
  gpu: GpuContext,
  encoder: GPUCommandEncoder,
  plans: readonly DispatchPlan[],
  profiler?: TimestampProfiler,
): void {
  const device = gpu.device;
  const prepared = plans.map((plan) => {
    const { pipeline, layout } = getPipeline(device, plan.kernel);
    if (plan.buffers.length !== plan.kernel.bindings.length) {
      throw new Error(`kernel ${plan.kernel.key}: ${plan.kernel.bindings.length} bindings declared, ${plan.buffers.length} buffers given`);
    }
    const bindGroup = device.createBindGroup({
      layout,
      entries: plan.buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    return { plan, pipeline, bindGroup };
  });
  if (profiler === undefined) {
    const pass = encoder.beginComputePass();
    for (const { plan, pipeline, bindGroup } of prepared) {
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(plan.workgroups[0], plan.workgroups[1], plan.workgroups[2]);
    }
    pass.end();
    return;
  }
  for (const { plan, pipeline, bindGroup } of prepared) {
    const timestampWrites = profiler.nextPass(plan.label ?? plan.kernel.key);
    const pass = encoder.beginComputePass(timestampWrites === undefined ? {} : { timestampWrites });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(plan.workgroups[0], plan.workgroups[1], plan.workgroups[2]);
    pass.end();
  }
}

/**
 * Encode and submit `plans`, then wait until the queue has finished them.
 *
 * @example
 * ```ts
 * await runDispatches(gpu, [plan]);
 * ```
 */
export async function runDispatches(gpu: GpuContext, plans: readonly DispatchPlan[], profiler?: TimestampProfiler): Promise<void> {
  gpu.assertAlive();
  const encoder = gpu.device.createCommandEncoder();
  encodeDispatches(gpu, encoder, plans, profiler);
  profiler?.resolve(encoder);
  gpu.device.queue.submit([encoder.finish()]);
  await gpu.device.queue.onSubmittedWorkDone();
  gpu.assertAlive();
}
