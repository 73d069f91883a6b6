/**
 * Isosurface extraction by marching cubes (Lorensen & Cline 1987). The case tables (`edgeTable`,
 * `triTable`, Paul Bourke's numbering) come from three.js; the traversal, the edge interpolation, the
 * vertex sharing and the gradient normals are ours.
 */
import { edgeTable, triTable } from 'three/examples/jsm/objects/MarchingCubes.js';
import type { ScalarGrid } from './scalar-grid.ts';
import { validateGrid } from './scalar-grid.ts';

/** A triangle mesh: flat positions and normals (3 per vertex) and triangle indices. */
export interface IsoMesh {
  readonly positions: Float32Array;
  readonly normals: Float32Array;
  readonly indices: Uint32Array;
}

/** Corner offsets (i, j, k) in Bourke's order. */
const CORNERS: readonly (readonly [number, number, number])[] = [
  [0, 0, 0],
  [1, 0, 0],
  [1, 1, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 1],
  [1, 1, 1],
  [0, 1, 1],
];
/** The two corners of each of the 12 cube edges. */
const EDGES: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 2],
  [3, 2],
  [0, 3],
  [4, 5],
  [5, 6],
  [7, 6],
  [4, 7],
  [0, 4],
  [1, 5],
  [2, 6],
  [3, 7],
];

/**
 * Extract the isosurface `value = level` of a grid. Vertices on shared cube edges are shared between
 * triangles; normals point along the field's gradient (towards larger values), from central differences.
 *
 * @example
 * ```ts
 * const grid = sampleGrid([20, 20, 20], [-1, -1, -1], [2 / 19, 2 / 19, 2 / 19], (x, y, z) => Math.hypot(x, y, z));
 * const { positions, indices } = marchingCubes(grid, 0.5); // a sphere of radius 0.5
 * ```
 */
export function marchingCubes(grid: ScalarGrid, level: number): IsoMesh {
  validateGrid(grid);
  const [nx, ny, nz] = grid.shape;
  const v = grid.values;
  const at = (i: number, j: number, k: number): number => v[(i * ny + j) * nz + k] as number;
  const positions: number[] = [];
  const normals: number[] = [];
  const indices: number[] = [];
  // Vertex cache keyed by the lower grid point of an edge and its axis: (point index) * 3 + axis.
  const cache = new Map<number, number>();
  const grad = (i: number, j: number, k: number, out: number[]): void => {
    const i0 = Math.max(0, i - 1);
    const i1 = Math.min(nx - 1, i + 1);
    const j0 = Math.max(0, j - 1);
    const j1 = Math.min(ny - 1, j + 1);
    const k0 = Math.max(0, k - 1);
    const k1 = Math.min(nz - 1, k + 1);
    out[0] = (at(i1, j, k) - at(i0, j, k)) / ((i1 - i0) * grid.spacing[0]);
    out[1] = (at(i, j1, k) - at(i, j0, k)) / ((j1 - j0) * grid.spacing[1]);
    out[2] = (at(i, j, k1) - at(i, j, k0)) / ((k1 - k0) * grid.spacing[2]);
  };
  const ga = [0, 0, 0];
  const gb = [0, 0, 0];
  const vertexOnEdge = (i: number, j: number, k: number, edge: number): number => {
    const [ca, cb] = EDGES[edge]!;
    const a = CORNERS[ca]!;
    const b = CORNERS[cb]!;
    const ai = i + a[0];
    const aj = j + a[1];
    const ak = k + a[2];
    const axis = b[0] !== a[0] ? 0 : b[1] !== a[1] ? 1 : 2;
    const key = ((ai * ny + aj) * nz + ak) * 3 + axis;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const bi = i + b[0];
    const bj = j + b[1];
    const bk = k + b[2];
    const va = at(ai, aj, ak);
    const vb = at(bi, bj, bk);
    const t = va === vb ? 0.5 : (level - va) / (vb - va);
    positions.push(
      grid.origin[0] + (ai + t * (bi - ai)) * grid.spacing[0],
      grid.origin[1] + (aj + t * (bj - aj)) * grid.spacing[1],
      grid.origin[2] + (ak + t * (bk - ak)) * grid.spacing[2],
    );
    grad(ai, aj, ak, ga);
    grad(bi, bj, bk, gb);
    const gx = ga[0]! + t * (gb[0]! - ga[0]!);
    const gy = ga[1]! + t * (gb[1]! - ga[1]!);
    const gz = ga[2]! + t * (gb[2]! - ga[2]!);
    const norm = Math.hypot(gx, gy, gz) || 1;
    normals.push(gx / norm, gy / norm, gz / norm);
    const index = positions.length / 3 - 1;
    cache.set(key, index);
    return index;
  };
  const edgeVertex = new Int32Array(12);
  // corner c of the cube at flat index q is at q + offset[c] (same order as CORNERS)
  const offset = CORNERS.map(([a, b, c]) => (a * ny + b) * nz + c);
  for (let i = 0; i < nx - 1; i++) {
    for (let j = 0; j < ny - 1; j++) {
      const row = (i * ny + j) * nz;
      for (let k = 0; k < nz - 1; k++) {
        const q = row + k;
        let cube = 0;
        for (let c = 0; c < 8; c++) if ((v[q + offset[c]!] as number) < level) cube |= 1 << c;
        const bits = edgeTable[cube]!;
        if (bits === 0) continue;
        for (let e = 0; e < 12; e++) if (bits & (1 << e)) edgeVertex[e] = vertexOnEdge(i, j, k, e);
        const base = cube << 4;
        for (let t = 0; triTable[base + t]! !== -1; t += 3) {
          indices.push(edgeVertex[triTable[base + t]!]!, edgeVertex[triTable[base + t + 1]!]!, edgeVertex[triTable[base + t + 2]!]!);
        }
      }
    }
  }
  return { positions: Float32Array.from(positions), normals: Float32Array.from(normals), indices: Uint32Array.from(indices) };
}
