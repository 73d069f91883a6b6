/**
 * The WebGPU material set: the TSL node materials of this folder behind the {@link AtomMaterialFactory}
 * interface. WebGPU has no wide points, so sphere sprites and points are instanced quads here.
 */
import type { AtomMaterialFactory } from '../atom-materials.ts';
import { createCylinderNodeMaterial } from './cylinder-impostor-node.ts';
import { createPointDiscNodeMaterial } from './point-disc-node.ts';
import { createSphereNodeMaterial } from './sphere-impostor-node.ts';

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
