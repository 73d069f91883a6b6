import { describe, expect, it } from 'vitest';
import { Random, rotationFromNormals } from '../src/random.ts';

describe('Random (xoshiro128**, checkpointable)', () => {
  it("matches the xoshiro128** reference implementation's outputs for state (1, 2, 3, 4)", () => {
    // First outputs of Blackman & Vigna's xoshiro128starstar.c with s = {1, 2, 3, 4}.
    const rng = Random.fromState(1, 2, 3, 4);
    const got = Array.from({ length: 8 }, () => rng.nextUint32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849]);
  });

  it('restores a saved state exactly, a pending Box–Muller normal included', () => {
    for (const make of [(s: number) => new Random(s), (s: number) => Random.mulberry32(s)]) {
      const rng = make(11);
      rng.normal(); // leaves the second Box–Muller value pending
      const saved = rng.getState();
      const expected = [rng.normal(), rng.normal(), rng.uniform(), rng.gamma(2.5), rng.nextUint32()];
      const restored = make(999).setState(saved);
      expect([restored.normal(), restored.normal(), restored.uniform(), restored.gamma(2.5), restored.nextUint32()]).toEqual(expected);
    }
  });

  it('draws uniforms in [0, 1) and standard normals with the right moments (both streams)', () => {
    for (const rng of [new Random(5), Random.mulberry32(5)]) {
      const n = 100_000;
      let mean = 0;
      let m2 = 0;
      let lo = 1;
      let hi = 0;
      for (let i = 0; i < n; i++) {
        const u = rng.uniform();
        lo = Math.min(lo, u);
        hi = Math.max(hi, u);
        const z = rng.normal();
        mean += z;
        m2 += z * z;
      }
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThan(1);
      // 5 standard errors of the sample mean (1/√n) and of the sample second moment (√(2/n)).
      expect(Math.abs(mean / n)).toBeLessThan(5 / Math.sqrt(n));
      expect(Math.abs(m2 / n - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    }
  });

  it('rejects bad arguments and states with a RangeError', () => {
    expect(() => new Random(1).setState([1, 2, 3])).toThrow(RangeError);
    expect(() => Random.mulberry32(1).setState([1, 2, 3, 4, 5, 6])).toThrow(RangeError);
    expect(() => new Random(1).int(0)).toThrow(RangeError);
    expect(() => new Random(1).gamma(0)).toThrow(RangeError);
  });
});

describe('rotationFromNormals', () => {
  it('gives proper orthogonal matrices (RᵀR = I, det R = 1 to rounding)', () => {
    const rng = new Random(2);
    for (let t = 0; t < 20; t++) {
      const R = rotationFromNormals(() => rng.normal());
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++) {
          let s = 0;
          for (let k = 0; k < 3; k++) s += R[3 * k + i]! * R[3 * k + j]!;
          // Products of unit-quaternion components: a few ulps.
          expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-14);
        }
      const det =
        R[0]! * (R[4]! * R[8]! - R[5]! * R[7]!) - R[1]! * (R[3]! * R[8]! - R[5]! * R[6]!) + R[2]! * (R[3]! * R[7]! - R[4]! * R[6]!);
      expect(Math.abs(det - 1)).toBeLessThan(1e-14);
    }
  });
});
