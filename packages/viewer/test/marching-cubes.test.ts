import { describe, expect, it } from 'vitest';
import { marchingCubes } from '../src/field/marching-cubes.ts';
import { sampleGrid } from '../src/field/scalar-grid.ts';

describe('marchingCubes', () => {
  const n = 33;
  const h = 2 / (n - 1);
  const grid = sampleGrid([n, n, n], [-1, -1, -1], [h, h, h], (x, y, z) => Math.hypot(x - 0.05, y + 0.03, z));
  const radius = 0.6;
  const mesh = marchingCubes(grid, radius);
  const nv = mesh.positions.length / 3;
  const nt = mesh.indices.length / 3;

  it('puts every vertex on the sphere |r − c| = 0.6', () => {
    expect(nv).toBeGreaterThan(500);
    let worst = 0;
    for (let i = 0; i < nv; i++) {
      const d = Math.hypot(mesh.positions[3 * i]! - 0.05, mesh.positions[3 * i + 1]! + 0.03, mesh.positions[3 * i + 2]!);
      worst = Math.max(worst, Math.abs(d - radius));
    }
    // linear interpolation of |r| along a grid edge errs by at most h²/(8r)
    expect(worst).toBeLessThan((h * h) / (8 * 0.5));
  });

  it('gives radial unit normals along the gradient', () => {
    let worstDot = 1;
    for (let i = 0; i < nv; i++) {
      const px = mesh.positions[3 * i]! - 0.05;
      const py = mesh.positions[3 * i + 1]! + 0.03;
      const pz = mesh.positions[3 * i + 2]!;
      const r = Math.hypot(px, py, pz);
      const dot = (px * mesh.normals[3 * i]! + py * mesh.normals[3 * i + 1]! + pz * mesh.normals[3 * i + 2]!) / r;
      worstDot = Math.min(worstDot, dot);
      expect(Math.hypot(mesh.normals[3 * i]!, mesh.normals[3 * i + 1]!, mesh.normals[3 * i + 2]!)).toBeCloseTo(1, 6);
    }
    expect(worstDot).toBeGreaterThan(0.99);
  });

  it('is a closed surface of genus 0 (every edge in two triangles, V − E + F = 2) with area 4πr²', () => {
    const edges = new Map<string, number>();
    let area = 0;
    for (let t = 0; t < nt; t++) {
      const [a, b, c] = [mesh.indices[3 * t]!, mesh.indices[3 * t + 1]!, mesh.indices[3 * t + 2]!];
      for (const [p, q] of [
        [a, b],
        [b, c],
        [c, a],
      ] as const) {
        const key = p < q ? `${p},${q}` : `${q},${p}`;
        edges.set(key, (edges.get(key) ?? 0) + 1);
      }
      const v = (i: number): number[] => [mesh.positions[3 * i]!, mesh.positions[3 * i + 1]!, mesh.positions[3 * i + 2]!];
      const [pa, pb, pc] = [v(a), v(b), v(c)];
      const u = [pb[0]! - pa[0]!, pb[1]! - pa[1]!, pb[2]! - pa[2]!];
      const w = [pc[0]! - pa[0]!, pc[1]! - pa[1]!, pc[2]! - pa[2]!];
      area += 0.5 * Math.hypot(u[1]! * w[2]! - u[2]! * w[1]!, u[2]! * w[0]! - u[0]! * w[2]!, u[0]! * w[1]! - u[1]! * w[0]!);
    }
    expect([...edges.values()].every((count) => count === 2)).toBe(true);
    expect(nv - edges.size + nt).toBe(2);
    expect(area / (4 * Math.PI * radius * radius)).toBeGreaterThan(0.98);
    expect(area / (4 * Math.PI * radius * radius)).toBeLessThan(1.0);
  });

  it('returns an empty mesh for a level outside the field range and rejects a bad grid', () => {
    expect(marchingCubes(grid, 5).indices.length).toBe(0);
    expect(() => marchingCubes({ shape: [2, 2, 2], origin: [0, 0, 0], spacing: [1, 1, 1], values: new Float64Array(7) }, 0)).toThrow(
      /7 values/,
    );
  });
});
