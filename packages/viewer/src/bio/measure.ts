/**
 * Geometric measurements between atoms: the distance of two, the angle at the middle of three, and the dihedral
 * (torsion) angle of four (IUPAC sign convention: positive clockwise looking from atom 2 to atom 3, in (−180°, 180°]).
 */

/** A measurement: its kind by the number of atoms, and its value (Å or degrees). */
export interface Measurement {
  readonly kind: 'distance' | 'angle' | 'dihedral';
  /** Atom indices, 2 to 4. */
  readonly atoms: readonly number[];
  readonly value: number;
  readonly unit: 'Å' | '°';
  /**
   * Per atom, the structure it belongs to in a viewer showing several (null for the main one, else the id of an added
   * one); absent when all are in the main one.
   */
  readonly structures?: readonly (number | null)[];
}

type V3 = [number, number, number];
const at = (p: ArrayLike<number>, i: number): V3 => [p[3 * i]!, p[3 * i + 1]!, p[3 * i + 2]!];
const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: V3, b: V3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: V3): number => Math.hypot(a[0], a[1], a[2]);

/**
 * Measure 2 (distance), 3 (angle at the second) or 4 atoms (dihedral about the bond 2–3) of flat positions.
 * Throws a RangeError for another number of atoms or an index out of range.
 *
 * @example
 * ```ts
 * measure(positions, [0, 1]); // { kind: 'distance', value: 1.53, unit: 'Å', atoms: [0, 1] }
 * measure(positions, [4, 5, 6, 7]).value; // e.g. −57.8 (an α-helix's φ)
 * ```
 */
export function measure(positions: ArrayLike<number>, atoms: readonly number[]): Measurement {
  const n = positions.length / 3;
  for (const i of atoms)
    if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new RangeError(`measure: atom ${i} is not one of the ${n} atoms`);
  const p = atoms.map((i) => at(positions, i));
  if (atoms.length === 2) return { kind: 'distance', atoms, value: norm(sub(p[1]!, p[0]!)), unit: 'Å' };
  if (atoms.length === 3) {
    const u = sub(p[0]!, p[1]!);
    const v = sub(p[2]!, p[1]!);
    // atan2(|u × v|, u·v): accurate at every angle (acos loses digits near 0° and 180°)
    return { kind: 'angle', atoms, value: (Math.atan2(norm(cross(u, v)), dot(u, v)) * 180) / Math.PI, unit: '°' };
  }
  if (atoms.length === 4) {
    const b1 = sub(p[1]!, p[0]!);
    const b2 = sub(p[2]!, p[1]!);
    const b3 = sub(p[3]!, p[2]!);
    const n1 = cross(b1, b2);
    const n2 = cross(b2, b3);
    // atan2(b̂₂ · (n₁ × n₂), n₁ · n₂)
    const x = dot(n1, n2) * norm(b2);
    const y = dot(cross(n1, n2), b2);
    return { kind: 'dihedral', atoms, value: (Math.atan2(y, x) * 180) / Math.PI, unit: '°' };
  }
  throw new RangeError(`measure: 2, 3 or 4 atoms (distance, angle, dihedral), got ${atoms.length}`);
}

/**
 * A measurement as a label: `3.82 Å`, `109.5°`.
 *
 * @example
 * ```ts
 * formatMeasurement(measure(positions, [0, 1, 2])); // '104.5°'
 * ```
 */
export function formatMeasurement(m: Measurement): string {
  return m.kind === 'distance' ? `${m.value.toFixed(2)} Å` : `${m.value.toFixed(1)}°`;
}
