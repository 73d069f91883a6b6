/**
 * ACE feature values against an independent implementation of their definitions: fixtures/ace_reference.json, made
 * by fixtures/generate_ace_reference.py in 40-digit mpmath (Chebyshev T_n = cos(n·arccos x), real harmonics from
 * the explicit Legendre coefficients, exact sympy Clebsch-Gordan taken to e3nn's real basis; its harmonics and 3j
 * symbols are checked there against e3nn 0.5.6's own numbers). Two configurations: an open H/O cluster at
 * correlation order 4 (λ = 2, r_in = 1 Å with one O–H pair inside r_in, wL = 0.75) and a periodic 2-atom Si cell at
 * order 3 (λ = 1, wL = 0.5, harmonics to l = 6, 28 neighbours per atom including images). The order-3 values of the
 * `gaunt` and `grid` kinds are checked against the reference's own Gaunt tensor (∫ Y Y Y dΩ by an exact product rule).
 */
import { readFileSync } from 'node:fs';
import type { AtomsState } from '@equitensor/md';
import { describe, expect, it } from 'vitest';
import { type AceBasisSpec, AceDescriptor, FACTOR_SLOTS, neighborData, type TensorProductKind } from '../src/index.ts';

interface ReferenceCase {
  readonly name: string;
  readonly numbers: number[];
  readonly positions: number[][];
  readonly cell: number[][] | null;
  readonly spec: AceBasisSpec;
  readonly atoms: number[];
  readonly neighbourCounts: number[];
  readonly features: { order: number; blocks: [number, number, number][]; L: number }[];
  readonly values: number[][];
  readonly scales: number[][];
  /** Order-3 values and scales with the Gaunt tensor ∫ Y Y Y dΩ (exact quadrature) in place of the 3j (null elsewhere). */
  readonly gauntValues: (number | null)[][];
  readonly gauntScales: (number | null)[][];
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/ace_reference.json', import.meta.url), 'utf8')) as {
  cases: ReferenceCase[];
};

/**
 * The tolerance, in units of ε·scale, where scale is the reference's same contraction with |R|, |Y| and |C| (so the
 * float64 rounding error of any evaluation order is at most (number of roundings on a path)·ε·scale, the standard
 * forward bound of sums of products). The reference itself is exact to 1e-40 and stored rounded (½ ulp). Our
 * path: the distance and its map x(r) (exp, a few roundings), T_n by the three-term recurrence to n ≤ 6 (error
 * ≤ n²ε = 36ε), the envelope (4), the harmonics to l ≤ 6 by so3's recurrences (a few per degree, ≲ 30), the sum over
 * ≤ 28 neighbours (28), the 3j coefficients (a normalised sum of ≤ 13 terms, ≲ 20) and one contraction of at most
 * 13² terms per factor pair (≤ 2·13² = 338 in the longest sum). Under 500 in all; 1000 leaves the estimate's own
 * slack and would still catch any wrong coefficient, sign, index or normalisation (those err by O(1)·scale). The
 * `grid` kind sums ≤ 7·13 = 91 sphere points instead; its rounding scale ∫|ρ_a||ρ_b||ρ_c| dΩ exceeds the stored
 * Σ|G||A||A||A| by the ratio of ∫|Y Y Y| to |∫Y Y Y|, a factor of a few at l ≤ 6, inside the same budget.
 */
const ROUNDING_BUDGET = 1000;

const key = (order: number, blocks: readonly (readonly number[])[], L: number): string =>
  `${order}|${blocks.map((b) => b.join(',')).join(';')}|${L}`;

function atomsOf(c: ReferenceCase): AtomsState {
  const open = c.cell === null;
  return {
    numbers: new Int32Array(c.numbers),
    positions: new Float64Array(c.positions.flat()),
    cell: open ? null : new Float64Array(c.cell!.flat()),
    pbc: open ? [false, false, false] : [true, true, true],
  };
}

describe('ACE features equal an independent evaluation of their definitions (mpmath, sympy CG)', () => {
  for (const c of fixture.cases) {
    // cg and cp at full rank contract with the 3j; gaunt and grid with the Gaunt tensor (mlip README: "equals cg up
    // to a constant per path"), which the reference integrates itself — orders 1, 2 and 4 are the same in every kind.
    const kinds: TensorProductKind[] = ['cg', 'cp', 'gaunt', 'grid'];
    for (const kind of kinds) {
      const withGaunt = kind === 'gaunt' || kind === 'grid';
      it(`${c.name}: ${kind}${kind === 'cp' ? ' at full rank' : ''}, every feature of atoms ${c.atoms.join(', ')} within ${ROUNDING_BUDGET}·ε·scale`, () => {
        const d = new AceDescriptor(c.spec, kind, { cpRank: 10_000 });
        const f = d.features;
        // The same features, enumerated independently from the documented rules.
        expect(f.count).toBe(c.features.length);
        const index = new Map(c.features.map((g, k) => [key(g.order, g.blocks, g.L), k]));
        const referenceIndex = new Int32Array(f.count);
        for (let k = 0; k < f.count; k++) {
          const order = f.order[k] as number;
          const blocks = Array.from({ length: order }, (_, q) => [
            f.factorSpecies[FACTOR_SLOTS * k + q] as number,
            f.factorN[FACTOR_SLOTS * k + q] as number,
            f.factorL[FACTOR_SLOTS * k + q] as number,
          ]);
          const r = index.get(key(order, blocks, f.coupledL[k] as number));
          expect(r, `feature ${k}: ${key(order, blocks, f.coupledL[k] as number)}`).toBeDefined();
          referenceIndex[k] = r!;
        }
        const atoms = atomsOf(c);
        const nd = neighborData(atoms, d.cutoff);
        c.atoms.forEach((i, a) => {
          expect(nd.start[i + 1]! - nd.start[i]!, `neighbours of atom ${i}`).toBe(c.neighbourCounts[a]);
        });
        const B = d.atomFeatures(atoms, nd);
        const F = f.count;
        let worst = 0;
        let distinguishable = 0;
        c.atoms.forEach((i, a) => {
          for (let k = 0; k < F; k++) {
            const r = referenceIndex[k]!;
            const gaunt = withGaunt && c.features[r]!.order === 3;
            const ref = (gaunt ? c.gauntValues[a]![r] : c.values[a]![r])!;
            const scale = (gaunt ? c.gauntScales[a]![r] : c.scales[a]![r])!;
            const bound = ROUNDING_BUDGET * Number.EPSILON * scale;
            const err = Math.abs(B[i * F + k]! - ref);
            if (err > bound)
              expect.fail(
                `atom ${i} feature ${key(c.features[r]!.order, c.features[r]!.blocks, c.features[r]!.L)}: ${B[i * F + k]} vs ${ref}`,
              );
            worst = Math.max(worst, err / (Number.EPSILON * scale));
            if (Math.abs(ref) > bound) distinguishable++;
          }
        });
        // Not vacuous: every reference value lies beyond its tolerance, so a zero or sign-flipped feature fails.
        expect(distinguishable).toBe(F * c.atoms.length);
        expect(worst).toBeLessThanOrEqual(ROUNDING_BUDGET);
      });
    }
  }
});
