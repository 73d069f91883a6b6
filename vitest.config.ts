import { defineConfig } from 'vitest/config';

/** One vitest run over every package and app; each folder has its own project config. */
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
