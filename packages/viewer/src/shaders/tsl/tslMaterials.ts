/**
 * The WebGPU material set: the TSL node materials of this folder behind the {@link AtomMaterialFactory}
 * interface. WebGPU has no wide points, so sphere sprites and points are instanced quads here.
 */
import type { AtomMaterialFactory } from '../atomMaterials.ts';
import { createCylinderNodeMaterial } from './cylinderImpostorNode.ts';
import { createPointDiscNodeMaterial } from './pointDiscNode.ts';
import { createSphereNodeMaterial } from './sphereImpostorNode.ts';

/**
 * TSL node materials for three's `WebGPURenderer` (`MoleculeViewer.create(el, { renderer: 'webgpu' })`).
 *
 * @example
 * ```ts
 * const layer = new AtomsLayer(numbers, centers, 'ball-and-stick', tslMaterials);
 * ```
 */
export const tslMaterials: AtomMaterialFactory = {
  language: 'tsl',
  pointSprites: false,
  spheres: createSphereNodeMaterial,
  sphereSprites: createSphereNodeMaterial,
  points: createPointDiscNodeMaterial,
  bonds: createCylinderNodeMaterial,
};
