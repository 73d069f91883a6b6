import { describe, expect, it } from 'vitest';
import { defineKernel, LINEAR_INDEX_WGSL } from '../../src/index.ts';

describe('defineKernel', () => {
  const source = {
    key: 'scale/v1',
    workgroupSize: 64,
    prelude: `${LINEAR_INDEX_WGSL}struct U { n: u32, factor: f32 }`,
    bindings: 'uniform u: U, read x: array<f32>, write y: array<f32>',
    index: 'i',
    count: 'u.n',
    body: '  y[i] = x[i] * u.factor;',
  };

  it('derives the binding kinds and the WGSL declarations from one list, in order', () => {
    const kernel = defineKernel(source);
    expect(kernel.bindings).toEqual(['uniform', 'read-only-storage', 'storage']);
    expect(kernel.entryPoint).toBe('main');
    expect(kernel.wgsl).toContain(
      '@group(0) @binding(0) var<uniform> u: U;\n@group(0) @binding(1) var<storage, read> x: array<f32>;\n@group(0) @binding(2) var<storage, read_write> y: array<f32>;',
    );
  });

  it('opens main with the linear index and its guard', () => {
    expect(defineKernel(source).wgsl).toContain(
      '@compute @workgroup_size(64)\nfn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {\n  let i = linearIndex(gid, nwg, 64u);\n  if (i >= u.n) { return; }\n  y[i] = x[i] * u.factor;\n}',
    );
  });

  it('refuses a binding that is not "uniform|read|write name: type", naming the kernel and the binding', () => {
    expect(() => defineKernel({ ...source, bindings: 'uniform u: U, storage x: array<f32>' })).toThrow(
      /scale\/v1: binding 1 "storage x: array<f32>"/,
    );
  });
});
