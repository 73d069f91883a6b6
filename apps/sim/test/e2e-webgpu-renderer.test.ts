/**
 * End-to-end test of the viewer's WebGPU renderer (`?renderer=webgpu`: three's WebGPURenderer with the
 * TSL impostor materials) in headless Chromium on SwiftShader. The app is built with the CLI's
 * `buildApp` into a temporary folder and served by its `serveApp`. Checks: WebGPU is really in use (no
 * silent WebGL2 fallback), the PNG export is not blank, trajectory frames do not rebuild geometry,
 * CPU picking agrees with what is drawn, and the WebGPU image of a structure with spheres and bonds
 * matches the WebGL2 image of the same view pixel for pixel up to anti-aliasing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appState, fileAppSession, pickedAtomIndices, WEBGPU_CHROMIUM_ARGS } from './e2e-helpers.ts';

/**
 * WebGPU on SwiftShader, plus ANGLE on SwiftShader for the compositor: without an ANGLE backend the GPU
 * process cannot create the shared image a WebGPU canvas presents into, and crashes ("Instance dropped").
 */
const ARGS = [...WEBGPU_CHROMIUM_ARGS, '--use-angle=swiftshader'];

const served = await fileAppSession({ chromiumArgs: ARGS, ownBuild: 'equitensor-webgpu-renderer-dist-' });
const { page, pageErrors } = served;

type Viewer = {
  toPNG(): Promise<Blob>;
  render(): void;
  rendererKind: string;
  renderer: { backend: { isWebGPUBackend?: boolean }; info: { memory: { geometries: number } }; domElement: HTMLCanvasElement };
  frameUpdates: number;
  stats: { atoms: number; bonds: number };
  pickAt(x: number, y: number): { index: number } | null;
  screenPositionOf(i: number): [number, number];
};

/** The viewer's PNG export, as a data URL. */
function exportPng(): Promise<string> {
  return page.evaluate(async () => {
    const viewer = (window as unknown as { equitensor: { app: { viewer: Viewer } } }).equitensor.app.viewer;
    const blob = await viewer.toPNG();
    return new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsDataURL(blob);
    });
  });
}

/**
 * Decode PNGs in the page and compare them: pixels that differ from the background (the corner), distinct
 * colours, the clearly red (R − B > 40) and blue (B − R > 40) pixels, and, given a second PNG of the same size, the fraction of pixels whose colours differ by more
 * than `tolerance` (sum of |ΔRGB|), and the colour at a point (CSS pixels of the canvas).
 */
function analysePng(
  png: string,
  other: string | null = null,
  at: [number, number] | null = null,
): Promise<{ total: number; differing: number; colours: number; red: number; blue: number; mismatched: number; rgbAt: number[] }> {
  return page.evaluate(
    async ([a, b, point]) => {
      const decode = async (url: string): Promise<ImageData> => {
        const bitmap = await createImageBitmap(await (await fetch(url)).blob());
        const canvas = document.createElement('canvas');
        canvas.width = bitmap.width;
        canvas.height = bitmap.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        return ctx.getImageData(0, 0, canvas.width, canvas.height);
      };
      const image = await decode(a);
      const data = image.data;
      const [br, bg, bb] = [data[0]!, data[1]!, data[2]!];
      let differing = 0;
      let red = 0;
      let blue = 0;
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i]! - br) + Math.abs(data[i + 1]! - bg) + Math.abs(data[i + 2]! - bb) > 30) differing++;
        if (data[i]! - data[i + 2]! > 40) red++;
        if (data[i + 2]! - data[i]! > 40) blue++;
        colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      }
      let mismatched = -1;
      if (b) {
        const second = (await decode(b)).data;
        if (second.length !== data.length) throw new Error('images of different sizes');
        mismatched = 0;
        for (let i = 0; i < data.length; i += 4)
          if (Math.abs(data[i]! - second[i]!) + Math.abs(data[i + 1]! - second[i + 1]!) + Math.abs(data[i + 2]! - second[i + 2]!) > 60)
            mismatched++;
      }
      let rgbAt: number[] = [];
      if (point) {
        const canvas = (window as unknown as { equitensor: { app: { viewer: Viewer } } }).equitensor.app.viewer.renderer.domElement;
        const rect = canvas.getBoundingClientRect();
        const x = Math.round(((point[0] - rect.left) / rect.width) * image.width);
        const y = Math.round(((point[1] - rect.top) / rect.height) * image.height);
        const k = 4 * (y * image.width + x);
        rgbAt = [data[k]!, data[k + 1]!, data[k + 2]!];
      }
      return { total: data.length / 4, differing, colours: colours.size, red, blue, mismatched, rgbAt };
    },
    [png, other, at] as [string, string | null, [number, number] | null],
  );
}

/** Open a file through the app's file input and wait until the viewer shows its `atoms` atoms. */
async function openFile(name: string, text: string, atoms: number): Promise<void> {
  await page.setInputFiles('#file-input', { name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.waitForFunction(
    ([fileName, n]) => {
      const app = (window as unknown as { equitensor: { app: { viewer: Viewer }; state: { fileName: string | null } } }).equitensor;
      return app.state.fileName === fileName && app.app.viewer.stats.atoms === n;
    },
    [name, atoms] as [string, number],
    { timeout: 15_000 },
  );
}

/** Load the app with a renderer and wait for its first scenario frames. */
async function openApp(renderer: 'webgl' | 'webgpu', minFrames = 1): Promise<Record<string, unknown>> {
  await page.goto(`${served.url}?renderer=${renderer}&scenario=argon&cells=4`);
  await page.waitForFunction(
    (n) => {
      const s = (window as unknown as { equitensor?: { state: { framesReceived: number; lastError: string | null } } }).equitensor?.state;
      return s !== undefined && (s.lastError !== null || s.framesReceived >= n);
    },
    minFrames,
    { timeout: 30_000, polling: 100 },
  );
  return appState(page);
}

/** A 6×6×6 grid of carbon atoms 1.5 Å apart: 216 spheres and 540 bonds, intersecting at every atom. */
function carbonGrid(): string {
  const lines: string[] = [];
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) for (let k = 0; k < 6; k++) lines.push(`C ${1.5 * i} ${1.5 * j} ${1.5 * k}`);
  return `${lines.length}\nProperties=species:S:1:pos:R:3 pbc="F F F"\n${lines.join('\n')}\n`;
}

describe('the viewer on WebGPU (?renderer=webgpu)', () => {
  it('renders argon with WebGPU, not a WebGL2 fallback: a shaded PNG, and frames update in place', async () => {
    const state = await openApp('webgpu', 2);
    expect(state.lastError).toBeNull();
    expect(state.renderer).toBe('webgpu');
    expect(state.rendererDescription).toMatch(/^WebGPU \(.*swiftshader.*\)$/i);
    expect(state.rendererReason).toBe('requested');
    expect(state.atoms).toBe(256);
    const backend = await page.evaluate(() => {
      const viewer = (window as unknown as { equitensor: { app: { viewer: Viewer } } }).equitensor.app.viewer;
      return { kind: viewer.rendererKind, isWebGPU: viewer.renderer.backend.isWebGPUBackend === true };
    });
    expect(backend).toEqual({ kind: 'webgpu', isWebGPU: true });

    const pixels = await analysePng(await exportPng());
    expect(pixels.differing / pixels.total).toBeGreaterThan(0.2); // 256 spheres fill ~44 % of the view
    expect(pixels.colours).toBeGreaterThan(100); // ray-cast shading, not flat discs

    // MD frames keep arriving: positions change in place, no geometry is created.
    const probe = (): Promise<{ geometries: number; updates: number }> =>
      page.evaluate(() => {
        const viewer = (window as unknown as { equitensor: { app: { viewer: Viewer } } }).equitensor.app.viewer;
        viewer.render();
        return { geometries: viewer.renderer.info.memory.geometries, updates: viewer.frameUpdates };
      });
    const before = await probe();
    await page.waitForFunction(
      (n) => (window as unknown as { equitensor: { app: { viewer: Viewer } } }).equitensor.app.viewer.frameUpdates >= n,
      before.updates + 3,
      { timeout: 20_000 },
    );
    const after = await probe();
    expect(after.updates).toBeGreaterThanOrEqual(before.updates + 3);
    expect(after.geometries).toBe(before.geometries);

    // Points on WebGPU are instanced quads (no wide points): every atom still drawn.
    await page.selectOption('#representation', 'points');
    const points = await analysePng(await exportPng());
    expect(points.differing / points.total).toBeGreaterThan(0.05);
    expect(pageErrors).toEqual([]);
  });

  it('picks on WebGPU: a sweep finds exactly the 3 water atoms, and the clicked atom is drawn highlighted', async () => {
    await openApp('webgpu');
    await openFile('water.extxyz', readFileSync(new URL('./fixtures/water.extxyz', import.meta.url), 'utf8'), 3);
    const found = await pickedAtomIndices(page);
    expect(found).toEqual([0, 1, 2]);
    const [x, y] = await page.evaluate(() =>
      (window as unknown as { equitensor: { app: { viewer: Viewer } } }).equitensor.app.viewer.screenPositionOf(0),
    );
    const plain = await analysePng(await exportPng(), null, [x, y]);
    await page.mouse.click(x, y);
    expect(await page.locator('#pick-info').textContent()).toContain('O #0');
    const highlighted = await analysePng(await exportPng(), null, [x, y]);
    // oxygen red (Jmol 1, 0.05, 0.05) before, highlight yellow (1, 0.85, 0.1) after: the green channel rises
    expect(plain.rgbAt[0]! - plain.rgbAt[1]!).toBeGreaterThan(100);
    expect(highlighted.rgbAt[1]! - plain.rgbAt[1]!).toBeGreaterThan(100);
    expect(pageErrors).toEqual([]);
  });

  it("draws a protein's potential slice and isosurfaces (three's standard materials) on WebGPU", async () => {
    await page.goto(`${served.url}?renderer=webgpu&scenario=protein`);
    await page.waitForFunction(
      () => {
        const s = (window as unknown as { equitensor?: { state: { hasField: boolean; lastError: string | null } } }).equitensor?.state;
        return s !== undefined && (s.hasField || s.lastError !== null);
      },
      null,
      { timeout: 30_000 },
    );
    const state = await appState(page);
    expect(state.lastError).toBeNull();
    expect(state.renderer).toBe('webgpu');
    await page.uncheck('#show-atoms');
    await page.uncheck('#iso-show');
    // 1AJJ carries −5 e: the slice (MeshBasicMaterial + DataTexture) is mostly red, as on WebGL2 (e2e.test.ts)
    const slice = await analysePng(await exportPng());
    expect(slice.red / slice.total).toBeGreaterThan(0.1);
    expect(slice.red).toBeGreaterThan(5 * slice.blue);
    // ± isosurfaces (MeshLambertMaterial, transparent) add blue where the potential is positive
    await page.check('#iso-show');
    const iso = await analysePng(await exportPng());
    expect(iso.blue).toBeGreaterThan(slice.blue);
    expect(pageErrors).toEqual([]);
  });

  it('draws spheres and bonds like the WebGL2 renderer: same coverage, same pixels up to anti-aliasing', async () => {
    const text = carbonGrid();
    const images: Record<string, string> = {};
    for (const renderer of ['webgpu', 'webgl'] as const) {
      const state = await openApp(renderer);
      expect(state.renderer).toBe(renderer);
      await openFile('carbon.xyz', text, 216);
      const bonds = await page.evaluate(
        () => (window as unknown as { equitensor: { app: { viewer: Viewer } } }).equitensor.app.viewer.stats.bonds,
      );
      expect(bonds).toBe(540); // 3·6·6·5 nearest-neighbour bonds
      images[renderer] = await exportPng();
    }
    const webgpu = await analysePng(images.webgpu!, images.webgl!);
    const webgl = await analysePng(images.webgl!);
    const coverage = [webgpu.differing / webgpu.total, webgl.differing / webgl.total];
    console.info(
      `coverage webgpu ${(100 * coverage[0]!).toFixed(2)} %, webgl ${(100 * coverage[1]!).toFixed(2)} %, ` +
        `pixels differing by > 60/765: ${((100 * webgpu.mismatched) / webgpu.total).toFixed(2)} %`,
    );
    expect(coverage[0]!).toBeGreaterThan(0.1);
    expect(Math.abs(coverage[0]! - coverage[1]!)).toBeLessThan(0.005);
    // Wrong depth (no depth node, or the quad's depth) would swap spheres and bonds over large areas.
    expect(webgpu.mismatched / webgpu.total).toBeLessThan(0.01);
    expect(pageErrors).toEqual([]);
  });
});
