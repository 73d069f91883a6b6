import { parsePqr } from '@equitensor/io';
import { readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import * as perVertex from '../bench/reference-cartoon.ts';
import { type ColoredMesh, cartoonMesh, chainSegments, SECONDARY_STRUCTURE_COLORS } from '../src/bio/cartoon.ts';
import { computeSecondaryStructure, type Residue, residuesOf } from '../src/bio/secondary-structure.ts';

describe('cartoon', () => {
  const protein = parsePqr(readFixtureText('pqr/1a63.pqr'))[0]!;
  const residues = residuesOf(protein);
  const ss = computeSecondaryStructure(protein.positions, residues);
  const colors = ss.map((s) => SECONDARY_STRUCTURE_COLORS[s]);

  it('the spline passes through every Cα: each residue’s first ring is centred on it (float32 positions)', () => {
    const [steps, sides] = [6, 10];
    const mesh = cartoonMesh(protein.positions, residues, ss, colors, { subdivisions: steps, sides });
    expect(chainSegments(protein.positions, residues)).toEqual([[0, 130]]); // one unbroken chain
    // rings: 6 per residue but 1 for the last
    expect(mesh.positions.length / 3).toBe((steps * (residues.length - 1) + 1) * sides);
    for (let k = 0; k < residues.length; k++) {
      const ring = k * steps * sides;
      const centre = [0, 1, 2].map((d) => {
        let s = 0;
        for (let q = 0; q < sides; q++) s += mesh.positions[3 * (ring + q) + d]!;
        return s / sides;
      });
      const ca = residues[k]!.ca;
      // the cross-section is symmetric about its centre (cos and sin sum to 0 over the sides); float32 rounding ~1e-5 Å
      for (let d = 0; d < 3; d++) expect(Math.abs(centre[d]! - protein.positions[3 * ca + d]!)).toBeLessThan(1e-4);
    }
    expect(mesh.indices.length).toBe(6 * sides * steps * (residues.length - 1));
    // unit normals, and per-vertex colours from the residues
    for (let v = 0; v < mesh.normals.length; v += 3)
      expect(Math.abs(Math.hypot(mesh.normals[v]!, mesh.normals[v + 1]!, mesh.normals[v + 2]!) - 1)).toBeLessThan(1e-6);
    expect(mesh.colors.length).toBe(mesh.positions.length);
  });

  it('breaks the ribbon where consecutive Cα are farther apart than 4.2 Å', () => {
    const moved = Float64Array.from(protein.positions);
    // move residues 60… 10 Å away: a gap between residue 59 and 60
    for (let k = 60; k < residues.length; k++)
      for (let i = residues[k]!.start; i < residues[k]!.end; i++) moved[3 * i] = moved[3 * i]! + 10;
    expect(chainSegments(moved, residues)).toEqual([
      [0, 60],
      [60, 130],
    ]);
    const mesh = cartoonMesh(moved, residues, ss, colors, { subdivisions: 4, sides: 8 });
    let longest = 0;
    for (let t = 0; t < mesh.indices.length; t += 3)
      for (const [a, b] of [
        [0, 1],
        [1, 2],
        [0, 2],
      ] as const)
        longest = Math.max(
          longest,
          Math.hypot(
            mesh.positions[3 * mesh.indices[t + a]!]! - mesh.positions[3 * mesh.indices[t + b]!]!,
            mesh.positions[3 * mesh.indices[t + a]! + 1]! - mesh.positions[3 * mesh.indices[t + b]! + 1]!,
            mesh.positions[3 * mesh.indices[t + a]! + 2]! - mesh.positions[3 * mesh.indices[t + b]! + 2]!,
          ),
        );
    // within a segment a triangle spans at most a quarter residue plus the ribbon's width (2 × 1.6 Å arrow base)
    expect(longest).toBeLessThan(5);
  });

  /** Largest |difference| of two meshes' arrays, after checking they have the same lengths (vertex and index counts). */
  const largestDifference = (a: ColoredMesh, b: ColoredMesh): number => {
    let largest = 0;
    for (const key of ['positions', 'normals', 'colors', 'indices'] as const) {
      expect(a[key].length).toBe(b[key].length);
      for (let i = 0; i < a[key].length; i++) largest = Math.max(largest, Math.abs(a[key][i]! - b[key][i]!));
    }
    return largest;
  };

  it('builds the same mesh as the per-vertex builder it replaced (bench/reference-cartoon.ts): actin dimer, 1a63 with a gap', () => {
    const actin = parsePqr(readFixtureText('pqr/actin-dimer_complex.pqr'))[0]!;
    const actinResidues = residuesOf(actin);
    const actinSs = computeSecondaryStructure(actin.positions, actinResidues);
    const actinColors = actinSs.map((s) => SECONDARY_STRUCTURE_COLORS[s]);
    const moved = Float64Array.from(protein.positions);
    for (let k = 60; k < residues.length; k++) moved[3 * residues[k]!.ca + 1] = moved[3 * residues[k]!.ca + 1]! - 12;
    // the same double-precision operations in the same order, rounded once to float32: equal to 1e-12 (i.e. exactly)
    const cases: [ArrayLike<number>, readonly Residue[], typeof ss, typeof colors, { subdivisions?: number; sides?: number }][] = [
      [actin.positions, actinResidues, actinSs, actinColors, {}],
      [moved, residues, ss, colors, { subdivisions: 4, sides: 7 }],
    ];
    for (const [positions, rs, s, c, options] of cases)
      expect(
        largestDifference(cartoonMesh(positions, rs, s, c, options), perVertex.cartoonMesh(positions, rs, s, c, options)),
      ).toBeLessThan(1e-12);
  });

  it('a straight chain whose Cα → O lies along the chain takes a side normal to the tangent, as the per-vertex builder did', () => {
    // 5 Cα on the x axis 3.8 Å apart, each O 1.2 Å further along x: the peptide direction is parallel to the tangent
    const positions: number[] = [];
    const straight: Residue[] = [];
    for (let k = 0; k < 5; k++) {
      positions.push(3.8 * k, 0, 0, 3.8 * k + 1.2, 0, 0);
      straight.push({
        chain: 'A',
        number: k + 1,
        insertion: '',
        name: 'ALA',
        n: -1,
        ca: 2 * k,
        c: -1,
        o: 2 * k + 1,
        start: 2 * k,
        end: 2 * k + 2,
      });
    }
    const kinds = ['-', 'E', 'E', 'E', '-'] as const;
    const mesh = cartoonMesh(
      positions,
      straight,
      kinds,
      kinds.map((s) => SECONDARY_STRUCTURE_COLORS[s]),
      { sides: 6 },
    );
    expect(
      largestDifference(
        mesh,
        perVertex.cartoonMesh(
          positions,
          straight,
          kinds,
          kinds.map((s) => SECONDARY_STRUCTURE_COLORS[s]),
          { sides: 6 },
        ),
      ),
    ).toBeLessThan(1e-12);
    // the side vector is then ẑ × … : every ring lies in the plane x = its centre's x (a circle normal to the axis)
    for (let v = 0; v < mesh.positions.length / 3; v += 6)
      for (let q = 1; q < 6; q++) expect(mesh.positions[3 * (v + q)]).toBe(mesh.positions[3 * v]);
  });
});
