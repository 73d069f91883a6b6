/**
 * The WebGL2 material set: the hand-written GLSL `ShaderMaterial`s of this folder behind the
 * {@link AtomMaterialFactory} interface.
 */
import type * as THREE from 'three';
import type { AtomMaterialFactory, SphereMaterial } from './atom-materials.ts';
import { createCylinderMaterial } from './cylinder-impostor.ts';
import { createPointsMaterial } from './point-sprites.ts';
import { createSphereMaterial } from './sphere-impostor.ts';
import { createSphereSpriteMaterial } from './sphere-sprites.ts';

function setUniform<T>(material: THREE.ShaderMaterial, name: string, value: T): void {
  const uniform = material.uniforms[name] as THREE.IUniform<T> | undefined;
  if (uniform) uniform.value = value;
}

function sphereHandle(material: THREE.ShaderMaterial): SphereMaterial {
  return {
    material,
    setHighlight: (index) => setUniform(material, 'uHighlight', index),
    setViewport: (width, height) => {
      (material.uniforms.uViewport as THREE.IUniform<THREE.Vector2> | undefined)?.value.set(width, height);
      setUniform(material, 'uViewportHeight', height);
    },
  };
}

/**
 * GLSL materials for `THREE.WebGLRenderer` (the default renderer).
 *
 * @example
 * ```ts
 * const layer = new AtomsLayer(numbers, centers, 'ball-and-stick', glslMaterials);
 * ```
 */
export const glslMaterials: AtomMaterialFactory = {
  language: 'glsl',
  pointSprites: true,
  spheres: () => sphereHandle(createSphereMaterial()),
  sphereSprites: () => sphereHandle(createSphereSpriteMaterial()),
  points: () => sphereHandle(createPointsMaterial()),
  bonds: (radius, maxLength) => {
    const material = createCylinderMaterial(radius, maxLength);
    return { material, setRadius: (r) => setUniform(material, 'uRadius', r) };
  },
};
