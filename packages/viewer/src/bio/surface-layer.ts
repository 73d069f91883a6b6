/**
 * The three.js mesh of a molecular surface: Lambert-shaded triangles with per-vertex colours, uniform or mapped
 * from values (an electrostatic potential) with the cool-warm map, negative red and positive blue as APBS and PyMOL
 * show it, on a range symmetric about zero.
 */
import * as THREE from 'three';
import { coolWarm, type Rgb, symmetricLimit, symmetricUnit } from '../colormap.ts';
import type { IsoMesh } from '../field/marching-cubes.ts';

/** A surface to show: its mesh and, optionally, a value per vertex to colour it by. */
export interface SurfaceDisplay {
  readonly mesh: IsoMesh;
  /** One value per vertex (e.g. the potential, V); without them the surface is `color`. */
  readonly values?: ArrayLike<number>;
  /** Unit of the values (colour bar). */
  readonly unit?: string;
  /** Colour range ±limit (default: the 90th percentile of |value|). */
  readonly limit?: number;
  /** Per-vertex colours (sRGB 0–1, 3 per vertex), used when there are no values (a cartoon's residue colours). */
  readonly colors?: Float32Array;
  /** Uniform colour (sRGB 0–1) when there are neither values nor colours (default light grey). */
  readonly color?: Rgb;
  /** Opacity (default 1). */
  readonly opacity?: number;
}

/**
 * Per-vertex colours (linear RGB for three's vertex colours, 3 per vertex) of values on ±limit: negative red,
 * positive blue.
 *
 * @example
 * ```ts
 * const rgb = potentialColors(new Float64Array([-1, 0, 1]), 1); // red, grey, blue (linear)
 * ```
 */
export function potentialColors(values: ArrayLike<number>, limit: number, out = new Float32Array(3 * values.length)): Float32Array {
  const c: Rgb = [0, 0, 0];
  const color = new THREE.Color();
  for (let v = 0; v < values.length; v++) {
    const x = values[v] as number;
    coolWarm(Number.isFinite(x) ? symmetricUnit(-x, limit) : 0.5, c);
    color.setRGB(c[0], c[1], c[2], THREE.SRGBColorSpace);
    out[3 * v] = color.r;
    out[3 * v + 1] = color.g;
    out[3 * v + 2] = color.b;
  }
  return out;
}

/**
 * The surface's mesh (internal to the viewer: {@link MoleculeViewer.setSurface} makes it).
 *
 * @example
 * ```ts
 * const layer = new SurfaceLayer({ mesh, values: phi, unit: 'V' });
 * scene.add(layer.mesh);
 * ```
 */
export class SurfaceLayer {
  readonly mesh: THREE.Mesh;
  /** The colour range ±limit (0 without values). */
  readonly limit: number;

  constructor(readonly display: SurfaceDisplay) {
    const { mesh } = display;
    const n = mesh.positions.length / 3;
    if (display.values !== undefined && display.values.length !== n)
      throw new RangeError(`setSurface: ${display.values.length} values for ${n} vertices`);
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(mesh.positions, 3));
    geometry.setAttribute('normal', new THREE.BufferAttribute(mesh.normals, 3));
    geometry.setIndex(new THREE.BufferAttribute(mesh.indices, 1));
    let colors: Float32Array;
    if (display.values !== undefined) {
      this.limit = display.limit ?? (symmetricLimit(display.values, 0.9) || 1);
      colors = potentialColors(display.values, this.limit);
    } else if (display.colors !== undefined) {
      this.limit = 0;
      if (display.colors.length !== 3 * n) throw new RangeError(`setSurface: ${display.colors.length / 3} colours for ${n} vertices`);
      colors = new Float32Array(3 * n);
      const c = new THREE.Color();
      const from = display.colors;
      for (let v = 0; v < n; v++) {
        // runs of vertices share a colour (a cartoon's residue): convert each run once
        const same = v > 0 && from[3 * v] === from[3 * v - 3] && from[3 * v + 1] === from[3 * v - 2] && from[3 * v + 2] === from[3 * v - 1];
        if (!same) c.setRGB(from[3 * v]!, from[3 * v + 1]!, from[3 * v + 2]!, THREE.SRGBColorSpace);
        colors[3 * v] = c.r;
        colors[3 * v + 1] = c.g;
        colors[3 * v + 2] = c.b;
      }
    } else {
      this.limit = 0;
      const [r, g, b] = display.color ?? [0.85, 0.85, 0.85];
      const c = new THREE.Color().setRGB(r, g, b, THREE.SRGBColorSpace);
      colors = new Float32Array(3 * n);
      for (let v = 0; v < n; v++) colors.set([c.r, c.g, c.b], 3 * v);
    }
    geometry.setAttribute('color', new THREE.BufferAttribute(colors, 3));
    const opacity = display.opacity ?? 1;
    const material = new THREE.MeshLambertMaterial({ vertexColors: true, transparent: opacity < 1, opacity });
    this.mesh = new THREE.Mesh(geometry, material);
  }

  dispose(): void {
    this.mesh.geometry.dispose();
    (this.mesh.material as THREE.Material).dispose();
  }
}
