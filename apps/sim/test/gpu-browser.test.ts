import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sphericalHarmonics } from '@equitensor/so3';
import { assertClose, SeededRng } from '@equitensor/testing';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBGPU_CHROMIUM_ARGS } from './e2e-helpers.ts';

// WebGPU in headless Chromium (SwiftShader's Vulkan inside Chromium on machines without a GPU):
// the @equitensor/gpu spherical-harmonics kernel runs in a page served on 127.0.0.1 and is compared
// with @equitensor/so3's float64 reference. A page without an adapter fails the test.

let server: Server;
let url: string;
let profileDir: string;

beforeAll(async () => {
  const entry = fileURLToPath(new URL('./gpu-browser-page.ts', import.meta.url));
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry, formats: ['es'], fileName: 'page' }, rollupOptions: { external: ['webgpu'] } },
  });
  const bundle = (Array.isArray(output) ? output : [output])
    .flatMap((o) => ('output' in o ? o.output : []))
    .find((c) => c.type === 'chunk' && c.isEntry);
  if (bundle === undefined || bundle.type !== 'chunk') throw new Error('vite produced no entry chunk');
  const code = bundle.code;
  const html = '<!doctype html><html><head><meta charset="utf-8"><script type="module" src="/page.js"></script></head><body></body></html>';
  server = createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(code);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(html);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  profileDir = mkdtempSync(join(tmpdir(), 'equitensor-chromium-'));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

describe('@equitensor/gpu in headless Chromium', () => {
  it('evaluates spherical harmonics through navigator.gpu and matches the float64 CPU reference', async () => {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: WEBGPU_CHROMIUM_ARGS,
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(url);
      await page.waitForFunction(() => document.title === 'equitensor-gpu-ready', undefined, { timeout: 20_000 });
      const vectors = Array.from(new SeededRng(17).normalArray(3 * 64));
      const result = await page.evaluate(
        async ([v, lmax]) => {
          const api = (
            globalThis as unknown as {
              equitensorGpu: {
                sphericalHarmonicsOnPage(v: number[], l: number): Promise<{ values: number[]; environment: string; description: string }>;
              };
            }
          ).equitensorGpu;
          return api.sphericalHarmonicsOnPage(v, lmax);
        },
        [vectors, 4] as [number[], number],
      );
      expect(errors).toEqual([]);
      expect(result.environment).toBe('browser');
      expect(result.description.trim().length).toBeGreaterThan(0);
      assertClose(result.values, sphericalHarmonics(4, vectors, true, 'component'), { rtol: 0, atol: 2e-5 }, 'browser spherical harmonics');
    } finally {
      await context.close();
    }
  });
});
