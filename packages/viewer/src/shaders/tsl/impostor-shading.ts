/**
 * TSL pieces shared by the node-material impostors: the window depth of a view-space point (what
 * `gl_FragDepth` receives in the GLSL versions), the head-light shading of `sphere-impostor.ts` /
 * `cylinder-impostor.ts`, and the conversion of a display colour to the renderer's linear working space.
 */

import { cameraProjectionMatrix, dot, float, max, normalize, sRGBTransferEOTF, vec3, vec4 } from 'three/tsl';
import type { Node } from 'three/webgpu';

/** The GLSL shaders write display (sRGB) values untouched; WebGPURenderer encodes linear output to sRGB, so decode first. */
export function displayColorOutput(color: Node<'vec3'>): Node<'vec4'> {
  return vec4(sRGBTransferEOTF(color) as Node<'vec3'>, 1);
}

/**
 * Window depth of a view-space point: clip z / clip w through the camera's projection, which three
 * sets up for the renderer's coordinate system (WebGPU: z in [0, 1]).
 *
 * @example
 * ```ts
 * material.depthNode = windowDepth(hitPoint);
 * ```
 */
export function windowDepth(viewPoint: Node<'vec3'>): Node<'float'> {
  const clip = cameraProjectionMatrix.mul(vec4(viewPoint, 1));
  return clip.z.div(clip.w);
}

/**
 * Head-light shading: ambient 0.32, diffuse 0.68 from direction (0.35, 0.45, 1), and a Blinn specular
 * (n·h)^32 of weight `specular`, for a surface normal `normal` seen along the view ray `direction`.
 *
 * @example
 * ```ts
 * const color = headlightShade(vColor, normal, rayDirection, 0.25);
 * ```
 */
export function headlightShade(color: Node<'vec3'>, normal: Node<'vec3'>, direction: Node<'vec3'>, specular: number): Node<'vec3'> {
  const light = normalize(vec3(0.35, 0.45, 1));
  const diffuse = max(dot(normal, light), 0);
  const s1 = max(dot(normal, normalize(light.sub(direction))), 0);
  const s2 = s1.mul(s1);
  const s4 = s2.mul(s2);
  const s8 = s4.mul(s4);
  const s16 = s8.mul(s8);
  const s32 = s16.mul(s16);
  return color.mul(float(0.32).add(diffuse.mul(0.68))).add(s32.mul(specular));
}
