/**
 * End-to-end tests of the browser app: built into a folder of its own and served by the CLI's server
 * (the real `equitensor view` in one test), headless Chromium (WebGL on SwiftShader) drives it. Rendering is on demand; no frame rates are asserted.
 */
import { readFileSync } from 'node:fs';
import { parseExtxyz } from '@equitensor/io';
import { type Representation, representationSizes, vdwRadius } from '@equitensor/viewer';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AppSession,
  appState,
  nonBackgroundPixels,
  openAppSession,
  openScenarioWithField,
  pickedAtomIndices,
  startCli,
} from './e2e-helpers.ts';

let served: AppSession;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  served = await openAppSession({ ownBuild: 'equitensor-e2e-dist-' });
  ({ page, pageErrors } = served);
}, 90_000);

afterAll(async () => {
  await served?.close();
});

async function framesAfterStart(scenario: string, minFrames: number): Promise<Record<string, unknown>> {
  await page.goto(`${served.url}?scenario=${scenario}`);
  await page.waitForFunction(
    (n) => ((window as unknown as { equitensor?: { state: { framesReceived: number } } }).equitensor?.state.framesReceived ?? 0) >= n,
    minFrames,
    { timeout: 20_000 },
  );
  return appState(page);
}

/** Open the argon scenario and load test/fixtures/water.extxyz through the file picker. */
async function openWaterFile(): Promise<void> {
  await page.goto(`${served.url}?scenario=argon`);
  await page.waitForFunction(() => (window as unknown as { equitensor?: unknown }).equitensor !== undefined);
  await page.setInputFiles('#file-input', {
    name: 'water.extxyz',
    mimeType: 'text/plain',
    buffer: readFileSync(new URL('./fixtures/water.extxyz', import.meta.url)),
  });
  await page.waitForFunction(
    () => (window as unknown as { equitensor: { state: { fileName: string | null } } }).equitensor.state.fileName === 'water.extxyz',
  );
}

describe('browser app (served by `equitensor serve`)', () => {
  it.each([
    ['argon', 2048],
    ['copper', 2048],
  ])('runs the %s scenario: frames stream in and the view is not blank', async (scenario, atoms) => {
    const state = await framesAfterStart(scenario, 3);
    expect(state.scenario).toBe(scenario);
    expect(state.atoms).toBe(atoms);
    expect(state.lastError).toBeNull();
    expect(state.lastStep as number).toBeGreaterThan(0);
    const pixels = await nonBackgroundPixels(page);
    expect(pixels.differing / pixels.total).toBeGreaterThan(0.05);
    expect(pixels.colours).toBeGreaterThan(10); // shaded spheres, not flat discs
    await page.selectOption('#representation', 'points');
    const points = await nonBackgroundPixels(page);
    expect(points.differing / points.total).toBeGreaterThan(0.02); // every atom drawn, not one point
    expect(pageErrors).toEqual([]);
  });

  it('downloads the recorded trajectory as extended XYZ that io parses back', async () => {
    await framesAfterStart('argon', 3);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-xyz')]);
    const text = readFileSync(await download.path(), 'utf8');
    const frames = parseExtxyz(text, { fileName: download.suggestedFilename() });
    expect(frames.length).toBeGreaterThanOrEqual(3);
    expect(frames[0]!.numbers.length).toBe(2048);
    expect(frames[0]!.arrays.forces?.width).toBe(3);
    expect(typeof frames.at(-1)!.info.energy).toBe('number');
    expect(frames.at(-1)!.info.step as number).toBeGreaterThan(0);
  });

  it('runs the silicon scenario: fits the MLIP in the browser with progress, then streams MD frames', async () => {
    const state = await framesAfterStart('silicon', 3);
    expect(state.atoms).toBe(64);
    expect(state.title).toMatch(/Si, cg MLIP \(train RMSE [\d.]+ meV\/atom/);
    expect(state.lastError).toBeNull();
    const pixels = await nonBackgroundPixels(page);
    expect(pixels.differing / pixels.total).toBeGreaterThan(0.02);
  });

  it('shows the NaCl lattice with its Ewald Madelung constant and an RS potential slice with a colour bar', async () => {
    await openScenarioWithField(page, served.url, 'nacl');
    const state = await appState(page);
    expect(state.atoms).toBe(512);
    expect(state.lastError).toBeNull();
    await expect.poll(() => page.locator('#message').textContent()).toMatch(/Madelung constant 1\.7475645/);
    expect(await page.locator('.equitensor-colorbar').count()).toBe(1);
    // hide the atoms' view of the slice: the slice alone must colour the canvas with the diverging map
    const pixels = await nonBackgroundPixels(page);
    expect(pixels.differing / pixels.total).toBeGreaterThan(0.05);
  });

  it('renders a slice of the RS potential of protein 1AJJ (PQR): net charge −5 e, so the slice is mostly red (negative)', async () => {
    await openScenarioWithField(page, served.url, 'protein');
    const state = await appState(page);
    expect(state.atoms).toBe(519);
    expect(state.title).toMatch(/net charge -5\.00 e/);
    expect(state.lastError).toBeNull();
    await page.uncheck('#show-atoms');
    await page.uncheck('#iso-show');
    const counts = await nonBackgroundPixels(page);
    expect(counts.red / counts.total).toBeGreaterThan(0.1);
    expect(counts.red).toBeGreaterThan(5 * counts.blue);
    expect(counts.allColours).toBeGreaterThan(50); // a smooth map, not a flat fill
    expect(await page.locator('.equitensor-colorbar').textContent()).toMatch(/\+[\d.]+ V.*0 V.*-[\d.]+ V/);
  });

  it('picks atoms: a click shows element, index, position, charge and force; a sweep finds exactly the 3 atoms', async () => {
    await openWaterFile();
    const [x, y] = await page.evaluate(() =>
      (
        window as unknown as { equitensor: { app: { viewer: { screenPositionOf(i: number): [number, number] } } } }
      ).equitensor.app.viewer.screenPositionOf(0),
    );
    await page.mouse.click(x, y);
    const text = await page.locator('#pick-info').textContent();
    expect(text).toContain('O #0');
    expect(text).toContain('r = (0.000, 0.000, 0.000) Å');
    expect(text).toContain('q = -0.8000 e');
    expect(text).toContain('F = (0.100, 0.200, 0.300) eV/Å');
    const found = await pickedAtomIndices(page);
    expect(found).toEqual([0, 1, 2]);
  });

  it('`equitensor view FILE` opens a trajectory that plays in place: no geometry rebuilt, the cell follows the frames', async () => {
    // The real CLI, which builds into apps/sim/dist: this is the only test that writes there (every other
    // file serves a build of its own, see openAppSession), so no build is emptied while it is served.
    const view = await startCli(['view', 'apps/sim/test/fixtures/argon-trajectory.extxyz']);
    try {
      await page.goto(view.url);
      await page.waitForFunction(
        () => (window as unknown as { equitensor?: { state: { fileFrames: number } } }).equitensor?.state.fileFrames === 3,
      );
      const probe = (): Promise<{ geometries: number; updates: number; cellMax: number }> =>
        page.evaluate(() => {
          type Viewer = {
            renderer: { info: { memory: { geometries: number } } };
            frameUpdates: number;
            scene: { traverse(f: (o: { type: string; geometry?: { getAttribute(n: string): { array: Float32Array } } }) => void): void };
          };
          const viewer = (window as unknown as { equitensor: { app: { viewer: Viewer } } }).equitensor.app.viewer;
          let cellMax = 0;
          viewer.scene.traverse((o) => {
            if (o.type === 'LineSegments' && o.geometry) cellMax = Math.max(...o.geometry.getAttribute('position').array);
          });
          return { geometries: viewer.renderer.info.memory.geometries, updates: viewer.frameUpdates, cellMax };
        });
      const before = await probe();
      expect(before.cellMax).toBeCloseTo(10, 5);
      await page.fill('#fps', '30');
      await page.dispatchEvent('#fps', 'change');
      await page.click('#play');
      await page.waitForFunction(
        () => (window as unknown as { equitensor: { app: { viewer: { frameUpdates: number } } } }).equitensor.app.viewer.frameUpdates >= 4,
      );
      await page.click('#play'); // pause
      await page.evaluate(() =>
        (window as unknown as { equitensor: { app: { viewer: { render(): void } } } }).equitensor.app.viewer.render(),
      );
      const after = await probe();
      expect(after.geometries).toBe(before.geometries);
      expect([10, 10.5, 11].some((l) => Math.abs(after.cellMax - l) < 1e-5)).toBe(true);
      await page.getByRole('button', { name: 'next frame' }).click();
      const stepped = await probe();
      expect(stepped.updates).toBe(after.updates + 1);
    } finally {
      await view.close();
    }
  });

  it('draws a 100 000-atom file with sphere sprites: shaded spheres fill the view', async () => {
    const lines: string[] = [];
    const side = 47;
    for (let i = 0; i < side; i++)
      for (let j = 0; j < side; j++) for (let k = 0; k < 46; k++) lines.push(`Ar ${3.8 * i} ${3.8 * j} ${3.8 * k}`);
    const text = `${lines.length}\nProperties=species:S:1:pos:R:3 pbc="F F F"\n${lines.join('\n')}\n`;
    await page.goto(`${served.url}?scenario=argon`);
    await page.waitForFunction(() => (window as unknown as { equitensor?: unknown }).equitensor !== undefined);
    await page.setInputFiles('#file-input', { name: 'big.xyz', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await page.waitForFunction(
      () => (window as unknown as { equitensor: { state: { fileName: string | null } } }).equitensor.state.fileName === 'big.xyz',
      null,
      {
        timeout: 20_000,
      },
    );
    expect((await appState(page)).atoms).toBe(101_614);
    const pixels = await nonBackgroundPixels(page);
    expect(pixels.differing / pixels.total).toBeGreaterThan(0.1);
    expect(pixels.colours).toBeGreaterThan(10);
  });

  it('shows the line of a bad dropped file and keeps working', async () => {
    await openWaterFile();
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['2\ncomment\nAr 0 0 0\nAr 1.0 oops 0\n'], 'broken.xyz', { type: 'text/plain' }));
      document.querySelector('main')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await page.waitForSelector('#message.error');
    const message = await page.locator('#message').textContent();
    expect(message).toMatch(/broken\.xyz:4:/);
    const after = await appState(page);
    expect(after.fileName).toBe('water.extxyz'); // the previous structure stays
    const pixels = await nonBackgroundPixels(page);
    expect(pixels.differing).toBeGreaterThan(100);
  });

  it('zoomed in on a 100 000-atom file, sprites switch to quads and the sphere stays round; zoomed out, back to sprites', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 47; i++)
      for (let j = 0; j < 47; j++) for (let k = 0; k < 46; k++) lines.push(`Ar ${3.8 * i} ${3.8 * j} ${3.8 * k}`);
    const text = `${lines.length}\nProperties=species:S:1:pos:R:3 pbc="F F F"\n${lines.join('\n')}\n`;
    await page.setViewportSize({ width: 1800, height: 1560 }); // a canvas larger than the largest point size (SwiftShader: 1023 px)
    try {
      await page.goto(`${served.url}?scenario=argon`);
      await page.waitForFunction(() => (window as unknown as { equitensor?: unknown }).equitensor !== undefined);
      await page.setInputFiles('#file-input', { name: 'big.xyz', mimeType: 'text/plain', buffer: Buffer.from(text) });
      await page.waitForFunction(
        () => (window as unknown as { equitensor: { state: { fileName: string | null } } }).equitensor.state.fileName === 'big.xyz',
        null,
        { timeout: 20_000 },
      );
      type Probe = { primitive: string; geometries: number; representation: Representation };
      const probe = (): Promise<Probe> =>
        page.evaluate(() => {
          type Viewer = {
            render(): void;
            resetCamera(): void;
            stats: { atomPrimitive: string };
            currentRepresentation: Representation;
            renderer: { info: { memory: { geometries: number } } };
          };
          const viewer = (window as unknown as { equitensor: { app: { viewer: Viewer } } }).equitensor.app.viewer;
          viewer.resetCamera();
          viewer.render();
          return {
            primitive: viewer.stats.atomPrimitive,
            geometries: viewer.renderer.info.memory.geometries,
            representation: viewer.currentRepresentation,
          };
        });
      const far = await probe();
      expect(far.primitive).toBe('sprites');
      const sizes = representationSizes(far.representation);
      const radius = sizes.fixedRadius > 0 ? sizes.fixedRadius : sizes.vdwScale * vdwRadius(18);
      // Look straight down (−z) at the block's corner atom from so close that its silhouette is 1.3× the
      // largest point size: nothing lies right of it or above it on screen, so its right and upper radii are clean.
      const closeUp = (): Promise<Record<string, number | boolean | string>> =>
        page.evaluate(
          ({ corner, radius }) => {
            type Viewer = {
              render(): void;
              camera: { fov: number; position: { set(x: number, y: number, z: number): void } };
              controls: { target: { set(x: number, y: number, z: number): void }; update(): void };
              stats: { atomPrimitive: string };
              renderer: { domElement: HTMLCanvasElement; info: { memory: { geometries: number } }; getContext(): WebGL2RenderingContext };
            };
            const viewer = (window as unknown as { equitensor: { app: { viewer: Viewer } } }).equitensor.app.viewer;
            const gl = viewer.renderer.getContext();
            const maxPointSize = (gl.getParameter(gl.ALIASED_POINT_SIZE_RANGE) as Float32Array)[1]!;
            const source = viewer.renderer.domElement;
            const focal = source.height / 2 / Math.tan((viewer.camera.fov * Math.PI) / 360);
            const expected = 1.3 * maxPointSize; // silhouette diameter on the axis, device pixels: 2·f·tan(asin(r/d))
            const distance = radius / Math.sin(Math.atan(expected / 2 / focal));
            viewer.controls.target.set(corner[0], corner[1], corner[2]);
            viewer.camera.position.set(corner[0], corner[1], corner[2] + distance);
            viewer.controls.update();
            viewer.render();
            const canvas = document.createElement('canvas');
            canvas.width = source.width;
            canvas.height = source.height;
            const ctx = canvas.getContext('2d')!;
            ctx.drawImage(source, 0, 0);
            const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
            const at = (x: number, y: number): number => 4 * (Math.round(y) * canvas.width + Math.round(x));
            const background = at(canvas.width - 1, 0);
            const differs = (x: number, y: number): boolean => {
              const i = at(x, y);
              return [0, 1, 2].reduce((sum, c) => sum + Math.abs(data[i + c]! - data[background + c]!), 0) > 30;
            };
            const [cx, cy] = [canvas.width / 2, canvas.height / 2];
            let right = 0;
            while (cx + right < canvas.width - 1 && differs(cx + right, cy)) right++;
            let up = 0;
            while (cy - up > 0 && differs(cx, cy - up)) up++;
            const half = expected / 2;
            return {
              primitive: viewer.stats.atomPrimitive,
              geometries: viewer.renderer.info.memory.geometries,
              maxPointSize,
              expected,
              width: canvas.width,
              height: canvas.height,
              right,
              up,
              // round, not square: inside the circle at 0.95 R on the diagonal, background at 1.13 R
              insideDiagonal: differs(cx + 0.67 * half, cy - 0.67 * half),
              outsideDiagonal: differs(cx + 0.8 * half, cy - 0.8 * half),
            };
          },
          { corner: [3.8 * 46, 3.8 * 46, 3.8 * 45] as [number, number, number], radius },
        );
      const near = await closeUp();
      expect(near.primitive).toBe('quads');
      expect(near.expected as number).toBeGreaterThan(near.maxPointSize as number);
      expect(near.expected as number).toBeLessThan(0.95 * Math.min(near.width as number, near.height as number));
      expect(Math.abs((2 * (near.right as number)) / (near.expected as number) - 1)).toBeLessThan(0.1);
      expect(Math.abs((2 * (near.up as number)) / (near.expected as number) - 1)).toBeLessThan(0.1);
      expect([near.insideDiagonal, near.outsideDiagonal]).toEqual([true, false]);
      const zoomedOut = await probe();
      expect(zoomedOut.primitive).toBe('sprites');
      // switching toggles visibility only: the quad geometry is uploaded once, not rebuilt per switch
      const again = await closeUp();
      expect(again.primitive).toBe('quads');
      expect(again.geometries).toBe(near.geometries);
      expect(near.geometries).toBe(far.geometries + 1);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1000, height: 700 });
    }
  });
});
