/**
 * The Madelung constant of an ionic crystal from its Coulomb energy: E = −(N/2)·M·k_e·q²/r_nn for N ions of
 * charges ±q with nearest cation–anion distance r_nn (NaCl 1.747565, CsCl 1.762675, zinc blende 1.638055).
 */
import { COULOMB_CONSTANT } from '@equitensor/io';

/** A Madelung constant and what it is relative to. */
export interface Madelung {
  readonly value: number;
  /** Nearest distance between opposite charges (over periodic images), Å. */
  readonly nearest: number;
  /** |q| of every ion, e. */
  readonly charge: number;
}

/**
 * The Madelung constant of a neutral periodic cell whose ions all carry ±q, from its Coulomb energy (eV); null
 * when the charges differ in magnitude, do not sum to zero, or the cell holds over 3000 ions (r_nn is found
 * over all pairs and the 27 nearest images).
 *
 * @example
 * ```ts
 * madelungConstant(positions, charges, cell, ewaldCoulomb(positions, charges, cell).energy)?.value; // 1.747565 for NaCl
 * ```
 */
export function madelungConstant(positions: Float64Array, charges: Float64Array, cell: Float64Array, energy: number): Madelung | null {
  const n = charges.length;
  if (n < 2 || n > 3000) return null;
  const q = Math.abs(charges[0]!);
  let net = 0;
  for (const c of charges) {
    if (Math.abs(Math.abs(c) - q) > 1e-9 * q || q === 0) return null;
    net += c;
  }
  if (Math.abs(net) > 1e-9 * q * n) return null;
  let nearest2 = Infinity;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (charges[i]! * charges[j]! >= 0) continue;
      for (let a = -1; a <= 1; a++)
        for (let b = -1; b <= 1; b++)
          for (let c = -1; c <= 1; c++) {
            let r2 = 0;
            for (let d = 0; d < 3; d++) {
              const x = positions[3 * j + d]! - positions[3 * i + d]! + a * cell[d]! + b * cell[3 + d]! + c * cell[6 + d]!;
              r2 += x * x;
            }
            nearest2 = Math.min(nearest2, r2);
          }
    }
  const nearest = Math.sqrt(nearest2);
  return { value: (-2 * energy * nearest) / (n * COULOMB_CONSTANT * q * q), nearest, charge: q };
}
