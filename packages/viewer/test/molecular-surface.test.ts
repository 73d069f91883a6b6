import { parsePqr } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { meshArea, molecularSurface } from '../src/bio/molecular-surface.ts';

/**
 * Marching cubes on a sphere of radius R with spacing h: triangles fit in a cube of side h (circumradius ρ ≤ h√3/2),
 * and a flat triangle under a spherical cap of radius ρ misses a fraction ρ²/(4R²) ≤ 3h²/(16R²) of its area; the
 * vertices, linear interpolants of the convex |x − c| along cube edges, lie inside by at most h²/(8R), which shrinks the
 * area by at most 2·h²/(8R)/R = h²/(4R²). Total relative error ≤ 7h²/(16R²).
 */
const sphereBound = (h: number, r: number): number => (7 * h * h) / (16 * r * r);

describe('molecular surfaces', () => {
  it('van der Waals surface of one sphere: area 4πr² within the marching-cubes bound, converging at second order', () => {
    const r = 2;
    const errors = [0.4, 0.2, 0.1].map((h) => {
      const area = meshArea(molecularSurface(new Float64Array([0.3, -0.2, 0.1]), [r], { kind: 'vdw', spacing: h }));
      const error = Math.abs(area / (4 * Math.PI * r * r) - 1);
      expect(error).toBeLessThan(sphereBound(h, r));
      return error;
    });
    // halving h divides a second-order error by about 4: demand at least 3 each time
    expect(errors[0]! / errors[1]!).toBeGreaterThan(3);
    expect(errors[1]! / errors[2]!).toBeGreaterThan(3);
  });

  it('solvent-accessible surface of two overlapping spheres: the analytic area of the union of r + probe spheres', () => {
    // radii 1.5 and 2 Å, probe 1 Å: SAS spheres R1 = 2.5, R2 = 3 Å, centres 2.5 Å apart
    const [R1, R2, d] = [2.5, 3, 2.5];
    const h1 = (d * d + R1 * R1 - R2 * R2) / (2 * d); // signed distance from centre 1 to the intersection plane
    const h2 = d - h1;
    // each sphere keeps its area beyond the plane: 2πR(R + h)
    const exact = 2 * Math.PI * R1 * (R1 + h1) + 2 * Math.PI * R2 * (R2 + h2);
    const crease = 2 * Math.PI * Math.sqrt(R1 * R1 - h1 * h1); // length of the intersection circle
    for (const h of [0.2, 0.1]) {
      const area = meshArea(molecularSurface(new Float64Array([0, 0, 0, d, 0, 0]), [1.5, 2], { kind: 'sas', probe: 1, spacing: h }));
      // smooth parts as for one sphere (smaller radius), plus the crease: the mesh cuts a strip of width ≤ h√3 along it
      const bound = sphereBound(h, R1) * exact + crease * h * Math.sqrt(3);
      expect(Math.abs(area - exact)).toBeLessThan(bound);
    }
  });

  it('solvent-excluded surface: one atom gives its own sphere; two atoms the analytic re-entrant torus between them', () => {
    const p = 1.4;
    const h1 = 0.2;
    const one = meshArea(molecularSurface(new Float64Array([0, 0, 0]), [1.8], { kind: 'ses', probe: p, spacing: h1 }));
    // probe centres h apart on the SAS leave gaps through which the surface bulges by at most h²/(8p): relative area 2·that/r
    expect(Math.abs(one / (4 * Math.PI * 1.8 * 1.8) - 1)).toBeLessThan(sphereBound(h1, 1.8) + (2 * (h1 * h1)) / (8 * p) / 1.8);
    // two spheres r = 1.5 Å, 3.6 Å apart: the probe touching both rolls on the circle of radius a = √((r + p)² − (d/2)²)
    // in the mid plane, so between the contact circles (|x − d/2| < d/2 − (d/2)·r/(r + p) = 0.869 Å) the surface is the
    // torus ρ(x) = a − √(p² − (x − d/2)²)
    const [r, d] = [1.5, 3.6];
    const a = Math.sqrt((r + p) ** 2 - (d / 2) ** 2);
    const h = 0.1;
    const mesh = molecularSurface(new Float64Array([0, 0, 0, d, 0, 0]), [r, r], { kind: 'ses', probe: p, spacing: h });
    let worst = 0;
    let count = 0;
    for (let v = 0; v < mesh.positions.length; v += 3) {
      const x = mesh.positions[v]! - d / 2;
      if (Math.abs(x) > 0.8) continue;
      count++;
      const rho = Math.hypot(mesh.positions[v + 1]!, mesh.positions[v + 2]!);
      worst = Math.max(worst, Math.abs(rho - (a - Math.sqrt(p * p - x * x))));
    }
    expect(count).toBeGreaterThan(1000);
    // leading-order error: gaps between probe centres h apart on the circle, h²/(8p), and linear interpolation of the
    // field along a cube edge across a surface of smallest curvature radius the waist a − p, h²/(8(a − p)) (0.0023 Å
    // here; measured 0.0016 Å. On coarser grids the sampling of the crease adds more: 0.018 Å at h = 0.2 Å)
    expect(worst).toBeLessThan((h * h) / (8 * p) + (h * h) / (8 * (a - p)));
  });

  it('1AJJ with the PQR radii: SAS ⊃ SES ⊃ vdW by area, and every SES vertex between the vdW and SAS surfaces', () => {
    const protein = parsePqr(readFixtureText('pqr/1ajj.pqr'))[0]!;
    const radii = (protein.arrays.radii as { data: Float64Array }).data;
    const h = 0.5;
    const sas = meshArea(molecularSurface(protein.positions, radii, { kind: 'sas', spacing: h }));
    const ses = molecularSurface(protein.positions, radii, { kind: 'ses', spacing: h });
    const vdw = meshArea(molecularSurface(protein.positions, radii, { kind: 'vdw', spacing: h }));
    expect(sas).toBeGreaterThan(meshArea(ses));
    expect(vdw).toBeGreaterThan(meshArea(ses)); // the SES smooths the crevices of the vdW surface away
    const n = radii.length;
    let inside = 0;
    for (let v = 0; v < ses.positions.length; v += 3) {
      let f = Infinity;
      for (let a = 0; a < n; a++) {
        const dist = Math.hypot(
          ses.positions[v]! - protein.positions[3 * a]!,
          ses.positions[v + 1]! - protein.positions[3 * a + 1]!,
          ses.positions[v + 2]! - protein.positions[3 * a + 2]!,
        );
        f = Math.min(f, dist - radii[a]!);
      }
      // between the vdW surface (f = 0) and the SAS (f = p = 1.4), within a grid spacing
      if (f < -h || f > 1.4 + h) inside++;
    }
    expect(inside).toBe(0);
  });
});
