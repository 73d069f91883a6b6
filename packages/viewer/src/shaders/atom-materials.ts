/**
 * The materials the atoms layer draws with, behind one interface so that `AtomsLayer` does not fork by
 * renderer: `glsl-materials.ts` (hand-written GLSL `ShaderMaterial`s, for `THREE.WebGLRenderer`) and
 * `tsl/tsl-materials.ts` (TSL node materials, for three's `WebGPURenderer`). Each material comes with the
 * setters of its few uniforms, since GLSL uniforms and TSL uniform nodes are set differently.
 */
import type * as THREE from 'three';

/** The shading language of a material set: GLSL for WebGL2, TSL (compiled to WGSL) for WebGPU. */
export type ShaderLanguage = 'glsl' | 'tsl';

/** A sphere (or point) material and its uniforms. */
export interface SphereMaterial {
  readonly material: THREE.Material;
  /** Draw displayed atom `index` highlighted (-1: none). */
  setHighlight(index: number): void;
  /** The canvas size in device pixels (sprites and points are sized against it). */
  setViewport(width: number, height: number): void;
}

/** A bond material and its uniform. */
export interface BondMaterial {
  readonly material: THREE.Material;
  /** Cylinder radius, Å. */
  setRadius(radius: number): void;
}

/**
 * Creates the atoms layer's materials for one renderer.
 *
 * @example
 * ```ts
 * const spheres = glslMaterials.spheres(); // instanced-quad sphere impostors
 * const mesh = new THREE.Mesh(createSphereGeometry(centers, radii, colors), spheres.material);
 * spheres.setHighlight(3);
 * ```
 */
export interface AtomMaterialFactory {
  readonly language: ShaderLanguage;
  /**
   * Whether `THREE.Points` may draw sprites wider than one pixel (WebGL2: yes; WebGPU has no point
   * size). Without them, sphere sprites and points are drawn as instanced quads.
   */
  readonly pointSprites: boolean;
  /** Ray-cast sphere impostors on instanced quads (`createSphereGeometry`), exact depth. */
  spheres(): SphereMaterial;
  /** Ray-cast sphere impostors on point sprites (geometry: `position`, `aRadius`, `aColor`); only when {@link pointSprites}. */
  sphereSprites(): SphereMaterial;
  /**
   * The cheap `points` representation: round shaded discs without depth correction, on point sprites
   * (when {@link pointSprites}) or on the instanced quads of `createSphereGeometry`.
   */
  points(): SphereMaterial;
  /** Ray-cast cylinder impostors on instanced boxes (`createCylinderGeometry`); bonds longer than `maxLength` are hidden. */
  bonds(radius: number, maxLength: number): BondMaterial;
}
