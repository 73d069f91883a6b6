import { describe, expect, it } from 'vitest';
import { buildBenchCase, timeMedian } from '../bench/benchmark-case.ts';

describe('benchmark cases', () => {
  it('build the PriceofFreedom settings and the e3nn FCTP / uvu products', () => {
    const mimo = buildBenchCase({ kind: 'cg', setting: 'mimo', lmax: 2, batch: 3, mul: 2 });
    expect(mimo.description.irrepsOut).toBe('1x0e+1x1o+1x2e+1x3o+1x4e');
    expect(mimo.description.rows).toBe(6);
    const simo = buildBenchCase({ kind: 'grid', setting: 'simo', lmax: 3, batch: 1 });
    expect(simo.description.irrepsIn1).toBe('1x3o');
    expect(simo.description.irrepsOut).toBe('1x0e+1x1o+1x2e+1x3o+1x4e+1x5o+1x6e');
    const uvu = buildBenchCase({ kind: 'cg', setting: 'uvu', lmax: 1, batch: 2, mul: 8 });
    expect(uvu.description.irrepsIn1).toBe('8x0e+8x1o');
    expect(uvu.description.irrepsIn2).toBe('1x0e+1x1o');
    // uvu paths: 0e⊗0e→0e, 0e⊗1o→1o, 1o⊗0e→1o, 1o⊗1o→0e, each 8·1 weights
    expect(uvu.description.weightNumel).toBe(32);
    uvu.run();
    expect(() => buildBenchCase({ kind: 'gaunt', setting: 'fctp', lmax: 1, batch: 1 })).toThrow(/only available for kind cg/);
  });

  it('timeMedian returns the median of the timed repeats after warm-up', () => {
    let calls = 0;
    const fake = [0, 5, 10, 11, 20, 23, 30, 32, 40, 44];
    let i = 0;
    const t2 = timeMedian(
      () => {
        calls++;
      },
      { warmup: 2, repeats: 5, now: () => fake[i++] as number },
    );
    expect(calls).toBe(7);
    expect(t2.samples).toEqual([5, 1, 3, 2, 4]);
    expect(t2.median).toBe(3);
    expect(t2.min).toBe(1);
    // with warmupSeconds the warm-up continues until that much (fake) time has passed
    let calls3 = 0;
    let clock = 0;
    timeMedian(
      () => {
        calls3++;
        clock += 0.05;
      },
      { warmup: 1, warmupSeconds: 0.2, repeats: 1, now: () => clock },
    );
    expect(calls3).toBe(4 + 1);
  });
});
