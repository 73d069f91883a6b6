/**
 * The three.js objects that draw the atoms of one displayed structure: sphere impostors, bond
 * impostors and point sprites. Geometry is built once per structure; a new frame rewrites the
 * dynamic centre buffer (and the bond end points) in place. The materials come from an
 * {@link AtomMaterialFactory} (GLSL for WebGL2, TSL for WebGPU); without wide point sprites (WebGPU)
 * sprites and points are drawn on the instanced quads instead.
 *
 * Large structures on WebGL2 draw their spheres as point sprites, but a sprite cannot exceed the GPU's
 * largest point size; before each render {@link AtomsLayer.updatePrimitive} switches to the instanced
 * quads (same shading, exact depth) when zoomed in that far, and back when zoomed out (`atom-primitive.ts`).
 * Both meshes read the same centre, radius and colour arrays: switching only toggles visibility, and each
 * mesh's GPU buffers are created the first time it is drawn.
 */
import * as THREE from 'three';
import type { AtomMaterialFactory, BondMaterial, SphereMaterial } from '../shaders/atom-materials.ts';
import { createCylinderGeometry } from '../shaders/cylinder-impostor.ts';
import { glslMaterials } from '../shaders/glsl-materials.ts';
import { createSphereGeometry } from '../shaders/sphere-impostor.ts';
import type { AtomPrimitive } from './atom-primitive.ts';
import { boundingSphereOf, chooseAtomPrimitive, nearestCenterInFront } from './atom-primitive.ts';
import { detectBonds, withoutIonicBonds } from './bonds.ts';
import { covalentRadius, elementColors, elementRadii, vdwRadius } from './element-style.ts';
import type { Representation } from './representation.ts';
import { representationSizes } from './representation.ts';

/** Structures above this many displayed atoms get no automatic bond detection (`MAX_ATOMS_FOR_BONDS = 250_000`). */
export const MAX_ATOMS_FOR_BONDS = 250_000;

/**
 * From this many displayed atoms on, spheres are drawn as point sprites (`sphere-sprites.ts`) instead of
 * instanced quads, unless zoomed in so far that a sprite would exceed the largest point size.
 */
export const MIN_ATOMS_FOR_SPRITES = 100_000;

/**
 * Draws the atoms (and bonds) of a displayed structure; see the module comment (internal to the viewer).
 *
 * @example
 * ```ts
 * const layer = new AtomsLayer(numbers, centers, 'spacefill');
 * scene.add(layer.group);
 * centers.set(nextFrame);
 * layer.positionsChanged();
 * layer.updatePrimitive(camera); // before each render
 * ```
 */
export class AtomsLayer {
  readonly group = new THREE.Group();
  /** Displayed centres (3 per displayed atom), shared by the sphere and point geometries. */
  readonly centers: Float32Array;
  /** Radii as currently drawn (Å), for picking. */
  readonly drawnRadii: Float32Array;
  private readonly vdw: Float32Array;
  private readonly colors: Float32Array;
  /** Sphere impostors on instanced quads (always built; drawn below the sprite threshold or zoomed in). */
  private readonly quadMaterial: SphereMaterial;
  /** Sphere impostors on point sprites (null when the structure is small or the renderer has no wide points). */
  private readonly spriteMaterial: SphereMaterial | null;
  private readonly centerAttribute: THREE.InstancedBufferAttribute;
  private readonly radiusAttribute: THREE.InstancedBufferAttribute;
  private readonly pointCenterAttribute: THREE.BufferAttribute;
  private readonly pointRadiusAttribute: THREE.BufferAttribute;
  private readonly pointsMaterial: SphereMaterial;
  private readonly quadSpheres: THREE.Mesh;
  private readonly spriteSpheres: THREE.Points | null;
  private primitive: AtomPrimitive;
  private boundsDirty = true;
  private readonly bounds = { center: new THREE.Vector3(), radius: 0 };
  private largestRadius = 0;
  private viewportHeight = 800;
  private readonly points: THREE.Mesh | THREE.Points;
  private bonds: THREE.Mesh | null = null;
  private bondMaterial: BondMaterial | null = null;
  private bondPairs: Uint32Array | null = null;
  private representation: Representation;

  /**
   * Build the layer for `displayNumbers` (one per displayed atom) at `centers` (3 per displayed atom),
   * drawn with `materials` (default: the WebGL2 GLSL set); `maxPointSize` is the renderer's largest
   * point size in device pixels (`gl.ALIASED_POINT_SIZE_RANGE[1]`; default: unlimited).
   */
  constructor(
    private readonly displayNumbers: Int32Array,
    centers: Float32Array,
    representation: Representation,
    private readonly materials: AtomMaterialFactory = glslMaterials,
    private readonly maxPointSize: number = Number.POSITIVE_INFINITY,
  ) {
    this.centers = centers;
    this.representation = representation;
    const sprites = materials.pointSprites && displayNumbers.length >= MIN_ATOMS_FOR_SPRITES;
    this.quadMaterial = materials.spheres();
    this.spriteMaterial = sprites ? materials.sphereSprites() : null;
    this.primitive = sprites ? 'sprites' : 'quads';
    this.pointsMaterial = materials.points();
    this.vdw = elementRadii(displayNumbers, vdwRadius);
    this.colors = elementColors(displayNumbers);
    this.drawnRadii = new Float32Array(displayNumbers.length);
    const sphereGeometry = createSphereGeometry(centers, this.drawnRadii, this.colors);
    this.centerAttribute = sphereGeometry.getAttribute('aCenter') as THREE.InstancedBufferAttribute;
    this.radiusAttribute = sphereGeometry.getAttribute('aRadius') as THREE.InstancedBufferAttribute;
    // Point sprites read the same arrays through plain (per-vertex) attributes: an instanced attribute
    // would make every vertex read element 0.
    this.pointCenterAttribute = new THREE.BufferAttribute(centers, 3).setUsage(THREE.DynamicDrawUsage);
    this.pointRadiusAttribute = new THREE.BufferAttribute(this.drawnRadii, 1);
    const pointGeometry = new THREE.BufferGeometry();
    pointGeometry.setAttribute('position', this.pointCenterAttribute);
    pointGeometry.setAttribute('aRadius', this.pointRadiusAttribute);
    pointGeometry.setAttribute('aColor', new THREE.BufferAttribute(this.colors, 3));
    this.quadSpheres = new THREE.Mesh(sphereGeometry, this.quadMaterial.material);
    this.quadSpheres.frustumCulled = false;
    this.spriteSpheres = this.spriteMaterial ? new THREE.Points(pointGeometry, this.spriteMaterial.material) : null;
    if (this.spriteSpheres) this.spriteSpheres.frustumCulled = false;
    // Without wide point sprites, points are discs on the spheres' instanced quads.
    this.points = materials.pointSprites
      ? new THREE.Points(pointGeometry, this.pointsMaterial.material)
      : new THREE.Mesh(sphereGeometry, this.pointsMaterial.material);
    this.points.frustumCulled = false;
    this.group.add(this.quadSpheres, this.points);
    if (this.spriteSpheres) this.group.add(this.spriteSpheres);
    this.applyRepresentation();
  }

  /** Number of bonds drawn (0 when the representation has none). */
  get bondCount(): number {
    return this.bonds ? this.bondPairs!.length / 2 : 0;
  }

  /**
   * What draws the atoms now: `'sprites'` (point sprites: sphere sprites of a large structure on WebGL2,
   * or the `points` representation there) or `'quads'` (instanced quads).
   */
  get atomPrimitive(): AtomPrimitive {
    if (this.representation === 'points') return this.materials.pointSprites ? 'sprites' : 'quads';
    return this.primitive;
  }

  /**
   * Before a render: choose sprites or quads for the spheres from the camera (see `atom-primitive.ts`),
   * with the nearest atom bounded first by the structure's bounding sphere and, only when that bound is
   * too close to decide, by a scan of the atoms in front of the camera. No-op for small structures.
   */
  updatePrimitive(camera: THREE.PerspectiveCamera): void {
    if (!this.spriteSpheres || this.representation === 'points') return;
    if (this.boundsDirty) {
      const { center, radius } = boundingSphereOf(this.centers);
      this.bounds.center.set(...center);
      this.bounds.radius = radius;
      this.boundsDirty = false;
    }
    const eye = camera.getWorldPosition(scratchEye);
    const view = {
      distance: Math.max(0, eye.distanceTo(this.bounds.center) - this.bounds.radius),
      radius: this.largestRadius,
      fov: camera.fov,
      viewportHeight: this.viewportHeight,
      aspect: camera.aspect,
    };
    let next = chooseAtomPrimitive(view, this.maxPointSize, this.primitive);
    if (next === 'quads') {
      const forward = camera.getWorldDirection(scratchForward);
      view.distance = nearestCenterInFront(this.centers, [eye.x, eye.y, eye.z], [forward.x, forward.y, forward.z]);
      next = chooseAtomPrimitive(view, this.maxPointSize, this.primitive);
    }
    if (next !== this.primitive) {
      this.primitive = next;
      this.applyVisibility();
    }
  }

  /** The current representation. */
  get currentRepresentation(): Representation {
    return this.representation;
  }

  /** Switch representation (recomputes radii; detects bonds the first time they are needed). */
  setRepresentation(representation: Representation): void {
    this.representation = representation;
    this.applyRepresentation();
  }

  /** Highlight one displayed atom (-1 for none). */
  setHighlight(displayIndex: number): void {
    this.quadMaterial.setHighlight(displayIndex);
    this.spriteMaterial?.setHighlight(displayIndex);
  }

  /**
   * Recolour the atoms (sRGB 0–1, 3 per displayed atom) and the bond halves, in place (no geometry rebuilt).
   *
   * @example
   * ```ts
   * layer.setColors(schemeColors(structure, 'chain'));
   * ```
   */
  setColors(colors: Float32Array): void {
    if (colors.length !== this.colors.length)
      throw new RangeError(`setColors: ${colors.length / 3} colours for ${this.colors.length / 3} displayed atoms`);
    this.colors.set(colors);
    (this.quadSpheres.geometry.getAttribute('aColor') as THREE.BufferAttribute).needsUpdate = true;
    const pointColors = this.points.geometry.getAttribute('aColor') as THREE.BufferAttribute | undefined;
    if (pointColors) pointColors.needsUpdate = true;
    const spriteColors = this.spriteSpheres?.geometry.getAttribute('aColor') as THREE.BufferAttribute | undefined;
    if (spriteColors) spriteColors.needsUpdate = true;
    if (this.bonds && this.bondPairs) {
      const start = this.bonds.geometry.getAttribute('aColorStart') as THREE.BufferAttribute;
      const end = this.bonds.geometry.getAttribute('aColorEnd') as THREE.BufferAttribute;
      writeBondColors(this.bondPairs, this.colors, start.array as Float32Array, end.array as Float32Array);
      start.needsUpdate = true;
      end.needsUpdate = true;
    }
  }

  /** Tell the GPU that `centers` changed: re-upload it and move the bond end points. */
  positionsChanged(): void {
    this.centerAttribute.needsUpdate = true;
    this.pointCenterAttribute.needsUpdate = true;
    this.boundsDirty = true;
    if (this.bonds && this.bondPairs) {
      const geometry = this.bonds.geometry;
      const start = geometry.getAttribute('aStart') as THREE.InstancedBufferAttribute;
      const end = geometry.getAttribute('aEnd') as THREE.InstancedBufferAttribute;
      writeBondEnds(this.bondPairs, this.centers, start.array as Float32Array, end.array as Float32Array);
      start.needsUpdate = true;
      end.needsUpdate = true;
    }
  }

  /** Set the canvas size (device pixels) that point sprites are sized against. */
  setViewport(width: number, height: number): void {
    this.viewportHeight = height;
    this.pointsMaterial.setViewport(width, height);
    this.quadMaterial.setViewport(width, height);
    this.spriteMaterial?.setViewport(width, height);
  }

  /** Free the GPU resources. */
  dispose(): void {
    this.quadSpheres.geometry.dispose();
    this.points.geometry.dispose();
    this.quadMaterial.material.dispose();
    this.spriteMaterial?.material.dispose();
    this.pointsMaterial.material.dispose();
    if (this.bonds) {
      this.bonds.geometry.dispose();
      this.bondMaterial?.material.dispose();
    }
  }

  private applyRepresentation(): void {
    const sizes = representationSizes(this.representation);
    let largest = 0;
    for (let i = 0; i < this.drawnRadii.length; i++) {
      const radius = sizes.fixedRadius > 0 ? sizes.fixedRadius : sizes.vdwScale * this.vdw[i]!;
      this.drawnRadii[i] = radius;
      if (radius > largest) largest = radius;
    }
    this.largestRadius = largest;
    this.radiusAttribute.needsUpdate = true;
    this.pointRadiusAttribute.needsUpdate = true;
    this.applyVisibility();
    const wantBonds = sizes.bondRadius > 0 && this.displayNumbers.length <= MAX_ATOMS_FOR_BONDS;
    if (wantBonds && !this.bonds) this.buildBonds(sizes.bondRadius);
    if (this.bonds) {
      this.bonds.visible = wantBonds;
      this.bondMaterial?.setRadius(sizes.bondRadius);
    }
  }

  private applyVisibility(): void {
    const usePoints = this.representation === 'points';
    this.points.visible = usePoints;
    this.quadSpheres.visible = !usePoints && this.primitive === 'quads';
    if (this.spriteSpheres) this.spriteSpheres.visible = !usePoints && this.primitive === 'sprites';
  }

  private buildBonds(radius: number): void {
    const pairs = withoutIonicBonds(detectBonds(this.centers, elementRadii(this.displayNumbers, covalentRadius)), this.displayNumbers);
    this.bondPairs = pairs;
    const count = pairs.length / 2;
    const starts = new Float32Array(3 * count);
    const ends = new Float32Array(3 * count);
    const colorsA = new Float32Array(3 * count);
    const colorsB = new Float32Array(3 * count);
    writeBondEnds(pairs, this.centers, starts, ends);
    writeBondColors(pairs, this.colors, colorsA, colorsB);
    let maxLength = 0;
    for (let b = 0; b < count; b++) {
      maxLength = Math.max(
        maxLength,
        Math.hypot(ends[3 * b]! - starts[3 * b]!, ends[3 * b + 1]! - starts[3 * b + 1]!, ends[3 * b + 2]! - starts[3 * b + 2]!),
      );
    }
    // A bond may stretch by 50 % in a trajectory; longer means it crossed the cell boundary.
    this.bondMaterial = this.materials.bonds(radius, 1.5 * maxLength + 0.1);
    this.bonds = new THREE.Mesh(createCylinderGeometry(starts, ends, colorsA, colorsB), this.bondMaterial.material);
    this.bonds.frustumCulled = false;
    if (count > 0) this.group.add(this.bonds);
  }
}

const scratchEye = new THREE.Vector3();
const scratchForward = new THREE.Vector3();

function writeBondColors(pairs: Uint32Array, colors: Float32Array, colorsA: Float32Array, colorsB: Float32Array): void {
  for (let b = 0; b < pairs.length / 2; b++) {
    colorsA.set(colors.subarray(3 * pairs[2 * b]!, 3 * pairs[2 * b]! + 3), 3 * b);
    colorsB.set(colors.subarray(3 * pairs[2 * b + 1]!, 3 * pairs[2 * b + 1]! + 3), 3 * b);
  }
}

function writeBondEnds(pairs: Uint32Array, centers: Float32Array, starts: Float32Array, ends: Float32Array): void {
  for (let b = 0; b < pairs.length / 2; b++) {
    const i = 3 * pairs[2 * b]!;
    const j = 3 * pairs[2 * b + 1]!;
    starts[3 * b] = centers[i]!;
    starts[3 * b + 1] = centers[i + 1]!;
    starts[3 * b + 2] = centers[i + 2]!;
    ends[3 * b] = centers[j]!;
    ends[3 * b + 1] = centers[j + 1]!;
    ends[3 * b + 2] = centers[j + 2]!;
  }
}
