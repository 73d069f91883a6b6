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

/**
 * Unit vector of (x, y, z) written to `out[o..o+2]` (Math.hypot, a zero vector left unscaled): the one normalisation
 * used for tangents, side vectors and normals.
 */
function unitInto(out: Float32Array | Float64Array, o: number, x: number, y: number, z: number): void {
  const l = Math.hypot(x, y, z) || 1;
  out[o] = x / l;
  out[o + 1] = y / l;
  out[o + 2] = z / l;
}

/**
 * The cross-section at parameter t of residue s0 + k's spline piece: the residue whose shape and colour it takes (the
 * nearer end, k or k + 1) and the half-width a and half-thickness b, Å.
 */
export function ribbonSection(
  ss: readonly SecondaryStructure[],
  s0: number,
  k: number,
  t: number,
  last: boolean,
): { own: number; a: number; b: number } {
  const own = t < 0.5 || last ? k : k + 1;
  const kind = ss[s0 + own] ?? '-';
  let [a, b] = SECTION[kind];
  // a strand's last residue narrows from the arrowhead's base to a point
  const next = ss[s0 + k + 1];
  if (kind === 'E' && ss[s0 + k] === 'E' && next !== 'E') {
    a = Math.max(0.25, ARROW * (1 - t));
  }
  return { own, a, b };
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
  const segments = chainSegments(positions, residues, options.breakDistance).filter(([s0, s1]) => s1 - s0 >= 2);
  // sizes known in advance: (count − 1)·steps + 1 rings of `sides` vertices per segment
  let vertexCount = 0;
  let indexCount = 0;
  for (const [s0, s1] of segments) {
    const rings = (s1 - s0 - 1) * steps + 1;
    vertexCount += rings * sides;
    indexCount += (rings - 1) * sides * 6;
  }
  const pos = new Float32Array(3 * vertexCount);
  const nor = new Float32Array(3 * vertexCount);
  const col = new Float32Array(3 * vertexCount);
  const idx = new Uint32Array(indexCount);
  // the cross-section's cos/sin and the spline's powers of t, the same for every ring
  const cosines = new Float64Array(sides);
  const sines = new Float64Array(sides);
  for (let q = 0; q < sides; q++) {
    const theta = (2 * Math.PI * q) / sides;
    cosines[q] = Math.cos(theta);
    sines[q] = Math.sin(theta);
  }
  const powers = new Float64Array(3 * steps);
  for (let s = 0; s < steps; s++) {
    const t = s / steps;
    powers[3 * s] = t;
    powers[3 * s + 1] = t * t;
    powers[3 * s + 2] = t * t * t;
  }
  let maxCount = 0;
  for (const [s0, s1] of segments) maxCount = Math.max(maxCount, s1 - s0);
  // control points −1 … count + 1 (the Cα, extended by reflection at both ends so the spline reaches the end Cα; the
  // last residue's ring reads control count + 1, the same reflected point as count) and unit peptide directions of
  // one segment, 3 per residue
  const control = new Float64Array(3 * (maxCount + 3));
  const sides0 = new Float64Array(3 * maxCount);
  const v = new Float64Array(12); // tangent T, side W, binormal B, normal n
  let vertex = 0;
  let index = 0;
  for (const [s0, s1] of segments) {
    const count = s1 - s0;
    for (let k = 0; k < count; k++) {
      const ca = 3 * residues[s0 + k]!.ca;
      for (let d = 0; d < 3; d++) control[3 * (k + 1) + d] = positions[ca + d]!;
    }
    for (let d = 0; d < 3; d++) {
      control[d] = 2 * control[3 + d]! - control[6 + d]!;
      control[3 * (count + 1) + d] = 2 * control[3 * count + d]! - control[3 * (count - 1) + d]!;
      control[3 * (count + 2) + d] = control[3 * (count + 1) + d]!;
    }
    // peptide-plane directions (Cα → O), sign kept from flipping between consecutive residues
    for (let k = 0; k < count; k++) {
      const r = residues[s0 + k]!;
      let dx = 0;
      let dy = 0;
      let dz = 1;
      if (r.o >= 0) {
        dx = positions[3 * r.o]! - positions[3 * r.ca]!;
        dy = positions[3 * r.o + 1]! - positions[3 * r.ca + 1]!;
        dz = positions[3 * r.o + 2]! - positions[3 * r.ca + 2]!;
      }
      if (k > 0 && dx * sides0[3 * k - 3]! + dy * sides0[3 * k - 2]! + dz * sides0[3 * k - 1]! < 0) {
        dx = -dx;
        dy = -dy;
        dz = -dz;
      }
      unitInto(sides0, 3 * k, dx, dy, dz);
    }
    const firstVertex = vertex;
    let ring = 0;
    for (let k = 0; k < count; k++) {
      const last = k === count - 1;
      // control points k − 1 … k + 2 sit at control[3k … 3k + 11]
      const c0 = 3 * k;
      for (let s = 0; s < (last ? 1 : steps); s++) {
        const t = powers[3 * s]!;
        const t2 = powers[3 * s + 1]!;
        const t3 = powers[3 * s + 2]!;
        // Catmull-Rom (uniform) point and tangent between control k (t = 0) and k + 1 (t = 1)
        let px = 0;
        let py = 0;
        let pz = 0;
        for (let d = 0; d < 3; d++) {
          const p0 = control[c0 + d]!;
          const p1 = control[c0 + 3 + d]!;
          const p2 = control[c0 + 6 + d]!;
          const p3 = control[c0 + 9 + d]!;
          const a = p2 - p0;
          const b = 2 * p0 - 5 * p1 + 4 * p2 - p3;
          const c = 3 * p1 - p0 - 3 * p2 + p3;
          const point = 0.5 * (2 * p1 + a * t + b * t2 + c * t3);
          if (d === 0) px = point;
          else if (d === 1) py = point;
          else pz = point;
          v[d] = 0.5 * (a + 2 * b * t + 3 * c * t2);
        }
        unitInto(v, 0, v[0]!, v[1]!, v[2]!);
        const Tx = v[0]!;
        const Ty = v[1]!;
        const Tz = v[2]!;
        // side vector: the peptide directions blended, made normal to the tangent
        let bx = sides0[3 * k]!;
        let by = sides0[3 * k + 1]!;
        let bz = sides0[3 * k + 2]!;
        if (!last) {
          bx = (1 - t) * bx + t * sides0[3 * k + 3]!;
          by = (1 - t) * by + t * sides0[3 * k + 4]!;
          bz = (1 - t) * bz + t * sides0[3 * k + 5]!;
        }
        const along = bx * Tx + by * Ty + bz * Tz;
        const wx = bx - Tx * along;
        const wy = by - Ty * along;
        const wz = bz - Tz * along;
        if (Math.hypot(wx, wy, wz) < 1e-6) {
          // any direction normal to the tangent: T × x̂ or T × ŷ, normalised twice as W always is
          const [ex, ey] = Math.abs(Tx) < 0.9 ? [1, 0] : [0, 1];
          unitInto(v, 3, Ty * 0 - Tz * ey, Tz * ex - Tx * 0, Tx * ey - Ty * ex);
          unitInto(v, 3, v[3]!, v[4]!, v[5]!);
        } else unitInto(v, 3, wx, wy, wz);
        const Wx = v[3]!;
        const Wy = v[4]!;
        const Wz = v[5]!;
        const Bx = Ty * Wz - Tz * Wy;
        const By = Tz * Wx - Tx * Wz;
        const Bz = Tx * Wy - Ty * Wx;
        const { own, a, b } = ribbonSection(ss, s0, k, t, last);
        const [cr, cg, cb] = colors[s0 + own] ?? [0.85, 0.85, 0.85];
        for (let q = 0; q < sides; q++) {
          const c = cosines[q]!;
          const sn = sines[q]!;
          const o = 3 * vertex;
          pos[o] = px + a * c * Wx + b * sn * Bx;
          pos[o + 1] = py + a * c * Wy + b * sn * By;
          pos[o + 2] = pz + a * c * Wz + b * sn * Bz;
          unitInto(nor, o, (c / a) * Wx + (sn / b) * Bx, (c / a) * Wy + (sn / b) * By, (c / a) * Wz + (sn / b) * Bz);
          col[o] = cr;
          col[o + 1] = cg;
          col[o + 2] = cb;
          vertex++;
        }
        if (ring > 0) {
          const base = firstVertex + (ring - 1) * sides;
          for (let q = 0; q < sides; q++) {
            const q1 = (q + 1) % sides;
            idx[index++] = base + q;
            idx[index++] = base + sides + q;
            idx[index++] = base + q1;
            idx[index++] = base + q1;
            idx[index++] = base + sides + q;
            idx[index++] = base + sides + q1;
          }
        }
        ring++;
      }
    }
  }
  return { positions: pos, normals: nor, colors: col, indices: idx };
}
