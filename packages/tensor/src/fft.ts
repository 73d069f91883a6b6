/**
 * The repository's one FFT (so3's Gaunt kind, tensor's Chebyshev transforms and electrostatics' mesh methods use it):
 * complex transforms on separate real and imaginary `Float64Array`s, hand-written.
 *
 * - Powers of two: iterative radix-2 with a cached plan per size (twiddles cos/sin(2πk/n) computed directly, not
 *   by repeated multiplication, so rounding stays O(ε log n); bit-reversal table).
 * - Any other size: Bluestein's chirp-z algorithm (a power-of-two convolution of length ≥ 2n − 1). Cost O(n log n).
 * - Several dimensions: one axis at a time; along an axis that is not the last, every butterfly updates two whole
 *   contiguous blocks (all lines of the axis at once), so the inner loops are contiguous.
 *
 * - Many transforms of one length (the lines of a mesh): {@link FftPlan} in `fft-plan.ts` (Stockham radix-2/3/4/5 for
 *   2·3·5-smooth lengths, this file's `fft` otherwise), and the 3D mesh transforms `MeshFft`/`RealMeshFft` built on it
 *   in `mesh-fft.ts` (electrostatics' PME).
 *
 * Sign convention X_k = Σ_j x_j e^{−2πi jk/n} forward (NumPy's `fft.fft`), e^{+2πi jk/n} inverse. {@link fft},
 * {@link fftAxis} and {@link fftn} divide the inverse by the number of points, as NumPy's `ifft`/`ifftn` do;
 * {@link fftStrided} and {@link fft2} are the unscaled building blocks for callers that fold the 1/n into a pass of
 * their own.
 */

interface Plan {
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  readonly rev: Uint32Array;
}

const plans = new Map<number, Plan>();

/** Twiddles and bit reversal of a power-of-two size, computed once per size. */
function plan(n: number): Plan {
  let p = plans.get(n);
  if (p) return p;
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }
  const bits = Math.log2(n);
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
    rev[i] = r;
  }
  p = { cos, sin, rev };
  plans.set(n, p);
  return p;
}

function isPowerOfTwo(n: number): boolean {
  return n >= 1 && (n & (n - 1)) === 0;
}

function checkParts(re: Float64Array, im: Float64Array, what: string): void {
  if (im.length !== re.length) throw new RangeError(`${what}: real part has ${re.length} entries, imaginary part ${im.length}`);
}

/**
 * In-place complex FFT of any length: X_k = Σ_j x_j e^{−2πi jk/n}; `inverse` uses e^{+2πi jk/n} and divides by n.
 * Radix-2 for powers of two, Bluestein otherwise; cost O(n log n) for every n.
 *
 * @example
 * ```ts
 * const re = Float64Array.of(1, 2, 3), im = new Float64Array(3);
 * fft(re, im); // re = [6, −1.5, −1.5]
 * ```
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  checkParts(re, im, 'fft');
  if (n <= 1) return;
  if (isPowerOfTwo(n)) radix2(re, im, n, inverse, 0, 1);
  else bluestein(re, im, inverse);
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i]! /= n;
      im[i]! /= n;
    }
  }
}

/**
 * Unscaled in-place FFT of the n values at `offset`, `offset + stride`, …: X_k = Σ_j x_j e^{∓2πijk/n} (− forward,
 * + inverse, no 1/n). Any n ≥ 1 (powers of two in place, others through a gathered copy and Bluestein).
 *
 * @example
 * ```ts
 * const re = new Float64Array([1, 0, 0, 0]); const im = new Float64Array(4);
 * fftStrided(re, im, 4, false); // all ones
 * ```
 */
export function fftStrided(re: Float64Array, im: Float64Array, n: number, inverse: boolean, offset = 0, stride = 1): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`fftStrided: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`fftStrided: stride must be a positive integer, got ${stride}`);
  if (!Number.isInteger(offset) || offset < 0 || offset + (n - 1) * stride >= Math.min(re.length, im.length))
    throw new RangeError(
      `fftStrided: ${n} values from offset ${offset} at stride ${stride} do not fit arrays of ${re.length} and ${im.length}`,
    );
  if (isPowerOfTwo(n)) {
    radix2(re, im, n, inverse, offset, stride);
    return;
  }
  const lr = new Float64Array(n);
  const li = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    lr[j] = re[offset + j * stride]!;
    li[j] = im[offset + j * stride]!;
  }
  bluestein(lr, li, inverse);
  for (let j = 0; j < n; j++) {
    re[offset + j * stride] = lr[j]!;
    im[offset + j * stride] = li[j]!;
  }
}

/**
 * In-place FFT along one axis of a row-major array of the given shape (any sizes), the other axes untouched;
 * `inverse` divides by `shape[axis]`.
 *
 * @example
 * ```ts
 * // 2 × 3 array, transform each row (axis 1)
 * const re = Float64Array.of(1, 1, 1, 1, 0, 0), im = new Float64Array(6);
 * fftAxis(re, im, [2, 3], 1); // re = [3, 0, 0, 1, 1, 1]
 * ```
 */
export function fftAxis(re: Float64Array, im: Float64Array, shape: readonly number[], axis: number, inverse = false): void {
  const size = checkShape(re, im, shape, 'fftAxis');
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length)
    throw new RangeError(`fftAxis: axis must be an integer in [0, ${shape.length}), got ${axis}`);
  transformAxis(re, im, shape, axis, inverse);
  const n = shape[axis]!;
  if (inverse && n > 1) {
    for (let i = 0; i < size; i++) {
      re[i]! /= n;
      im[i]! /= n;
    }
  }
}

/**
 * In-place n-dimensional FFT of a row-major array of the given shape (any sizes, e.g. a 3D mesh `[n0, n1, n2]`):
 * X_k = Σ_j x_j e^{−2πi k·(j/n)}; `inverse` uses the + sign and divides by the number of points (NumPy's
 * `fftn`/`ifftn`). A real input is a zero imaginary part. Cost O(N log N).
 *
 * @example
 * ```ts
 * const shape = [4, 3, 5];
 * const re = new Float64Array(60).fill(1), im = new Float64Array(60);
 * fftn(re, im, shape); // re[0] = 60, every other entry 0
 * fftn(re, im, shape, true); // back to all ones
 * ```
 */
export function fftn(re: Float64Array, im: Float64Array, shape: readonly number[], inverse = false): void {
  const size = checkShape(re, im, shape, 'fftn');
  for (let axis = 0; axis < shape.length; axis++) transformAxis(re, im, shape, axis, inverse);
  if (inverse && size > 1) {
    for (let i = 0; i < size; i++) {
      re[i]! /= size;
      im[i]! /= size;
    }
  }
}

/**
 * Unscaled 2D FFT of an n×n row-major complex array, n a power of two (no 1/n² on the inverse): column transforms
 * vectorised across columns, a transpose, the same again, and a transpose back (the fastest order for the small
 * square grids of so3's Gaunt kind).
 *
 * @example
 * ```ts
 * const re = new Float64Array(64), im = new Float64Array(64);
 * re[0] = 1;
 * fft2(re, im, 8, false); // all ones
 * ```
 */
export function fft2(re: Float64Array, im: Float64Array, n: number, inverse: boolean): void {
  if (!isPowerOfTwo(n)) throw new RangeError(`fft2: n must be a power of two, got ${n}`);
  if (re.length < n * n || im.length < n * n)
    throw new RangeError(`fft2: an ${n}×${n} array needs ${n * n} entries, got ${re.length} and ${im.length}`);
  radix2Blocks(re, im, 0, n, n, inverse);
  transposeSquare(re, n);
  transposeSquare(im, n);
  radix2Blocks(re, im, 0, n, n, inverse);
  transposeSquare(re, n);
  transposeSquare(im, n);
}

function checkShape(re: Float64Array, im: Float64Array, shape: readonly number[], what: string): number {
  checkParts(re, im, what);
  let size = 1;
  for (const n of shape) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what}: shape entries must be positive integers, got [${shape.join(', ')}]`);
    size *= n;
  }
  if (size !== re.length) throw new RangeError(`${what}: shape [${shape.join(', ')}] has ${size} entries, the arrays ${re.length}`);
  return size;
}

/** Unscaled transform along `axis` of a row-major array. */
function transformAxis(re: Float64Array, im: Float64Array, shape: readonly number[], axis: number, inverse: boolean): void {
  const n = shape[axis]!;
  if (n === 1) return;
  let outer = 1;
  for (let k = 0; k < axis; k++) outer *= shape[k]!;
  let inner = 1;
  for (let k = axis + 1; k < shape.length; k++) inner *= shape[k]!;
  if (inner > 1 && isPowerOfTwo(n)) {
    for (let o = 0; o < outer; o++) radix2Blocks(re, im, o * n * inner, n, inner, inverse);
    return;
  }
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) fftStrided(re, im, n, inverse, o * n * inner + c, inner);
  }
}

/** Unscaled radix-2 FFT of n (a power of two) values at `offset + j·stride`. */
function radix2(re: Float64Array, im: Float64Array, n: number, inverse: boolean, offset: number, stride: number): void {
  const { cos, sin, rev } = plan(n);
  for (let i = 0; i < n; i++) {
    const j = rev[i] as number;
    if (j > i) {
      const a = offset + i * stride;
      const b = offset + j * stride;
      const tr = re[a] as number;
      re[a] = re[b] as number;
      re[b] = tr;
      const ti = im[a] as number;
      im[a] = im[b] as number;
      im[b] = ti;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step] as number;
        const wi = sign * (sin[k * step] as number);
        const a = offset + (start + k) * stride;
        const b = offset + (start + k + half) * stride;
        const br = re[b] as number;
        const bi = im[b] as number;
        const tr = wr * br - wi * bi;
        const ti = wr * bi + wi * br;
        const ar = re[a] as number;
        const ai = im[a] as number;
        re[a] = ar + tr;
        im[a] = ai + ti;
        re[b] = ar - tr;
        im[b] = ai - ti;
      }
    }
  }
}

/**
 * Unscaled radix-2 FFT along the middle axis of an n × inner block at `base` (n a power of two): every line
 * c < inner is transformed at once, each butterfly updating two whole contiguous rows of length `inner`.
 * A deliberate hot-loop specialisation of {@link radix2} (same butterflies, same twiddles, bit-identical per line):
 * the row loop innermost makes the column transforms of so3's Gaunt kind and of meshes contiguous, while `radix2`
 * keeps single lines (1D transforms, Bluestein's convolutions) free of a length-1 inner loop.
 */
function radix2Blocks(re: Float64Array, im: Float64Array, base: number, n: number, inner: number, inverse: boolean): void {
  const { cos, sin, rev } = plan(n);
  for (let i = 0; i < n; i++) {
    const j = rev[i] as number;
    if (j <= i) continue;
    const a = base + i * inner;
    const b = base + j * inner;
    for (let c = 0; c < inner; c++) {
      const tr = re[a + c] as number;
      re[a + c] = re[b + c] as number;
      re[b + c] = tr;
      const ti = im[a + c] as number;
      im[a + c] = im[b + c] as number;
      im[b + c] = ti;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step] as number;
        const wi = sign * (sin[k * step] as number);
        const a = base + (start + k) * inner;
        const b = base + (start + k + half) * inner;
        for (let c = 0; c < inner; c++) {
          const br = re[b + c] as number;
          const bi = im[b + c] as number;
          const tr = wr * br - wi * bi;
          const ti = wr * bi + wi * br;
          const ar = re[a + c] as number;
          const ai = im[a + c] as number;
          re[a + c] = ar + tr;
          im[a + c] = ai + ti;
          re[b + c] = ar - tr;
          im[b + c] = ai - ti;
        }
      }
    }
  }
}

function transposeSquare(x: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const t = x[i * n + j] as number;
      x[i * n + j] = x[j * n + i] as number;
      x[j * n + i] = t;
    }
  }
}

function bluestein(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  const sign = inverse ? 1 : -1;
  // chirp w_j = e^{sign·πi j²/n}; j² taken mod 2n to keep the angle small and exact.
  const cr = new Float64Array(n);
  const ci = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const j2 = (j * j) % (2 * n);
    const ang = (sign * Math.PI * j2) / n;
    cr[j] = Math.cos(ang);
    ci[j] = Math.sin(ang);
  }
  const ar = new Float64Array(m);
  const ai = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    ar[j] = re[j]! * cr[j]! - im[j]! * ci[j]!;
    ai[j] = re[j]! * ci[j]! + im[j]! * cr[j]!;
  }
  const br = new Float64Array(m);
  const bi = new Float64Array(m);
  br[0] = cr[0]!;
  bi[0] = -ci[0]!;
  for (let j = 1; j < n; j++) {
    br[j] = br[m - j] = cr[j]!;
    bi[j] = bi[m - j] = -ci[j]!;
  }
  radix2(ar, ai, m, false, 0, 1);
  radix2(br, bi, m, false, 0, 1);
  for (let k = 0; k < m; k++) {
    const xr = ar[k]! * br[k]! - ai[k]! * bi[k]!;
    const xi = ar[k]! * bi[k]! + ai[k]! * br[k]!;
    ar[k] = xr;
    ai[k] = xi;
  }
  radix2(ar, ai, m, true, 0, 1);
  for (let k = 0; k < n; k++) {
    const xr = ar[k]! / m;
    const xi = ai[k]! / m;
    re[k] = xr * cr[k]! - xi * ci[k]!;
    im[k] = xr * ci[k]! + xi * cr[k]!;
  }
}

/**
 * DCT-I of length N + 1: y_k = x_0 + (−1)^k x_N + 2 Σ_{j=1}^{N−1} x_j cos(π jk / N) (= FFTW's REDFT00, = SciPy's
 * `dct(x, type=1)`), through a complex FFT of the even extension of length 2N (any N). Cost O(N log N).
 *
 * @example
 * ```ts
 * dct1(Float64Array.of(1, 0, 0)); // [1, 1, 1]
 * ```
 */
export function dct1(x: Float64Array): Float64Array {
  const n1 = x.length;
  if (n1 === 0) return new Float64Array(0);
  if (n1 === 1) return Float64Array.of(x[0]!);
  const N = n1 - 1;
  const re = new Float64Array(2 * N);
  const im = new Float64Array(2 * N);
  for (let j = 0; j <= N; j++) re[j] = x[j]!;
  for (let j = 1; j < N; j++) re[2 * N - j] = x[j]!;
  fft(re, im);
  return re.slice(0, n1);
}
