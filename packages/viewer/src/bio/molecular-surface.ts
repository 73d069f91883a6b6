/**
 * Molecular surfaces of a set of spheres (atoms with radii) on a grid, extracted by marching cubes:
 * - `vdw`: the boundary of the union of the atoms' spheres;
 * - `sas` (solvent-accessible, Lee & Richards 1971): the union of spheres of radius r + probe, the surface that the
 *   centre of a probe sphere rolling on the atoms traces;
 * - `ses` (solvent-excluded, Connolly 1983): the surface that the probe's front traces, contact patches on the atoms
 *   and re-entrant patches where the probe touches two or more atoms; the points closer than the probe radius to a
 *   position the probe's centre can reach are outside it.
 *
 * The SAS field is f(x) = minᵢ(|x − cᵢ| − rᵢ − p), exact in its zero set. For the SES, probe centres are the accessible
 * grid points next to the SAS, each moved onto the sphere of its nearest atom (so on the SAS), or, where that lands inside
 * a neighbouring atom's sphere (a crease of the SAS), onto the circle where the two spheres meet; the field is
 * p − min_P |x − P|: the points within p of a probe centre are outside. Normals point outwards.
 */
import { type IsoMesh, marchingCubes } from '../field/marching-cubes.ts';
import type { ScalarGrid } from '../field/scalar-grid.ts';

/** Which molecular surface. */
export type SurfaceKind = 'vdw' | 'sas' | 'ses';

/** Options of {@link molecularSurface}. */
export interface SurfaceOptions {
  /** `ses` (default), `sas` or `vdw`. */
  readonly kind?: SurfaceKind;
  /** Probe radius, Å (default 1.4, water). Ignored for `vdw`. */
  readonly probe?: number;
  /** Grid spacing, Å (default 0.5). */
  readonly spacing?: number;
}

/** The field and grid a surface is extracted from (for tests and other isosurfaces). */
export interface SurfaceField {
  readonly grid: ScalarGrid;
  /** The isovalue of the surface (0), outside where the field is larger. */
  readonly level: number;
}

/**
 * The SAS-type field f(x) = minᵢ(|x − cᵢ| − Rᵢ) (Rᵢ = rᵢ + `grow`) on a grid covering the spheres with `pad` Å to
 * spare, clamped to ±`cap` far from every sphere; `owner` holds the index of the sphere that gives the minimum
 * (−1 where none is within `cap`).
 */
function sphereField(
  positions: ArrayLike<number>,
  radii: ArrayLike<number>,
  grow: number,
  spacing: number,
  pad: number,
  cap: number,
  second = false,
): { grid: ScalarGrid & { values: Float32Array }; owner: Int32Array; owner2: Int32Array | null } {
  const n = radii.length;
  if (positions.length !== 3 * n) throw new RangeError(`molecularSurface: ${positions.length} coordinates for ${n} radii`);
  if (n === 0) throw new RangeError('molecularSurface: no atoms');
  if (!(spacing > 0)) throw new RangeError(`molecularSurface: spacing must be positive, got ${spacing}`);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  let rMax = 0;
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < 3; d++) {
      lo[d] = Math.min(lo[d]!, positions[3 * i + d]!);
      hi[d] = Math.max(hi[d]!, positions[3 * i + d]!);
    }
    rMax = Math.max(rMax, radii[i]! + grow);
  }
  const margin = rMax + pad + 2 * spacing;
  const origin = [lo[0]! - margin, lo[1]! - margin, lo[2]! - margin] as [number, number, number];
  const shape = [0, 1, 2].map((d) => Math.ceil((hi[d]! - lo[d]! + 2 * margin) / spacing) + 1) as [number, number, number];
  const [nx, ny, nz] = shape;
  const values = new Float32Array(nx * ny * nz).fill(cap);
  const owner = new Int32Array(nx * ny * nz).fill(-1);
  // the second-nearest sphere (SES creases): its value and index
  const values2 = second ? new Float32Array(nx * ny * nz).fill(cap) : null;
  const owner2 = second ? new Int32Array(nx * ny * nz).fill(-1) : null;
  for (let a = 0; a < n; a++) {
    const cx = positions[3 * a]!;
    const cy = positions[3 * a + 1]!;
    const cz = positions[3 * a + 2]!;
    const R = radii[a]! + grow;
    const reach = R + cap;
    const i0 = Math.max(0, Math.floor((cx - reach - origin[0]) / spacing));
    const i1 = Math.min(nx - 1, Math.ceil((cx + reach - origin[0]) / spacing));
    const j0 = Math.max(0, Math.floor((cy - reach - origin[1]) / spacing));
    const j1 = Math.min(ny - 1, Math.ceil((cy + reach - origin[1]) / spacing));
    const k0 = Math.max(0, Math.floor((cz - reach - origin[2]) / spacing));
    const k1 = Math.min(nz - 1, Math.ceil((cz + reach - origin[2]) / spacing));
    for (let i = i0; i <= i1; i++) {
      const dx = origin[0] + i * spacing - cx;
      for (let j = j0; j <= j1; j++) {
        const dy = origin[1] + j * spacing - cy;
        const row = (i * ny + j) * nz;
        for (let k = k0; k <= k1; k++) {
          const dz = origin[2] + k * spacing - cz;
          // |x − c| − R < current ⇔ |x − c|² < (current + R)² when current + R > 0 (no square root otherwise)
          const t = values[row + k]! + R;
          const d2 = dx * dx + dy * dy + dz * dz;
          if (t > 0 && d2 < t * t) {
            if (values2) {
              values2[row + k] = values[row + k]!;
              owner2![row + k] = owner[row + k]!;
            }
            values[row + k] = Math.sqrt(d2) - R;
            owner[row + k] = a;
          } else if (values2) {
            const t2 = values2[row + k]! + R;
            if (t2 > 0 && d2 < t2 * t2) {
              values2[row + k] = Math.sqrt(d2) - R;
              owner2![row + k] = a;
            }
          }
        }
      }
    }
  }
  return { grid: { shape, origin, spacing: [spacing, spacing, spacing], values }, owner, owner2 };
}

/**
 * The field whose zero isosurface is the chosen molecular surface (outside where larger), on its grid.
 *
 * @example
 * ```ts
 * const { grid, level } = surfaceField(positions, radii, { kind: 'sas' });
 * ```
 */
export function surfaceField(positions: ArrayLike<number>, radii: ArrayLike<number>, options: SurfaceOptions = {}): SurfaceField {
  const kind = options.kind ?? 'ses';
  const probe = kind === 'vdw' ? 0 : (options.probe ?? 1.4);
  const h = options.spacing ?? 0.5;
  if (!(probe >= 0)) throw new RangeError(`molecularSurface: the probe radius must be ≥ 0, got ${probe}`);
  if (kind !== 'ses' || probe === 0) return { grid: sphereField(positions, radii, probe, h, 0, 2 * h).grid, level: 0 };
  // SES: the SAS field; its sign classifies every point (a point inside the SAS is within reach of its atom), and
  // the accessible points next to it (f < h) have their nearest atom
  const { grid, owner, owner2 } = sphereField(positions, radii, probe, h, 0, 2 * h, true);
  const [nx, ny, nz] = grid.shape;
  const [ox, oy, oz] = grid.origin;
  const f = grid.values;
  const out = new Float32Array(f.length);
  // inside the SAS: deep (−cap) until a probe centre comes within reach; accessible points: +p
  const deep = -(probe + 3 * h);
  for (let q = 0; q < f.length; q++) out[q] = f[q]! >= 0 ? probe : deep;
  const reach = probe + 2 * h;
  /** Whether a point is inside the SAS sphere of an atom other than a and b nearest to a grid point around it. */
  const insideNearSphere = (x: number, y: number, z: number, a: number, b: number): boolean => {
    const i = Math.min(Math.max(Math.floor((x - ox) / h), 0), nx - 2);
    const j = Math.min(Math.max(Math.floor((y - oy) / h), 0), ny - 2);
    const k = Math.min(Math.max(Math.floor((z - oz) / h), 0), nz - 2);
    for (let c = 0; c < 16; c++) {
      const node = ((i + ((c >> 2) & 1)) * ny + j + ((c >> 1) & 1)) * nz + k + (c & 1);
      const e = c < 8 ? owner[node]! : owner2![node]!;
      if (e < 0 || e === a || e === b) continue;
      const R = radii[e]! + probe;
      const d2 = (x - positions[3 * e]!) ** 2 + (y - positions[3 * e + 1]!) ** 2 + (z - positions[3 * e + 2]!) ** 2;
      if (d2 < R * R * (1 - 1e-9)) return true;
    }
    return false;
  };
  /** Mark the points within p of a probe centre (px, py, pz) as outside (the field there: p − distance). */
  const stamp = (px: number, py: number, pz: number): void => {
    const ix = (px - ox) / h;
    const jy = (py - oy) / h;
    const span = reach / h;
    for (let ii = Math.max(0, Math.ceil(ix - span)); ii <= Math.min(nx - 1, Math.floor(ix + span)); ii++) {
      const dx = ox + ii * h - px;
      for (let jj = Math.max(0, Math.ceil(jy - span)); jj <= Math.min(ny - 1, Math.floor(jy + span)); jj++) {
        const dy = oy + jj * h - py;
        const row = (ii * ny + jj) * nz;
        // only the points within p + 2h of P (a field value above −2h) matter to the isosurface
        const rest = reach * reach - dx * dx - dy * dy;
        if (rest <= 0) continue;
        const kz = (pz - oz) / h;
        const half = Math.sqrt(rest) / h;
        for (let kk = Math.max(0, Math.ceil(kz - half)); kk <= Math.min(nz - 1, Math.floor(kz + half)); kk++) {
          if (f[row + kk]! >= 0) continue;
          const dz = oz + kk * h - pz;
          // p − |x − P| > current ⇔ |x − P|² < (p − current)² (current ≤ p)
          const t = probe - out[row + kk]!;
          const d2 = dx * dx + dy * dy + dz * dz;
          if (d2 < t * t) out[row + kk] = probe - Math.sqrt(d2);
        }
      }
    }
  };
  for (let i = 1; i < nx - 1; i++)
    for (let j = 1; j < ny - 1; j++)
      for (let k = 1; k < nz - 1; k++) {
        const q = (i * ny + j) * nz + k;
        if (f[q]! < 0) continue;
        // an accessible point next to the SAS: a probe centre, moved onto its nearest atom's SAS sphere
        if (f[q + 1]! >= 0 && f[q - 1]! >= 0 && f[q + nz]! >= 0 && f[q - nz]! >= 0 && f[q + ny * nz]! >= 0 && f[q - ny * nz]! >= 0)
          continue;
        const a = owner[q]!;
        if (a < 0) continue;
        const gx = ox + i * h;
        const gy = oy + j * h;
        const gz = oz + k * h;
        const cx = positions[3 * a]!;
        const cy = positions[3 * a + 1]!;
        const cz = positions[3 * a + 2]!;
        const d = Math.hypot(gx - cx, gy - cy, gz - cz);
        const Ra = radii[a]! + probe;
        const scale = d > 0 ? Ra / d : 1;
        const px = cx + (gx - cx) * scale;
        const py = cy + (gy - cy) * scale;
        const pz = cz + (gz - cz) * scale;
        // near a crease of the SAS (within h of the second-nearest sphere b) the probe also sits on the circle where
        // the two spheres meet, which sampling the grid would miss by up to ~h
        let inside = false;
        for (let once = 0; once < 1; once++) {
          const b = owner2![q]!;
          if (b < 0) continue;
          const bx = positions[3 * b]!;
          const by = positions[3 * b + 1]!;
          const bz = positions[3 * b + 2]!;
          const Rb = radii[b]! + probe;
          const db2 = (px - bx) ** 2 + (py - by) ** 2 + (pz - bz) ** 2;
          if (db2 >= (Rb + h) * (Rb + h)) continue;
          if (db2 < Rb * Rb) inside = true; // not a place the probe can reach
          const dab = Math.hypot(bx - cx, by - cy, bz - cz);
          if (!(dab > Math.abs(Ra - Rb) && dab < Ra + Rb)) continue; // no circle: one sphere inside the other, or apart
          const ux = (bx - cx) / dab;
          const uy = (by - cy) / dab;
          const uz = (bz - cz) / dab;
          const along = (dab * dab + Ra * Ra - Rb * Rb) / (2 * dab);
          const rho = Math.sqrt(Ra * Ra - along * along);
          const ex = gx - cx - along * ux;
          const ey = gy - cy - along * uy;
          const ez = gz - cz - along * uz;
          const t = ex * ux + ey * uy + ez * uz;
          const w = Math.hypot(ex - t * ux, ey - t * uy, ez - t * uz);
          if (w === 0) continue;
          const sx = cx + along * ux + (rho * (ex - t * ux)) / w;
          const sy = cy + along * uy + (rho * (ey - t * uy)) / w;
          const sz = cz + along * uz + (rho * (ez - t * uz)) / w;
          // a circle point inside a third atom's sphere is no probe position: the spheres nearest to the 8 grid points
          // around it (their owners and second owners) are the candidates
          if (!insideNearSphere(sx, sy, sz, a, b)) stamp(sx, sy, sz);
          break;
        }
        if (!inside) stamp(px, py, pz);
      }
  return { grid: { shape: grid.shape, origin: grid.origin, spacing: grid.spacing, values: out }, level: 0 };
}

/**
 * A molecular surface (solvent-excluded by default, or solvent-accessible, or van der Waals) as a triangle mesh
 * with outward normals. `radii` are the atoms' radii (Å; PQR's radius column, or `vdwRadius` by element).
 *
 * @example
 * ```ts
 * const mesh = molecularSurface(protein.positions, radii, { kind: 'ses', probe: 1.4, spacing: 0.5 });
 * meshArea(mesh); // Å²
 * ```
 */
export function molecularSurface(positions: ArrayLike<number>, radii: ArrayLike<number>, options: SurfaceOptions = {}): IsoMesh {
  const { grid, level } = surfaceField(positions, radii, options);
  return marchingCubes(grid, level);
}

/**
 * The area of a triangle mesh, Å².
 *
 * @example
 * ```ts
 * meshArea(molecularSurface(new Float64Array([0, 0, 0]), [2], { kind: 'vdw', spacing: 0.1 })); // ≈ 4π·2²
 * ```
 */
export function meshArea(mesh: Pick<IsoMesh, 'positions' | 'indices'>): number {
  const p = mesh.positions;
  const t = mesh.indices;
  let area = 0;
  for (let f = 0; f < t.length; f += 3) {
    const a = 3 * t[f]!;
    const b = 3 * t[f + 1]!;
    const c = 3 * t[f + 2]!;
    const ux = p[b]! - p[a]!;
    const uy = p[b + 1]! - p[a + 1]!;
    const uz = p[b + 2]! - p[a + 2]!;
    const vx = p[c]! - p[a]!;
    const vy = p[c + 1]! - p[a + 1]!;
    const vz = p[c + 2]! - p[a + 2]!;
    area += 0.5 * Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx);
  }
  return area;
}
