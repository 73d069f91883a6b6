/**
 * Exact rational arithmetic on BigInt, just enough for Clebsch-Gordan and Wigner-d coefficients:
 * factorials, reduced fractions, and the correctly rounded double of ±√(p/q).
 */

const factorials: bigint[] = [1n];

/** n! as a BigInt (cached). */
export function factorial(n: number): bigint {
  if (n < 0 || !Number.isInteger(n)) throw new RangeError(`factorial: n must be a non-negative integer, got ${n}`);
  for (let i = factorials.length; i <= n; i++) factorials.push((factorials[i - 1] as bigint) * BigInt(i));
  return factorials[n] as bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** A reduced fraction num/den with den > 0. */
export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

/** a/b + c/d, reduced. */
export function addFractions(a: Fraction, b: Fraction): Fraction {
  const num = a.num * b.den + b.num * a.den;
  const den = a.den * b.den;
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** The double nearest to p/q for BigInts p ≥ 0, q > 0 (error ≤ 1 ulp). */
export function ratioToNumber(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  const shift = 80 - (bitLength(p) - bitLength(q));
  const scaled = shift >= 0 ? (p << BigInt(shift)) / q : p / (q << BigInt(-shift));
  return Number(scaled) * 2 ** -shift;
}

/** sign · √(p/q) as a double, for BigInts p ≥ 0, q > 0. */
export function signedSqrtRatio(sign: number, p: bigint, q: bigint): number {
  return sign * Math.sqrt(ratioToNumber(p, q));
}
