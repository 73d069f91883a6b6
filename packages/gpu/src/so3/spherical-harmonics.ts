import type { ShNormalization } from '@equitensor/so3';
import { BufferSet } from '../runtime/buffers.ts';
import type { GpuContext } from '../runtime/device.ts';
import { runDispatches } from '../runtime/dispatch.ts';
import { GpuParameterError } from '../runtime/errors.ts';
import { defineKernel, type Kernel, LINEAR_INDEX_WGSL, linearWorkgroups } from '../runtime/kernel.ts';
import { SerialQueue } from '../runtime/serial.ts';

/**
 * The largest degree the GPU kernel is generated for (the WGSL is unrolled per degree).
 *
 * @example
 * ```ts
 * const lmax = Math.min(requested, GPU_SH_MAX_DEGREE);
 * ```
 */
export const GPU_SH_MAX_DEGREE = 20;

const WG = 64;

function f32Literal(x: number): string {
  const s = Math.fround(x).toPrecision(9);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}

/**
 * The spherical-harmonics kernel for degrees 0…lmax in e3nn's convention (polar axis y, no
 * Condon-Shortley phase, index l² + l + m), one thread per vector, the recurrence unrolled in WGSL
 * with its coefficients as float32 literals:
 * q_l^m = A·y·q_{l−1}^m − B·ρ·q_{l−2}^m, q_l^l = √((2l−1)/2l)·q_{l−1}^{l−1},
 * q_l^{l−1} = √(2l−1)·y·q_{l−1}^{l−1}; Y_l^{±m} = s_l·√2·q_l^m·(Re, Im)(z + ix)^m.
 *
 * @example
 * ```ts
 * const kernel = sphericalHarmonicsKernel(4, 'component', true); // key 'so3/sh/l4/component/unit/v1'
 * ```
 */
export function sphericalHarmonicsKernel(lmax: number, normalization: ShNormalization, normalize: boolean): Kernel {
  if (!(Number.isInteger(lmax) && lmax >= 0 && lmax <= GPU_SH_MAX_DEGREE)) {
    throw new GpuParameterError('lmax', `must be an integer in 0..${GPU_SH_MAX_DEGREE}, got ${lmax}`);
  }
  const dim = (lmax + 1) * (lmax + 1);
  const lines: string[] = [];
  lines.push('let rho = x * x + y * y + z * z;');
  lines.push('let c0 = 1.0; let s0 = 0.0;');
  for (let m = 1; m <= lmax; m++) {
    lines.push(`let c${m} = z * c${m - 1} - x * s${m - 1}; let s${m} = z * s${m - 1} + x * c${m - 1};`);
  }
  lines.push('let q0_0 = 1.0;');
  for (let l = 1; l <= lmax; l++) {
    for (let m = 0; m <= l - 2; m++) {
      const a = (2 * l - 1) / Math.sqrt((l - m) * (l + m));
      const b = Math.sqrt(((l + m - 1) * (l - m - 1)) / ((l - m) * (l + m)));
      const q2 = l - 2 >= m ? `q${l - 2}_${m}` : '0.0';
      lines.push(`let q${l}_${m} = ${f32Literal(a)} * y * q${l - 1}_${m} - ${f32Literal(b)} * rho * ${q2};`);
    }
    lines.push(`let q${l}_${l - 1} = ${f32Literal(Math.sqrt(2 * l - 1))} * y * q${l - 1}_${l - 1};`);
    lines.push(`let q${l}_${l} = ${f32Literal(Math.sqrt((2 * l - 1) / (2 * l)))} * q${l - 1}_${l - 1};`);
  }
  for (let l = 0; l <= lmax; l++) {
    const sc = normalization === 'norm' ? 1 : normalization === 'component' ? Math.sqrt(2 * l + 1) : Math.sqrt((2 * l + 1) / (4 * Math.PI));
    const k0 = l * l + l;
    lines.push(`out[o + ${k0}u] = ${f32Literal(sc)} * q${l}_0;`);
    for (let m = 1; m <= l; m++) {
      const sc2 = f32Literal(sc * Math.SQRT2);
      lines.push(`out[o + ${k0 + m}u] = ${sc2} * q${l}_${m} * c${m};`);
      lines.push(`out[o + ${k0 - m}u] = ${sc2} * q${l}_${m} * s${m};`);
    }
  }
  const normalizeCode = normalize
    ? `let len = length(v); if (len > 0.0) { v = v / len; }
  // e3nn: a zero vector has only Y⁰ (every q_l^m with l > 0 vanishes at x = y = z = 0).`
    : '';
  return defineKernel({
    key: `so3/sh/l${lmax}/${normalization}/${normalize ? 'unit' : 'raw'}/v1`,
    workgroupSize: WG,
    prelude: /* wgsl */ `
${LINEAR_INDEX_WGSL}
struct Params { n: u32, pad0: u32, pad1: u32, pad2: u32 }`,
    bindings: 'uniform params: Params, read vectors: array<f32>, write out: array<f32>',
    index: 'i',
    count: 'params.n',
    body: /* wgsl */ `  var v = vec3f(vectors[3u * i], vectors[3u * i + 1u], vectors[3u * i + 2u]);
  ${normalizeCode}
  let x = v.x; let y = v.y; let z = v.z;
  let o = i * ${dim}u;
  ${lines.join('\n  ')}`,
  });
}

/**
 * Spherical harmonics of many vectors on the GPU, float32, degrees 0…lmax, the same layout and
 * conventions as `@equitensor/so3`'s `sphericalHarmonics(lmax, vectors, normalize, normalization)`.
 *
 * @example
 * ```ts
 * const sh = new GpuSphericalHarmonics(gpu, 3, 'component', true);
 * const y = await sh.compute(new Float64Array([0, 0, 2])); // ≈ [1, 0, 0, √3, …]
 * ```
 */
export class GpuSphericalHarmonics {
  readonly kernel: Kernel;
  readonly dim: number;
  private readonly buffers: BufferSet;
  private readonly queue = new SerialQueue();

  constructor(
    readonly gpu: GpuContext,
    readonly lmax: number,
    readonly normalization: ShNormalization = 'integral',
    readonly normalize = true,
  ) {
    this.kernel = sphericalHarmonicsKernel(lmax, normalization, normalize);
    this.dim = (lmax + 1) * (lmax + 1);
    this.buffers = new BufferSet(gpu);
  }

  /** Upload `vectors` (3N), evaluate, read back `N·(lmax+1)²` values. */
  compute(vectors: ArrayLike<number>): Promise<Float32Array> {
    return this.queue.run(() => this.computeNow(vectors));
  }

  private async computeNow(vectors: ArrayLike<number>): Promise<Float32Array> {
    const n = this.prepare(vectors);
    await this.dispatch(n);
    return this.buffers.readFloat32(this.buffers.get('sh/out'), n * this.dim);
  }

  /** Upload vectors; returns N. (Split from {@link compute} for benchmarks.) */
  prepare(vectors: ArrayLike<number>): number {
    if (vectors.length % 3 !== 0) throw new GpuParameterError('vectors', `length ${vectors.length} is not a multiple of 3`);
    const n = vectors.length / 3;
    this.buffers.upload('sh/vectors', Float32Array.from(vectors));
    this.buffers.storage('sh/out', 4 * Math.max(1, n * this.dim));
    this.buffers.uniform('sh/params', new Uint32Array([n, 0, 0, 0]));
    return n;
  }

  /** Run the kernel on the uploaded vectors and wait for it. */
  async dispatch(n: number): Promise<void> {
    const b = this.buffers;
    await runDispatches(this.gpu, [
      {
        kernel: this.kernel,
        label: 'sh',
        workgroups: linearWorkgroups(n, WG),
        buffers: [b.get('sh/params'), b.get('sh/vectors'), b.get('sh/out')],
      },
    ]);
  }

  /** Free the buffers. */
  destroy(): void {
    this.buffers.destroy();
  }
}
