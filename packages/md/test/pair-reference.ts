import type { AtomsState } from '../src/index.ts';

/**
 * A pair term by a brute-force lattice sum, independent of md's neighbour lists and pair loops: every pair i ≤ j and every
 * image n (|nₖ| ≤ `images` along each periodic cell vector), displacement d = xⱼ + n·cell − xᵢ. `pair(i, j, r)` returns
 * [φ(r), dφ/dr] or null outside the pair's cutoff. Energy Σ φ, forces −∇, per-atom halves, and the virial
 * W = Σ_pairs d ⊗ F_j (LAMMPS' f·r virial; row-major).
 */
export function latticePairSum(
  atoms: AtomsState,
  pair: (i: number, j: number, r: number) => readonly [number, number] | null,
  images = 2,
): { energy: number; forces: Float64Array; virial: Float64Array; perAtom: Float64Array } {
  const n = atoms.numbers.length;
  const x = atoms.positions;
  const cell = atoms.cell ?? new Float64Array(9);
  const range = (k: number) => (atoms.pbc[k] ? images : 0);
  const forces = new Float64Array(3 * n);
  const perAtom = new Float64Array(n);
  const virial = new Float64Array(9);
  let energy = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      for (let a = -range(0); a <= range(0); a++) {
        for (let b = -range(1); b <= range(1); b++) {
          for (let c = -range(2); c <= range(2); c++) {
            if (i === j && a === 0 && b === 0 && c === 0) continue;
            // a self-image pair (i = j) appears for n and −n: count each half
            const weight = i === j ? 0.5 : 1;
            const d = [0, 1, 2].map((k) => x[3 * j + k]! - x[3 * i + k]! + a * cell[k]! + b * cell[3 + k]! + c * cell[6 + k]!);
            const r = Math.hypot(d[0]!, d[1]!, d[2]!);
            const value = pair(i, j, r);
            if (value === null) continue;
            const [phi, dphi] = value;
            energy += weight * phi;
            perAtom[i] = perAtom[i]! + 0.5 * weight * phi;
            perAtom[j] = perAtom[j]! + 0.5 * weight * phi;
            for (let k = 0; k < 3; k++) {
              const fj = (-weight * dphi * d[k]!) / r;
              forces[3 * j + k] = forces[3 * j + k]! + fj;
              forces[3 * i + k] = forces[3 * i + k]! - fj;
              for (let l = 0; l < 3; l++) virial[3 * l + k] = virial[3 * l + k]! + d[l]! * fj;
            }
          }
        }
      }
    }
  }
  return { energy, forces, virial, perAtom };
}
