/**
 * The GLSL that both sphere impostors (`sphere-impostor.ts`, instanced quads; `sphere-sprites.ts`, point sprites)
 * share: the start of the vertex shader (the view-space centre, radius and colour of the atom) and the fragment
 * shader's ray-sphere hit, exact depth and shading once the view ray `dir` is known.
 */

/**
 * The vertex shader's first statements for the atom at model-space `center` with index `id` (`gl_InstanceID` or
 * `gl_VertexID`): `c` (view-space centre), `r`, `d` and the varyings.
 *
 * @example
 * ```ts
 * const head = sphereVertexHead('aCenter', 'gl_InstanceID');
 * ```
 */
export function sphereVertexHead(center: string, id: string): string {
  return `  vec4 c = modelViewMatrix * vec4(${center}, 1.0);
  float r = aRadius * uRadiusScale;
  float d = length(c.xyz);
  vCenter = c.xyz;
  vRadius = r;
  vColor = ${id} == uHighlight ? vec3(1.0, 0.85, 0.1) : aColor;`;
}

/** The fragment shader's body after `vec3 dir` (the unit view ray through the pixel): hit, depth, shading. */
export const SPHERE_HIT_AND_SHADE_GLSL = /* glsl */ `  float b = dot(dir, vCenter);
  vec3 closest = vCenter - b * dir;
  float disc = vRadius * vRadius - dot(closest, closest);
  if (disc < 0.0) discard;
  vec3 p = (b - sqrt(disc)) * dir;
  vec3 n = (p - vCenter) / vRadius;
  // perspective projection: clip.z = P[2][2]·z + P[3][2], clip.w = −z (two operations instead of a mat4 product)
  gl_FragDepth = 0.5 * (projectionMatrix[2][2] * p.z + projectionMatrix[3][2]) / (-p.z) + 0.5;
  vec3 l = normalize(vec3(0.35, 0.45, 1.0));
  float diffuse = max(dot(n, l), 0.0);
  vec3 h = normalize(l - dir);
  float s2 = max(dot(n, h), 0.0);
  s2 *= s2; s2 *= s2; s2 *= s2; s2 *= s2; s2 *= s2; // (n·h)^32 without pow
  float specular = s2;
  gl_FragColor = vec4(vColor * (0.32 + 0.68 * diffuse) + 0.25 * specular, 1.0);`;
