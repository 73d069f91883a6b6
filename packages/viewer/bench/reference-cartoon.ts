/**
 * The ribbon builder as it was before the typed-array rewrite (per-vertex arrays and objects, one `push` per
 * coordinate), kept for `cartoon.ts`'s before/after timing and for the test that the new builder gives the same mesh.
 */

import { type ColoredMesh, chainSegments, ribbonSection, type cartoonMesh as typedArrayCartoonMesh } from '../src/bio/cartoon.ts';

type V3 = [number, number, number];
const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: V3, b: V3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: V3, b: V3): V3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (a: V3): V3 => {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
};

/** Catmull-Rom (uniform) point and tangent between p1 (t = 0) and p2 (t = 1). */
function catmullRom(p0: V3, p1: V3, p2: V3, p3: V3, t: number): { point: V3; tangent: V3 } {
  const t2 = t * t;
  const t3 = t2 * t;
  const point: V3 = [0, 0, 0];
  const tangent: V3 = [0, 0, 0];
  for (let d = 0; d < 3; d++) {
    const a = p2[d]! - p0[d]!;
    const b = 2 * p0[d]! - 5 * p1[d]! + 4 * p2[d]! - p3[d]!;
    const c = 3 * p1[d]! - p0[d]! - 3 * p2[d]! + p3[d]!;
    point[d] = 0.5 * (2 * p1[d]! + a * t + b * t2 + c * t3);
    tangent[d] = 0.5 * (a + 2 * b * t + 3 * c * t2);
  }
  return { point, tangent };
}

/** The same arguments as `cartoonMesh` of `src/bio/cartoon.ts`. */
export function cartoonMesh(...args: Parameters<typeof typedArrayCartoonMesh>): ColoredMesh {
  const [positions, residues, ss, colors, options = {}] = args;
  const steps = options.subdivisions ?? 6;
  const sides = options.sides ?? 10;
  const at = (i: number): V3 => [positions[3 * i]!, positions[3 * i + 1]!, positions[3 * i + 2]!];
  const pos: number[] = [];
  const nor: number[] = [];
  const col: number[] = [];
  const idx: number[] = [];
  for (const [s0, s1] of chainSegments(positions, residues, options.breakDistance)) {
    const count = s1 - s0;
    if (count < 2) continue;
    const ca = (k: number): V3 => at(residues[s0 + Math.min(Math.max(k, 0), count - 1)]!.ca);
    // control points, extended by reflection at the ends so the spline reaches the end Cα
    const control = (k: number): V3 => {
      if (k < 0) return sub([2 * ca(0)[0], 2 * ca(0)[1], 2 * ca(0)[2]], ca(1));
      if (k >= count) return sub([2 * ca(count - 1)[0], 2 * ca(count - 1)[1], 2 * ca(count - 1)[2]], ca(count - 2));
      return ca(k);
    };
    // peptide-plane directions (Cα → O), sign kept from flipping between consecutive residues
    const sides0: V3[] = [];
    for (let k = 0; k < count; k++) {
      const r = residues[s0 + k]!;
      let d: V3 = r.o >= 0 ? sub(at(r.o), at(r.ca)) : [0, 0, 1];
      if (k > 0 && dot(d, sides0[k - 1]!) < 0) d = [-d[0], -d[1], -d[2]];
      sides0.push(unit(d));
    }
    let ring = 0;
    const firstVertex = pos.length / 3;
    for (let k = 0; k < count; k++) {
      const last = k === count - 1;
      for (let s = 0; s < (last ? 1 : steps); s++) {
        const t = s / steps;
        const { point, tangent } = catmullRom(control(k - 1), control(k), control(k + 1), control(k + 2), t);
        const T = unit(tangent);
        // side vector: the peptide directions blended, made normal to the tangent
        const blend: V3 = last ? sides0[k]! : ([0, 1, 2].map((d) => (1 - t) * sides0[k]![d]! + t * sides0[k + 1]![d]!) as V3);
        let W = sub(blend, [T[0] * dot(blend, T), T[1] * dot(blend, T), T[2] * dot(blend, T)]);
        if (Math.hypot(...W) < 1e-6) W = unit(cross(T, Math.abs(T[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0]));
        W = unit(W);
        const B = cross(T, W);
        const { own, a, b } = ribbonSection(ss, s0, k, t, last);
        const [cr, cg, cb] = colors[s0 + own] ?? [0.85, 0.85, 0.85];
        for (let q = 0; q < sides; q++) {
          const theta = (2 * Math.PI * q) / sides;
          const c = Math.cos(theta);
          const sn = Math.sin(theta);
          pos.push(
            point[0] + a * c * W[0] + b * sn * B[0],
            point[1] + a * c * W[1] + b * sn * B[1],
            point[2] + a * c * W[2] + b * sn * B[2],
          );
          const n = unit([(c / a) * W[0] + (sn / b) * B[0], (c / a) * W[1] + (sn / b) * B[1], (c / a) * W[2] + (sn / b) * B[2]]);
          nor.push(n[0], n[1], n[2]);
          col.push(cr, cg, cb);
        }
        if (ring > 0) {
          const base = firstVertex + (ring - 1) * sides;
          for (let q = 0; q < sides; q++) {
            const q1 = (q + 1) % sides;
            idx.push(base + q, base + sides + q, base + q1, base + q1, base + sides + q, base + sides + q1);
          }
        }
        ring++;
      }
    }
  }
  return {
    positions: Float32Array.from(pos),
    normals: Float32Array.from(nor),
    colors: Float32Array.from(col),
    indices: Uint32Array.from(idx),
  };
}
