/**
 * End-to-end test of streaming a trajectory file into the app: a 200-frame × 1000-atom extxyz opened
 * through the file input is parsed frame by frame in a worker; the first frame shows before the last is
 * parsed, playback works while it loads, and a bad line in frame 150 keeps the 149 frames before it.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppSession, appState, nonBackgroundPixels, openAppSession } from './e2e-helpers.ts';

const FRAMES = 200;
const ATOMS = 1000;
const LINES_PER_FRAME = ATOMS + 2;

/** Position component `c` of atom `i` in frame `f` as written in the file (6 decimals). */
function coordinate(f: number, i: number, c: number): string {
  const grid = [i % 10, Math.floor(i / 10) % 10, Math.floor(i / 100)][c]!;
  return (3 * grid + 0.2 * Math.sin(0.37 * f + 1.3 * i + c)).toFixed(6);
}

function trajectoryText(badFrame?: number): string {
  const out: string[] = [];
  for (let f = 0; f < FRAMES; f++) {
    out.push(String(ATOMS), `Lattice="30 0 0 0 30 0 0 0 30" Properties=species:S:1:pos:R:3 step=${f} pbc="T T T"`);
    for (let i = 0; i < ATOMS; i++) {
      const y = f + 1 === badFrame && i === 9 ? '0.5.1' : coordinate(f, i, 1);
      out.push(`Ar ${coordinate(f, i, 0)} ${y} ${coordinate(f, i, 2)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

let served: AppSession;
let page: Page;
let pageErrors: string[];
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'equitensor-stream-'));
  writeFileSync(join(dir, 'trajectory.xyz'), trajectoryText());
  writeFileSync(join(dir, 'bad.xyz'), trajectoryText(150));
  served = await openAppSession({ ownBuild: 'equitensor-stream-dist-' });
  ({ page, pageErrors } = served);
}, 90_000);

afterAll(async () => {
  await served?.close();
  rmSync(dir, { recursive: true, force: true });
});

type StreamState = { fileName: string | null; fileFrames: number; fileLoading: boolean; lastError: string | null };

/** Open the app (argon running), start sampling the file state every few ms, and choose `file` in the file input. */
async function openThroughInput(file: string): Promise<void> {
  await page.goto(`${served.url}?scenario=argon`);
  await page.waitForFunction(() => (window as unknown as { equitensor?: unknown }).equitensor !== undefined);
  await page.evaluate(() => {
    const w = window as unknown as { equitensor: { state: StreamState }; samples: { frames: number; loading: boolean }[] };
    w.samples = [];
    setInterval(() => w.samples.push({ frames: w.equitensor.state.fileFrames, loading: w.equitensor.state.fileLoading }), 4);
  });
  await page.setInputFiles('#file-input', join(dir, file));
}

describe('streaming a trajectory file into the app', () => {
  it('shows the first frame before the last is parsed, plays once a few frames are in, and ends with all 200 frames as in the file', async () => {
    await openThroughInput('trajectory.xyz');
    // playback while the file loads: play as soon as a few frames are in
    await page.waitForFunction(() => (window as unknown as { equitensor: { state: StreamState } }).equitensor.state.fileFrames >= 2);
    await page.fill('#fps', '30');
    await page.dispatchEvent('#fps', 'change');
    await page.click('#play');
    await page.waitForFunction(
      () => {
        const s = (window as unknown as { equitensor: { state: StreamState } }).equitensor.state;
        return s.fileFrames === 200 && !s.fileLoading;
      },
      null,
      { timeout: 20_000 },
    );
    const state = await appState(page);
    expect(state.lastError).toBeNull();
    expect(state.fileName).toBe('trajectory.xyz');
    expect(state.atoms).toBe(ATOMS);
    expect(state.fileFirstFrameShownAt as number).toBeLessThan(state.fileLastFrameParsedAt as number);
    expect(state.fileBytesRead).toBe(state.fileBytesTotal);
    const samples = await page.evaluate(() => (window as unknown as { samples: { frames: number; loading: boolean }[] }).samples);
    const midLoad = samples.filter((s) => s.loading && s.frames > 0 && s.frames < FRAMES);
    expect(midLoad.length).toBeGreaterThan(0);
    // playback started while loading keeps advancing through the streamed frames, in place
    await page.waitForFunction(
      () =>
        (window as unknown as { equitensor: { app: { viewer: { stats: { frameUpdates: number } } } } }).equitensor.app.viewer.stats
          .frameUpdates >= 3,
    );
    await page.click('#play'); // pause
    // a late frame holds exactly the file's numbers
    const late = await page.evaluate(() =>
      Array.from(
        (window as unknown as { equitensor: { app: { openFileFrames: { positions: Float64Array }[] } } }).equitensor.app
          .openFileFrames[179]!.positions,
      ),
    );
    const expected = Array.from({ length: 3 * ATOMS }, (_, k) => Number(coordinate(179, Math.floor(k / 3), k % 3)));
    expect(late).toEqual(expected);
    await page.fill('#frame-slider', '179');
    expect(await page.locator('#frame-slider').inputValue()).toBe('179');
    expect(pageErrors).toEqual([]);
  });

  it('`equitensor view FILE` streams the file the same way (served with its length, progress in bytes)', async () => {
    // what `equitensor view FILE` serves (e2e.test.ts runs the real command), from this file's own build
    const view = await served.serveFile({ name: 'trajectory.xyz', path: join(dir, 'trajectory.xyz') });
    try {
      await page.goto(view.url);
      await page.waitForFunction(
        () => {
          const s = (window as unknown as { equitensor?: { state: StreamState } }).equitensor?.state;
          return s?.fileFrames === 200 && !s.fileLoading;
        },
        null,
        { timeout: 20_000 },
      );
      const state = await appState(page);
      expect(state.lastError).toBeNull();
      expect(state.fileFirstFrameShownAt as number).toBeLessThan(state.fileLastFrameParsedAt as number);
      expect(state.fileBytesTotal).toBe(statSync(join(dir, 'trajectory.xyz')).size);
      expect(state.fileBytesRead).toBe(state.fileBytesTotal);
    } finally {
      await view.close();
    }
  });

  it('a bad line in frame 150: the error names the file and line, the 149 frames before it stay and play', async () => {
    await openThroughInput('bad.xyz');
    await page.waitForSelector('#message.error', { timeout: 20_000 });
    const badLine = 149 * LINES_PER_FRAME + 2 + 10; // frame 150, its 10th atom line
    expect(await page.locator('#message').textContent()).toMatch(new RegExp(`bad\\.xyz:${badLine}:\\d+: expected`));
    const state = await appState(page);
    expect(state.fileName).toBe('bad.xyz');
    expect(state.fileFrames).toBe(149);
    expect(state.fileLoading).toBe(false);
    const frames = await page.evaluate(
      () => (window as unknown as { equitensor: { app: { openFileFrames: unknown[] } } }).equitensor.app.openFileFrames.length,
    );
    expect(frames).toBe(149);
    // the app keeps working: stepping shows another frame, and the view is drawn
    const before = await page.evaluate(
      () =>
        (window as unknown as { equitensor: { app: { viewer: { stats: { frameUpdates: number } } } } }).equitensor.app.viewer.stats
          .frameUpdates,
    );
    // the step buttons are drawn as SVG (the ⏮/⏭ glyphs are empty boxes without a font), named for role queries
    for (const name of ['previous frame', 'next frame']) {
      const icon = await page.getByRole('button', { name }).locator('svg path').boundingBox();
      expect(icon !== null && icon.width > 4 && icon.height > 4).toBe(true);
    }
    await page.getByRole('button', { name: 'next frame' }).click();
    const after = await page.evaluate(
      () =>
        (window as unknown as { equitensor: { app: { viewer: { stats: { frameUpdates: number } } } } }).equitensor.app.viewer.stats
          .frameUpdates,
    );
    expect(after).toBe(before + 1);
    const pixels = await nonBackgroundPixels(page);
    expect(pixels.differing).toBeGreaterThan(100);
    expect(pageErrors).toEqual([]);
  });
});
