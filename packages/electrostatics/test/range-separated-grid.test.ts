import { describe, expect, it } from 'vitest';
import { directPotentialOnGrid, rangeSeparatedCoulomb, uniformGrid } from '../src/index.ts';
import { loadCharged } from './fixtures.ts';

describe('RS potential on a tensor grid (Tucker contraction + binned short range)', () => {
  it('matches direct summation on a 64³ grid around 1ajj at nodes ≥ 1 Å from every atom', () => {
    const protein = loadCharged('pqr/1ajj.pqr');
    const { positions, charges } = protein;
    function referenceOn(grid: ReturnType<typeof uniformGrid>) {
      const exact = directPotentialOnGrid(positions, charges, grid);
      // Exclude the nodes within 1 Å of an atom (the potential there is dominated by one charge's 1/r).
      const kept = new Uint8Array(exact.length).fill(1);
      for (let a = 0; a < charges.length; a++) {
        const [cx, cy, cz] = [positions[3 * a]!, positions[3 * a + 1]!, positions[3 * a + 2]!];
        const range = (axis: Float64Array, c: number) =>
          [
            Math.max(0, Math.ceil((c - 1 - axis[0]!) / (axis[1]! - axis[0]!))),
            Math.min(63, Math.floor((c + 1 - axis[0]!) / (axis[1]! - axis[0]!))),
          ] as const;
        const [x0, x1] = range(grid.x, cx);
        const [y0, y1] = range(grid.y, cy);
        const [z0, z1] = range(grid.z, cz);
        for (let i = x0; i <= x1; i++)
          for (let j = y0; j <= y1; j++)
            for (let k = z0; k <= z1; k++) {
              if ((grid.x[i]! - cx) ** 2 + (grid.y[j]! - cy) ** 2 + (grid.z[k]! - cz) ** 2 < 1) kept[(i * 64 + j) * 64 + k] = 0;
            }
      }
      return { grid, exact, kept };
    }
    // Both models share the default box (bounding cube + 5 %), hence the same grid: the reference is computed once.
    let reference: { grid: ReturnType<typeof uniformGrid>; exact: Float64Array; kept: Uint8Array } | undefined;
    for (const accuracy of [1e-3, 1e-5]) {
      const rs = rangeSeparatedCoulomb(positions, charges, { accuracy });
      // The quadrature is tuned down to half the closest pair distance; the 1 Å exclusion must not be below it.
      expect(rs.model.split.quadrature.range[0]).toBeLessThanOrEqual(1);
      const { lo, h, n } = rs.model.grid;
      const edge = h * (n - 1);
      reference ??= referenceOn(uniformGrid(lo, [lo[0] + edge, lo[1] + edge, lo[2] + edge], [64, 64, 64]));
      const { grid, exact, kept } = reference;
      expect(grid.x[0]).toBe(lo[0]);
      expect(grid.x[63]).toBeCloseTo(lo[0] + edge, 12);
      const start = performance.now();
      const field = rs.model.potentialOnGrid(grid);
      const seconds = (performance.now() - start) / 1000;
      let scale = 0;
      let worst = 0;
      let count = 0;
      for (let i = 0; i < exact.length; i++) {
        if (kept[i] === 0) continue;
        count++;
        scale = Math.max(scale, Math.abs(exact[i]!));
        worst = Math.max(worst, Math.abs(field.values[i]! - exact[i]!));
      }
      console.info(
        `1ajj 64³ RS grid δ=${accuracy}: ${seconds.toFixed(2)} s, max error / max |φ| = ${(worst / scale).toExponential(2)} on ${count} nodes`,
      );
      expect(count).toBeGreaterThan(200_000);
      expect(worst / scale).toBeLessThan(accuracy);
    }
  });
});
