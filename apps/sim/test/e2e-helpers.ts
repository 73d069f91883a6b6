/**
 * Shared set-up of the end-to-end tests: build the app once per test file into a folder of its own,
 * serve it with the CLI's server (or run the real CLI, `equitensor serve|view --port 0 --json`), and
 * drive headless Chromium with playwright-core.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll } from 'vitest';
import type { ServedFile } from '../src/cli/commands/app-server.ts';
import { launchBrowser } from './browser.ts';
import { spawnEquitensor } from './run-cli.ts';

export { CHROMIUM_ARGS, launchBrowser, WEBGPU_CHROMIUM_ARGS } from './browser.ts';

export interface ServedApp {
  readonly url: string;
  close(): Promise<void>;
}

/** Run `equitensor serve` (or `view FILE`) and resolve with its URL once it prints it. */
export function startCli(args: readonly string[]): Promise<ServedApp> {
  const child: ChildProcess = spawnEquitensor([...args, '--port', '0', '--json']);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line && stdout.includes('\n')) {
        const { url } = JSON.parse(line) as { url: string };
        resolve({
          url,
          close: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`equitensor ${args.join(' ')} exited with ${code}: ${stderr}`)));
  });
}

/** A served app and a browser page on it, with the page's uncaught errors collected. */
export interface AppSession {
  readonly url: string;
  readonly page: Page;
  readonly pageErrors: string[];
  /** Serve this session's build once more with `file` offered at start-up, as `equitensor view FILE` does. */
  serveFile(file: ServedFile): Promise<ServedApp>;
  close(): Promise<void>;
}

/** Options of {@link openAppSession}. */
export interface SessionOptions {
  readonly chromiumArgs?: readonly string[];
  /** Prefix of the build's temporary folder. */
  readonly ownBuild?: string;
  /** Files served beside the app, by path under its root (e.g. a mirror of the PDB archives' download paths). */
  readonly files?: Readonly<Record<string, string>>;
}

/**
 * Build the app with the CLI's `buildApp` into a temporary folder of its own (named with the prefix
 * `ownBuild`), serve it in-process with the CLI's `serveApp`, and open a page in a fresh headless
 * Chromium, in parallel. Every test file has its own build, so that no file races another over
 * apps/sim/dist (Vite's `emptyOutDir` deletes a build that another file is serving).
 */
export async function openAppSession(options: SessionOptions = {}): Promise<AppSession> {
  const { buildApp, serveApp } = await import('../src/cli/commands/app-server.ts');
  const distDir = mkdtempSync(join(tmpdir(), options.ownBuild ?? 'equitensor-e2e-dist-'));
  const addFiles = (): void => {
    for (const [path, text] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(distDir, path)), { recursive: true });
      writeFileSync(join(distDir, path), text);
    }
  };
  const inProcess = async (file: ServedFile | null): Promise<ServedApp> => {
    const { url, server } = await serveApp(distDir, 0, file);
    return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  };
  const [served, browser] = await Promise.all([
    buildApp(distDir).then(() => {
      addFiles();
      return inProcess(null);
    }),
    launchBrowser(options.chromiumArgs),
  ]);
  const page = await browser.context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    url: served.url,
    page,
    pageErrors,
    serveFile: (file) => inProcess(file),
    close: async () => {
      await browser.close();
      await served.close();
      rmSync(distDir, { recursive: true, force: true });
    },
  };
}

/**
 * {@link openAppSession} for the calling test file, opened while the file is collected (the build and the browser
 * before any test) and closed after its tests.
 *
 * @example
 * ```ts
 * const served = await fileAppSession({ ownBuild: 'equitensor-e2e-compute-' });
 * const page = served.page;
 * ```
 */
export async function fileAppSession(options: SessionOptions = {}): Promise<AppSession> {
  const served = await openAppSession(options);
  afterAll(async () => {
    await served.close();
  });
  return served;
}

/** Indices of the atoms found by picking on a 120×80 grid of points over the app viewer's canvas, sorted. */
export async function pickedAtomIndices(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    type PickingViewer = { pickAt(x: number, y: number): { index: number } | null; renderer: { domElement: HTMLCanvasElement } };
    const viewer = (window as unknown as { equitensor: { app: { viewer: PickingViewer } } }).equitensor.app.viewer;
    const rect = viewer.renderer.domElement.getBoundingClientRect();
    const hits = new Set<number>();
    for (let i = 0; i < 120; i++)
      for (let j = 0; j < 80; j++) {
        const hit = viewer.pickAt(rect.left + ((i + 0.5) / 120) * rect.width, rect.top + ((j + 0.5) / 80) * rect.height);
        if (hit) hits.add(hit.index);
      }
    return [...hits].sort();
  });
}

/** The app's state object (see src/app/app.ts `AppState`). */
export async function appState(page: Page): Promise<Record<string, unknown>> {
  return page.evaluate(() => ({ ...(window as unknown as { equitensor: { state: Record<string, unknown> } }).equitensor.state }));
}

/** Wait (up to 60 s) until the app shows the file `name`, read to its end. */
export async function waitForFile(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const s = (window as unknown as { equitensor: { state: { fileName: string | null; fileLoading: boolean } } }).equitensor.state;
      return s.fileName === n && !s.fileLoading;
    },
    name,
    { timeout: 60_000 },
  );
}

/** Open the app at `?scenario=NAME` and wait until the scenario's potential field has arrived (up to 30 s). */
export async function openScenarioWithField(page: Page, url: string, scenario: string): Promise<void> {
  await page.goto(`${url}?scenario=${scenario}`);
  await page.waitForFunction(
    () => (window as unknown as { equitensor?: { state: { hasField: boolean } } }).equitensor?.state.hasField === true,
    null,
    { timeout: 30_000 },
  );
}

/** In the page: render the app's viewer now and read its canvas back through a 2D canvas in the same task. */
function readViewInPage(): ImageData {
  const viewer = (window as unknown as { equitensor: { app: { viewer: { render(): void; renderer: { domElement: HTMLCanvasElement } } } } })
    .equitensor.app.viewer;
  viewer.render();
  const source = viewer.renderer.domElement;
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height;
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(source, 0, 0);
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

/**
 * `count` run in the page on the app viewer's pixels, rendered now and read back through a 2D canvas in the same task
 * (a WebGL canvas keeps no drawing buffer across tasks). `count` is sent as source text, as `page.evaluate` sends its
 * function: it must be self-contained and return a serialisable value.
 */
export async function countViewPixels<T>(page: Page, count: (image: ImageData) => T): Promise<T> {
  return (await page.evaluate(`(${count.toString()})((${readViewInPage.toString()})())`)) as T;
}

/**
 * Render the viewer now and count canvas pixels that differ from the background colour, the distinct colours
 * (`colours` sampled every 16th pixel, `allColours` over every pixel) and the clearly red (R − B > 40) and blue
 * (B − R > 40) pixels (read back through a 2D canvas in the same task as the render).
 */
export async function nonBackgroundPixels(
  page: Page,
): Promise<{ total: number; differing: number; colours: number; red: number; blue: number; allColours: number }> {
  return countViewPixels(page, ({ data }) => {
    const [br, bg, bb] = [data[0]!, data[1]!, data[2]!];
    let differing = 0;
    let red = 0;
    let blue = 0;
    const colours = new Set<number>();
    const allColours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i]! - br) + Math.abs(data[i + 1]! - bg) + Math.abs(data[i + 2]! - bb) > 30) differing++;
      if (data[i]! - data[i + 2]! > 40) red++;
      if (data[i + 2]! - data[i]! > 40) blue++;
      const rgb = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!;
      if (i % 64 === 0) colours.add(rgb);
      allColours.add(rgb);
    }
    return { total: data.length / 4, differing, colours: colours.size, red, blue, allColours: allColours.size };
  });
}
