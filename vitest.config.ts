import { defineConfig } from 'vitest/config';

// The default suite: unit, HTTP and browser tests. Load and soak tests live in vitest.load.config.ts, the tests
// against an OpenSearch cluster in vitest.opensearch.config.ts.
export default defineConfig({
  test: {
    globalSetup: ['test/setup/build.ts'],
    include: ['test/**/*.test.ts'],
    exclude: ['test/load/**', 'test/opensearch/**', 'node_modules/**'],
    // nodejieba is a native addon that does not work in worker threads: run test files in child processes.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
