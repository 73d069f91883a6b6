/**
 * End-to-end tests of what the new-user walkthrough of issue 18 found, each against the served app: "Download .extxyz"
 * on the protein and NaCl scenarios (was 0 bytes), the scenario menu after opening a file (the scenario shown could not
 * be chosen again), bonds between the ions of NaCl, an invalid time step (was silently replaced), the camera on later,
 * larger frames (it fitted the first only), and the energy plot's legend ("--" until hovered) and title.
 */
import { readFileSync } from 'node:fs';
import { parseExtxyz, parsePqr } from '@equitensor/io';
import { fixturePath, readFixtureText } from '@equitensor/testing';
import { describe, expect, it } from 'vitest';
import { appState, fileAppSession, nonBackgroundPixels, waitForFile } from './e2e-helpers.ts';

const served = await fileAppSession({ ownBuild: 'equitensor-e2e-walkthrough-' });
const page = served.page;

/** Open a scenario and wait for `frames` MD frames, or for the potential field of a static scenario (`frames` 0). */
async function scenario(id: string, frames = 1): Promise<void> {
  await page.goto(`${served.url}?scenario=${id}&cells=2`);
  if (frames === 0) {
    await page.waitForFunction(
      () => (window as unknown as { equitensor?: { state: { hasField: boolean } } }).equitensor?.state.hasField === true,
      null,
      { timeout: 120_000 },
    );
    return;
  }
  await page.waitForFunction(
    (n) => ((window as unknown as { equitensor?: { state: { framesReceived: number } } }).equitensor?.state.framesReceived ?? 0) >= n,
    frames,
    { timeout: 120_000 },
  );
}

async function openText(name: string, text: string): Promise<void> {
  await page.setInputFiles('#file-input', { name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await waitForFile(page, name);
}

type Viewer = {
  stats: { bonds: number; atoms: number };
  screenPositionOf(i: number): [number, number];
  renderer: { domElement: HTMLCanvasElement };
};

describe('what the walkthrough found', () => {
  for (const id of ['protein', 'nacl'])
    it(`"Download .extxyz" on the ${id} scenario: the structure shown, parsed back by io`, { timeout: 180_000 }, async () => {
      await scenario(id, 0);
      const atoms = (await appState(page)).atoms as number;
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-xyz')]);
      const frames = parseExtxyz(readFileSync(await download.path(), 'utf8'));
      expect(frames.length).toBeGreaterThanOrEqual(1);
      expect(frames[0]!.numbers.length).toBe(atoms);
    });

  it('NaCl in ball-and-stick: no bonds between the ions', { timeout: 180_000 }, async () => {
    await scenario('nacl', 0);
    expect(await page.inputValue('#representation')).toBe('ball-and-stick');
    const stats = await page.evaluate(() => (window as unknown as { equitensor: { app: { viewer: Viewer } } }).equitensor.app.viewer.stats);
    expect(stats.atoms).toBeGreaterThan(0);
    expect(stats.bonds).toBe(0);
  });

  it('after opening a file, the scenario that was shown can be chosen again', async () => {
    await scenario('argon');
    await openText('water.xyz', '3\nProperties=species:S:1:pos:R:3\nO 0 0 0\nH 0.96 0 0\nH -0.24 0.93 0\n');
    expect(await page.inputValue('#scenario')).toBe('');
    await page.selectOption('#scenario', 'argon');
    await page.waitForFunction(() => {
      const s = (window as unknown as { equitensor: { state: { scenario: string | null; framesReceived: number } } }).equitensor.state;
      return s.scenario === 'argon' && s.framesReceived > 0;
    });
    expect((await appState(page)).fileName).toBeNull();
  });

  it('a time step of −3 fs is refused visibly: the message names the control and the value kept', async () => {
    await scenario('argon', 2);
    await page.fill('#param-dt', '-3');
    await page.dispatchEvent('#param-dt', 'change');
    await expect.poll(async () => (await appState(page)).lastError).toMatch(/Time step \(fs\): "-3" refused.*keeps 5/);
    expect(await page.getAttribute('#param-dt', 'aria-invalid')).toBe('true');
    expect(await page.locator('#message').textContent()).toMatch(/Time step/);
    // a valid value clears the mark
    await page.fill('#param-dt', '2');
    await page.dispatchEvent('#param-dt', 'change');
    await expect.poll(async () => page.getAttribute('#param-dt', 'aria-invalid')).toBe('false');
  });

  it('a later, larger frame of a trajectory stays in the view', async () => {
    await scenario('argon');
    // frame 1: two atoms 3 Å apart; frame 2: the same two 80 Å apart
    const frame = (x: number) => `2\nProperties=species:S:1:pos:R:3\nAr ${-x} 0 0\nAr ${x} 0 0\n`;
    await openText('spreading.xyz', frame(1.5) + frame(40));
    await page.fill('#frame-slider', '1');
    await expect.poll(async () => page.locator('fieldset:has(#frame-slider)').textContent()).toContain('2 / 2');
    await expect
      .poll(async () =>
        page.evaluate(() => {
          const v = (window as unknown as { equitensor: { app: { viewer: Viewer & { render(): void } } } }).equitensor.app.viewer;
          v.render();
          const rect = v.renderer.domElement.getBoundingClientRect();
          return [0, 1].every((i) => {
            const [x, y] = v.screenPositionOf(i);
            return x >= rect.left && x <= rect.right && y >= rect.top && y <= rect.bottom && rect.width > 0;
          });
        }),
      )
      .toBe(true);
  });

  it('the energy plot: a legend of the series’ names without hovering, a title lower than the plot', async () => {
    await scenario('argon', 3);
    const plot = page.locator('.plot').first();
    const legend = (await plot.locator('.u-legend').textContent()) ?? '';
    for (const label of ['potential', 'kinetic', 'conserved']) expect(legend).toContain(label);
    expect(legend).not.toContain('--');
    const title = (await plot.locator('.u-title').boundingBox())!;
    const canvas = (await plot.locator('canvas').boundingBox())!;
    expect(title.height).toBeLessThan(canvas.height / 3);
    expect(served.pageErrors).toEqual([]);
  });

  it('the status bar states the argon scenario’s atom count once (was "2048 atoms · 2048 atoms")', async () => {
    await page.goto(`${served.url}?scenario=argon`);
    await page.waitForFunction(
      () => ((window as unknown as { equitensor?: { state: { framesReceived: number } } }).equitensor?.state.framesReceived ?? 0) >= 1,
      null,
      { timeout: 120_000 },
    );
    await expect.poll(async () => (await page.locator('#status').textContent()) ?? '').toMatch(/2048 atoms/);
    expect(((await page.locator('#status').textContent()) ?? '').match(/2048 atoms/g)!.length).toBe(1);
  });

  it('1AJJ: atoms coloured by charge (red and blue), and its solvent-accessible surface at r + 1.4 Å from the atoms', {
    timeout: 180_000,
  }, async () => {
    await page.goto(`${served.url}?scenario=argon&cells=2`);
    await page.waitForFunction(() => (window as unknown as { equitensor?: unknown }).equitensor !== undefined);
    await page.setInputFiles('#file-input', fixturePath('pqr/1ajj.pqr'));
    await waitForFile(page, '1ajj.pqr');
    await page.selectOption('#color-scheme', 'charge');
    await expect.poll(async () => (await appState(page)).colorScheme).toBe('charge');
    const pixels = await nonBackgroundPixels(page);
    expect(pixels.red).toBeGreaterThan(100);
    expect(pixels.blue).toBeGreaterThan(100);
    await page.selectOption('#surface-kind', 'sas');
    await expect.poll(async () => (await appState(page)).surface !== null, { timeout: 120_000 }).toBe(true);
    expect(((await appState(page)).surface as { kind: string }).kind).toBe('sas');
    const points = await page.evaluate(() => {
      const p = (
        window as unknown as { equitensor: { app: { viewer: { surfaceLayer: { display: { mesh: { positions: Float32Array } } } } } } }
      ).equitensor.app.viewer.surfaceLayer.display.mesh.positions;
      const out: number[] = [];
      for (let v = 0; v < p.length / 3; v += Math.max(1, Math.floor(p.length / 3 / 200))) out.push(p[3 * v]!, p[3 * v + 1]!, p[3 * v + 2]!);
      return out;
    });
    const protein = parsePqr(readFixtureText('pqr/1ajj.pqr'))[0]!;
    const radii = (protein.arrays.radii as { data: Float64Array }).data;
    for (let v = 0; v < points.length; v += 3) {
      // the SAS is the zero set of min_i(|x − c_i| − r_i − 1.4): marching cubes on the 0.5 Å grid places each vertex
      // within half a grid step of it (linear interpolation along an edge of a distance-like field)
      let f = Infinity;
      for (let i = 0; i < radii.length; i++) {
        const d = Math.hypot(
          points[v]! - protein.positions[3 * i]!,
          points[v + 1]! - protein.positions[3 * i + 1]!,
          points[v + 2]! - protein.positions[3 * i + 2]!,
        );
        f = Math.min(f, d - radii[i]! - 1.4);
      }
      expect(Math.abs(f)).toBeLessThan(0.25);
    }
  });

  it('a PQR dropped on the view (drag and drop, no file dialog) opens, and Compute gives its potential and energy', {
    timeout: 180_000,
  }, async () => {
    await page.goto(`${served.url}?scenario=argon&cells=2`);
    await page.waitForFunction(() => (window as unknown as { equitensor?: unknown }).equitensor !== undefined);
    const text = readFixtureText('pqr/1ajj.pqr');
    await page.evaluate((body) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([body], 'mine.pqr', { type: 'text/plain' }));
      const main = document.querySelector('main')!;
      main.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      main.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, text);
    await waitForFile(page, 'mine.pqr');
    expect((await appState(page)).atoms).toBe(parsePqr(text)[0]!.numbers.length);
    await page.click('#compute-potential');
    await page.waitForFunction(
      () => {
        const s = (window as unknown as { equitensor: { state: { hasField: boolean; results: { label: string }[] } } }).equitensor.state;
        return s.hasField && s.results.some((r) => r.label === 'Coulomb energy');
      },
      null,
      { timeout: 120_000 },
    );
    expect((await appState(page)).lastError).toBeNull();
  });
});
