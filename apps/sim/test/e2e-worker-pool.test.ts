/**
 * `WebWorkerPool` (@equitensor/tensor) in headless Chromium: a page served with and without cross-origin isolation
 * (COOP/COEP) starts a dedicated module worker that drives the pool (`Atomics.wait` is not allowed on a page's main
 * thread) and posts back what the kernels computed.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { repoRoot } from '@equitensor/testing';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './e2e-helpers.ts';

// The pool's module and its control words (shared with NodeWorkerPool), transpiled as they stand; the pool's one
// runtime import is pointed at the served control.js.
const transpile = (file: string): string =>
  ts.transpileModule(readFileSync(`${repoRoot()}/packages/tensor/src/worker-pool/${file}`, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
const POOL_JS = transpile('web-worker-pool.ts').replace("from './control.ts'", "from './control.js'");
const CONTROL_JS = transpile('control.ts');

// Worker w sums x[i] over its fixed range into partial[w]; phase 1 doubles x over the same ranges. Integers below
// 2^53: every sum is exact and has one right answer.
const DRIVER_JS = `
import { WebWorkerPool } from './pool.js';
const SUM = \`(b, w, k, phase) => {
  const x = new Float64Array(b.x), r = new Int32Array(b.ranges), partial = new Float64Array(b.partial);
  if (phase === 1) { for (let i = r[w]; i < r[w + 1]; i++) x[i] *= 2; return; }
  let s = 0;
  for (let i = r[w]; i < r[w + 1]; i++) s += x[i];
  partial[w] = s;
}\`;
const out = { available: WebWorkerPool.available(), isolated: self.crossOriginIsolated === true, runs: [] };
if (out.available) {
  const n = 100001;
  for (const k of [1, 2, 3]) {
    const x = new Float64Array(new SharedArrayBuffer(8 * n));
    for (let i = 0; i < n; i++) x[i] = i;
    const partial = new Float64Array(new SharedArrayBuffer(8 * k));
    const ranges = new Int32Array(new SharedArrayBuffer(4 * (k + 1)));
    for (let w = 0; w <= k; w++) ranges[w] = Math.floor((n * w) / k);
    const buffers = { x: x.buffer, ranges: ranges.buffer, partial: partial.buffer };
    const sum = () => partial.reduce((a, b) => a + b, 0);
    const pool = await WebWorkerPool.create({ workers: k });
    pool.load({ source: SUM, buffers });
    pool.run(0);
    const s0 = sum();
    pool.run(1);
    const last = x[n - 1];
    pool.run(0);
    const s1 = sum();
    pool.load({ source: '(b, w) => { new Float64Array(b.partial)[w] = w + 1; }', buffers: { partial: partial.buffer } });
    pool.run();
    const ids = Array.from(partial);
    pool.load({ source: SUM, buffers });
    pool.run(0);
    const s2 = sum();
    pool.load({ source: '() => { throw new Error("boom"); }', buffers: {} });
    let threw = '';
    try { pool.run(); } catch (e) { threw = String(e.message); }
    await pool.close();
    out.runs.push({ k, s0, last, s1, ids, s2, threw });
  }
}
postMessage(out);
`;

const PAGE = `<!doctype html><meta charset="utf-8"><title>pool</title><script type="module">
const w = new Worker('./driver.js', { type: 'module' });
w.onmessage = (e) => { window.poolResult = { page: { isolated: self.crossOriginIsolated === true }, ...e.data }; };
w.onerror = (e) => { window.poolResult = { error: String(e.message) }; };
</script>`;

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const isolated = !(req.url ?? '').startsWith('/plain');
    const path = (req.url ?? '/').replace(/^\/plain/, '') || '/';
    const body = path === '/pool.js' ? POOL_JS : path === '/control.js' ? CONTROL_JS : path === '/driver.js' ? DRIVER_JS : PAGE;
    res.setHeader('Content-Type', path.endsWith('.js') ? 'text/javascript' : 'text/html');
    if (isolated) {
      res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
      res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    }
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface PoolRun {
  k: number;
  s0: number;
  last: number;
  s1: number;
  ids: number[];
  s2: number;
  threw: string;
}

async function pageResult(
  url: string,
): Promise<{ page?: { isolated: boolean }; available?: boolean; isolated?: boolean; runs?: PoolRun[]; error?: string }> {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { poolResult?: unknown }).poolResult !== undefined, undefined, {
      timeout: 60_000,
    });
    return await page.evaluate(() => (window as unknown as { poolResult: never }).poolResult);
  } finally {
    await browser.close();
  }
}

describe('WebWorkerPool in headless Chromium', () => {
  it('on a cross-origin-isolated page: exact fixed-order sums for 1, 2, 3 workers, kernel reloads, a throwing kernel named', async () => {
    const r = await pageResult(`${base}/`);
    expect(r.error).toBeUndefined();
    expect(r.page?.isolated).toBe(true);
    expect(r.isolated).toBe(true);
    expect(r.available).toBe(true);
    const n = 100001;
    expect(r.runs?.map((run) => run.k)).toEqual([1, 2, 3]);
    for (const run of r.runs ?? []) {
      expect(run.s0, `k = ${run.k}`).toBe((n * (n - 1)) / 2);
      expect(run.last).toBe(2 * (n - 1));
      expect(run.s1).toBe(n * (n - 1));
      expect(run.ids).toEqual(Array.from({ length: run.k }, (_, w) => w + 1));
      expect(run.s2).toBe(n * (n - 1)); // the first kernel again, on x as phase 1 left it (doubled once)
      expect(run.threw).toMatch(/kernel threw in worker \d/);
    }
  }, 120_000);

  it('without COOP/COEP: no shared memory, the pool says it is unavailable (callers run on one thread)', async () => {
    const r = await pageResult(`${base}/plain/`);
    expect(r.error).toBeUndefined();
    expect(r.page?.isolated).toBe(false);
    expect(r.available).toBe(false);
    expect(r.runs).toEqual([]);
  }, 120_000);
});
