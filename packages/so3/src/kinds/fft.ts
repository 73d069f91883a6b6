/**
 * In-place iterative radix-2 complex FFT on separate real and imaginary Float64Arrays, and its 2D
 * (row-column) version. Hand-written; sizes must be powers of two.
 */

const twiddleCache = new Map<number, { cos: Float64Array; sin: Float64Array; rev: Uint32Array }>();

function plan(n: number): { cos: Float64Array; sin: Float64Array; rev: Uint32Array } {
  let p = twiddleCache.get(n);
  if (p) return p;
  if (n < 1 || (n & (n - 1)) !== 0) throw new Error(`fft: size must be a power of two, got ${n}`);
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
  twiddleCache.set(n, p);
  return p;
}

/**
 * FFT of n values at stride `stride` starting at `offset`: X_k = Σ x_j e^{∓2πijk/n} (− forward, + inverse, unscaled).
 *
 * @example
 * ```ts
 * const re = new Float64Array([1, 0, 0, 0]); const im = new Float64Array(4);
 * fft(re, im, 4, false); // all ones
 * ```
 */
export function fft(re: Float64Array, im: Float64Array, n: number, inverse: boolean, offset = 0, stride = 1): void {
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
 * FFT of every column of an n×n row-major complex array (along the row index), vectorised across
 * columns: each butterfly updates two whole rows, so every inner loop is contiguous.
 */
function fftColumns(re: Float64Array, im: Float64Array, n: number, inverse: boolean): void {
  const { cos, sin, rev } = plan(n);
  for (let i = 0; i < n; i++) {
    const j = rev[i] as number;
    if (j <= i) continue;
    const a = i * n;
    const b = j * n;
    for (let c = 0; c < n; c++) {
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
        const a = (start + k) * n;
        const b = (start + k + half) * n;
        for (let c = 0; c < n; c++) {
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

/**
 * 2D FFT of an n×n row-major complex array, unscaled: column transforms vectorised across columns,
 * a transpose, the same again, and a transpose back.
 *
 * @example
 * ```ts
 * fft2(re, im, 8, false);
 * ```
 */
export function fft2(re: Float64Array, im: Float64Array, n: number, inverse: boolean): void {
  fftColumns(re, im, n, inverse);
  transposeSquare(re, n);
  transposeSquare(im, n);
  fftColumns(re, im, n, inverse);
  transposeSquare(re, n);
  transposeSquare(im, n);
}
