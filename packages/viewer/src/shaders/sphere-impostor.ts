/**
 * Sphere impostors: one camera-facing quad per atom (instanced), ray-cast against the exact sphere in
 * the fragment shader, which writes the true depth so spheres intersect each other and bonds correctly.
 * The quad is perpendicular to the line of sight to the centre and sized r/√(1 − r²/d²), the exact
 * radius of the sphere's silhouette cone there, so no pixel of the sphere is lost under perspective.
 * For hundreds of thousands of atoms see `sphere-sprites.ts` (one vertex per atom instead of an instance).
 */
import * as THREE from 'three';
import { SPHERE_HIT_AND_SHADE_GLSL, sphereVertexHead } from './sphere-shading.ts';

const vertexShader = /* glsl */ `
attribute vec3 aCenter;
attribute float aRadius;
attribute vec3 aColor;
uniform float uRadiusScale;
uniform int uHighlight;
varying vec3 vCenter;
varying vec3 vViewPos;
varying vec3 vColor;
varying float vRadius;
void main() {
${sphereVertexHead('aCenter', 'gl_InstanceID')}
  if (r <= 0.0 || d <= r * 1.0001) { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); return; }
  vec3 w = -c.xyz / d;
  vec3 up = abs(w.y) > 0.99 ? vec3(1.0, 0.0, 0.0) : vec3(0.0, 1.0, 0.0);
  vec3 u = normalize(cross(up, w));
  vec3 v = cross(w, u);
  float halfSize = r / sqrt(1.0 - (r * r) / (d * d));
  vec3 p = c.xyz + (position.x * u + position.y * v) * halfSize;
  vViewPos = p;
  gl_Position = projectionMatrix * vec4(p, 1.0);
}
`;

const fragmentShader = /* glsl */ `
uniform mat4 projectionMatrix;
varying vec3 vCenter;
varying vec3 vViewPos;
varying vec3 vColor;
varying float vRadius;
void main() {
  vec3 dir = normalize(vViewPos);
${SPHERE_HIT_AND_SHADE_GLSL}
}
`;

/**
 * A material drawing the instances of {@link createSphereGeometry} as ray-cast spheres.
 *
 * @example
 * ```ts
 * const mesh = new THREE.Mesh(createSphereGeometry(centers, radii, colors), createSphereMaterial());
 * mesh.frustumCulled = false;
 * ```
 */
export function createSphereMaterial(): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    uniforms: { uRadiusScale: { value: 1 }, uHighlight: { value: -1 } },
    vertexShader,
    fragmentShader,
  });
}

/**
 * Instanced quad geometry with per-atom centre (dynamic, updated in place per frame), radius and colour.
 *
 * @example
 * ```ts
 * const geometry = createSphereGeometry(new Float32Array([0, 0, 0]), new Float32Array([1]), new Float32Array([1, 0, 0]));
 * ```
 */
export function createSphereGeometry(centers: Float32Array, radii: Float32Array, colors: Float32Array): THREE.InstancedBufferGeometry {
  const geometry = new THREE.InstancedBufferGeometry();
  geometry.setIndex([0, 1, 2, 0, 2, 3]);
  geometry.setAttribute('position', new THREE.Float32BufferAttribute([-1, -1, 0, 1, -1, 0, 1, 1, 0, -1, 1, 0], 3));
  const center = new THREE.InstancedBufferAttribute(centers, 3);
  center.setUsage(THREE.DynamicDrawUsage);
  geometry.setAttribute('aCenter', center);
  geometry.setAttribute('aRadius', new THREE.InstancedBufferAttribute(radii, 1));
  geometry.setAttribute('aColor', new THREE.InstancedBufferAttribute(colors, 3));
  geometry.instanceCount = radii.length;
  return geometry;
}
