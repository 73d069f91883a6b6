/**
 * e3nn's `normalize2mom`: an activation φ is multiplied by c = ⟨φ(z)²⟩^(−1/2), the mean taken over the 10⁶
 * samples of `torch.randn(1_000_000, dtype=float64, generator=torch.Generator().manual_seed(0))` (a Monte-Carlo
 * estimate, so the constant is that sample's, ≈ 1.6791767923989 for SiLU, not the exact integral). To reproduce e3nn's numbers to the last digits we regenerate PyTorch's CPU stream: MT19937 seeded with
 * 0, 53-bit uniforms from two 32-bit draws (high word first), and Box-Muller in blocks of 16 (u1 = 1 − d[j],
 * u2 = d[j + 8]), as ATen's `normal_fill` does for float64 tensors of ≥ 16 elements.
 */

/**
 * MT19937 (Matsumoto-Nishimura) with the standard `init_genrand` seeding, as PyTorch's CPU generator.
 *
 * @example
 * ```ts
 * const next = mt19937(5489);
 * for (let i = 0; i < 9999; i++) next();
 * next(); // 4123659995 (the C++ standard's check value)
 * ```
 */
export function mt19937(seed: number): () => number {
  const s = new Uint32Array(624);
  s[0] = seed >>> 0;
  for (let j = 1; j < 624; j++) {
    const prev = s[j - 1] as number;
    s[j] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + j) >>> 0;
  }
  let index = 624;
  return () => {
    if (index >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = ((s[k] as number) & 0x80000000) | ((s[(k + 1) % 624] as number) & 0x7fffffff);
        s[k] = (s[(k + 397) % 624] as number) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      index = 0;
    }
    let y = s[index++] as number;
    y ^= y >>> 11;
    y = (y ^ ((y << 7) & 0x9d2c5680)) >>> 0;
    y = (y ^ ((y << 15) & 0xefc60000)) >>> 0;
    y ^= y >>> 18;
    return y >>> 0;
  };
}

/**
 * `torch.randn(n, dtype=torch.float64, generator=torch.Generator().manual_seed(seed))` on the CPU, for n a
 * multiple of 16 (ATen's vectorised `normal_fill` path).
 *
 * @example
 * ```ts
 * torchRandnFloat64(16, 0)[0]; // PyTorch's first float64 normal sample for seed 0
 * ```
 */
export function torchRandnFloat64(n: number, seed: number): Float64Array {
  if (!Number.isInteger(n) || n < 16 || n % 16 !== 0)
    throw new RangeError(`torchRandnFloat64: n must be a positive multiple of 16, got ${n}`);
  const next = mt19937(seed);
  const d = new Float64Array(n);
  const twoM53 = 2 ** -53;
  for (let i = 0; i < n; i++) {
    const hi = next();
    const lo = next();
    // (hi << 32 | lo) & (2^53 − 1), times 2^−53
    d[i] = ((hi & 0x1fffff) * 4294967296 + lo) * twoM53;
  }
  for (let i = 0; i < n; i += 16) {
    for (let j = 0; j < 8; j++) {
      const u1 = 1 - (d[i + j] as number);
      const u2 = d[i + j + 8] as number;
      const radius = Math.sqrt(-2 * Math.log(u1));
      const theta = 2 * Math.PI * u2;
      d[i + j] = radius * Math.cos(theta);
      d[i + j + 8] = radius * Math.sin(theta);
    }
  }
  return d;
}

/**
 * e3nn's `normalize2mom(f).cst`: ⟨f(z)²⟩^(−1/2) over PyTorch's 10⁶ seeded normal samples (Neumaier-summed,
 * so the mean is exact to ~1e-16 whatever PyTorch's summation order).
 *
 * @example
 * ```ts
 * secondMomentConstant((z) => z / (1 + Math.exp(-z))); // ≈ 1.6791767923989
 * ```
 */
export function secondMomentConstant(f: (z: number) => number): number {
  const z = torchRandnFloat64(1_000_000, 0);
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < z.length; i++) {
    const v = f(z[i] as number);
    const x = v * v;
    const t = sum + x;
    comp += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return ((sum + comp) / z.length) ** -0.5;
}

let siluConstant: number | undefined;

/**
 * The normalised SiLU of e3nn's `FullyConnectedNet` and `Activation`: c·x·σ(x), c = {@link secondMomentConstant}
 * of SiLU (computed once per process, ~50 ms).
 *
 * @example
 * ```ts
 * const c = normalizedSiluConstant(); // 1.6791767923989…
 * ```
 */
export function normalizedSiluConstant(): number {
  siluConstant ??= secondMomentConstant((z) => z / (1 + Math.exp(-z)));
  return siluConstant;
}
