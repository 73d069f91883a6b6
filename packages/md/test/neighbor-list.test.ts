import { SeededRng } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { type AtomsState, createSystem, displacementsWithinCutoff, minimumImageDisplacement, NeighborList } from '../src/index.ts';

function randomAtoms(rng: SeededRng, n: number, cell: number[] | null, pbc: [boolean, boolean, boolean], spread = 1): AtomsState {
  const positions = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    // fractional in [-0.5, 1.5) so some atoms start outside the cell (unwrapped)
    const s = [rng.uniformIn(-0.5, 1.5) * spread, rng.uniformIn(-0.5, 1.5) * spread, rng.uniformIn(-0.5, 1.5) * spread];
    const c = cell ?? [10, 0, 0, 0, 10, 0, 0, 0, 10];
    for (let k = 0; k < 3; k++) positions[3 * i + k] = s[0]! * c[k]! + s[1]! * c[3 + k]! + s[2]! * c[6 + k]!;
  }
  return createSystem({ numbers: new Int32Array(n).fill(18), positions, cell, pbc });
}

/** Entries of a list as sorted strings "i j m0 m1 m2". */
function entries(list: NeighborList, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = list.start[i]!; k < list.start[i + 1]!; k++) {
      const im = list.images[k]!;
      out.push(`${i} ${list.neighbors[k]} ${list.imageCells[3 * im]} ${list.imageCells[3 * im + 1]} ${list.imageCells[3 * im + 2]}`);
    }
  }
  return out;
}

const cases: { name: string; cell: number[] | null; pbc: [boolean, boolean, boolean]; n: number; cutoff: number }[] = [
  {
    name: 'skewed triclinic, cutoff larger than the cell',
    cell: [4, 0, 0, 1.5, 3.5, 0, -0.8, 1.1, 3.8],
    pbc: [true, true, true],
    n: 12,
    cutoff: 6.5,
  },
  { name: 'orthorhombic, many bins', cell: [14, 0, 0, 0, 13, 0, 0, 0, 15], pbc: [true, true, true], n: 300, cutoff: 3.1 },
  { name: 'mixed pbc (slab)', cell: [9, 0, 0, 2, 8, 0, 0, 0, 12], pbc: [true, true, false], n: 120, cutoff: 4 },
  { name: 'open boundaries', cell: null, pbc: [false, false, false], n: 150, cutoff: 3.5 },
];

describe('NeighborList', () => {
  for (const c of cases) {
    it(`cell lists equal the all-pairs search: ${c.name}`, () => {
      const rng = new SeededRng(11);
      const atoms = randomAtoms(rng, c.n, c.cell, c.pbc);
      for (const kind of ['half', 'full'] as const) {
        const cells = new NeighborList({ cutoff: c.cutoff, skin: 0.2, kind });
        const brute = new NeighborList({ cutoff: c.cutoff, skin: 0.2, kind, method: 'all-pairs' });
        cells.build(atoms);
        brute.build(atoms);
        expect(cells.size).toBeGreaterThan(0);
        expect(entries(cells, c.n)).toEqual(entries(brute, c.n));
        expect(Array.from(cells.neighbors.subarray(0, cells.size))).toEqual(Array.from(brute.neighbors.subarray(0, brute.size)));
      }
      const half = new NeighborList({ cutoff: c.cutoff, skin: 0.2 });
      const full = new NeighborList({ cutoff: c.cutoff, skin: 0.2, kind: 'full' });
      half.build(atoms);
      full.build(atoms);
      expect(full.size).toBe(2 * half.size);
    });

    it(`every pair within the cutoff appears once, with the right displacement: ${c.name}`, () => {
      const rng = new SeededRng(5);
      const atoms = randomAtoms(rng, Math.min(c.n, 60), c.cell, c.pbc);
      const n = atoms.numbers.length;
      const list = new NeighborList({ cutoff: c.cutoff, skin: 0 });
      list.build(atoms);
      const x = atoms.positions;
      const found: number[] = [];
      for (let i = 0; i < n; i++) {
        for (let k = list.start[i]!; k < list.start[i + 1]!; k++) {
          const j = list.neighbors[k]!;
          const s = 3 * list.images[k]!;
          const d = [0, 1, 2].map((a) => x[3 * j + a]! - x[3 * i + a]! + list.shifts[s + a]!);
          found.push(Math.hypot(d[0]!, d[1]!, d[2]!));
        }
      }
      // brute force from the multi-image displacement helper: pairs i < j plus half of each atom's self images
      const expected: number[] = [];
      for (let i = 0; i < n; i++) {
        for (let j = i; j < n; j++) {
          const d = displacementsWithinCutoff(atoms, i, j, c.cutoff);
          for (let a = 0; a < d.length; a += 3) {
            if (i === j && (d[a]! < 0 || (d[a] === 0 && (d[a + 1]! < 0 || (d[a + 1] === 0 && d[a + 2]! < 0))))) continue;
            expected.push(Math.hypot(d[a]!, d[a + 1]!, d[a + 2]!));
          }
        }
      }
      found.sort((a, b) => a - b);
      expected.sort((a, b) => a - b);
      expect(found.length).toBe(expected.length);
      for (let k = 0; k < found.length; k++) expect(found[k]).toBeCloseTo(expected[k]!, 10);
    });
  }

  it('rebuilds only when two displacements add up to more than the skin', () => {
    const atoms = randomAtoms(new SeededRng(2), 80, [10, 0, 0, 0, 10, 0, 0, 0, 10], [true, true, true]);
    const list = new NeighborList({ cutoff: 3, skin: 0.4 });
    expect(list.update(atoms)).toBe(true);
    expect(list.update(atoms)).toBe(false);
    atoms.positions[0] = atoms.positions[0]! + 0.21; // one atom beyond skin/2 cannot close a gap of 0.4 alone
    expect(list.update(atoms)).toBe(false);
    atoms.positions[4] = atoms.positions[4]! - 0.18; // 0.21 + 0.18 < 0.4
    expect(list.update(atoms)).toBe(false);
    atoms.positions[4] = atoms.positions[4]! - 0.02; // 0.21 + 0.20 > 0.4
    expect(list.update(atoms)).toBe(true);
    expect(list.buildCount).toBe(2);
    const moved = createSystem({ numbers: atoms.numbers, positions: atoms.positions, cell: [10.5, 0, 0, 0, 10, 0, 0, 0, 10], pbc: true });
    expect(list.update(moved)).toBe(true); // a new cell always rebuilds
  });

  it('never misses a pair while atoms random-walk between rebuilds', () => {
    const rng = new SeededRng(6);
    const atoms = randomAtoms(rng, 150, [9, 0, 0, 1, 9, 0, 0, 0, 9], [true, true, true]);
    const cutoff = 2.5;
    const list = new NeighborList({ cutoff, skin: 0.5 });
    const inside = (l: NeighborList) => {
      const out: string[] = [];
      const x = atoms.positions;
      for (let i = 0; i < 150; i++)
        for (let k = l.start[i]!; k < l.start[i + 1]!; k++) {
          const j = l.neighbors[k]!;
          const s = 3 * l.images[k]!;
          const d = [0, 1, 2].map((a) => x[3 * j + a]! - x[3 * i + a]! + l.shifts[s + a]!);
          if (d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2 < cutoff * cutoff)
            out.push(`${i} ${j} ${l.imageCells[s]} ${l.imageCells[s + 1]} ${l.imageCells[s + 2]}`);
        }
      return out;
    };
    for (let step = 0; step < 60; step++) {
      for (let k = 0; k < atoms.positions.length; k++) atoms.positions[k] = atoms.positions[k]! + 0.03 * rng.normal();
      list.update(atoms);
      const fresh = new NeighborList({ cutoff, skin: 0 });
      fresh.build(atoms);
      expect(inside(list)).toEqual(inside(fresh));
    }
    expect(list.buildCount).toBeGreaterThan(1);
    expect(list.buildCount).toBeLessThan(60);
  });

  it('grows its storage instead of overflowing', () => {
    // 400 atoms in a small box with a long cutoff: ~100 neighbours each, far beyond the initial capacity
    const atoms = randomAtoms(new SeededRng(9), 400, [12, 0, 0, 0, 12, 0, 0, 0, 12], [true, true, true]);
    const list = new NeighborList({ cutoff: 5, skin: 0 });
    const initialCapacity = list.neighbors.length;
    list.build(atoms);
    const brute = new NeighborList({ cutoff: 5, skin: 0, method: 'all-pairs' });
    brute.build(atoms);
    expect(list.size).toBeGreaterThan(initialCapacity * 10);
    expect(list.size).toBe(brute.size);
  });

  it('rejects impossible parameters', () => {
    expect(() => new NeighborList({ cutoff: -1 })).toThrow(/cutoff/);
    expect(() => new NeighborList({ cutoff: 2, skin: Number.NaN })).toThrow(/skin/);
  });
});

describe('minimum image', () => {
  it('finds the shortest image in a skewed cell (checked against an exhaustive image search)', () => {
    const rng = new SeededRng(3);
    const atoms = randomAtoms(rng, 30, [5, 0, 0, 3.9, 2, 0, 1.1, 1.7, 4.4], [true, true, true], 3);
    const cell = atoms.cell!;
    for (let i = 0; i < 30; i++) {
      const j = (i * 7 + 3) % 30;
      const d = minimumImageDisplacement(atoms, i, j);
      let best = Number.POSITIVE_INFINITY;
      for (let a = -6; a <= 6; a++)
        for (let b = -6; b <= 6; b++)
          for (let c = -6; c <= 6; c++) {
            const v = [0, 1, 2].map(
              (k) => atoms.positions[3 * j + k]! - atoms.positions[3 * i + k]! + a * cell[k]! + b * cell[3 + k]! + c * cell[6 + k]!,
            );
            best = Math.min(best, Math.hypot(v[0]!, v[1]!, v[2]!));
          }
      expect(Math.hypot(d[0]!, d[1]!, d[2]!)).toBeCloseTo(best, 12);
    }
  });
});
