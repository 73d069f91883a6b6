/**
 * The one seeded generator of the repository (md's thermostats and initial velocities, the decompositions'
 * random initialisations, mlip's fold split, so3's equivariance checks and the test helpers all draw from it).
 *
 * The core is xoshiro128** (Blackman & Vigna) on 32-bit integer arithmetic (`Math.imul`, `>>>`), so the stream
 * never depends on the platform's floating point or on `Math.random`; doubles use 53 random bits, normals come
 * from Box–Muller with the second value kept for the next call. The whole state (four words and the spare
 * normal) can be saved with {@link Random.getState} and restored with {@link Random.setState}, so a stochastic
 * integrator restarts bit-exactly from a checkpoint.
 *
 * {@link Random.mulberry32} gives the same interface over the older 32-bit mulberry32 stream (32-bit uniforms),
 * kept because published figures were drawn from it (mlip's fold split, the CP-ALS initialisation, the tensor
 * benchmarks' inputs): changing it would change those results.
 *
 * @example
 * ```ts
 * const rng = new Random(42);
 * const x = rng.normal();
 * const saved = rng.getState();
 * new Random(0).setState(saved).normal(); // continues the stream of rng exactly
 * ```
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** Box–Muller's second value and whether it is pending (1) or not (0). */
  protected spare = 0;
  protected hasSpare = 0;

  /** A generator seeded from a 32-bit integer (spread over the four state words by splitmix32). */
  constructor(seed = 0) {
    this.seedWords(splitmix32(seed));
  }

  /**
   * A generator with the four xoshiro128** state words set directly (for checking against the reference
   * implementation's published outputs, or for a seeding scheme of one's own).
   *
   * @example
   * ```ts
   * Random.fromState(1, 2, 3, 4).nextUint32(); // 11520
   * ```
   */
  static fromState<T extends Random>(this: new (seed: number) => T, s0: number, s1: number, s2: number, s3: number): T {
    const rng = new this(0);
    rng.seedWords([s0, s1, s2, s3]);
    return rng;
  }

  /**
   * A generator over the 32-bit mulberry32 stream (uniforms are a 32-bit integer / 2³²), with the same methods and a
   * 3-number state. Use it only where a result must reproduce one drawn from that stream; new code uses `new Random`.
   *
   * @example
   * ```ts
   * Random.mulberry32(1).uniform(); // 0.6270739405881613
   * ```
   */
  static mulberry32(seed: number): Random {
    return new Mulberry32(seed);
  }

  /** Sets the four xoshiro128** words (not all zero) and clears the pending normal. */
  protected seedWords(words: readonly number[]): void {
    const [s0, s1, s2, s3] = words as [number, number, number, number];
    this.s0 = s0 >>> 0;
    this.s1 = s1 >>> 0;
    this.s2 = s2 >>> 0;
    this.s3 = s3 >>> 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spare = 0;
    this.hasSpare = 0;
  }

  /** A uniform unsigned 32-bit integer. */
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

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** An integer in [0, n) (n a positive integer). */
  int(n: number): number {
    if (!(n > 0) || !Number.isInteger(n)) throw new RangeError(`Random.int: n must be a positive integer, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal deviate (Box–Muller, both values used). */
  normal(): number {
    if (this.hasSpare === 1) {
      this.hasSpare = 0;
      return this.spare;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = 1;
    return r * Math.cos(2 * Math.PI * v);
  }

  /** n uniform values in [lo, hi). */
  uniformArray(n: number, lo = 0, hi = 1): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniformIn(lo, hi);
    return out;
  }

  /** n standard normal values. */
  normalArray(n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }

  /** Gamma(shape, 1) deviate (Marsaglia–Tsang; shape > 0). */
  gamma(shape: number): number {
    if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
    if (shape < 1) return this.gamma(shape + 1) * this.uniform() ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x = 0;
      let v = 0;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Sum of n squared standard normals (χ² with n degrees of freedom). */
  chiSquared(n: number): number {
    if (n <= 0) return 0;
    return 2 * this.gamma(n / 2);
  }

  /** A uniformly random proper rotation matrix (row-major 3×3) from a random unit quaternion ({@link rotationFromNormals}). */
  rotation(): Float64Array {
    return rotationFromNormals(() => this.normal());
  }

  /** The full state (6 numbers: four words, the spare normal, whether it is pending), for checkpoints. */
  getState(): number[] {
    return [this.s0, this.s1, this.s2, this.s3, this.spare, this.hasSpare];
  }

  /** Restores a state from {@link getState}. */
  setState(state: readonly number[]): this {
    if (state.length !== 6) throw new RangeError(`a Random state has 6 numbers, got ${state.length}`);
    [this.s0, this.s1, this.s2, this.s3, this.spare, this.hasSpare] = state as [number, number, number, number, number, number];
    return this;
  }
}

/**
 * A uniformly distributed proper rotation matrix (row-major 3×3): four standard normals from `normal` make a quaternion
 * (drawn again while its norm is below `minNorm`), normalised and turned into a rotation.
 *
 * @example
 * ```ts
 * const rng = new Random(1);
 * const R = rotationFromNormals(() => rng.normal()); // RᵀR = I, det R = 1
 * ```
 */
export function rotationFromNormals(normal: () => number, minNorm = 1e-12): Float64Array {
  let q0 = 0;
  let q1 = 0;
  let q2 = 0;
  let q3 = 0;
  let n = 0;
  while (n < minNorm) {
    q0 = normal();
    q1 = normal();
    q2 = normal();
    q3 = normal();
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

/** mulberry32 (32-bit state, 32-bit uniforms) behind {@link Random}'s interface; see {@link Random.mulberry32}. */
class Mulberry32 extends Random {
  private a: number;

  constructor(seed: number) {
    super(0);
    this.a = seed >>> 0;
  }

  override nextUint32(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  override uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  override getState(): number[] {
    return [this.a, this.spare, this.hasSpare];
  }

  override setState(state: readonly number[]): this {
    if (state.length !== 3) throw new RangeError(`a mulberry32 Random state has 3 numbers, got ${state.length}`);
    [this.a, this.spare, this.hasSpare] = state as [number, number, number];
    return this;
  }
}

/** Four 32-bit words from a seed by splitmix32. */
function splitmix32(seed: number): number[] {
  let z = seed >>> 0;
  const words: number[] = [];
  for (let k = 0; k < 4; k++) {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z ^ (z >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    words.push((t ^ (t >>> 15)) >>> 0);
  }
  return words;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
