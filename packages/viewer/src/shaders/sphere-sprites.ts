/**
 * Sphere impostors as point sprites: one vertex per atom (no instancing), a square sprite as large as
 * the sphere's projected silhouette, ray-cast in the fragment shader from gl_FragCoord with exact depth,
 * like `sphere-impostor.ts`. Software renderers (SwiftShader) draw a million sprites about ten times faster
 * than a million instanced quads. Sprites are capped at the GPU's largest point size, so the viewer uses
 * them only for very large structures, and draws those on instanced quads (`sphere-impostor.ts`) while
 * zoomed in so far that a sprite would reach that size (`atoms/atom-primitive.ts`).
 */
import * as THREE from 'three';
import { SPHERE_HIT_AND_SHADE_GLSL, sphereVertexHead } from './sphere-shading.ts';

const vertexShader = /* glsl */ `
attribute float aRadius;
attribute vec3 aColor;
uniform float uRadiusScale;
uniform vec2 uViewport;
uniform int uHighlight;
varying vec3 vCenter;
varying vec3 vColor;
varying float vRadius;
void main() {
${sphereVertexHead('position', 'gl_VertexID')}
  if (r <= 0.0 || d <= r * 1.0001 || c.z >= 0.0) { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); gl_PointSize = 0.0; return; }
  gl_Position = projectionMatrix * c;
  // The silhouette cone has half-angle θ = asin(r/d); along each screen axis its image reaches
  // tan(atan(t) + θ) − t beyond the projected centre t = |x/z| (the outer side is the wider one).
  float theta = asin(r / d);
  float tx = abs(c.x / c.z);
  float ty = abs(c.y / c.z);
  float ex = tan(min(atan(tx) + theta, 1.55)) - tx;
  float ey = tan(min(atan(ty) + theta, 1.55)) - ty;
  float halfPx = max(ex * projectionMatrix[0][0] * uViewport.x, ey * projectionMatrix[1][1] * uViewport.y) * 0.5;
  gl_PointSize = 2.0 * halfPx + 2.0;
}
`;

const fragmentShader = /* glsl */ `
uniform mat4 projectionMatrix;
uniform vec2 uViewport;
varying vec3 vCenter;
varying vec3 vColor;
varying float vRadius;
void main() {
  vec2 ndc = 2.0 * gl_FragCoord.xy / uViewport - 1.0;
  vec3 dir = normalize(vec3((ndc.x + projectionMatrix[2][0]) / projectionMatrix[0][0], (ndc.y + projectionMatrix[2][1]) / projectionMatrix[1][1], -1.0));
${SPHERE_HIT_AND_SHADE_GLSL}
}
`;

/**
 * The sprite-sphere material; keep `uViewport` (canvas size in device pixels) in step with the canvas.
 *
 * @example
 * ```ts
 * const spheres = new THREE.Points(geometry, createSphereSpriteMaterial()); // geometry: position, aRadius, aColor
 * ```
 */
export function createSphereSpriteMaterial(): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    uniforms: { uRadiusScale: { value: 1 }, uViewport: { value: new THREE.Vector2(800, 800) }, uHighlight: { value: -1 } },
    vertexShader,
    fragmentShader,
  });
}
