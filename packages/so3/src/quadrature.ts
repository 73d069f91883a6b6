/**
 * Quadrature on [−1, 1] and on the sphere: Gauss-Legendre nodes (Newton on the Legendre recurrence)
 * and the Gauss-Legendre × uniform sphere grid used by the grid tensor product.
 */

/**
 * n-point Gauss-Legendre nodes and weights on [−1, 1], exact for polynomials of degree ≤ 2n − 1.
 *
 * @example
 * ```ts
 * const { nodes, weights } = gaussLegendre(3); // nodes 0, ±√(3/5); weights 8/9, 5/9
 * ```
 */
export function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gaussLegendre: n must be a positive integer, got ${n}`);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      const [p1, p0] = legendrePair(n, x);
      const p = n === 1 ? x : p1;
      const pm1 = n === 1 ? 1 : p0;
      dp = (n * (x * p - pm1)) / (x * x - 1);
      const dx = p / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    // recompute derivative at the converged node
    const [p1, p0] = legendrePair(n, x);
    dp = n === 1 ? 1 : (n * (x * p1 - p0)) / (x * x - 1);
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  return { nodes, weights };
}

/** A product grid on the sphere: polar angles β (about e3nn's y axis) × azimuths α. */
export interface SphereGrid {
  readonly resBeta: number;
  readonly resAlpha: number;
  /** cos β_i (Gauss-Legendre nodes). */
  readonly cosBeta: Float64Array;
  /** Quadrature weight of each ring, Gauss-Legendre weight · 2π/resAlpha. */
  readonly ringWeight: Float64Array;
  /** Unit vectors, (resBeta·resAlpha) × 3, ring-major: (sin β sin α, cos β, sin β cos α). */
  readonly vectors: Float64Array;
}

/**
 * The Gauss-Legendre × uniform grid: exact for band-limited integrands of degree < min(2·resBeta, resAlpha).
 *
 * @example
 * ```ts
 * const grid = sphereGrid(5, 10); // integrates degree ≤ 9 exactly
 * ```
 */
export function sphereGrid(resBeta: number, resAlpha: number): SphereGrid {
  const { nodes, weights } = gaussLegendre(resBeta);
  const ringWeight = weights.map((w) => (w * 2 * Math.PI) / resAlpha);
  const vectors = new Float64Array(resBeta * resAlpha * 3);
  for (let i = 0; i < resBeta; i++) {
    const c = nodes[i] as number;
    const s = Math.sqrt(Math.max(0, 1 - c * c));
    for (let j = 0; j < resAlpha; j++) {
      const a = (2 * Math.PI * j) / resAlpha;
      const o = (i * resAlpha + j) * 3;
      vectors[o] = s * Math.sin(a);
      vectors[o + 1] = c;
      vectors[o + 2] = s * Math.cos(a);
    }
  }
  return { resBeta, resAlpha, cosBeta: nodes, ringWeight, vectors };
}

/** P_n(x) and P_{n−1}(x) by Bonnet's recurrence from P_0 = 1, P_1 = x (for n = 1: x and 1). */
function legendrePair(n: number, x: number): [number, number] {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return [p1, p0];
}
