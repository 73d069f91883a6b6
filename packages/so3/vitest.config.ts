import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'so3', include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
