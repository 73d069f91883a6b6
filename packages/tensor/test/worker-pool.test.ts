import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evenRanges, weightedRanges } from '../src/index.ts';
import { NodeWorkerPool } from '../src/node/index.ts';

// Worker w sums x[i] for i in its fixed range into slot w of `partial`; phase 1 doubles x in place over the
// same ranges. Inputs are integers below 2^53, so every sum is exact and has one right answer.
const SUM_KERNEL = `(b, w, k, phase) => {
  const x = new Float64Array(b.x), r = new Int32Array(b.ranges), partial = new Float64Array(b.partial);
  if (phase === 1) { for (let i = r[w]; i < r[w + 1]; i++) x[i] *= 2; return; }
  let s = 0;
  for (let i = r[w]; i < r[w + 1]; i++) s += x[i];
  partial[w] = s;
}`;

function sharedOf(a: Int32Array | Float64Array): SharedArrayBuffer {
  const b = new SharedArrayBuffer(a.byteLength);
  (a instanceof Int32Array ? new Int32Array(b) : new Float64Array(b)).set(a);
  return b;
}

describe('partitions', () => {
  it('evenRanges covers 0 … count in parts of size ⌊count/parts⌋ or one more', () => {
    expect([...evenRanges(10, 3)]).toEqual([0, 3, 6, 10]);
    expect([...evenRanges(2, 4)]).toEqual([0, 0, 1, 1, 2]);
    expect(() => evenRanges(10, 0)).toThrow(RangeError);
  });

  it('weightedRanges balances prefix-summed weights (a CSR start array)', () => {
    expect([...weightedRanges(Int32Array.of(0, 8, 9, 10, 11), 4, 2)]).toEqual([0, 1, 4]);
    expect([...weightedRanges(Int32Array.of(0, 2, 4, 6, 8), 4, 2)]).toEqual([0, 2, 4]);
    expect(() => weightedRanges(Int32Array.of(0, 1), 4, 2)).toThrow(/prefix/);
  });
});

describe('NodeWorkerPool', () => {
  it('runs a kernel on every worker over shared memory; the fixed-order reduction is exact (Σ i = n(n−1)/2)', async () => {
    const n = 100_001;
    const x = new Float64Array(new SharedArrayBuffer(8 * n));
    for (let i = 0; i < n; i++) x[i] = i;
    for (const k of [1, 2, 3]) {
      x.forEach((_, i) => {
        x[i] = i;
      });
      const partial = new Float64Array(new SharedArrayBuffer(8 * k));
      const pool = new NodeWorkerPool({ workers: k });
      try {
        pool.load({
          source: SUM_KERNEL,
          buffers: { x: x.buffer as SharedArrayBuffer, ranges: sharedOf(evenRanges(n, k)), partial: partial.buffer as SharedArrayBuffer },
        });
        pool.run(0);
        expect(partial.reduce((a, b) => a + b, 0)).toBe((n * (n - 1)) / 2);
        pool.run(1);
        expect(x[n - 1]).toBe(2 * (n - 1));
        pool.run(0);
        expect(partial.reduce((a, b) => a + b, 0)).toBe(n * (n - 1));
      } finally {
        await pool.close();
      }
    }
  });

  it('reports a kernel that throws, a run before load, a bad worker count and use after close', async () => {
    expect(() => new NodeWorkerPool({ workers: 0 })).toThrow(RangeError);
    const pool = new NodeWorkerPool({ workers: 2 });
    expect(() => pool.run()).toThrow(/before load/);
    pool.load({ source: '(b, w) => { if (w === 1) throw new Error("boom"); }', buffers: {} });
    expect(() => pool.run()).toThrow(/worker 1/);
    await pool.close();
    expect(() => pool.run()).toThrow(/closed/);
  });

  it('does not keep the process alive: a script that never closes its pool exits by itself', () => {
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const pool = fileURLToPath(new URL('../src/node/index.ts', import.meta.url));
    const script = `import { NodeWorkerPool } from ${JSON.stringify(pool)};
const p = new NodeWorkerPool({ workers: 2 });
p.load({ source: '() => {}', buffers: {} });
p.run();
console.log('ran');`;
    const child = spawnSync(tsx, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(child.error).toBeUndefined();
    expect(child.stdout.trim()).toBe('ran');
    expect(child.status).toBe(0);
  });
});
