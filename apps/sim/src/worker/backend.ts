/**
 * Resolving the compute backend inside the simulation worker (`navigator.gpu` exists in dedicated
 * workers) through `@equitensor/gpu`'s `chooseBackend`, with the adapter's name for the status bar.
 */
import { chooseBackend, type GpuContext } from '@equitensor/gpu';
import type { BackendRequest } from './protocol.ts';

/** The backend a scenario runs on: the CPU, or WebGPU with its device. */
export type WorkerBackend =
  | { readonly backend: 'cpu'; readonly reason: string }
  | { readonly backend: 'webgpu'; readonly gpu: GpuContext; readonly adapter: string; readonly reason: string };

/** The adapter's name as shown in the status bar (`vendor device description`, de-duplicated). */
export function adapterName(gpu: GpuContext): string {
  const { vendor, device, description, architecture } = gpu.report;
  const words: string[] = [];
  for (const part of [vendor, device, description, architecture]) {
    const text = part.trim();
    if (text !== '' && !words.some((w) => w.includes(text))) words.push(text);
  }
  return words.length > 0 ? words.join(' ') : 'unnamed adapter';
}

/**
 * Resolve a backend request in a worker or page. `cpu` → the CPU; `webgpu` → a device, or
 * `NoAdapterError` when there is none (the user asked for it); `auto` → WebGPU when `navigator.gpu`
 * gives a hardware adapter, else the CPU (a software adapter such as SwiftShader is slower than the
 * CPU, so `auto` does not pick it).
 *
 * @example
 * ```ts
 * const chosen = await resolveBackend(message.backend ?? 'auto');
 * if (chosen.backend === 'webgpu') console.log(chosen.adapter);
 * ```
 */
export async function resolveBackend(requested: BackendRequest): Promise<WorkerBackend> {
  const chosen = await chooseBackend(requested);
  if (chosen.backend === 'cpu') return chosen;
  return { backend: 'webgpu', gpu: chosen.gpu, adapter: adapterName(chosen.gpu), reason: chosen.reason };
}
