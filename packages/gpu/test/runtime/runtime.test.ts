import { describe, expect, it } from 'vitest';
import {
  BufferSet,
  cachedPipelineCount,
  chooseBackend,
  type Kernel,
  LINEAR_INDEX_WGSL,
  linearWorkgroups,
  NoAdapterError,
  requestGpu,
  runDispatches,
  TimestampProfiler,
} from '../../src/index.ts';
import { fileGpu } from '../gpu.ts';

const gpu = await fileGpu();

const axpy: Kernel = {
  key: 'test/axpy/v1',
  entryPoint: 'main',
  workgroupSize: 64,
  bindings: ['uniform', 'read-only-storage', 'storage'],
  wgsl: /* wgsl */ `${LINEAR_INDEX_WGSL}
struct P { n: u32, a: f32, pad0: u32, pad1: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linearIndex(gid, nwg, 64u);
  if (i < p.n) { y[i] = p.a * x[i] + y[i]; }
}`,
};

function params(n: number, a: number): ArrayBuffer {
  const b = new ArrayBuffer(16);
  new Uint32Array(b)[0] = n;
  new Float32Array(b)[1] = a;
  return b;
}

describe('WebGPU runtime', () => {
  it('reports a real adapter with its limits', () => {
    const r = gpu.report;
    expect(r.environment).toBe('node');
    expect(r.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(64);
    expect(r.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 << 20);
    expect(`${r.vendor}${r.device}${r.description}`.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('throws NoAdapterError with advice when there is no adapter', async () => {
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    await expect(requestGpu({ gpu: noAdapter })).rejects.toThrow(NoAdapterError);
    await expect(requestGpu({ gpu: noAdapter })).rejects.toThrow(/VK_ICD_FILENAMES/);
  });

  it('runs a kernel value, caches its pipeline per device and reuses buffers', async () => {
    const buffers = new BufferSet(gpu);
    const n = 1000;
    const x = Float32Array.from({ length: n }, (_, i) => i);
    const y = Float32Array.from({ length: n }, (_, i) => 1 - i);
    const xb = buffers.upload('x', x);
    const yb = buffers.upload('y', y);
    const pb = buffers.uniform('p', params(n, 2));
    const plan = { kernel: axpy, buffers: [pb, xb, yb], workgroups: linearWorkgroups(n, 64) };
    await runDispatches(gpu, [plan]);
    const before = cachedPipelineCount(gpu.device);
    await runDispatches(gpu, [plan]);
    expect(cachedPipelineCount(gpu.device)).toBe(before);
    const out = await buffers.readFloat32(yb, n);
    for (let i = 0; i < n; i++) expect(out[i]).toBe(1 - i + 4 * i);
    // Same name, smaller or equal size: the same buffer object comes back.
    expect(buffers.upload('x', x.subarray(0, 10))).toBe(xb);
    buffers.destroy();
  });

  it('folds large dispatches into two dimensions', () => {
    expect(linearWorkgroups(1_000_000, 64)).toEqual([15625, 1, 1]);
    const [x, y] = linearWorkgroups(10_000_000, 64);
    expect(x * y * 64).toBeGreaterThanOrEqual(10_000_000);
    expect(x).toBeLessThanOrEqual(65535);
  });

  it('records GPU timestamps per pass when the adapter has timestamp-query', async () => {
    const buffers = new BufferSet(gpu);
    const n = 4096;
    const plan = {
      kernel: axpy,
      label: 'axpy',
      buffers: [buffers.uniform('p', params(n, 1)), buffers.upload('x', new Float32Array(n)), buffers.upload('y', new Float32Array(n))],
      workgroups: linearWorkgroups(n, 64),
    };
    const profiler = new TimestampProfiler(gpu, 4);
    await runDispatches(gpu, [plan, plan], profiler);
    const timings = await profiler.read();
    expect(profiler.enabled).toBe(gpu.report.features.includes('timestamp-query'));
    if (profiler.enabled) {
      expect(timings.map((t) => t.label)).toEqual(['axpy', 'axpy']);
      for (const t of timings) expect(t.nanoseconds).toBeGreaterThanOrEqual(0);
    } else {
      expect(timings).toEqual([]);
    }
    profiler.destroy();
    buffers.destroy();
  });

  it('chooses the backend: cpu and auto in Node give the CPU, webgpu gives a device', async () => {
    expect((await chooseBackend('cpu')).backend).toBe('cpu');
    expect((await chooseBackend()).backend).toBe('cpu');
    const chosen = await chooseBackend('webgpu');
    expect(chosen.backend).toBe('webgpu');
    if (chosen.backend !== 'webgpu') throw new Error('expected webgpu');
    expect(chosen.gpu.report.limits.maxComputeWorkgroupSizeX).toBeGreaterThanOrEqual(64);
    chosen.gpu.destroy();
  });
});
