/**
 * Headless Chromium for the end-to-end tests and the viewer benchmark: the flags for WebGL or WebGPU on
 * SwiftShader, and a fresh persistent context in a user-data folder of its own (no vitest import, so benchmarks
 * run it too).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Chromium flags for a quiet, sandbox-less headless run with WebGL on SwiftShader. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/**
 * Chromium flags for WebGPU in headless Chromium on SwiftShader's Vulkan (machines without a GPU), with
 * the same quiet, sandbox-less profile.
 */
export const WEBGPU_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A fresh headless Chromium context (its own user-data-dir), by default with WebGL on SwiftShader. */
export async function launchBrowser(args: readonly string[] = CHROMIUM_ARGS): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'equitensor-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...args],
    viewport: { width: 1000, height: 700 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
