/**
 * Bond cylinder impostors as a TSL node material (three's WebGPURenderer), the method of the GLSL
 * `cylinder-impostor.ts`: one instanced box of `createCylinderGeometry` per bond, ray-cast per pixel
 * against the exact open cylinder, true depth through `material.depthNode`, each half in its atom's
 * colour. Bonds longer than `maxLength` (an atom that crossed the cell) are not drawn.
 */
import {
  abs,
  attribute,
  cameraProjectionMatrix,
  cross,
  Discard,
  dot,
  Fn,
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
import type { BondMaterial } from '../atom-materials.ts';
import { displayColorOutput, headlightShade, windowDepth } from './impostor-shading.ts';

/**
 * The node material drawing the instances of `createCylinderGeometry` as ray-cast cylinders.
 *
 * @example
 * ```ts
 * const bonds = createCylinderNodeMaterial(0.15, 4);
 * const mesh = new THREE.Mesh(createCylinderGeometry(starts, ends, colorsA, colorsB), bonds.material);
 * ```
 */
export function createCylinderNodeMaterial(radius: number, maxLength: number): BondMaterial {
  const radiusUniform = uniform(radius);
  const maxLengthUniform = uniform(maxLength);
  const start = modelViewMatrix.mul(vec4(attribute('aStart', 'vec3'), 1)).xyz;
  const end = modelViewMatrix.mul(vec4(attribute('aEnd', 'vec3'), 1)).xyz;
  const bondLength = length(end.sub(start));
  const axis = end.sub(start).div(bondLength);
  const helper = select(abs(axis.x).lessThan(0.9), vec3(1, 0, 0), vec3(0, 1, 0));
  const e1 = normalize(cross(axis, helper));
  const e2 = cross(axis, e1);
  const corner = start
    .add(axis.mul(positionGeometry.z.mul(bondLength)))
    .add(e1.mul(positionGeometry.x).add(e2.mul(positionGeometry.y)).mul(radiusUniform));
  const hidden = bondLength.lessThanEqual(1e-6).or(bondLength.greaterThan(maxLengthUniform));

  const vStart = varying(start, 'vStart');
  const vAxis = varying(axis, 'vAxis');
  const vLength = varying(bondLength, 'vLength');
  const vColorStart = varying(attribute('aColorStart', 'vec3'), 'vColorStart');
  const vColorEnd = varying(attribute('aColorEnd', 'vec3'), 'vColorEnd');
  const direction = normalize(varying(corner, 'vViewPos'));
  // Ray t·direction against the infinite cylinder |(p − start) − ((p − start)·axis) axis| = r.
  const m = vStart.negate();
  const dPerp = direction.sub(vAxis.mul(dot(direction, vAxis)));
  const mPerp = m.sub(vAxis.mul(dot(m, vAxis)));
  const qa = dot(dPerp, dPerp);
  const qb = dot(mPerp, dPerp);
  const qc = dot(mPerp, mPerp).sub(radiusUniform.mul(radiusUniform));
  const disc = qb.mul(qb).sub(qa.mul(qc));
  const hit = direction.mul(qb.negate().sub(sqrt(disc)).div(qa));
  const along = dot(hit.sub(vStart), vAxis);
  const normal = normalize(hit.sub(vStart).sub(vAxis.mul(along)));

  const material = new NodeMaterial();
  material.name = 'cylinder impostor (TSL)';
  material.vertexNode = select(hidden, vec4(2, 2, 2, 1), cameraProjectionMatrix.mul(vec4(corner, 1)));
  material.depthNode = windowDepth(hit);
  material.fragmentNode = Fn(() => {
    Discard(qa.lessThan(1e-10).or(disc.lessThan(0)));
    Discard(along.lessThan(0).or(along.greaterThan(vLength)));
    const color = select(along.lessThan(vLength.mul(0.5)), vColorStart, vColorEnd);
    return displayColorOutput(headlightShade(color, normal, direction, 0.2));
  })();
  return {
    material,
    setRadius: (r) => {
      radiusUniform.value = r;
    },
  };
}
