/**
 * End-to-end test of the app's MD on the shared-memory worker pool (issue 16): the local server sends COOP/COEP, so
 * the page is cross-origin isolated and the simulation worker runs the argon forces on a `WebWorkerPool` of nested
 * Web Workers (the pooled potentials of `md run --workers`); the "Workers" menu sets their number and the status bar
 * says how many ran. The same build served without isolation (the headers taken off the page's answer) runs on one
 * thread and says why.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appState, fileAppSession } from './e2e-helpers.ts';

const served = await fileAppSession({ ownBuild: 'equitensor-e2e-pool-' });
const page = served.page;

// 4³ fcc cells: 256 argon atoms, enough pairs for every worker; on the CPU, where the pool runs
const ARGON = 'scenario=argon&cells=4&backend=cpu';

type Probe = { equitensor?: { state: { workers: number | null; framesReceived: number; lastStep: number; lastError: string | null } } };

/**
 * Wait until the run has said how many threads compute its forces and has advanced (a frame after step 0), or has
 * failed; return the app state and the status bar's text.
 */
async function advancedRun(on: Page): Promise<{ state: Record<string, unknown>; status: string }> {
  await on.waitForFunction(
    () => {
      const state = (window as unknown as Probe).equitensor?.state;
      return (
        state !== undefined && (state.lastError !== null || (state.workers !== null && state.framesReceived >= 2 && state.lastStep > 0))
      );
    },
    undefined,
    { timeout: 120_000 },
  );
  const state = await appState(on);
  // the status bar is redrawn every 500 ms: wait for the text that names the threads and the step
  await on.waitForFunction(
    () => /· (\d+ workers|1 thread[^·]*) · step \d+/.test(document.getElementById('status')?.textContent ?? ''),
    undefined,
    {
      timeout: 10_000,
    },
  );
  return { state, status: (await on.locator('#status').textContent()) ?? '' };
}

describe('the app on the worker pool', () => {
  it('is cross-origin isolated, and the Workers menu runs argon on 2 Web Workers with the energy of one thread', async () => {
    const response = await page.goto(`${served.url}?${ARGON}&workers=1`);
    expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await page.locator('#workers option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual([
      'auto',
      ...Array.from({ length: cores }, (_, i) => String(i + 1)),
    ]);

    const one = await advancedRun(page);
    expect(one.state.lastError).toBeNull();
    expect(one.state.workers).toBe(1);
    expect(one.status).toMatch(/ · cpu · 1 thread · step \d+/);

    // the menu restarts the run with the parameters shown
    await page.selectOption('#workers', '2');
    const two = await advancedRun(page);
    expect(two.state.lastError).toBeNull();
    expect(two.state.workers).toBe(2);
    expect(two.state.workersReason).toBe('on 2 Web Workers');
    // the workers ran the WebAssembly SIMD kernel over one shared WebAssembly.Memory (posted to the nested Web Workers),
    // not the JavaScript fallback
    expect(two.state.workersForceLoop).toBe('wasm-simd');
    expect(two.status).toMatch(/ · cpu · 2 workers · step \d+/);
    expect(two.state.lastStep as number).toBeGreaterThan(0);
    // the same crystal and velocities at step 0: the pooled sum in another order agrees with one thread to the
    // pool's stated bound, 1e-12 relative (issue 16; each pair term is the serial one, only the summation order differs)
    const e1 = one.state.initialPotentialEnergy as number;
    const e2 = two.state.initialPotentialEnergy as number;
    expect(Number.isFinite(e1) && e1 < 0).toBe(true);
    expect(Math.abs(e2 - e1)).toBeLessThanOrEqual(1e-12 * Math.abs(e1));
    expect(served.pageErrors).toEqual([]);
  }, 300_000);

  it('runs copper (EAM) and molten salt (Born-Mayer-Huggins + PME) on 2 Web Workers as well', async () => {
    for (const scenario of ['copper&cells=3', 'molten-salt&cells=2']) {
      await page.goto(`${served.url}?scenario=${scenario}&backend=cpu&workers=2`);
      const run = await advancedRun(page);
      expect(run.state.lastError, scenario).toBeNull();
      expect(run.state.workers, scenario).toBe(2);
      expect(run.status, scenario).toMatch(/ · cpu · 2 workers · step \d+/);
    }
    expect(served.pageErrors).toEqual([]);
  }, 300_000);

  it('served without COOP/COEP: no shared memory, argon runs on one thread and the status bar says why', async () => {
    const plain = await page.context().newPage();
    const errors: string[] = [];
    plain.on('pageerror', (error) => errors.push(error.message));
    // the page's own answer without the isolation headers (its scripts and workers come from the same server)
    await plain.route(
      (url) => url.pathname === '/',
      async (route) => {
        const answer = await route.fetch();
        const headers = { ...answer.headers() };
        delete headers['cross-origin-opener-policy'];
        delete headers['cross-origin-embedder-policy'];
        await route.fulfill({ response: answer, headers });
      },
    );
    try {
      const response = await plain.goto(`${served.url}?${ARGON}&workers=2`);
      expect(response?.headers()['cross-origin-embedder-policy']).toBeUndefined();
      expect(await plain.evaluate(() => crossOriginIsolated)).toBe(false);
      const run = await advancedRun(plain);
      expect(run.state.lastError).toBeNull();
      expect(run.state.workers).toBe(1);
      expect(run.state.workersReason).toBe('page not cross-origin isolated');
      expect(run.status).toMatch(/ · cpu · 1 thread \(page not cross-origin isolated\) · step \d+/);
      expect(errors).toEqual([]);
    } finally {
      await plain.close();
    }
  }, 300_000);
});
