/**
 * Cartoon (ribbon) geometry of proteins: a Catmull-Rom spline through the Cα atoms of each unbroken chain segment
 * (it passes through every Cα), with an elliptic cross-section oriented by the peptide planes (Cα → O, kept from
 * flipping between residues): a thin tube for coil, a wide flat ribbon for α-helices, and a flat strand for
 * β-strands ending in an arrowhead. Per-vertex colours from one colour per residue.
 */
import type { Rgb } from '../colormap.ts';
import type { Residue, SecondaryStructure } from './secondary-structure.ts';

/** A coloured triangle mesh (sRGB colours, 3 per vertex). */
export interface ColoredMesh {
  readonly positions: Float32Array;
  readonly normals: Float32Array;
  readonly colors: Float32Array;
  readonly indices: Uint32Array;
}

/** Options of {@link cartoonMesh}. */
export interface CartoonOptions {
  /** Spline points per residue (default 6). */
  readonly subdivisions?: number;
  /** Points around the cross-section (default 10). */
  readonly sides?: number;
  /** Cα–Cα distance above which the chain is broken, Å (default 4.2; consecutive Cα are 3.8 Å apart). */
  readonly breakDistance?: number;
}

/** Half-width and half-thickness of the cross-section, Å. */
const SECTION: Record<SecondaryStructure, [number, number]> = {
  H: [1.2, 0.25],
  E: [1.0, 0.25],
  B: [0.25, 0.25],
  '-': [0.25, 0.25],
};
/** Half-width of the base of a strand's arrowhead, Å. */
const ARROW = 1.6;

/** The default colours of a cartoon by secondary structure (sRGB): helix magenta, strand yellow, coil light grey. */
export const SECONDARY_STRUCTURE_COLORS: Record<SecondaryStructure, Rgb> = {
  H: [0.9, 0.25, 0.6],
  E: [1, 0.8, 0.2],
  B: [0.85, 0.85, 0.85],
  '-': [0.85, 0.85, 0.85],
};

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

/**
 * The unbroken runs of residues: same chain, Cα–Cα below `breakDistance`. Returns index ranges [start, end).
 *
 * @example
 * ```ts
 * chainSegments(protein.positions, residuesOf(protein)); // [[0, 375], [375, 750]] for a dimer
 * ```
 */
export function chainSegments(positions: ArrayLike<number>, residues: readonly Residue[], breakDistance = 4.2): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  for (let i = 1; i <= residues.length; i++) {
    const a = residues[i - 1]!;
    const b = residues[i];
    const joined =
      b !== undefined &&
      a.chain === b.chain &&
      Math.hypot(
        positions[3 * a.ca]! - positions[3 * b.ca]!,
        positions[3 * a.ca + 1]! - positions[3 * b.ca + 1]!,
        positions[3 * a.ca + 2]! - positions[3 * b.ca + 2]!,
      ) < breakDistance;
    if (!joined) {
      out.push([start, i]);
      start = i;
    }
  }
  return out;
}

/**
 * The cartoon of the residues with secondary structure `ss` (one letter each) and one colour per residue.
 *
 * @example
 * ```ts
 * const residues = residuesOf(protein);
 * const ss = computeSecondaryStructure(protein.positions, residues);
 * const mesh = cartoonMesh(protein.positions, residues, ss, ss.map((s) => SECONDARY_STRUCTURE_COLORS[s]));
 * ```
 */
export function cartoonMesh(
  positions: ArrayLike<number>,
  residues: readonly Residue[],
  ss: readonly SecondaryStructure[],
  colors: readonly Rgb[],
  options: CartoonOptions = {},
): ColoredMesh {
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
        const own = t < 0.5 || last ? k : k + 1;
        const kind = ss[s0 + own] ?? '-';
        let [a, b] = SECTION[kind];
        // a strand's last residue narrows from the arrowhead's base to a point
        const next = ss[s0 + k + 1];
        if (kind === 'E' && ss[s0 + k] === 'E' && next !== 'E') {
          a = Math.max(0.25, ARROW * (1 - t));
        }
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
