import { COULOMB_CONSTANT } from '@equitensor/io';
import { assertScalarClose } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { ewaldCoulomb, ewaldParameters, ewaldPotentialAt, ewaldPotentialOnGrid, ewaldSitePotentials } from '../src/index.ts';
import { loadCharged, MADELUNG_CASES, maxAbs, triclinicSystem } from './fixtures.ts';

describe('Ewald potential at points and on grids', () => {
  for (const c of MADELUNG_CASES) {
    it(`gives φ = ∓M k_e q/a_nn at the ions of ${c.file} and the stored energy as ½Σqφ`, () => {
      const crystal = loadCharged(c.file);
      const system = { positions: crystal.positions, charges: crystal.charges, cell: crystal.cell! };
      const phi = ewaldSitePotentials(system, { accuracy: 1e-14 });
      const rNN = c.nearest(crystal.cell![0]!);
      let half = 0;
      for (let i = 0; i < phi.length; i++) {
        const q = crystal.charges[i]!;
        // The Madelung potential at an ion of charge q: −M k_e q/a_nn (its neighbours have the opposite charge |q|).
        assertScalarClose((-phi[i]! * rNN) / (COULOMB_CONSTANT * q), c.constant, { rtol: 1e-11 }, `Madelung constant at ion ${i}`);
        half += 0.5 * q * phi[i]!;
      }
      assertScalarClose(half, crystal.structure.info.ewald_energy as number, { rtol: 1e-10 }, '½Σqφ vs stored ewald_energy');
      // The potential at points 1e-3 Å from a site, minus the site's own bare Coulomb term, tends to the site value
      // (cubic site symmetry: the remainder is O(δ⁴)).
      const delta = 1e-3;
      const points = new Float64Array([0, 0, 0, 0, 0, 0]);
      for (const [p, axis] of [0, 2].entries()) {
        for (let d = 0; d < 3; d++) points[3 * p + d] = crystal.positions[d]! + (d === axis ? delta : 0);
      }
      const near = ewaldPotentialAt(points, system, { accuracy: 1e-14 });
      for (const value of near) {
        assertScalarClose(value - (COULOMB_CONSTANT * crystal.charges[0]!) / delta, phi[0]!, { rtol: 1e-9 }, 'limit at site 0');
      }
    });
  }

  it("has ½qᵢφᵢ equal to ewaldCoulomb's per-atom energies, net charge included", () => {
    const { cell, positions, charges } = triclinicSystem(10, 11, false);
    const phi = ewaldSitePotentials({ positions, charges, cell }, { accuracy: 1e-13 });
    const { perAtomEnergies } = ewaldCoulomb(positions, charges, cell, { accuracy: 1e-13, perAtomEnergies: true });
    for (let i = 0; i < charges.length; i++) {
      assertScalarClose(0.5 * charges[i]! * phi[i]!, perAtomEnergies![i]!, { rtol: 1e-10, atol: 1e-12 }, `atom ${i}`);
    }
  });

  it('is independent of α to 1e-10 on a grid (charged triclinic cell: the background term compensates)', () => {
    const { cell, positions, charges } = triclinicSystem(9, 3, false);
    const system = { positions, charges, cell };
    const base = ewaldParameters(cell, charges.length, { accuracy: 1e-14 });
    const grids = [0.6, 1, 1.7].map((scale) =>
      ewaldPotentialOnGrid(system, { shape: [9, 10, 11], offset: [0.013, 0.021, 0.034] }, { accuracy: 1e-14, alpha: base.alpha * scale }),
    );
    const scale = maxAbs(grids[1]!.values);
    for (const other of [grids[0]!, grids[2]!]) {
      let worst = 0;
      for (let p = 0; p < other.values.length; p++) worst = Math.max(worst, Math.abs(other.values[p]! - grids[1]!.values[p]!));
      expect(worst / scale).toBeLessThan(1e-10);
    }
  });

  it('matches a brute-force sum over a cube of images of a dipolar neutral cell (tin-foil + 4π/3V D·r)', () => {
    // A cube of (2R+1)³ whole cubic cells in vacuum adds the depolarisation potential (4π/3V) D·r (D = Σqⱼrⱼ, the
    // same for a sphere and a cube) and a constant, so differences φ(r₁) − φ(r₂) are compared. The cube sums
    // converge as 1/R²: they are extrapolated from R = 12, 24, 36, 48 by a fit in 1/R², 1/R³, 1/R⁴.
    const L = 6;
    const cell = new Float64Array([L, 0, 0, 0, L, 0, 0, 0, L]);
    const positions = new Float64Array([1, 2, 3, 3.5, 2.5, 4, 5, 1, 0.5, 2, 4.5, 5.2]);
    const charges = new Float64Array([1, -1, 0.6, -0.6]);
    const points = new Float64Array([0.3, 0.4, 0.5, 4, 4, 1]);
    const ewald = ewaldPotentialAt(points, { positions, charges, cell }, { accuracy: 1e-14, coulombConstant: 1 });
    const dipole = [0, 1, 2].map((d) => charges.reduce((s, q, j) => s + q * positions[3 * j + d]!, 0));
    let depolarisation = 0;
    for (let d = 0; d < 3; d++) depolarisation += ((4 * Math.PI) / (3 * L ** 3)) * dipole[d]! * (points[d]! - points[3 + d]!);
    const expected = ewald[0]! - ewald[1]! + depolarisation;
    const cubeDifference = (R: number): number => {
      const sums = [0, 1].map((p) => {
        let sum = 0;
        for (let a = -R; a <= R; a++) {
          for (let b = -R; b <= R; b++) {
            for (let c = -R; c <= R; c++) {
              for (let j = 0; j < charges.length; j++) {
                const dx = positions[3 * j]! + a * L - points[3 * p]!;
                const dy = positions[3 * j + 1]! + b * L - points[3 * p + 1]!;
                const dz = positions[3 * j + 2]! + c * L - points[3 * p + 2]!;
                sum += charges[j]! / Math.sqrt(dx * dx + dy * dy + dz * dz);
              }
            }
          }
        }
        return sum;
      });
      return sums[0]! - sums[1]!;
    };
    const radii = [12, 24, 36, 48];
    const limit = extrapolate(
      radii.map((R) => [1, R ** -2, R ** -3, R ** -4]),
      radii.map(cubeDifference),
    );
    expect(Math.abs(cubeDifference(48) - expected)).toBeGreaterThan(1e-6); // the truncated sum alone is not enough
    assertScalarClose(limit, expected, { rtol: 1e-8 }, 'extrapolated cube sum');
  });

  it("equals the derivative of ewaldCoulomb's energy with respect to a test charge at the point", () => {
    for (const neutral of [true, false]) {
      const { cell, positions, charges } = triclinicSystem(8, 21, neutral);
      const system = { positions, charges, cell };
      const options = { accuracy: 1e-14, alpha: 0.45 };
      const grid = ewaldPotentialOnGrid(system, { shape: [5, 4, 6], offset: [0.05, 0.07, 0.11] }, options);
      for (const [i, j, k] of [
        [0, 0, 0],
        [2, 1, 3],
        [4, 3, 5],
      ] as const) {
        const r = grid.point(i, j, k);
        // E is quadratic in the test charge q_t: (E(q_t) − E(−q_t))/2q_t is its linear coefficient, φ(r), exactly.
        const energy = (qt: number) =>
          ewaldCoulomb(new Float64Array([...positions, ...r]), new Float64Array([...charges, qt]), cell, options).energy;
        const derivative = (energy(0.5) - energy(-0.5)) / 1;
        assertScalarClose(grid.at(i, j, k), derivative, { rtol: 1e-10, atol: 1e-10 }, `φ at node ${i},${j},${k}, neutral ${neutral}`);
      }
    }
  });

  it('is periodic: φ(r + n·cell) = φ(r), and the grid agrees with ewaldPotentialAt at its nodes', () => {
    const { cell, positions, charges } = triclinicSystem(12, 8, true);
    const system = { positions, charges, cell };
    const grid = ewaldPotentialOnGrid(system, { shape: [6, 5, 7], offset: [0.01, 0.02, 0.03] }, { accuracy: 1e-12 });
    const nodes = [
      [0, 0, 0],
      [1, 4, 2],
      [5, 2, 6],
      [3, 3, 3],
    ] as const;
    const shifts = [
      [0, 0, 0],
      [1, 0, 0],
      [0, -2, 1],
      [3, 1, -4],
    ] as const;
    const points = new Float64Array(3 * nodes.length * shifts.length);
    let p = 0;
    for (const [i, j, k] of nodes) {
      const r = grid.point(i, j, k);
      for (const n of shifts) {
        for (let d = 0; d < 3; d++) points[3 * p + d] = r[d]! + n[0] * cell[d]! + n[1] * cell[3 + d]! + n[2] * cell[6 + d]!;
        p++;
      }
    }
    const phi = ewaldPotentialAt(points, system, { accuracy: 1e-12 });
    const scale = maxAbs(grid.values);
    for (const [a, [i, j, k]] of nodes.entries()) {
      for (let s = 0; s < shifts.length; s++) {
        expect(Math.abs(phi[a * shifts.length + s]! - grid.at(i, j, k)) / scale).toBeLessThan(1e-12);
      }
    }
  });

  it('rejects points on a charge and bad grids', () => {
    const { cell, positions, charges } = triclinicSystem(4, 1, true);
    const system = { positions, charges, cell };
    expect(() => ewaldPotentialAt(positions.slice(3, 6), system)).toThrow(/coincides with charge 1/);
    expect(() => ewaldPotentialAt(new Float64Array(4), system)).toThrow(/3P/);
    expect(() => ewaldPotentialOnGrid(system, { shape: [4, 0, 4] })).toThrow(/shape\[1\]/);
  });
});

/** Solve the small square system M x = y (Gaussian elimination with partial pivoting) and return x[0]. */
function extrapolate(matrix: number[][], values: number[]): number {
  const m = matrix.map((row, i) => [...row, values[i]!]);
  const n = m.length;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k <= n; k++) m[r]![k] = m[r]![k]! - f * m[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= m[r]![k]! * x[k]!;
    x[r] = s / m[r]![r]!;
  }
  return x[0]!;
}
