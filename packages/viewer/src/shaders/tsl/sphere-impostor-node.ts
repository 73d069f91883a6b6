/**
 * Sphere impostors as a TSL node material (three's WebGPURenderer): the same method as the GLSL
 * `sphere-impostor.ts` — one camera-facing quad per atom of `createSphereGeometry` (instanced), sized to
 * the exact silhouette r/√(1 − r²/d²), ray-cast per pixel against the sphere, with the hit's true depth
 * written through `material.depthNode` so spheres intersect each other and bonds correctly.
 */
import {
  abs,
  attribute,
  cameraProjectionMatrix,
  cross,
  Discard,
  dot,
  Fn,
  float,
  instanceIndex,
  int,
  length,
  modelViewMatrix,
  normalize,
  positionGeometry,
  select,
  sqrt,
  uniform,
  varying,
  vec3,
  vec4,
} from 'three/tsl';
import { NodeMaterial } from 'three/webgpu';
import type { SphereMaterial } from '../atom-materials.ts';
import { displayColorOutput, headlightShade, windowDepth } from './impostor-shading.ts';

/**
 * The node material drawing the instances of `createSphereGeometry` as ray-cast spheres.
 *
 * @example
 * ```ts
 * const spheres = createSphereNodeMaterial();
 * const mesh = new THREE.Mesh(createSphereGeometry(centers, radii, colors), spheres.material);
 * ```
 */
export function createSphereNodeMaterial(): SphereMaterial {
  const highlight = uniform(-1, 'int');
  const center = modelViewMatrix.mul(vec4(attribute('aCenter', 'vec3'), 1)).xyz;
  const radius = attribute('aRadius', 'float');
  const distance = length(center);
  const toCamera = center.negate().div(distance);
  const up = select(abs(toCamera.y).greaterThan(0.99), vec3(1, 0, 0), vec3(0, 1, 0));
  const u = normalize(cross(up, toCamera));
  const v = cross(toCamera, u);
  const halfSize = radius.div(sqrt(float(1).sub(radius.mul(radius).div(distance.mul(distance)))));
  const corner = center.add(u.mul(positionGeometry.x).add(v.mul(positionGeometry.y)).mul(halfSize));
  const hidden = radius.lessThanEqual(0).or(distance.lessThanEqual(radius.mul(1.0001)));

  const vCenter = varying(center, 'vCenter');
  const vRadius = varying(radius, 'vRadius');
  const vColor = varying(select(int(instanceIndex).equal(highlight), vec3(1, 0.85, 0.1), attribute('aColor', 'vec3')), 'vColor');
  const direction = normalize(varying(corner, 'vViewPos'));
  const b = dot(direction, vCenter);
  const closest = vCenter.sub(direction.mul(b));
  const disc = vRadius.mul(vRadius).sub(dot(closest, closest));
  const hit = direction.mul(b.sub(sqrt(disc)));
  const normal = hit.sub(vCenter).div(vRadius);

  const material = new NodeMaterial();
  material.name = 'sphere impostor (TSL)';
  material.vertexNode = select(hidden, vec4(2, 2, 2, 1), cameraProjectionMatrix.mul(vec4(corner, 1)));
  material.depthNode = windowDepth(hit);
  material.fragmentNode = Fn(() => {
    Discard(disc.lessThan(0));
    return displayColorOutput(headlightShade(vColor, normal, direction, 0.25));
  })();
  return {
    material,
    setHighlight: (index) => {
      highlight.value = index;
    },
    setViewport: () => {},
  };
}
