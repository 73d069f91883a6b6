import * as THREE from 'three';
import { NodeMaterial } from 'three/webgpu';
import { describe, expect, it } from 'vitest';
import { AtomsLayer, MIN_ATOMS_FOR_SPRITES } from '../src/atoms/atoms-layer.ts';
import { glslMaterials } from '../src/shaders/glsl-materials.ts';
import { tslMaterials } from '../src/shaders/tsl/tsl-materials.ts';

/** `n` carbon atoms on a line 1.4 Å apart (n − 1 bonds). */
function chain(n: number): { numbers: Int32Array; centers: Float32Array } {
  const centers = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) centers[3 * i] = 1.4 * i;
  return { numbers: new Int32Array(n).fill(6), centers };
}

/** The objects of a layer (group children in order: quad spheres, points, sphere sprites when 10⁵+ atoms on WebGL2, then bonds). */
function objects(layer: AtomsLayer): THREE.Object3D[] {
  return layer.group.children;
}

describe('atom materials by renderer', () => {
  it('WebGL2 (GLSL): ShaderMaterials; points and large structures use point sprites, as before', () => {
    const small = chain(4);
    const layer = new AtomsLayer(small.numbers, small.centers, 'ball-and-stick', glslMaterials);
    const [spheres, points, bonds] = objects(layer);
    expect(spheres).toBeInstanceOf(THREE.Mesh);
    expect(points).toBeInstanceOf(THREE.Points);
    expect(bonds).toBeInstanceOf(THREE.Mesh);
    for (const o of [spheres, points, bonds]) expect((o as THREE.Mesh).material).toBeInstanceOf(THREE.ShaderMaterial);
    expect(layer.bondCount).toBe(3);
    const big = new AtomsLayer(new Int32Array(MIN_ATOMS_FOR_SPRITES).fill(18), new Float32Array(3 * MIN_ATOMS_FOR_SPRITES), 'spacefill');
    const [quads, , sprites] = objects(big);
    expect(sprites).toBeInstanceOf(THREE.Points); // sphere sprites, drawn until zoomed in past the largest point size
    expect([quads!.visible, sprites!.visible]).toEqual([false, true]);
    expect(big.atomPrimitive).toBe('sprites');
    layer.dispose();
    big.dispose();
  });

  it('GLSL handles write the uniforms the shaders read', () => {
    const spheres = glslMaterials.spheres();
    spheres.setHighlight(7);
    expect((spheres.material as THREE.ShaderMaterial).uniforms.uHighlight!.value).toBe(7);
    const sprites = glslMaterials.sphereSprites();
    sprites.setViewport(640, 480);
    expect((sprites.material as THREE.ShaderMaterial).uniforms.uViewport!.value).toEqual(new THREE.Vector2(640, 480));
    const points = glslMaterials.points();
    points.setViewport(640, 480);
    expect((points.material as THREE.ShaderMaterial).uniforms.uViewportHeight!.value).toBe(480);
    const bonds = glslMaterials.bonds(0.15, 4);
    bonds.setRadius(0.2);
    expect((bonds.material as THREE.ShaderMaterial).uniforms.uRadius!.value).toBe(0.2);
  });

  it('WebGPU (TSL): node materials with a depth node; points and large structures on instanced quads', () => {
    const small = chain(4);
    const layer = new AtomsLayer(small.numbers, small.centers, 'licorice', tslMaterials);
    const [spheres, points, bonds] = objects(layer) as THREE.Mesh[];
    for (const o of [spheres!, points!, bonds!]) {
      expect(o).toBeInstanceOf(THREE.Mesh);
      expect(o.material).toBeInstanceOf(NodeMaterial);
      const material = o.material as NodeMaterial;
      expect(material.vertexNode).not.toBeNull();
      expect(material.fragmentNode).not.toBeNull();
    }
    // ray-cast impostors write their hit's depth; flat point discs keep the quad's
    expect((spheres!.material as NodeMaterial).depthNode).not.toBeNull();
    expect((bonds!.material as NodeMaterial).depthNode).not.toBeNull();
    expect((points!.material as NodeMaterial).depthNode).toBeNull();
    // points draw on the spheres' instanced quads (WebGPU has no wide points)
    expect(points!.geometry).toBe(spheres!.geometry);
    expect(spheres!.geometry).toBeInstanceOf(THREE.InstancedBufferGeometry);
    expect((spheres!.geometry as THREE.InstancedBufferGeometry).instanceCount).toBe(4);
    expect(layer.bondCount).toBe(3);
    layer.setRepresentation('points');
    expect([spheres!.visible, points!.visible]).toEqual([false, true]);
    const big = new AtomsLayer(
      new Int32Array(MIN_ATOMS_FOR_SPRITES).fill(18),
      new Float32Array(3 * MIN_ATOMS_FOR_SPRITES),
      'spacefill',
      tslMaterials,
    );
    expect(objects(big)[0]).toBeInstanceOf(THREE.Mesh);
    expect(objects(big).filter((o) => o instanceof THREE.Points)).toEqual([]);
    expect(big.atomPrimitive).toBe('quads');
    layer.dispose();
    big.dispose();
  });

  it('frames rewrite the shared centre buffer in place with either material set', () => {
    for (const materials of [glslMaterials, tslMaterials]) {
      const { numbers, centers } = chain(3);
      const layer = new AtomsLayer(numbers, centers, 'ball-and-stick', materials);
      const spheres = objects(layer)[0] as THREE.Mesh;
      const attribute = spheres.geometry.getAttribute('aCenter') as THREE.InstancedBufferAttribute;
      const version = attribute.version;
      centers[0] = 0.5;
      layer.positionsChanged();
      expect(attribute.array).toBe(centers);
      expect(attribute.version).toBe(version + 1);
      layer.dispose();
    }
  });
});
