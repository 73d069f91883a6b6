/**
 * The `points` representation as a TSL node material (three's WebGPURenderer). WebGPU draws points
 * one pixel wide, so each atom is an instanced quad of `createSphereGeometry`, placed in clip space as a
 * screen-aligned square as wide as the projected radius (at least 1.5 px, like the GLSL point sprites of
 * `point-sprites.ts`), shaded as a round disc, at the centre's depth (no depth correction: cheapest).
 */

import { Vector2 } from 'three';
import {
  attribute,
  cameraProjectionMatrix,
  Discard,
  dot,
  Fn,
  float,
  max,
  modelViewMatrix,
  positionGeometry,
  sqrt,
  uniform,
  varying,
  vec2,
  vec3,
  vec4,
} from 'three/tsl';
import { NodeMaterial } from 'three/webgpu';
import type { SphereMaterial } from '../atom-materials.ts';
import { displayColorOutput } from './impostor-shading.ts';

/**
 * The node material drawing the instances of `createSphereGeometry` as flat round discs.
 *
 * @example
 * ```ts
 * const points = createPointDiscNodeMaterial();
 * points.setViewport(canvas.width, canvas.height);
 * const mesh = new THREE.Mesh(createSphereGeometry(centers, radii, colors), points.material);
 * ```
 */
export function createPointDiscNodeMaterial(): SphereMaterial {
  const viewport = uniform(new Vector2(800, 800));
  const center = modelViewMatrix.mul(vec4(attribute('aCenter', 'vec3'), 1)).xyz;
  const radius = attribute('aRadius', 'float');
  const clip = cameraProjectionMatrix.mul(vec4(center, 1));
  const clipTop = cameraProjectionMatrix.mul(vec4(center.add(vec3(0, radius, 0)), 1));
  const radiusPx = clipTop.y.div(clipTop.w).sub(clip.y.div(clip.w)).mul(viewport.y).mul(0.5);
  const halfPx = max(radiusPx, 0.75);
  const ndc = clip.xy.div(clip.w).add(positionGeometry.xy.mul(halfPx).mul(vec2(2, 2).div(viewport)));
  const behind = center.z.greaterThanEqual(0).or(radius.lessThanEqual(0));

  const corner = varying(positionGeometry.xy, 'vCorner');
  const vColor = varying(attribute('aColor', 'vec3'), 'vColor');
  const rr = dot(corner, corner);

  const material = new NodeMaterial();
  material.name = 'point discs (TSL)';
  material.vertexNode = behind.select(vec4(2, 2, 2, 1), vec4(ndc.mul(clip.w), clip.z, clip.w));
  material.fragmentNode = Fn(() => {
    Discard(rr.greaterThan(1));
    return displayColorOutput(vColor.mul(float(0.35).add(sqrt(float(1).sub(rr)).mul(0.65))));
  })();
  return {
    material,
    setHighlight: () => {},
    setViewport: (width, height) => {
      viewport.value.set(width, height);
    },
  };
}
