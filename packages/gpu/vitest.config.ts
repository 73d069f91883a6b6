import { mkdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Dawn (npm `webgpu`) finds SwiftShader's Vulkan driver from Debian's chromium package through
// VK_ICD_FILENAMES on machines without a GPU (as tools/env.sh does); a real GPU's driver wins
// when the variable is already set. XDG_RUNTIME_DIR silences Dawn's and Chromium's warnings.
const env: Record<string, string> = {};
if (!process.env.VK_ICD_FILENAMES) env.VK_ICD_FILENAMES = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.XDG_RUNTIME_DIR) {
  const dir = `/tmp/equitensor-xdg-${process.getuid?.() ?? 0}`;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  env.XDG_RUNTIME_DIR = dir;
}

export default defineConfig({
  test: {
    name: 'gpu',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env,
  },
});
