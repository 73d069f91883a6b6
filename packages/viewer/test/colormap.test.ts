import { describe, expect, it } from 'vitest';
import { colorizeDiverging, coolWarm, symmetricLimit, symmetricUnit } from '../src/colormap.ts';

describe('cool-warm diverging map', () => {
  it("matches Moreland's table at the ends and the midpoint", () => {
    const close = (actual: number[], expected: number[]): void => {
      for (const [i, x] of actual.entries()) expect(x).toBeCloseTo(expected[i]!, 12);
    };
    close(coolWarm(0), [0.2298, 0.2987, 0.7537]);
    close(coolWarm(1), [0.7057, 0.0156, 0.1502]);
    close(coolWarm(0.5), [0.8654, 0.8654, 0.8654]);
    expect(coolWarm(-3)).toEqual(coolWarm(0));
    expect(coolWarm(Number.NaN)).toEqual(coolWarm(0.5));
  });

  it('interpolates linearly between control points: blue below the middle, red above', () => {
    const mid = coolWarm(0.0625);
    expect(mid[0]).toBeCloseTo((0.2298 + 0.3843) / 2, 10);
    for (let t = 0; t < 0.49; t += 0.01) {
      const [r, , b] = coolWarm(t);
      const [r2, , b2] = coolWarm(1 - t);
      expect(b).toBeGreaterThan(r);
      expect(r2).toBeGreaterThan(b2);
    }
  });

  it('maps values symmetrically about zero', () => {
    expect(symmetricUnit(0, 3)).toBe(0.5);
    expect(symmetricUnit(-3, 3)).toBe(0);
    expect(symmetricUnit(1.5, 3)).toBe(0.75);
    expect(symmetricUnit(10, 3)).toBe(1);
    expect(symmetricLimit([1, -2, 3, -4, 5, Number.NaN, Infinity], 1)).toBe(5);
    expect(symmetricLimit([1, -2, 3, -4, 5], 0.5)).toBe(3);
  });

  it('colours RGBA8 with transparency for non-finite values and an optional reversal', () => {
    const rgba = colorizeDiverging([-1, 0, 1, Number.NaN], 1);
    expect([...rgba.subarray(0, 4)]).toEqual([59, 76, 192, 255]);
    expect([...rgba.subarray(8, 12)]).toEqual([180, 4, 38, 255]);
    expect(rgba[15]).toBe(0);
    const reversed = colorizeDiverging([-1], 1, new Uint8Array(4), true);
    expect([...reversed]).toEqual([180, 4, 38, 255]);
  });
});
