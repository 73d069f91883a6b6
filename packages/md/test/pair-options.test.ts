/**
 * Lennard-Jones and Morse beyond the default parameters of the LAMMPS comparisons: σ, ε and the default cutoff by
 * the LJ scaling law on the LAMMPS reference, the cutoff convention, shifted Morse, per-atom energies only on request
 * and the parameter checks (survivors of the mutation run, issue 21).
 */
import { assertClose, assertScalarClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { createSystem, LennardJones, Morse } from '../src/index.ts';
import { readReference } from './helpers.ts';

describe('Lennard-Jones parameters', () => {
  it('σ = 1.7, ε = 0.4 with the default cutoff 2.5σ is LAMMPS’ lj/cut 2.5 scaled: E·ε, F·ε/σ (scaling law)', () => {
    // φ(r; σ, ε) = ε φ(r/σ; 1, 1): in a configuration scaled by σ, energies scale by ε, forces by ε/σ, W by ε
    const frame = readReference('lammps/ref_lj_fcc256_rattled.xyz');
    const [sigma, epsilon] = [1.7, 0.4];
    const system = createSystem({
      numbers: frame.numbers,
      positions: frame.positions.map((v) => v * sigma),
      cell: frame.cell!.map((v) => v * sigma),
      pbc: true,
      masses: new Float64Array(frame.numbers.length).fill(1),
    });
    const lj = new LennardJones({ sigma, epsilon });
    expect(lj.cutoff).toBeCloseTo(2.5 * sigma, 14);
    const result = lj.compute(system, { perAtomEnergies: true });
    // 1e-9 relative: the LAMMPS reference's precision, as in potentials.test.ts
    assertScalarClose(result.energy, epsilon * (frame.info.energy as number), { rtol: 1e-9 }, 'energy');
    const forces = (frame.arrays.forces!.data as Float64Array).map((f) => (f * epsilon) / sigma);
    assertClose(result.forces, forces, { rtol: 1e-9, atol: (1e-8 * epsilon) / sigma }, 'forces');
    const energies = (frame.arrays.energies!.data as Float64Array).map((e) => e * epsilon);
    assertClose(result.perAtomEnergies!, energies, { rtol: 1e-9 }, 'per-atom energies');
    expect(lj.compute(system).perAtomEnergies).toBeUndefined();
  });

  it('shifted: each pair inside the cutoff loses 4ε((σ/r_c)¹² − (σ/r_c)⁶) (a dimer, closed form)', () => {
    const [sigma, epsilon, cutoff, r] = [1.2, 0.7, 3, 1.5];
    const dimer = createSystem({ numbers: [18, 18], positions: [0, 0, 0, r, 0, 0] });
    const phi = (x: number) => 4 * epsilon * ((sigma / x) ** 12 - (sigma / x) ** 6);
    const shifted = new LennardJones({ sigma, epsilon, cutoff, shift: true });
    assertScalarClose(shifted.compute(dimer).energy, phi(r) - phi(cutoff), { rtol: 1e-14 }, 'shifted dimer');
    assertScalarClose(new LennardJones({ sigma, epsilon, cutoff }).compute(dimer).energy, phi(r), { rtol: 1e-14 }, 'plain dimer');
  });

  it('a pair at exactly r_c is left out, as LAMMPS’ rsq < cutsq, in the cell and across the periodic boundary', () => {
    // 2.5 and 6.25 are exact in binary, so r² = r_c² exactly
    const open = createSystem({ numbers: [18, 18], positions: [0, 0, 0, 2.5, 0, 0] });
    expect(new LennardJones({ cutoff: 2.5 }).compute(open).energy).toBe(0);
    // box 4: the direct pair is at 1.5, its periodic image at exactly 2.5 (0.5 + 4 − 2), the others beyond 2.5
    const periodic = createSystem({ numbers: [18, 18], positions: [0.5, 0, 0, 2, 0, 0], cell: [4, 0, 0, 0, 4, 0, 0, 0, 4], pbc: true });
    assertScalarClose(new LennardJones({ cutoff: 2.5 }).compute(periodic).energy, 4 * (1.5 ** -12 - 1.5 ** -6), { rtol: 1e-14 }, 'E');
  });

  it('refuses σ ≤ 0, a non-finite ε and a cutoff ≤ 0', () => {
    for (const options of [
      { sigma: 0, cutoff: 2.5 }, // σ ≤ 0 with an explicit cutoff: the default 2.5σ alone would fail the cutoff check
      { sigma: -1, cutoff: 2.5 },
      { epsilon: Number.NaN },
      { epsilon: Number.POSITIVE_INFINITY },
      { cutoff: 0 },
      { cutoff: -2 },
    ]) {
      expect(() => new LennardJones(options), JSON.stringify(options)).toThrow(/^Lennard-Jones needs σ > 0, finite ε and cutoff > 0/);
    }
  });
});

describe('Morse options', () => {
  const parameters = { D: 0.3429, alpha: 1.3588, r0: 2.866, cutoff: 6 };
  const dimer = (r: number) => createSystem({ numbers: [29, 29], positions: [0, 0, 0, r, 0, 0] });
  const phi = (r: number) => {
    const e = Math.exp(-parameters.alpha * (r - parameters.r0));
    return parameters.D * (e * e - 2 * e);
  };

  it('shift: true subtracts φ(r_c) (closed form) and leaves the force; per-atom energies only on request', () => {
    const shifted = new Morse({ ...parameters, shift: true });
    expect(shifted.shift).toBe(true);
    expect(new Morse(parameters).shift).toBe(false);
    const result = shifted.compute(dimer(3.4), { perAtomEnergies: true });
    assertScalarClose(result.energy, phi(3.4) - phi(6), { rtol: 1e-13 }, 'shifted E(3.4)');
    assertClose(result.perAtomEnergies!, [result.energy / 2, result.energy / 2], { rtol: 1e-15 }, 'per-atom halves');
    const plain = new Morse(parameters).compute(dimer(3.4));
    assertScalarClose(result.forces[3]!, plain.forces[3]!, { rtol: 1e-15 }, 'force');
    expect(plain.perAtomEnergies).toBeUndefined();
  });

  it('refuses non-finite D, α, r₀ and a cutoff ≤ 0', () => {
    for (const bad of [{ D: Number.NaN }, { alpha: Number.POSITIVE_INFINITY }, { r0: Number.NaN }, { cutoff: 0 }, { cutoff: -1 }]) {
      expect(() => new Morse({ ...parameters, ...bad }), JSON.stringify(bad)).toThrow(/^Morse needs finite D, alpha, r0 and cutoff > 0/);
    }
  });
});
