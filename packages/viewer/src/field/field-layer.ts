/**
 * Draws a {@link ScalarGrid}: an axis-aligned slice coloured with the diverging map (on a symmetric
 * range), and isosurfaces at ±level extracted by marching cubes. By default the electrostatic
 * convention is used: negative red, positive blue.
 */
import * as THREE from 'three';
import { colorizeDiverging, symmetricLimit } from '../colormap.ts';
import { marchingCubes } from './marching-cubes.ts';
import type { ScalarGrid } from './scalar-grid.ts';
import { validateGrid } from './scalar-grid.ts';

/** A grid axis. */
export type Axis = 'x' | 'y' | 'z';

/** How a field is shown. */
export interface FieldDisplay {
  /** Slice plane: its normal axis and position as a fraction of the grid extent [0, 1]; null hides it. */
  readonly slice?: { readonly axis: Axis; readonly fraction: number } | null;
  /** Isosurfaces at +level and −level; null or 0 hides them. */
  readonly isoLevel?: number | null;
  /** Colour range ±limit (default: the 90th percentile of |value|, so singular points near charges do not wash out the map). */
  readonly limit?: number;
  /** Positive blue, negative red (default true, the electrostatics convention). */
  readonly reverse?: boolean;
  /** Opacity of the slice (default 0.95) and of the isosurfaces (default 0.55). */
  readonly sliceOpacity?: number;
  readonly isoOpacity?: number;
}

/**
 * The three.js objects of one field; see the module comment. `MoleculeViewer.setField` uses it; add
 * `group` to your own scene to use it alone.
 *
 * @example
 * ```ts
 * const layer = new FieldLayer(grid, { slice: { axis: 'x', fraction: 0.3 }, isoLevel: 0.2 });
 * scene.add(layer.group);
 * layer.update({ slice: null, isoLevel: 0.1 });
 * ```
 */
export class FieldLayer {
  readonly group = new THREE.Group();
  readonly limit: number;
  readonly reverse: boolean;
  private slice: THREE.Mesh | null = null;
  private isos: THREE.Mesh[] = [];

  constructor(
    readonly grid: ScalarGrid,
    display: FieldDisplay = {},
  ) {
    validateGrid(grid);
    this.limit = display.limit ?? symmetricLimit(grid.values, 0.9);
    this.reverse = display.reverse ?? true;
    this.update(display);
  }

  /** Change the slice and isosurfaces. */
  update(display: FieldDisplay): void {
    this.disposeSlice();
    this.disposeIsos();
    if (display.slice) this.slice = this.buildSlice(display.slice.axis, display.slice.fraction, display.sliceOpacity ?? 0.95);
    const level = display.isoLevel;
    if (level) {
      const opacity = display.isoOpacity ?? 0.55;
      const positive = this.reverse ? 0x3060ff : 0xff3030;
      const negative = this.reverse ? 0xff3030 : 0x3060ff;
      this.isos = [this.buildIso(Math.abs(level), positive, opacity), this.buildIso(-Math.abs(level), negative, opacity)];
    }
  }

  /** Number of isosurface triangles currently drawn. */
  get isoTriangleCount(): number {
    return this.isos.reduce((sum, mesh) => sum + (mesh.geometry.getIndex()?.count ?? 0) / 3, 0);
  }

  /** Free the GPU resources. */
  dispose(): void {
    this.disposeSlice();
    this.disposeIsos();
  }

  private buildSlice(axis: Axis, fraction: number, opacity: number): THREE.Mesh {
    const { shape, origin, spacing, values } = this.grid;
    const [, ny, nz] = shape;
    const a = axis === 'x' ? 0 : axis === 'y' ? 1 : 2;
    const n = shape[a];
    const index = Math.min(n - 1, Math.max(0, Math.round(fraction * (n - 1))));
    // (u, v) are the two other axes in increasing order.
    const ua = a === 0 ? 1 : 0;
    const va = a === 2 ? 1 : 2;
    const nu = shape[ua];
    const nv = shape[va];
    const sample = new Float32Array(nu * nv);
    for (let v = 0; v < nv; v++) {
      for (let u = 0; u < nu; u++) {
        const ijk = [0, 0, 0];
        ijk[a] = index;
        ijk[ua] = u;
        ijk[va] = v;
        sample[v * nu + u] = values[(ijk[0]! * ny + ijk[1]!) * nz + ijk[2]!] as number;
      }
    }
    const rgba = colorizeDiverging(sample, this.limit, new Uint8Array(4 * nu * nv), this.reverse);
    const texture = new THREE.DataTexture(rgba, nu, nv, THREE.RGBAFormat);
    texture.colorSpace = THREE.SRGBColorSpace;
    texture.magFilter = THREE.LinearFilter;
    texture.minFilter = THREE.LinearFilter;
    texture.needsUpdate = true;
    const corner = (u: number, v: number): number[] => {
      const p = [0, 0, 0];
      p[a] = origin[a] + index * spacing[a];
      p[ua] = origin[ua] + u * (nu - 1) * spacing[ua];
      p[va] = origin[va] + v * (nv - 1) * spacing[va];
      return p;
    };
    const du = 0.5 / nu;
    const dv = 0.5 / nv;
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute(
      'position',
      new THREE.Float32BufferAttribute([...corner(0, 0), ...corner(1, 0), ...corner(1, 1), ...corner(0, 1)], 3),
    );
    geometry.setAttribute('uv', new THREE.Float32BufferAttribute([du, dv, 1 - du, dv, 1 - du, 1 - dv, du, 1 - dv], 2));
    geometry.setIndex([0, 1, 2, 0, 2, 3]);
    const material = new THREE.MeshBasicMaterial({ map: texture, side: THREE.DoubleSide, transparent: opacity < 1, opacity });
    const mesh = new THREE.Mesh(geometry, material);
    mesh.name = 'field-slice';
    this.group.add(mesh);
    return mesh;
  }

  private buildIso(level: number, color: number, opacity: number): THREE.Mesh {
    const { positions, normals, indices } = marchingCubes(this.grid, level);
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(positions, 3));
    geometry.setAttribute('normal', new THREE.BufferAttribute(normals, 3));
    geometry.setIndex(new THREE.BufferAttribute(indices, 1));
    const material = new THREE.MeshLambertMaterial({ color, side: THREE.DoubleSide, transparent: true, opacity, depthWrite: false });
    const mesh = new THREE.Mesh(geometry, material);
    mesh.name = `isosurface ${level}`;
    this.group.add(mesh);
    return mesh;
  }

  private disposeSlice(): void {
    if (!this.slice) return;
    this.group.remove(this.slice);
    this.slice.geometry.dispose();
    const material = this.slice.material as THREE.MeshBasicMaterial;
    material.map?.dispose();
    material.dispose();
    this.slice = null;
  }

  private disposeIsos(): void {
    for (const mesh of this.isos) {
      this.group.remove(mesh);
      mesh.geometry.dispose();
      (mesh.material as THREE.Material).dispose();
    }
    this.isos = [];
  }
}
