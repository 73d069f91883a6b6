/**
 * Cylinder impostors for bonds: one instanced box per bond (the box always covers the cylinder's
 * projection), ray-cast against the exact open cylinder in the fragment shader with true depth. Each
 * half takes the colour of its atom; the ends are hidden inside the atom spheres (or, in licorice,
 * inside spheres of the bond radius). Bonds longer than `uMaxLength` (an atom that crossed the cell
 * while its partner did not) are not drawn.
 */
import * as THREE from 'three';

/** What the vertex shader hands the fragment shader: the bond's start, unit axis and length, the box point, the two colours. */
const VARYINGS = /* glsl */ `varying vec3 vA;
varying vec3 vAxis;
varying float vLength;
varying vec3 vViewPos;
varying vec3 vColorA;
varying vec3 vColorB;`;

const vertexShader = /* glsl */ `
attribute vec3 aStart;
attribute vec3 aEnd;
attribute vec3 aColorStart;
attribute vec3 aColorEnd;
uniform float uRadius;
uniform float uMaxLength;
${VARYINGS}
void main() {
  vec3 a = (modelViewMatrix * vec4(aStart, 1.0)).xyz;
  vec3 b = (modelViewMatrix * vec4(aEnd, 1.0)).xyz;
  vec3 axis = b - a;
  float len = length(axis);
  if (len <= 1e-6 || len > uMaxLength) { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); return; }
  vec3 u = axis / len;
  vec3 helper = abs(u.x) < 0.9 ? vec3(1.0, 0.0, 0.0) : vec3(0.0, 1.0, 0.0);
  vec3 e1 = normalize(cross(u, helper));
  vec3 e2 = cross(u, e1);
  vec3 p = a + u * (position.z * len) + (position.x * e1 + position.y * e2) * uRadius;
  vA = a; vAxis = u; vLength = len; vViewPos = p;
  vColorA = aColorStart; vColorB = aColorEnd;
  gl_Position = projectionMatrix * vec4(p, 1.0);
}
`;

const fragmentShader = /* glsl */ `
uniform mat4 projectionMatrix;
uniform float uRadius;
${VARYINGS}
void main() {
  vec3 d = normalize(vViewPos);
  vec3 m = -vA;
  vec3 dp = d - dot(d, vAxis) * vAxis;
  vec3 mp = m - dot(m, vAxis) * vAxis;
  float a = dot(dp, dp);
  float b = dot(mp, dp);
  float c = dot(mp, mp) - uRadius * uRadius;
  float disc = b * b - a * c;
  if (a < 1e-10 || disc < 0.0) discard;
  float t = (-b - sqrt(disc)) / a;
  vec3 p = t * d;
  float s = dot(p - vA, vAxis);
  if (s < 0.0 || s > vLength) discard;
  vec3 n = normalize(p - vA - s * vAxis);
  // perspective projection: clip.z = P[2][2]·z + P[3][2], clip.w = −z (two operations instead of a mat4 product)
  gl_FragDepth = 0.5 * (projectionMatrix[2][2] * p.z + projectionMatrix[3][2]) / (-p.z) + 0.5;
  vec3 color = s < 0.5 * vLength ? vColorA : vColorB;
  vec3 l = normalize(vec3(0.35, 0.45, 1.0));
  float diffuse = max(dot(n, l), 0.0);
  float s2 = max(dot(n, normalize(l - d)), 0.0);
  s2 *= s2; s2 *= s2; s2 *= s2; s2 *= s2; s2 *= s2; // (n·h)^32 without pow
  float specular = s2;
  gl_FragColor = vec4(color * (0.32 + 0.68 * diffuse) + 0.2 * specular, 1.0);
}
`;

/**
 * A material drawing the instances of {@link createCylinderGeometry} as ray-cast cylinders.
 *
 * @example
 * ```ts
 * const bonds = new THREE.Mesh(createCylinderGeometry(starts, ends, colorsA, colorsB), createCylinderMaterial(0.15));
 * ```
 */
export function createCylinderMaterial(radius: number, maxLength = 4): THREE.ShaderMaterial {
  return new THREE.ShaderMaterial({
    uniforms: { uRadius: { value: radius }, uMaxLength: { value: maxLength } },
    vertexShader,
    fragmentShader,
  });
}

/**
 * Instanced box geometry with per-bond end points (dynamic) and end colours.
 *
 * @example
 * ```ts
 * const g = createCylinderGeometry(new Float32Array([0, 0, 0]), new Float32Array([1, 0, 0]), red, white);
 * ```
 */
export function createCylinderGeometry(
  starts: Float32Array,
  ends: Float32Array,
  colorsStart: Float32Array,
  colorsEnd: Float32Array,
): THREE.InstancedBufferGeometry {
  const box = new THREE.BoxGeometry(2, 2, 1).translate(0, 0, 0.5);
  const geometry = new THREE.InstancedBufferGeometry();
  geometry.setIndex(box.getIndex());
  geometry.setAttribute('position', box.getAttribute('position'));
  const start = new THREE.InstancedBufferAttribute(starts, 3);
  start.setUsage(THREE.DynamicDrawUsage);
  const end = new THREE.InstancedBufferAttribute(ends, 3);
  end.setUsage(THREE.DynamicDrawUsage);
  geometry.setAttribute('aStart', start);
  geometry.setAttribute('aEnd', end);
  geometry.setAttribute('aColorStart', new THREE.InstancedBufferAttribute(colorsStart, 3));
  geometry.setAttribute('aColorEnd', new THREE.InstancedBufferAttribute(colorsEnd, 3));
  geometry.instanceCount = starts.length / 3;
  return geometry;
}
