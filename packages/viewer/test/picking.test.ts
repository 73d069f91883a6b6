import { SeededRng } from '@equitensor/testing';
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { pickSphere } from '../src/atoms/picking.ts';

describe('pickSphere', () => {
  it('returns the nearest sphere along the ray', () => {
    const centers = new Float32Array([0, 0, 0, 0, 0, 5, 3, 0, 8]);
    const radii = new Float32Array([1, 1, 1]);
    expect(pickSphere([0, 0, 10], [0, 0, -2], centers, radii)).toEqual({ index: 1, distance: 4 });
    expect(pickSphere([0, 0, -10], [0, 0, 1], centers, radii)).toEqual({ index: 0, distance: 9 });
    expect(pickSphere([0, 5, 10], [0, 0, -1], centers, radii)).toBeNull();
    expect(pickSphere([0, 0, 0], [0, 0, 1], centers, radii)).toEqual({ index: 0, distance: 1 });
  });

  it("agrees with three.js's Ray.intersectSphere on random scenes", () => {
    const rng = new SeededRng(3);
    for (let trial = 0; trial < 50; trial++) {
      const n = 60;
      const centers = Float32Array.from(rng.uniformArray(3 * n, -10, 10));
      const radii = Float32Array.from({ length: n }, () => rng.uniformIn(0.3, 1.5));
      const origin: [number, number, number] = [rng.uniformIn(-1, 1), rng.uniformIn(-1, 1), 30];
      const direction: [number, number, number] = [rng.uniformIn(-0.3, 0.3), rng.uniformIn(-0.3, 0.3), -1];
      const ray = new THREE.Ray(new THREE.Vector3(...origin), new THREE.Vector3(...direction).normalize());
      let best = -1;
      let bestT = Infinity;
      for (let i = 0; i < n; i++) {
        const hit = ray.intersectSphere(
          new THREE.Sphere(new THREE.Vector3(centers[3 * i]!, centers[3 * i + 1]!, centers[3 * i + 2]!), radii[i]!),
          new THREE.Vector3(),
        );
        if (hit) {
          const t = hit.distanceTo(ray.origin);
          if (t < bestT) [best, bestT] = [i, t];
        }
      }
      const hit = pickSphere(origin, direction, centers, radii);
      expect(hit?.index ?? -1).toBe(best);
      if (hit) expect(hit.distance).toBeCloseTo(bestT, 4);
    }
  });
});
