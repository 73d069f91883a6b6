/**
 * End-to-end test of the molten-salt scenario's live g(r) plot (issue 14): the worker's running average of the
 * Na–Cl, Na–Na and Cl–Cl radial distribution functions arrives with the frames and is drawn with uPlot beside
 * the energies. The numbers themselves are tested in molten-salt-scenario.test.ts and md's partial-rdf.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { fileAppSession } from './e2e-helpers.ts';

const served = await fileAppSession({ ownBuild: 'equitensor-e2e-rdf-' });
const page = served.page;

describe('molten-salt g(r) plot', () => {
  it('shows Na–Cl, Na–Na and Cl–Cl g(r) curves once frames arrive, and hides them for a scenario without g(r)', async () => {
    await page.goto(`${served.url}?scenario=molten-salt&cells=2&backend=cpu`);
    await page.waitForSelector('#rdf-plot canvas', { state: 'visible', timeout: 60_000 });
    const legend = await page.locator('#rdf-plot .u-legend').textContent();
    for (const label of ['Na–Cl', 'Na–Na', 'Cl–Cl']) expect(legend ?? '').toContain(label);
    expect(await page.locator('#rdf-plot').getAttribute('title')).toMatch(/average of \d+ configurations, one every 10 steps/);
    // another scenario from the menu in the same page: its frames carry no g(r), the plot goes away
    await page.selectOption('#scenario', 'argon');
    await page.waitForFunction(() => {
      const state = (window as unknown as { equitensor: { state: { scenario: string | null; framesReceived: number } } }).equitensor.state;
      return state.scenario === 'argon' && state.framesReceived > 3;
    });
    expect(await page.locator('#rdf-plot').isHidden()).toBe(true);
    expect(served.pageErrors).toEqual([]);
  });
});
