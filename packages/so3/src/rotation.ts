/**
 * 3×3 rotations in e3nn's conventions: Euler angles (α, β, γ) mean R = Y(α)·X(β)·Y(γ) (rotation about
 * y by γ first, then about x by β, then about y by α). Matrices are row-major Float64Array(9).
 */

/** Rotation by `angle` about x. @example matrixX(Math.PI / 2) */
export function matrixX(angle: number): Float64Array {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return new Float64Array([1, 0, 0, 0, c, -s, 0, s, c]);
}

/** Rotation by `angle` about y. @example matrixY(Math.PI / 2) */
export function matrixY(angle: number): Float64Array {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return new Float64Array([c, 0, s, 0, 1, 0, -s, 0, c]);
}

/** Rotation by `angle` about z. @example matrixZ(Math.PI / 2) */
export function matrixZ(angle: number): Float64Array {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return new Float64Array([c, -s, 0, s, c, 0, 0, 0, 1]);
}

/** Product of two row-major n×n matrices. @example matMul(a, b, 3) */
export function matMul(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k] as number;
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j] = (out[i * n + j] as number) + aik * (b[k * n + j] as number);
    }
  }
  return out;
}

/** Transpose of a row-major n×n matrix. @example transpose(m, 3) */
export function transpose(a: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = a[i * n + j] as number;
  return out;
}

/** Determinant of a row-major 3×3 matrix. @example det3(matrixY(1)) // 1 */
export function det3(m: ArrayLike<number>): number {
  const a = (i: number): number => m[i] as number;
  return a(0) * (a(4) * a(8) - a(5) * a(7)) - a(1) * (a(3) * a(8) - a(5) * a(6)) + a(2) * (a(3) * a(7) - a(4) * a(6));
}

/**
 * e3nn's `angles_to_matrix`: Y(α)·X(β)·Y(γ).
 *
 * @example
 * ```ts
 * anglesToMatrix(0.3, -1.1, 2.0); // Float64Array(9), det 1
 * ```
 */
export function anglesToMatrix(alpha: number, beta: number, gamma: number): Float64Array {
  return matMul(matMul(matrixY(alpha), matrixX(beta), 3), matrixY(gamma), 3);
}

/**
 * Euler angles (α, β) of the direction of a vector: the unit y axis rotated by Y(α)X(β) (e3nn's `xyz_to_angles`).
 *
 * @example
 * ```ts
 * xyzToAngles(0, 1, 0); // [0, 0]
 * ```
 */
export function xyzToAngles(x: number, y: number, z: number): [number, number] {
  const beta = Math.atan2(Math.hypot(x, z), y);
  const alpha = Math.atan2(x, z);
  return [alpha, beta];
}

/**
 * Euler angles (α, β, γ) of a proper rotation matrix, inverse of {@link anglesToMatrix} (e3nn's
 * `matrix_to_angles`, with β from atan2 for accuracy near the poles).
 *
 * @example
 * ```ts
 * matrixToAngles(anglesToMatrix(0.3, 1.1, 2.0)); // ≈ [0.3, 1.1, 2.0]
 * ```
 */
export function matrixToAngles(r: ArrayLike<number>): [number, number, number] {
  const d = det3(r);
  if (Math.abs(d - 1) > 1e-6) throw new RangeError(`matrixToAngles: expected a proper rotation (det 1), got det ${d}`);
  const [alpha, beta] = xyzToAngles(r[1] as number, r[4] as number, r[7] as number);
  const m = matMul(transpose(anglesToMatrix(alpha, beta, 0), 3), r, 3);
  const gamma = Math.atan2(m[2] as number, m[0] as number);
  return [alpha, beta, gamma];
}
