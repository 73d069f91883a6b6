/**
 * Cartoon of the 11,754-atom actin dimer inside the served app (issue 18: under 200 ms), in headless Chromium
 * (WebGL on SwiftShader). Each round starts a fresh browser (cold JIT and shader caches), opens the PQR, waits until
 * the page is idle, times one plain frame (the baseline: what any redraw of this view costs on this renderer), then
 * ticks "Cartoon" and reports the app's own figure (`state.cartoon.ms`: tick to mesh in the viewer), the worker's
 * time from the structure to the mesh (`state.cartoon.computeMs`, when the app computes it in a worker), the tick to
 * the first frame drawn with it (two animation frames later, `gl.finish()` included), and the page thread's CPU time
 * over that span (Chrome DevTools Protocol `Performance.getMetrics` ThreadTime: what the page's thread itself spent,
 * the other processes' load excluded), and the same for a second tick after unticking.
 *
 * `--dist label=DIR,label=DIR` compares builds of the app side by side in one run (rounds alternate between them,
 * taking turns to go first), e.g. a build of an older commit made with `buildApp`; without it, this checkout's app is
 * built. `--profile FILE` writes a CPU profile (`.cpuprofile`) of the page's first tick in the last round.
 *
 *   pnpm tsx apps/sim/bench/cartoon-app.ts [--rounds 3] [--file PQR] [--dist before=/tmp/a,after=/tmp/b] [--profile out.cpuprofile]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { buildApp, serveApp } from '../src/cli/commands/app-server.ts';
import { launchBrowser } from '../test/browser.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const file = resolve(arg('--file', fileURLToPath(new URL('../../../../shared/data/pqr/actin-dimer_complex.pqr', import.meta.url))));
const rounds = Number(arg('--rounds', '3'));
const profileFile = arg('--profile', '');

const built = arg('--dist', '') === '' ? mkdtempSync(join(tmpdir(), 'cartoon-app-bench-')) : null;
if (built) await buildApp(built);
const dists = built
  ? [{ label: 'this checkout', dir: built }]
  : arg('--dist', '')
      .split(',')
      .map((entry) => {
        const [label, dir] = entry.split('=');
        return { label: label!, dir: resolve(dir!) };
      });
const servers = await Promise.all(dists.map(async (d) => ({ ...d, ...(await serveApp(d.dir, 0)) })));

const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

type Viewer = { requestRender(): void; renderer: { getContext(): WebGL2RenderingContext } };

/** Run `act` in the page, wait for the first frame drawn after it; wall ms (page clock) and page-thread CPU ms. */
async function timedFrame(page: Page, cdp: CDPSession, act: 'tick' | 'redraw'): Promise<{ wall: number; cpu: number }> {
  const threadTime = async (): Promise<number> =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')!.value * 1000;
  const cpu0 = await threadTime();
  const wall = await page.evaluate(async (what) => {
    const viewer = (window as unknown as { equitensor: { app: { viewer: Viewer } } }).equitensor.app.viewer;
    const t0 = performance.now();
    if (what === 'tick') (document.getElementById('cartoon') as HTMLInputElement).click();
    else viewer.requestRender();
    await new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    viewer.renderer.getContext().finish();
    return performance.now() - t0;
  }, act);
  return { wall, cpu: (await threadTime()) - cpu0 };
}

type Cartoon = { ms: number; computeMs?: number; residues: number };
const cartoonState = (page: Page): Promise<Cartoon | null> =>
  page.evaluate(
    () => (window as unknown as { equitensor: { state: { cartoon: unknown } } }).equitensor.state.cartoon,
  ) as Promise<Cartoon | null>;

console.log(`${file}; ${new Date().toISOString()}; load average ${load()}`);
console.log(
  '| round | app | plain frame (ms) | tick → mesh in viewer (ms) | worker (ms) | tick → first frame (ms) | page-thread CPU (ms) | 2nd tick → mesh / frame / CPU (ms) |',
);
console.log('|---:|---|---:|---:|---:|---:|---:|---|');
for (let round = 0; round < rounds; round++)
  for (let k = 0; k < servers.length; k++) {
    const app = servers[(k + round) % servers.length]!;
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${app.url}?scenario=argon&cells=1`);
    await page.waitForFunction(() => (window as unknown as { equitensor?: unknown }).equitensor !== undefined);
    await page.setInputFiles('#file-input', file);
    await page.waitForFunction(
      () => {
        const s = (window as unknown as { equitensor: { state: { fileName: string | null; fileLoading: boolean } } }).equitensor.state;
        return s.fileName !== null && !s.fileLoading && !s.fileName.startsWith('argon');
      },
      null,
      { timeout: 120_000 },
    );
    // let the first frames, the file worker and any work started for the protein settle
    await page.waitForTimeout(3000);
    await page.evaluate(() => new Promise<void>((done) => requestIdleCallback(() => done(), { timeout: 10_000 })));
    const plain = await timedFrame(page, cdp, 'redraw');
    const profiling = profileFile !== '' && round === rounds - 1 && k === servers.length - 1;
    if (profiling) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const first = await timedFrame(page, cdp, 'tick');
    if (profiling) writeFileSync(profileFile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    await page.waitForFunction(
      () => (window as unknown as { equitensor: { state: { cartoon: unknown } } }).equitensor.state.cartoon !== null,
      null,
      { timeout: 60_000 },
    );
    const cartoon = (await cartoonState(page))!;
    await timedFrame(page, cdp, 'tick'); // off
    await page.waitForTimeout(500);
    const again = await timedFrame(page, cdp, 'tick');
    const second = (await cartoonState(page))!;
    console.log(
      `| ${round + 1} | ${app.label} | ${plain.wall.toFixed(0)} | ${cartoon.ms.toFixed(0)} | ${cartoon.computeMs?.toFixed(0) ?? '(page thread)'} | ${first.wall.toFixed(0)} | ${first.cpu.toFixed(0)} | ${second.ms.toFixed(0)} / ${again.wall.toFixed(0)} / ${again.cpu.toFixed(0)} |`,
    );
    await browser.close();
  }
console.log(`load average after: ${load()}`);
for (const s of servers) s.server.close();
if (built) rmSync(built, { recursive: true, force: true });
