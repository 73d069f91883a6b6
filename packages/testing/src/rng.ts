/**
 * A seeded pseudo-random generator that gives the same stream on every machine and Node version.
 *
 * The core is splitmix64-seeded xoshiro128** on 32-bit integer arithmetic (`Math.imul`, `>>>`), so
 * it never depends on the platform's floating point or on `Math.random`. Doubles use 53 random bits.
 *
 * @example
 * ```ts
 * import { SeededRng } from '@equitensor/testing';
 * const rng = new SeededRng(42);
 * rng.uniform();          // in [0, 1)
 * rng.normal();           // standard normal (Box-Muller)
 * rng.normalArray(6);     // Float64Array of 6 normals
 * ```
 */
export class SeededRng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new Error(`SeededRng: seed must be an integer, got ${seed}`);
    // splitmix32 to spread the seed over the four state words.
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /**
   * A generator with the four xoshiro128** state words set directly (for checking against the
   * reference implementation's published outputs).
   *
   * @example
   * ```ts
   * SeededRng.fromState(1, 2, 3, 4).nextUint32(); // 11520
   * ```
   */
  static fromState(s0: number, s1: number, s2: number, s3: number): SeededRng {
    const rng = new SeededRng(0);
    rng.s0 = s0 >>> 0;
    rng.s1 = s1 >>> 0;
    rng.s2 = s2 >>> 0;
    rng.s3 = s3 >>> 0;
    return rng;
  }

  /** Next unsigned 32-bit integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    if (!(n > 0) || !Number.isInteger(n)) throw new Error(`SeededRng.int: n must be a positive integer, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal deviate (Box-Muller, the spare value is cached). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** Float64Array of n uniform values in [lo, hi). */
  uniformArray(n: number, lo = 0, hi = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniformIn(lo, hi);
    return out;
  }

  /** Float64Array of n standard normal values. */
  normalArray(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }

  /** A uniformly random proper rotation matrix (row-major 3×3) from a random unit quaternion. */
  rotation(): Float64Array {
    let q0 = 0;
    let q1 = 0;
    let q2 = 0;
    let q3 = 0;
    let n = 0;
    while (n < 1e-12) {
      q0 = this.normal();
      q1 = this.normal();
      q2 = this.normal();
      q3 = this.normal();
      n = Math.hypot(q0, q1, q2, q3);
    }
    const w = q0 / n;
    const x = q1 / n;
    const y = q2 / n;
    const z = q3 / n;
    return new Float64Array([
      1 - 2 * (y * y + z * z),
      2 * (x * y - z * w),
      2 * (x * z + y * w),
      2 * (x * y + z * w),
      1 - 2 * (x * x + z * z),
      2 * (y * z - x * w),
      2 * (x * z - y * w),
      2 * (y * z + x * w),
      1 - 2 * (x * x + y * y),
    ]);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
