/**
 * Per-atom colours and radii from the element tables of `@equitensor/io` (ASE's Jmol colours,
 * covalent and van der Waals radii).
 */
import { chemicalSymbols, covalentRadii, jmolColors, vdwRadii } from '@equitensor/io';

/**
 * Van der Waals radius of element z (Å), 1.5 Å where the table has none.
 *
 * @example
 * ```ts
 * vdwRadius(6); // 1.7
 * ```
 */
export function vdwRadius(z: number): number {
  const r = vdwRadii[z];
  return r !== undefined && Number.isFinite(r) ? r : 1.5;
}

/**
 * Covalent radius of element z (Å), 0.75 Å outside the table.
 *
 * @example
 * ```ts
 * covalentRadius(8); // 0.66
 * ```
 */
export function covalentRadius(z: number): number {
  const r = covalentRadii[z];
  return r !== undefined && Number.isFinite(r) ? r : 0.75;
}

/**
 * Chemical symbol of element z, "X" outside the table.
 *
 * @example
 * ```ts
 * symbolOf(29); // 'Cu'
 * ```
 */
export function symbolOf(z: number): string {
  return chemicalSymbols[z] ?? 'X';
}

/**
 * Fill a flat RGB Float32Array (3 per atom) with the Jmol colours of `numbers`.
 *
 * @example
 * ```ts
 * elementColors(new Int32Array([8])); // Float32Array [1, 0.051, 0.051]
 * ```
 */
export function elementColors(numbers: ArrayLike<number>, out: Float32Array = new Float32Array(3 * numbers.length)): Float32Array {
  for (let i = 0; i < numbers.length; i++) {
    const z = numbers[i] as number;
    const base = z >= 0 && 3 * z + 2 < jmolColors.length ? 3 * z : 0;
    out[3 * i] = jmolColors[base] ?? 1;
    out[3 * i + 1] = jmolColors[base + 1] ?? 0;
    out[3 * i + 2] = jmolColors[base + 2] ?? 1;
  }
  return out;
}

/**
 * Per-atom radii (Å) from a table function, e.g. {@link vdwRadius} or {@link covalentRadius}.
 *
 * @example
 * ```ts
 * elementRadii(new Int32Array([1, 6]), vdwRadius); // Float32Array [1.2, 1.7]
 * ```
 */
export function elementRadii(numbers: ArrayLike<number>, radius: (z: number) => number): Float32Array {
  const out = new Float32Array(numbers.length);
  for (let i = 0; i < numbers.length; i++) out[i] = radius(numbers[i] as number);
  return out;
}
