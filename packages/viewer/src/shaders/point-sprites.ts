/**
 * Point sprites for millions of atoms: one vertex per atom, a round, shaded disc whose screen size
 * follows the atom radius under perspective. No depth correction (cheapest representation).
 */
import * as THREE from 'three';

const vertexShader = /* glsl */ `
attribute float aRadius;
attribute vec3 aColor;
uniform float uRadiusScale;
uniform float uViewportHeight;
varying vec3 vColor;
void main() {
  vec4 mv = modelViewMatrix * vec4(position, 1.0);
  vColor = aColor;
  gl_Position = projectionMatrix * mv;
  gl_PointSize = max(1.5, aRadius * uRadiusScale * projectionMatrix[1][1] * uViewportHeight / max(1e-3, -mv.z));
}
`;

const fragmentShader = /* glsl */ `
varying vec3 vColor;
void main() {
  vec2 q = 2.0 * gl_PointCoord - 1.0;
  float rr = dot(q, q);
  if (rr > 1.0) discard;
  float shade = 0.35 + 0.65 * sqrt(1.0 - rr);
  gl_FragColor = vec4(vColor * shade, 1.0);
}
`;

/**
 * The points material; set `uniforms.uViewportHeight.value` to the canvas height in device pixels.
 *
 * @example
 * ```ts
 * const points = new THREE.Points(geometry, createPointsMaterial());
 * ```
 */
export function createPointsMaterial(): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    uniforms: { uRadiusScale: { value: 1 }, uViewportHeight: { value: 800 } },
    vertexShader,
    fragmentShader,
  });
}
