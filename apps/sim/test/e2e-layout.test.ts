/**
 * End-to-end tests of the app's layout on small screens (issue 18): at 800×600 the side panel and the view share the
 * window; on a 390×844 phone the view comes first at full width, the panel below it folds away with the Panel button,
 * and nothing is wider than the screen. Access: the header menus have names, the renderer in use is on screen, and
 * the camera answers the keyboard.
 */
import { fixturePath } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { fileAppSession } from './e2e-helpers.ts';

const served = await fileAppSession({ ownBuild: 'equitensor-e2e-layout-' });
const page = served.page;

type Box = { x: number; y: number; width: number; height: number };

async function layout(): Promise<{ view: Box; aside: Box | null; scrollWidth: number; canvas: { width: number; height: number } }> {
  return page.evaluate(() => {
    const box = (el: Element | null): Box | null => {
      if (!el || getComputedStyle(el).display === 'none') return null;
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const canvas = document.querySelector('#viewer canvas') as HTMLCanvasElement;
    return {
      view: box(document.querySelector('main'))!,
      aside: box(document.querySelector('aside')),
      scrollWidth: document.documentElement.scrollWidth,
      canvas: { width: canvas.clientWidth, height: canvas.clientHeight },
    };
  });
}

async function start(width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.goto(`${served.url}?scenario=argon&cells=2`);
  await page.waitForFunction(
    () => ((window as unknown as { equitensor?: { state: { framesReceived: number } } }).equitensor?.state.framesReceived ?? 0) > 0,
  );
}

describe('layout on small screens', () => {
  it('800×600: the panel beside a view of at least 500 px, no horizontal scrolling, no Panel button', async () => {
    await start(800, 600);
    const l = await layout();
    expect(l.aside).not.toBeNull();
    expect(l.view.x).toBeGreaterThanOrEqual(l.aside!.x + l.aside!.width - 1);
    expect(l.view.width).toBeGreaterThanOrEqual(500);
    expect(l.canvas.height).toBeGreaterThan(400);
    expect(l.scrollWidth).toBeLessThanOrEqual(800);
    expect(await page.isVisible('#panel-toggle')).toBe(false);
  });

  it('390×844 phone: the view first at full width, the panel below it folds away and back', async () => {
    await start(390, 844);
    const l = await layout();
    expect(l.view.width).toBeGreaterThanOrEqual(389);
    expect(l.canvas.height).toBeGreaterThanOrEqual(0.55 * 844 - 1);
    expect(l.aside!.y).toBeGreaterThanOrEqual(l.view.y + l.view.height - 1);
    expect(l.scrollWidth).toBeLessThanOrEqual(390);
    await page.click('#panel-toggle');
    expect((await layout()).aside).toBeNull();
    expect(await page.getAttribute('#panel-toggle', 'aria-expanded')).toBe('false');
    await page.click('#panel-toggle');
    expect((await layout()).aside).not.toBeNull();
    expect(served.pageErrors).toEqual([]);
  });
});

type Camera = { position: [number, number, number]; target: [number, number, number] };

async function camera(): Promise<Camera> {
  return page.evaluate(() => {
    const v = (
      window as unknown as {
        equitensor: { app: { viewer: { camera: { position: { toArray(): number[] } }; controls: { target: { toArray(): number[] } } } } };
      }
    ).equitensor.app.viewer;
    return { position: v.camera.position.toArray() as Camera['position'], target: v.controls.target.toArray() as Camera['target'] };
  });
}

const offset = (c: Camera): number[] => c.position.map((p, i) => p - c.target[i]!);
const length = (v: number[]): number => Math.hypot(...v);

describe('access', () => {
  it('the scenario, backend and workers menus have names; the renderer in use is on screen', async () => {
    await start(1000, 700);
    for (const name of ['Scenario', 'Compute backend', 'Web Workers'])
      expect(await page.getByRole('combobox', { name, exact: true }).count()).toBe(1);
    expect(await page.locator('#renderer-info').textContent()).toBe('WebGL2');
    expect(await page.locator('#status').textContent()).toMatch(/ · cpu · /); // the backend, while a run goes
  });

  it('keyboard camera: 72 presses of → turn the view once round, + and − zoom by 0.9, Shift+arrow pans, R resets', async () => {
    await start(1000, 700);
    // a file of one frame: nothing moves but the camera
    await page.setInputFiles('#file-input', fixturePath('pqr/1ajj.pqr'));
    await page.waitForFunction(
      () => {
        const s = (window as unknown as { equitensor: { state: { fileName: string | null; fileLoading: boolean } } }).equitensor.state;
        return s.fileName === '1ajj.pqr' && !s.fileLoading;
      },
      null,
      { timeout: 60_000 },
    );
    await page.focus('#viewer canvas');
    const home = await camera();
    await page.keyboard.press('ArrowRight');
    const turned = await camera();
    const [a, b] = [offset(home), offset(turned)];
    // a turn about the point looked at: same distance, a different direction
    expect(length(b)).toBeCloseTo(length(a), 9);
    expect(Math.hypot(...a.map((x, i) => x - b[i]!))).toBeGreaterThan(1e-3 * length(a));
    for (let i = 1; i < 72; i++) await page.keyboard.press('ArrowRight');
    // 72 × 5° = 360°: back where it started, to float64 rounding over 72 rotations
    const round = await camera();
    for (let i = 0; i < 3; i++) expect(round.position[i]!).toBeCloseTo(home.position[i]!, 6);
    await page.keyboard.press('+');
    expect(length(offset(await camera()))).toBeCloseTo(0.9 * length(a), 6);
    await page.keyboard.press('-');
    expect(length(offset(await camera()))).toBeCloseTo(length(a), 6);
    await page.keyboard.press('Shift+ArrowLeft');
    const panned = await camera();
    // a pan moves the camera and the point looked at together, by 5 % of the distance
    const moved = panned.target.map((t, i) => t - home.target[i]!);
    expect(length(moved)).toBeCloseTo(0.05 * length(a), 6);
    expect(length(offset(panned))).toBeCloseTo(length(a), 6);
    await page.keyboard.press('r');
    const reset = await camera();
    for (let i = 0; i < 3; i++) expect(reset.target[i]!).toBeCloseTo(home.target[i]!, 9);
    expect(served.pageErrors).toEqual([]);
  });
});
