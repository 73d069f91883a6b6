import { NACL_LATTICE, rockSalt, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { createSystem, partialRadialDistribution } from '../src/index.ts';

/** m³ conventional rock-salt cells of @equitensor/testing's fixture (a = 5.64 Å) as an md system: Na (11) for +1 e, Cl (17) for −1 e. */
function rockSaltSystem(m: number) {
  const { positions, charges, cell } = rockSalt(m);
  return createSystem({
    numbers: Int32Array.from(charges, (q) => (q > 0 ? 11 : 17)),
    positions,
    cell,
    masses: new Float64Array(charges.length).fill(1),
  });
}

const PAIRS = [
  [11, 17],
  [17, 11],
  [11, 11],
  [17, 17],
] as const;

describe('partialRadialDistribution', () => {
  // rock salt: shells at a/2·√k; odd k unlike ions (6, 8, 24 for k = 1, 3, 5), even k like ions (12, 6, 24 for k = 2, 4, 6)
  const a = NACL_LATTICE;
  const { r, partials } = partialRadialDistribution(rockSaltSystem(3), { rMax: 7.2, bins: 72, pairs: PAIRS });
  const [naCl, , naNa, clCl] = partials;
  const after = (c: Float64Array, k: number) => c[Math.floor(((a / 2) * Math.sqrt(k)) / 0.1) + 1]!;

  // 3 cells (16.9 Å box): rMax within half the box, minimum images directly; 2 cells (11.3 Å): all images, md's neighbour list
  it.each([3, 2])('counts the exact rock-salt coordination shells, unlike ions at odd k and like ions at even k (%i cells)', (m) => {
    const [naCl, clNa, naNa, clCl] = partialRadialDistribution(rockSaltSystem(m), { rMax: 7.2, bins: 72, pairs: PAIRS }).partials;
    // exact integers: counts of lattice vectors, summed in float64 (no rounding)
    for (const c of [naCl!.coordination, clNa!.coordination]) {
      expect([1, 2, 3, 4, 5, 6].map((k) => after(c, k))).toEqual([6, 6, 14, 14, 38, 38]);
    }
    for (const c of [naNa!.coordination, clCl!.coordination]) {
      expect([1, 2, 3, 4, 5, 6].map((k) => after(c, k))).toEqual([0, 12, 12, 18, 18, 42]);
    }
  });

  it('normalises each shell by the ideal-gas count ρ_B·4π/3(r_hi³ − r_lo³), ρ_B = 4/a³, and is zero between shells', () => {
    const rho = 4 / a ** 3;
    const shellG = (count: number, k: number) => {
      const b = Math.floor(((a / 2) * Math.sqrt(k)) / 0.1);
      return count / (rho * ((4 * Math.PI) / 3) * (((b + 1) * 0.1) ** 3 - (b * 0.1) ** 3));
    };
    const peak = (g: Float64Array, k: number) => g[Math.floor(((a / 2) * Math.sqrt(k)) / 0.1)]!;
    // float64 rounding of a handful of operations: relative 1e-12
    expect(peak(naCl!.g, 1)).toBeCloseTo(shellG(6, 1), 10);
    expect(peak(naCl!.g, 3)).toBeCloseTo(shellG(8, 3), 10);
    expect(peak(naNa!.g, 2)).toBeCloseTo(shellG(12, 2), 10);
    expect(peak(clCl!.g, 4)).toBeCloseTo(shellG(6, 4), 10);
    expect(naCl!.g[20]).toBe(0); // 2.0–2.1 Å, inside the first shell
    expect(naNa!.g[Math.floor(a / 2 / 0.1)]).toBe(0); // like ions are never nearest neighbours
    expect(r[0]).toBeCloseTo(0.05, 14);
  });

  it('is ≈ 1 for an ideal gas of two species, within five Poisson standard deviations, and g_AB = g_BA', () => {
    const rng = new SeededRng(11);
    const nNa = 400;
    const nCl = 600;
    const box = 15;
    const numbers = new Int32Array(nNa + nCl).map((_, i) => (i < nNa ? 11 : 17));
    const gas = createSystem({
      numbers,
      positions: rng.uniformArray(3 * numbers.length, 0, box),
      cell: [box, 0, 0, 0, box, 0, 0, 0, box],
      masses: new Float64Array(numbers.length).fill(1),
    });
    const rMax = 9; // beyond half the box: images counted too
    const bins = 3;
    const out = partialRadialDistribution(gas, { rMax, bins, pairs: PAIRS });
    const volume = box ** 3;
    for (const { pair, g } of out.partials) {
      const [na, nb] = pair.map((e) => (e === 11 ? nNa : nCl)) as [number, number];
      for (let b = 1; b < bins; b++) {
        const shell = ((4 * Math.PI) / 3) * (((b + 1) * 3) ** 3 - (b * 3) ** 3);
        // expected distinct pairs in the shell (like pairs are seen from both atoms); Poisson σ = 1/√pairs relative
        const distinct = (na * nb * shell) / volume / (pair[0] === pair[1] ? 2 : 1);
        expect(Math.abs(g[b]! - 1)).toBeLessThan(5 / Math.sqrt(distinct));
      }
    }
    const [ab, ba] = out.partials;
    // the same pair counts over N_A·N_B/V either way: equal up to the rounding of the division order
    for (let b = 0; b < bins; b++) expect(ab!.g[b]).toBeCloseTo(ba!.g[b]!, 13);
  });

  it('needs a periodic cell and a valid grid', () => {
    const open = createSystem({ numbers: new Int32Array(1), positions: new Float64Array(3), masses: new Float64Array(1).fill(1) });
    expect(() => partialRadialDistribution(open, { rMax: 5, pairs: PAIRS })).toThrow(/periodic cell/);
    expect(() => partialRadialDistribution(rockSaltSystem(1), { rMax: 0, pairs: PAIRS })).toThrow(/rMax > 0/);
  });
});
