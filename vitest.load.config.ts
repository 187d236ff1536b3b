import { defineConfig } from 'vitest/config';

// Load, soak and reload-under-load tests: slow, run by `npm run test:load` (and by .ci/run).
export default defineConfig({
  test: {
    globalSetup: ['test/setup/build.ts'],
    include: ['test/load/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
