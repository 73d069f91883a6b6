/**
 * End-to-end tests of the app's layout on small screens (issue 18): at 800×600 the side panel and the view share the
 * window; on a 390×844 phone the view comes first at full width, the panel below it folds away with the Panel button,
 * and nothing is wider than the screen.
 */
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
