import type { BufferSet } from '../runtime/buffers.ts';
import { GpuParameterError } from '../runtime/errors.ts';
import { type DispatchPlan, defineKernel, type Kernel, LINEAR_INDEX_WGSL, linearWorkgroups } from '../runtime/kernel.ts';

/** Longest line the mesh FFT transforms. */
export const GPU_FFT_MAX_LENGTH = 4096;
/** Largest radix of a pass: lengths whose prime factors are all ≤ 7 are transformed. */
const MAX_RADIX = 7;
const WG = 64;

/**
 * The radices of a mixed-radix Stockham FFT of length n (4s first, then 2, 3, 5, 7), or null when n has a prime factor
 * above 7.
 *
 * @example
 * ```ts
 * fftRadices(60); // [4, 3, 5]
 * fftRadices(22); // null
 * ```
 */
export function fftRadices(n: number): number[] | null {
  const radices: number[] = [];
  let rest = n;
  for (const r of [4, 2, 3, 5, 7]) {
    while (rest % r === 0) {
      radices.push(r);
      rest /= r;
    }
  }
  return rest === 1 ? radices : null;
}

/** `FftPass` uniform: the line length, its stride in the mesh, how line ids map to line starts, this pass's radix. */
const FFT_WGSL = /* wgsl */ `
struct FftPass {
  n: u32, stride: u32, inner: u32, outerStride: u32,
  lines: u32, radix: u32, ns: u32, twiddleOffset: u32,
  sign: f32, threads: u32, linesFastest: u32, _1: u32,
}
fn cmul(a: vec2f, b: vec2f) -> vec2f { return vec2f(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }
// e^{sign·2πi e/n} from the float64-computed table of the n-th roots of unity
fn root(e: u32) -> vec2f { let w = twiddles[fp.twiddleOffset + e % fp.n]; return vec2f(w.x, fp.sign * w.y); }
`;

/**
 * One radix-R pass of a mixed-radix Stockham autosort FFT along one axis of the mesh, for every line at once: one
 * thread per butterfly (no workgroup memory, no barriers). With Ns = the product of the radices before this pass and
 * m = n/R, butterfly j of a line reads x[j + r·m] (r < R), multiplies by the twiddles w^{r·(j%Ns)·n/(Ns·R)}, takes the
 * R-point DFT and writes y[(j/Ns)·Ns·R + j%Ns + q·Ns] (q < R), w = e^{±2πi/n}, from `src` into `dst`. Twiddles come
 * from a table of the n-th roots computed in float64. Unnormalised, sign ∓ for forward/backward as NumPy's
 * `fft`/`ifft·n`.
 */
export const meshFftKernel: Kernel = defineKernel({
  key: 'electrostatics/mesh-fft-pass/v1',
  workgroupSize: WG,
  prelude: `${FFT_WGSL}${LINEAR_INDEX_WGSL}`,
  bindings: 'uniform fp: FftPass, read twiddles: array<vec2f>, read src: array<vec2f>, write dst: array<vec2f>',
  index: 't',
  count: 'fp.threads',
  body: /* wgsl */ `  let R = fp.radix;
  let n = fp.n;
  let m = n / R;
  // strided axes: neighbouring threads take neighbouring lines (contiguous starts), so their loads coalesce
  let id = select(t / m, t % fp.lines, fp.linesFastest != 0u);
  let j = select(t % m, t / fp.lines, fp.linesFastest != 0u);
  let ns = fp.ns;
  let start = (id / fp.inner) * fp.outerStride + id % fp.inner;
  let stride = fp.stride;
  let k = j % ns;
  let step = n / (ns * R);
  var v: array<vec2f, ${MAX_RADIX}>;
  for (var r = 0u; r < R; r++) { v[r] = cmul(src[start + (j + r * m) * stride], root(r * k * step)); }
  let out = (j / ns) * ns * R + k;
  for (var q = 0u; q < R; q++) {
    var sum = v[0];
    for (var r = 1u; r < R; r++) { sum += cmul(v[r], root(((r * q) % R) * m)); }
    dst[start + (out + q * ns) * stride] = sum;
  }`,
});

/**
 * A complex 3D FFT of a K0×K1×K2 mesh of vec2f (C order, axis 2 contiguous) on the device: the radix passes of
 * {@link meshFftKernel} along axis 2, 1, then 0, alternating between two buffers. Every K must have prime factors ≤ 7
 * (the 2·3·5-smooth sizes of `pmeParameters` qualify) and be ≤ {@link GPU_FFT_MAX_LENGTH}.
 *
 * @example
 * ```ts
 * const fft = new GpuMeshFft(buffers, 'pme', [30, 32, 27]);
 * const { plans, result } = fft.plans(mesh, scratch, -1); // result: mesh or scratch
 * encodeDispatches(gpu, encoder, plans);
 * ```
 */
export class GpuMeshFft {
  readonly mesh: readonly [number, number, number];
  /** Radix passes of one 3D transform (the result lands in the first buffer when it is even). */
  readonly passes: number;
  private readonly uniforms: { readonly name: string; readonly threads: number }[][] = [[], []];

  constructor(
    private readonly buffers: BufferSet,
    private readonly prefix: string,
    mesh: readonly [number, number, number],
  ) {
    this.mesh = [mesh[0], mesh[1], mesh[2]];
    const plans = mesh.map((k) => {
      const radices = Number.isInteger(k) && k >= 1 && k <= GPU_FFT_MAX_LENGTH ? fftRadices(k) : null;
      if (radices === null) {
        throw new GpuParameterError(
          'mesh',
          `the GPU mesh FFT takes lengths 1…${GPU_FFT_MAX_LENGTH} with prime factors ≤ ${MAX_RADIX}, got ${mesh.join('×')}`,
        );
      }
      return radices;
    });
    this.passes = plans.reduce((sum, radices) => sum + radices.length, 0);
    const twiddles = new Float32Array(2 * (mesh[0] + mesh[1] + mesh[2]));
    let offset = 0;
    const offsets: number[] = [];
    for (const k of mesh) {
      offsets.push(offset);
      for (let e = 0; e < k; e++) {
        twiddles[2 * (offset + e)] = Math.cos((2 * Math.PI * e) / k);
        twiddles[2 * (offset + e) + 1] = Math.sin((2 * Math.PI * e) / k);
      }
      offset += k;
    }
    buffers.upload(`${prefix}/fft-twiddles`, twiddles);
    const [k0, k1, k2] = this.mesh;
    const points = k0 * k1 * k2;
    // axis 2: lines start at line·K2, stride 1; axis 1: (i0, i2) → i0·K1K2 + i2, stride K2; axis 0: start = line, stride K1K2
    const layout = [
      { stride: k1 * k2, inner: k1 * k2, outerStride: 0, lines: k1 * k2 },
      { stride: k2, inner: k2, outerStride: k1 * k2, lines: k0 * k2 },
      { stride: 1, inner: 1, outerStride: k2, lines: k0 * k1 },
    ];
    [-1, 1].forEach((sign, direction) => {
      for (const axis of [2, 1, 0]) {
        const l = layout[axis] as (typeof layout)[number];
        let ns = 1;
        for (const radix of plans[axis] as number[]) {
          const bytes = new ArrayBuffer(48);
          const u = new Uint32Array(bytes);
          u.set([mesh[axis] as number, l.stride, l.inner, l.outerStride, l.lines, radix, ns, offsets[axis] as number]);
          new Float32Array(bytes)[8] = sign;
          u[9] = points / radix;
          u[10] = l.stride > 1 ? 1 : 0;
          const name = `${prefix}/fft-${direction}-${this.uniforms[direction]?.length}`;
          buffers.uniform(name, bytes);
          this.uniforms[direction]?.push({ name, threads: points / radix });
          ns *= radix;
        }
      }
    });
  }

  /**
   * The passes transforming `mesh` (axis 2, 1, 0; `sign` −1 forward, +1 backward, unnormalised), alternating with
   * `scratch` (the same size); `result` is the buffer that holds the transform (`mesh` when {@link passes} is even).
   */
  plans(mesh: GPUBuffer, scratch: GPUBuffer, sign: -1 | 1): { plans: DispatchPlan[]; result: GPUBuffer } {
    const twiddles = this.buffers.get(`${this.prefix}/fft-twiddles`);
    let src = mesh;
    let dst = scratch;
    const plans = (this.uniforms[sign < 0 ? 0 : 1] ?? []).map(({ name, threads }, pass) => {
      const plan: DispatchPlan = {
        kernel: meshFftKernel,
        label: `fft/${sign < 0 ? 'forward' : 'backward'}-${pass}`,
        workgroups: linearWorkgroups(threads, WG),
        buffers: [this.buffers.get(name), twiddles, src, dst],
      };
      [src, dst] = [dst, src];
      return plan;
    });
    return { plans, result: src };
  }
}
