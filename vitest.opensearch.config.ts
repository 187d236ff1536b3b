import { defineConfig } from 'vitest/config';

// Tests against a real OpenSearch cluster (`npm run opensearch:start` first; OPENSEARCH_URL, default
// http://127.0.0.1:9200,http://127.0.0.1:9201,http://127.0.0.1:9202). Run by `npm run test:opensearch` and .ci/run.
export default defineConfig({
  test: {
    include: ['test/opensearch/**/*.test.ts'],
    pool: 'forks',
    // One cluster: files take turns, so the node-kill test never hits another file's queries.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
