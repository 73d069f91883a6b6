import { SeededRng } from '@equitensor/testing';
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import {
  type AtomPrimitive,
  boundingSphereOf,
  chooseAtomPrimitive,
  largestSpriteDiameter,
  nearestCenterInFront,
  QUADS_ABOVE_POINT_SIZE_FRACTION,
  SPRITES_BELOW_POINT_SIZE_FRACTION,
} from '../src/atoms/atom-primitive.ts';
import { AtomsLayer, MIN_ATOMS_FOR_SPRITES } from '../src/atoms/atoms-layer.ts';
import { glslMaterials } from '../src/shaders/glsl-materials.ts';

/**
 * Pixel extent (along x and y) of the silhouette of a sphere of radius r at view-space centre c, found
 * with three's own projection: the tangent rays of the silhouette cone in the xz and yz planes.
 */
function silhouetteExtentPx(camera: THREE.PerspectiveCamera, c: THREE.Vector3, r: number, width: number, height: number): number {
  const d = c.length();
  const theta = Math.asin(r / d);
  let extent = 0;
  for (const axis of ['x', 'y'] as const) {
    const angle = Math.atan2(c[axis], -c.z);
    const ndc = [angle - theta, angle + theta].map((a) => {
      const p = new THREE.Vector3(0, 0, -1);
      p[axis] = Math.tan(a);
      return p.applyMatrix4(camera.matrixWorld).project(camera)[axis];
    });
    extent = Math.max(extent, (Math.abs(ndc[1]! - ndc[0]!) / 2) * (axis === 'x' ? width : height));
  }
  return extent;
}

describe('largestSpriteDiameter', () => {
  it('covers the silhouette of every sphere in the view (three.js projection), tightly at the frustum edge', () => {
    const width = 1000;
    const height = 700;
    const camera = new THREE.PerspectiveCamera(35, width / height, 0.1, 1000);
    camera.updateMatrixWorld();
    const tanY = Math.tan(THREE.MathUtils.degToRad(17.5));
    const tanX = tanY * camera.aspect;
    const rng = new SeededRng(11);
    for (let trial = 0; trial < 200; trial++) {
      const z = -rng.uniformIn(1, 30);
      const c = new THREE.Vector3(rng.uniformIn(-tanX, tanX) * -z, rng.uniformIn(-tanY, tanY) * -z, z);
      const r = rng.uniformIn(0.05, 0.9) * c.length();
      const bound = largestSpriteDiameter({ distance: c.length(), radius: r, fov: 35, viewportHeight: height, aspect: camera.aspect });
      expect(bound).toBeGreaterThanOrEqual(silhouetteExtentPx(camera, c, r, width, height));
    }
    // a sphere centred on the frustum's left/right edge: the sprite is twice its outer half-extent + 2 px
    const d = 12;
    const r = 1.5;
    const c = new THREE.Vector3(tanX, 0, -1).normalize().multiplyScalar(d);
    const centreNdc = c.clone().project(camera).x;
    const outer = new THREE.Vector3(Math.tan(Math.atan(tanX) + Math.asin(r / d)), 0, -1).project(camera).x;
    const expected = (outer - centreNdc) * width + 2;
    const got = largestSpriteDiameter({ distance: d, radius: r, fov: 35, viewportHeight: height, aspect: camera.aspect });
    expect(got).toBeCloseTo(expected, 6);
  });

  it('is (r/d)·(1 + t²)/t·H for small far spheres (t = tan(fov/2)), infinite inside a sphere, zero without radius', () => {
    const t = Math.tan(THREE.MathUtils.degToRad(17.5));
    for (const distance of [1e3, 1e4]) {
      const expected = ((0.5 / distance) * (1 + t * t) * 700) / t;
      const got = largestSpriteDiameter({ distance, radius: 0.5, fov: 35, viewportHeight: 700 }) - 2;
      expect(Math.abs(got / expected - 1)).toBeLessThan(1e-3);
    }
    expect(largestSpriteDiameter({ distance: 0.4, radius: 0.5, fov: 35, viewportHeight: 700 })).toBe(Number.POSITIVE_INFINITY);
    expect(largestSpriteDiameter({ distance: 5, radius: 0, fov: 35, viewportHeight: 700 })).toBe(0);
  });
});

describe('chooseAtomPrimitive', () => {
  const view = { radius: 0.47, fov: 35, viewportHeight: 700, aspect: 1000 / 700 };
  const maxPointSize = 1024;

  /** Zoom from 200 Å to 0.6 Å and back in 1 % steps; returns the distances where the primitive changed. */
  function zoomInAndOut(): { toQuads: number[]; toSprites: number[] } {
    const distances: number[] = [];
    for (let d = 200; d > 0.6; d *= 0.99) distances.push(d);
    let current: AtomPrimitive = 'sprites';
    const toQuads: number[] = [];
    const toSprites: number[] = [];
    for (const distance of [...distances, ...distances.slice().reverse()]) {
      const next = chooseAtomPrimitive({ ...view, distance }, maxPointSize, current);
      if (next !== current) (next === 'quads' ? toQuads : toSprites).push(distance);
      current = next;
      // never draw a sprite that the GPU would cut
      if (current === 'sprites') expect(largestSpriteDiameter({ ...view, distance })).toBeLessThanOrEqual(maxPointSize);
    }
    return { toQuads, toSprites };
  }

  it('switches to quads once zooming in, and back to sprites once zooming out, at different distances', () => {
    const { toQuads, toSprites } = zoomInAndOut();
    expect(toQuads).toHaveLength(1);
    expect(toSprites).toHaveLength(1);
    // at the switch, the sprite has just passed 90 % of the largest point size, and fallen below 70 % on the way back
    expect(largestSpriteDiameter({ ...view, distance: toQuads[0]! })).toBeGreaterThan(QUADS_ABOVE_POINT_SIZE_FRACTION * maxPointSize);
    expect(largestSpriteDiameter({ ...view, distance: toQuads[0]! / 0.99 })).toBeLessThanOrEqual(0.9 * maxPointSize);
    expect(largestSpriteDiameter({ ...view, distance: toSprites[0]! })).toBeLessThan(SPRITES_BELOW_POINT_SIZE_FRACTION * maxPointSize);
    expect(toSprites[0]! / toQuads[0]!).toBeGreaterThan(1.2); // hysteresis band: ≈ 0.9 / 0.7 in distance
  });

  it('keeps the current primitive inside the hysteresis band (no flipping every frame)', () => {
    // a distance where the sprite is 80 % of the largest point size
    let lo = 0.6;
    let hi = 200;
    for (let k = 0; k < 60; k++) {
      const mid = (lo + hi) / 2;
      if (largestSpriteDiameter({ ...view, distance: mid }) > 0.8 * maxPointSize) lo = mid;
      else hi = mid;
    }
    for (const jitter of [0.97, 1, 1.03]) {
      const inBand = { ...view, distance: lo * jitter };
      expect(chooseAtomPrimitive(inBand, maxPointSize, 'sprites')).toBe('sprites');
      expect(chooseAtomPrimitive(inBand, maxPointSize, 'quads')).toBe('quads');
    }
    expect(chooseAtomPrimitive({ ...view, distance: 0.3 }, maxPointSize, 'sprites')).toBe('quads'); // camera inside the atom
    expect(chooseAtomPrimitive({ ...view, distance: 50 }, Number.POSITIVE_INFINITY, 'sprites')).toBe('sprites');
  });
});

describe('nearest atom and bounding sphere', () => {
  it('nearestCenterInFront is the brute-force minimum over atoms with positive depth', () => {
    const rng = new SeededRng(5);
    const centers = Float32Array.from(rng.uniformArray(3 * 500, -20, 20));
    const eye: [number, number, number] = [1, -2, 3];
    const forward = new THREE.Vector3(0.3, -0.2, -1).normalize();
    let best = Infinity;
    for (let i = 0; i < 500; i++) {
      const v = new THREE.Vector3(centers[3 * i]!, centers[3 * i + 1]!, centers[3 * i + 2]!).sub(new THREE.Vector3(...eye));
      if (v.dot(forward) > 0) best = Math.min(best, v.length());
    }
    expect(nearestCenterInFront(centers, eye, [forward.x, forward.y, forward.z])).toBeCloseTo(best, 5);
    expect(nearestCenterInFront(new Float32Array([0, 0, 5]), [0, 0, 0], [0, 0, -1])).toBe(Number.POSITIVE_INFINITY);
  });

  it('boundingSphereOf encloses every centre and touches the box corners', () => {
    const rng = new SeededRng(9);
    const centers = Float32Array.from(rng.uniformArray(3 * 300, -4, 7));
    const { center, radius } = boundingSphereOf(centers);
    const box = new THREE.Box3().setFromArray(centers);
    expect(radius).toBeCloseTo(box.getBoundingSphere(new THREE.Sphere()).radius, 5);
    for (let i = 0; i < centers.length; i += 3)
      expect(Math.hypot(centers[i]! - center[0], centers[i + 1]! - center[1], centers[i + 2]! - center[2])).toBeLessThanOrEqual(
        radius + 1e-6,
      );
  });
});

describe('AtomsLayer primitive switching (10⁵ atoms)', () => {
  /** A simple-cubic argon block, 3.8 Å apart, of at least MIN_ATOMS_FOR_SPRITES atoms. */
  function argonBlock(): { numbers: Int32Array; centers: Float32Array } {
    const side = Math.ceil(Math.cbrt(MIN_ATOMS_FOR_SPRITES));
    const n = side ** 3;
    const centers = new Float32Array(3 * n);
    let a = 0;
    for (let i = 0; i < side; i++)
      for (let j = 0; j < side; j++)
        for (let k = 0; k < side; k++) {
          centers.set([3.8 * i, 3.8 * j, 3.8 * k], 3 * a);
          a++;
        }
    return { numbers: new Int32Array(n).fill(18), centers };
  }

  function cameraAt(position: THREE.Vector3, target: THREE.Vector3): THREE.PerspectiveCamera {
    const camera = new THREE.PerspectiveCamera(35, 1000 / 700, 0.1, 2000);
    camera.position.copy(position);
    camera.lookAt(target);
    camera.updateMatrixWorld();
    return camera;
  }

  it('draws sprites from afar, quads close up, sprites again zoomed out; both read the same centres', () => {
    const { numbers, centers } = argonBlock();
    const layer = new AtomsLayer(numbers, centers, 'spacefill', glslMaterials, 1024);
    layer.setViewport(1000, 700);
    const visible = (): string[] => layer.group.children.filter((o) => o.visible).map((o) => (o as THREE.Mesh | THREE.Points).type);
    expect(layer.atomPrimitive).toBe('sprites');
    const last = 3 * (numbers.length - 1);
    const corner = new THREE.Vector3(centers[last]!, centers[last + 1]!, centers[last + 2]!);
    layer.updatePrimitive(cameraAt(corner.clone().addScalar(400), corner));
    expect(layer.atomPrimitive).toBe('sprites');
    expect(visible()).toEqual(['Points']);
    layer.updatePrimitive(cameraAt(corner.clone().add(new THREE.Vector3(0, 0, 4)), corner));
    expect(layer.atomPrimitive).toBe('quads');
    expect(visible()).toEqual(['Mesh']);
    // the quads' instanced centres and the sprites' vertices are views of the layer's one centre array
    const centreArrays = layer.group.children.map((object) => {
      const geometry = (object as THREE.Mesh).geometry;
      return (geometry.getAttribute('aCenter') ?? geometry.getAttribute('position')).array;
    });
    expect(centreArrays).toHaveLength(3); // quads, points, sphere sprites (no bonds in spacefill)
    for (const array of centreArrays) expect(array).toBe(centers);
    // moving the atoms away (a new frame) is seen by the next decision
    for (let i = 0; i < centers.length; i++) centers[i] = centers[i]! - 100;
    layer.positionsChanged();
    layer.updatePrimitive(cameraAt(corner.clone().add(new THREE.Vector3(0, 0, 4)), corner));
    expect(layer.atomPrimitive).toBe('sprites');
    layer.setRepresentation('points');
    expect(layer.atomPrimitive).toBe('sprites');
    expect(visible()).toEqual(['Points']);
    layer.dispose();
  });

  it('uses quads only without wide point sprites (WebGPU) or below the sprite threshold', () => {
    const { numbers, centers } = argonBlock();
    const noSprites = new AtomsLayer(numbers, centers, 'spacefill', { ...glslMaterials, pointSprites: false }, 1024);
    const small = new AtomsLayer(numbers.subarray(0, 1000), centers.subarray(0, 3000), 'spacefill', glslMaterials, 1024);
    const far = cameraAt(new THREE.Vector3(2000, 2000, 2000), new THREE.Vector3());
    for (const layer of [noSprites, small]) {
      layer.updatePrimitive(far);
      expect(layer.atomPrimitive).toBe('quads');
      layer.dispose();
    }
  });
});
