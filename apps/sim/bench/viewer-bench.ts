/**
 * Viewer benchmark: the same synthetic structures (10⁴, 10⁵, 10⁶ atoms, spheres) in this viewer,
 * 3Dmol.js and NGL, in one headless-Chromium run (a fresh page per case). Reports the median time of
 * one rendered frame and of one trajectory-frame update (new coordinates for all atoms + render),
 * and the load time (first frame included). Each case gets a fresh browser process (same binary and
 * flags); libraries take turns to run first at each size.
 *
 *   pnpm tsx apps/sim/bench/viewer-bench.ts [--sizes 10000,100000,1000000] [--repeats 5] [--timeout 180] [--gpu]
 *     [--libraries equitensor,3Dmol.js,NGL,equitensor-webgpu] [--webgpu]
 *
 * Without --gpu, WebGL runs on SwiftShader (CPU): the figures compare libraries, not GPUs. `--webgpu` starts
 * Chromium with WebGPU on SwiftShader's Vulkan (and WebGL on ANGLE/SwiftShader), for the `equitensor-webgpu` case.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { serveApp } from '../src/cli/commands/app-server.ts';
import { launchBrowser } from '../test/browser.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const sizes = arg('--sizes', '10000,100000,1000000').split(',').map(Number);
const repeats = Number(arg('--repeats', '5'));
const timeoutS = Number(arg('--timeout', '180'));
const gpu = process.argv.includes('--gpu');
const libraries = arg('--libraries', 'equitensor,3Dmol.js,NGL').split(',');

const root = fileURLToPath(new URL('./viewer/', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'viewer-bench-'));
await build({
  configFile: false,
  root,
  base: './',
  logLevel: 'warn',
  build: { outDir: out, emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
});
const modules = fileURLToPath(new URL('../node_modules/', import.meta.url));
copyFileSync(join(modules, '3dmol/build/3Dmol-min.js'), join(out, '3Dmol-min.js'));
copyFileSync(join(modules, 'ngl/dist/ngl.js'), join(out, 'ngl.js'));
const { url, server } = await serveApp(out, 0);

const webgpu = process.argv.includes('--webgpu');
const args = gpu
  ? ['--no-sandbox', '--ignore-gpu-blocklist', '--enable-gpu', '--use-angle=vulkan', '--enable-features=Vulkan', '--enable-unsafe-webgpu']
  : webgpu
    ? [
        '--no-sandbox',
        '--enable-unsafe-webgpu',
        '--enable-features=Vulkan',
        '--use-vulkan=swiftshader',
        '--use-webgpu-adapter=swiftshader',
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--ignore-gpu-blocklist',
      ]
    : ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
/** A fresh browser per case: a software GPU process that just tore down a million-atom scene of another library slows the next one for tens of seconds. */
function freshBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  return launchBrowser([...args, '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']);
}

interface Row {
  library: string;
  atoms: number;
  loadMs?: number;
  frameMs?: number;
  updateMs?: number;
  error?: string;
}
const rows: Row[] = [];
let renderer = '';
for (const [sizeIndex, n] of sizes.entries()) {
  // rotate the order at each size so that no library always runs first
  const order = libraries.map((_, k) => libraries[(k + sizeIndex) % libraries.length]!);
  for (const library of order) {
    const browser = await freshBrowser();
    const page = await browser.context.newPage();
    try {
      await page.goto(url);
      await page.waitForFunction(() => 'runBench' in window);
      if (!renderer)
        renderer = await page.evaluate(() => {
          const gl = document.createElement('canvas').getContext('webgl2')!;
          const info = gl.getExtension('WEBGL_debug_renderer_info');
          return info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : 'unknown';
        });
      const result = await Promise.race([
        page.evaluate(
          ([lib, atoms, r]) => (window as unknown as { runBench(l: string, n: number, r: number): Promise<Row> }).runBench(lib, atoms, r),
          [library, n, repeats] as [string, number, number],
        ),
        new Promise<Row>((resolve) => setTimeout(() => resolve({ library, atoms: n, error: `> ${timeoutS} s` }), timeoutS * 1000)),
      ]);
      rows.push(result);
    } catch (error) {
      rows.push({ library, atoms: n, error: (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 80) });
    }
    const last = rows[rows.length - 1]!;
    process.stderr.write(`${JSON.stringify(last)}\n`);
    await browser.close().catch(() => {});
  }
}
server.close();
rmSync(out, { recursive: true, force: true });

const f = (x: number | undefined): string => (x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
console.log(`WebGL renderer: ${renderer}; ${repeats} repeats (median); ${new Date().toISOString()}\n`);
console.log('| atoms | library | load (ms) | frame (ms) | trajectory-frame update (ms) | note |');
console.log('|---:|---|---:|---:|---:|---|');
for (const r of rows) console.log(`| ${r.atoms} | ${r.library} | ${f(r.loadMs)} | ${f(r.frameMs)} | ${f(r.updateMs)} | ${r.error ?? ''} |`);
