/**
 * In-place complex FFT of any length: iterative radix-2 for powers of two, Bluestein's chirp-z algorithm (a
 * power-of-two convolution of length ≥ 2n − 1) otherwise. Forward sign convention X_k = Σ_j x_j e^{−2πi jk/n}
 * (NumPy's `fft.fft`); `inverse` uses e^{+2πi jk/n} and divides by n. Hand-written. Cost O(n log n) for every n.
 *
 * @example
 * ```ts
 * const re = Float64Array.of(1, 2, 3), im = new Float64Array(3);
 * fft(re, im); // re = [6, −1.5, −1.5]
 * ```
 */
export function fft(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (im.length !== n) throw new RangeError(`fft: real part has ${n} entries, imaginary part ${im.length}`);
  if (n <= 1) return;
  if ((n & (n - 1)) === 0) radix2(re, im, inverse);
  else bluestein(re, im, inverse);
  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i]! /= n;
      im[i]! /= n;
    }
  }
}

function radix2(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!;
      re[i] = re[j]!;
      re[j] = t;
      t = im[i]!;
      im[i] = im[j]!;
      im[j] = t;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const ang = (sign * 2 * Math.PI) / len;
    // Twiddles computed directly (not by repeated multiplication) to keep rounding at O(ε log n).
    const wr = new Float64Array(half);
    const wi = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      wr[k] = Math.cos(ang * k);
      wi[k] = Math.sin(ang * k);
    }
    for (let s = 0; s < n; s += len) {
      for (let k = 0; k < half; k++) {
        const a = s + k;
        const b = a + half;
        const xr = re[b]! * wr[k]! - im[b]! * wi[k]!;
        const xi = re[b]! * wi[k]! + im[b]! * wr[k]!;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a]! += xr;
        im[a]! += xi;
      }
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
  radix2(ar, ai, false);
  radix2(br, bi, false);
  for (let k = 0; k < m; k++) {
    const xr = ar[k]! * br[k]! - ai[k]! * bi[k]!;
    const xi = ar[k]! * bi[k]! + ai[k]! * br[k]!;
    ar[k] = xr;
    ai[k] = xi;
  }
  radix2(ar, ai, true);
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
