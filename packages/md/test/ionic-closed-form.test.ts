import { ErfcTable, erfc } from '@equitensor/electrostatics';
import { assertClose, assertScalarClose, rockSalt, SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { type AtomsState, BornMayerHuggins, type BornPair, Buckingham, createSystem, NeighborList } from '../src/index.ts';
import { sumIonicPairs } from '../src/potentials/ionic-pairs.ts';
import { latticePairSum } from './pair-reference.ts';

// Born-Mayer-Huggins and Buckingham against their closed forms φ(r) = A e^{(σ−r)/ρ} − C/r⁶ + D/r⁸ (LAMMPS `born`; `buck`
// has σ = D = 0), summed by brute force over every image of a small triclinic cell whose per-pair cutoffs (Na–Na 4.1, Na–Cl 5.5,
// Cl–Cl 5 Å: each takes its first shells, 2.82/3.99/4.88 Å, and cuts the next) exceed the cell's half-widths, so atoms
// meet their own images. md evaluates e^{−r/ρ} from a degree-7 Taylor table (relative error 1e-15 for ρ = 0.317 Å, exp-table.ts):
// with ~10² pairs and repulsion/dispersion cancellation the sums agree to ~1e-13; tolerances 1e-11 relative.

/** Tosi & Fumi's NaCl parameters (NaCl_tosi_fumi.born) with a cutoff of its own per species pair. */
const TOSI_FUMI: readonly BornPair[] = [
  { a: 11, b: 11, A: 0.2637, rho: 0.317, sigma: 2.34, C: 1.0487, D: 0.4994, cutoff: 4.1 },
  { a: 11, b: 17, A: 0.211, rho: 0.317, sigma: 2.755, C: 6.99, D: 8.676, cutoff: 5.5 },
  { a: 17, b: 17, A: 0.1582, rho: 0.317, sigma: 3.17, C: 72.4, D: 145.4, cutoff: 5 },
];

/** One sheared, rattled rock-salt cell (8 ions; edges 5.3–5.8 Å). */
function shearedSalt(seed: number): AtomsState & { charges: Float64Array } {
  const rng = new SeededRng(seed);
  const cell = new Float64Array([5.5, 0, 0, 0.6, 5.3, 0, -0.4, 0.5, 5.7]);
  const { positions, charges } = rockSalt(1, { cell, displace: () => 0.12 * rng.normal() });
  const numbers = Int32Array.from(charges, (q) => (q > 0 ? 11 : 17));
  return { ...createSystem({ numbers, positions, cell, pbc: true }), charges };
}

function bornPair(p: BornPair, shift: boolean) {
  const phi = (r: number) => p.A * Math.exp((p.sigma - r) / p.rho) - p.C / r ** 6 + p.D / r ** 8;
  return (r: number): readonly [number, number] | null =>
    r < p.cutoff
      ? [phi(r) - (shift ? phi(p.cutoff) : 0), (-p.A / p.rho) * Math.exp((p.sigma - r) / p.rho) + (6 * p.C) / r ** 7 - (8 * p.D) / r ** 9]
      : null;
}

/** The closed-form reference of a species-pair potential on `atoms`. */
function reference(atoms: AtomsState, pairs: readonly BornPair[], shift: boolean) {
  const of = (i: number, j: number) => {
    const [a, b] = [atoms.numbers[i]!, atoms.numbers[j]!].sort((u, v) => u - v);
    return pairs.find((p) => p.a === a && p.b === b)!;
  };
  return latticePairSum(atoms, (i, j, r) => bornPair(of(i, j), shift)(r), 3);
}

function expectReference(result: ReturnType<BornMayerHuggins['compute']>, want: ReturnType<typeof reference>) {
  assertScalarClose(result.energy, want.energy, { rtol: 1e-11 }, 'energy');
  const scale = Math.max(...Array.from(want.forces, Math.abs));
  assertClose(result.forces, want.forces, { rtol: 1e-11, atol: 1e-11 * scale }, 'forces');
  assertClose(result.perAtomEnergies!, want.perAtom, { rtol: 1e-11, atol: 1e-11 * Math.abs(want.energy) }, 'per-atom energies');
  const wScale = Math.max(...Array.from(want.virial, Math.abs));
  assertClose(result.virial, want.virial, { rtol: 1e-11, atol: 1e-11 * wScale }, 'virial');
}

describe('Born-Mayer-Huggins and Buckingham against the closed form (lattice sum over images, per-pair cutoffs)', () => {
  for (const shift of [false, true]) {
    it(`Born-Mayer-Huggins, ${shift ? 'shifted' : 'truncated'}, sheared rock-salt cell, cells and all-pairs neighbour search`, () => {
      const atoms = shearedSalt(3);
      const want = reference(atoms, TOSI_FUMI, shift);
      expect(want.energy).not.toBe(0);
      for (const neighborMethod of ['cells', 'all-pairs'] as const) {
        const born = new BornMayerHuggins({ pairs: TOSI_FUMI, ...(shift ? { shift } : {}), neighborMethod });
        expectReference(born.compute(atoms, { perAtomEnergies: true }), want);
        expect(born.compute(atoms).perAtomEnergies).toBeUndefined();
      }
    });
  }

  it('Buckingham from a file (A e^{−r/ρ} − C/r⁶), truncated and shifted; its pair terms in Born layout (σ = D = 0)', () => {
    const atoms = shearedSalt(5);
    const text = 'Na Na 422.6938 0.317 1.0487 4.1\nNa Cl 1262.0452 0.317 6.99 5.5\nCl Cl 3636.3306 0.317 72.4 5\n';
    const pairs = TOSI_FUMI.map((p, k) => ({ ...p, A: [422.6938, 1262.0452, 3636.3306][k]!, sigma: 0, D: 0 }));
    for (const shift of [false, true]) {
      const buck = Buckingham.fromFile(text, { fileName: 'salt.buck', shift });
      expectReference(buck.compute(atoms, { perAtomEnergies: true }), reference(atoms, pairs, shift));
    }
    const buck = new Buckingham({ pairs: pairs.map(({ a, b, A, rho, C, cutoff }) => ({ a, b, A, rho, C, cutoff })) });
    expect(buck.name).toBe('buck');
    expect(buck.cutoff).toBe(5.5);
    expect(buck.pairs[1]!.A).toBe(1262.0452);
    expect(buck.neighborList.cutoff).toBe(5.5);
    const terms = buck.pairTerms(Int32Array.of(11, 17));
    expect(terms.typeCount).toBe(2);
    // per row A e^{σ/ρ} = A, 1/ρ, C, D = 0, shift 0
    const row = terms.pairIndex[terms.types[0]! * terms.typeCount + terms.types[1]!]!;
    assertClose(terms.params.subarray(5 * row, 5 * row + 5), [1262.0452, 1 / 0.317, 6.99, 0, 0], { rtol: 1e-15 }, 'Na–Cl row');
    expect(terms.cutoff2[row]).toBe(5.5 * 5.5);
  });

  it('Born: name, cutoff = the largest pair cutoff, the shift φ(r_c) in its pair terms', () => {
    const born = new BornMayerHuggins({ pairs: TOSI_FUMI, shift: true });
    expect(born.name).toBe('born');
    expect(born.cutoff).toBe(5.5);
    expect(born.neighborList.cutoff).toBe(5.5);
    const terms = born.pairTerms(Int32Array.of(17, 11));
    const row = terms.pairIndex[terms.types[1]! * terms.typeCount + terms.types[0]!]!;
    const p = TOSI_FUMI[1]!;
    const phiRc = p.A * Math.exp((p.sigma - 5.5) / p.rho) - p.C / 5.5 ** 6 + p.D / 5.5 ** 8;
    assertClose(
      terms.params.subarray(5 * row, 5 * row + 5),
      [p.A * Math.exp(p.sigma / p.rho), 1 / p.rho, p.C, p.D, phiRc],
      { rtol: 1e-15 },
      'Na–Cl row',
    );
  });

  it('refuses empty or bad pairs and unknown elements, naming the potential, the pair and the atom', () => {
    expect(() => new BornMayerHuggins({ pairs: [] })).toThrow('BornMayerHuggins needs at least one element pair');
    expect(() => new Buckingham({ pairs: [] })).toThrow('Buckingham needs at least one element pair');
    const good = TOSI_FUMI[1]!;
    for (const bad of [
      { rho: 0 },
      { cutoff: 0 },
      { A: Number.NaN },
      { sigma: Number.POSITIVE_INFINITY },
      { C: Number.NaN },
      { D: Number.NaN },
    ]) {
      expect(() => new BornMayerHuggins({ pairs: [{ ...good, ...bad }] })).toThrow(
        'BornMayerHuggins: pair Na–Cl needs ρ > 0, cutoff > 0 and finite A, σ, C, D',
      );
    }
    const buck = { a: 11, b: 17, A: 1262, rho: 0.317, C: 6.99, cutoff: 5 };
    for (const bad of [{ rho: 0 }, { cutoff: 0 }, { A: Number.NaN }, { C: Number.POSITIVE_INFINITY }]) {
      expect(() => new Buckingham({ pairs: [{ ...buck, ...bad }] })).toThrow(
        'Buckingham: pair Na–Cl needs ρ > 0, cutoff > 0 and finite A, C',
      );
    }
    const salt = createSystem({ numbers: [11, 17], positions: [0, 0, 0, 3, 0, 0] });
    expect(() => new Buckingham({ pairs: [{ ...buck, b: 11 }] }).compute(salt)).toThrow(
      'Buckingham: no parameters for element Cl (atom 1)',
    );
    expect(() => new BornMayerHuggins({ pairs: [{ ...good, b: 11 }] }).compute(salt)).toThrow(
      'BornMayerHuggins: no parameters for element Cl (atom 1)',
    );
  });
});

describe('sumIonicPairs: real-space Coulomb k qᵢqⱼ erfc(αr)/r, alone and with the Born rows (one walk)', () => {
  // ErfcTable keeps |error| below 10⁻³ δ k_e/r per unit-charge pair (δ = 1e-9 here: ~1e-11 eV per pair): tolerance 1e-9
  // relative on sums of ~10² pairs of ~1 eV, on top of the Born terms' 1e-11.
  const ke = 14.399645478;
  const alpha = 0.45;
  const cutoff = 5.5;
  for (const withBorn of [false, true]) {
    it(withBorn ? 'Coulomb + Born-Mayer-Huggins (born/coul/long real space)' : 'Coulomb alone (a neutral atom among the ions)', () => {
      const atoms = shearedSalt(7);
      const charges = Float64Array.from(atoms.charges, (q, i) => (i === 2 && !withBorn ? 0 : q * 0.9));
      const born = withBorn ? new BornMayerHuggins({ pairs: TOSI_FUMI }) : null;
      const of = (i: number, j: number) => {
        const [a, b] = [atoms.numbers[i]!, atoms.numbers[j]!].sort((u, v) => u - v);
        return TOSI_FUMI.find((p) => p.a === a && p.b === b)!;
      };
      const want = latticePairSum(
        atoms,
        (i, j, r) => {
          if (r >= cutoff) return null;
          const qq = ke * charges[i]! * charges[j]!;
          const e = erfc(alpha * r);
          let phi = (qq * e) / r;
          let dphi = qq * (-e / (r * r) - (2 * alpha * Math.exp(-alpha * alpha * r * r)) / (Math.sqrt(Math.PI) * r));
          const b = withBorn ? bornPair(of(i, j), false)(r) : null;
          if (b !== null) {
            phi += b[0];
            dphi += b[1];
          }
          return [phi, dphi];
        },
        3,
      );
      const list = new NeighborList({ cutoff, skin: 0, kind: 'half' });
      list.update(atoms);
      const forces = new Float64Array(atoms.positions.length);
      const perAtom = new Float64Array(atoms.numbers.length);
      const coulomb = { charges, scale: ke, cutoff2: cutoff * cutoff, table: new ErfcTable(alpha, cutoff, 1e-9) };
      const got = sumIonicPairs(list, atoms.positions, coulomb, born?.pairTerms(atoms.numbers) ?? null, forces, perAtom);
      assertScalarClose(got.energy, want.energy, { rtol: 1e-9 }, 'energy');
      const scale = Math.max(...Array.from(want.forces, Math.abs));
      assertClose(forces, want.forces, { rtol: 1e-9, atol: 1e-9 * scale }, 'forces');
      assertClose(perAtom, want.perAtom, { rtol: 1e-9, atol: 1e-9 * Math.abs(want.energy) }, 'per-atom energies');
      const wScale = Math.max(...Array.from(want.virial, Math.abs));
      assertClose(got.virial, want.virial, { rtol: 1e-9, atol: 1e-9 * wScale }, 'virial');
    });
  }
});

describe('ionic pair options', () => {
  it('ignores the pairs a neighbour list with a skin holds beyond r_c (Coulomb and Born cutoffs)', () => {
    const atoms = shearedSalt(7);
    const born = new BornMayerHuggins({ pairs: TOSI_FUMI });
    const walk = (skin: number) => {
      // r_c = 5.6 Å, not a cell length (an atom's image at exactly r_c is a rounding tie)
      const list = new NeighborList({ cutoff: 5.6, skin, kind: 'half' });
      list.update(atoms);
      const forces = new Float64Array(atoms.positions.length);
      const coulomb = { charges: atoms.charges, scale: 14.399645478, cutoff2: 5.6 * 5.6, table: new ErfcTable(0.45, 5.6, 1e-9) };
      return { ...sumIonicPairs(list, atoms.positions, coulomb, born.pairTerms(atoms.numbers), forces, null), forces, size: list.size };
    };
    const tight = walk(0);
    const skinned = walk(0.8);
    expect(skinned.size).toBeGreaterThan(tight.size); // the skin does hold pairs beyond r_c
    // the same pairs summed in another order: rounding of ~10² terms, 1e-13 relative
    assertScalarClose(skinned.energy, tight.energy, { rtol: 1e-13 }, 'energy');
    assertClose(skinned.forces, tight.forces, { rtol: 1e-12, atol: 1e-13 }, 'forces');
  });

  it('names the file and the columns of a bad pair-file line; the documented neighbour-list defaults', () => {
    expect(() => BornMayerHuggins.fromFile('Na Cl 1 2 3 4 5 6 7\n', { fileName: 'bad.born' })).toThrow(
      /^bad\.born:1:19: expected end of line after 6 numbers \(A rho sigma C D cutoff\)/,
    );
    expect(() => Buckingham.fromFile('Na Cl 1 2 3 4 5\n', { fileName: 'bad.buck' })).toThrow(
      /^bad\.buck:1:15: expected end of line after 4 numbers \(A rho C cutoff\)/,
    );
    const born = new BornMayerHuggins({ pairs: TOSI_FUMI });
    expect(born.neighborList.skin).toBe(1); // 1 Å, LAMMPS' metal `neighbor 2.0` halved
    expect(born.neighborList.method).toBe('cells');
  });
});
