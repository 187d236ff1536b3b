/**
 * Faults (README, "OpenSearch backend"): a node killed during a burst of queries, and a cluster that is gone. Every
 * answer is complete, or a clear 503 — never a silent partial count.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import type { IngestedDoc, MentionsResult } from '../../src/core/types.js';
import type { OpenSearchBackend } from '../../src/opensearch/backend.js';
import { connect } from '../../src/opensearch/cluster.js';
import { openCluster } from '../../src/opensearch/open.js';
import { createApp } from '../../src/web/app.js';
import { bruteForceMentions, loadSeedDocs, ROOT, SEEDS } from '../helpers/seed-docs.js';
import { dropIndex, loadBackend, OPENSEARCH_URL, repeated } from './cluster.js';

const QUERIES = ['建设', '呼和浩特', '引黄入呼', '的', '新质生产力', '。'];
/** The node killed: the last one `npm run opensearch:start` started. */
const VICTIM = path.join(ROOT, '.opensearch', 'node-2', 'pid');

describe('OpenSearch backend when a node dies during a burst of queries', () => {
  let docs: IngestedDoc[];
  let backend: OpenSearchBackend;
  const want = new Map<string, { totalParagraphs: number; totalOccurrences: number }>();

  beforeAll(async () => {
    docs = repeated(await loadSeedDocs(), 10);
    backend = await loadBackend('ps-test-kill', docs);
    for (const q of QUERIES) {
      const scan = bruteForceMentions(docs, q);
      want.set(q, { totalParagraphs: scan.size, totalOccurrences: [...scan.values()].reduce((a, b) => a + b, 0) });
      // Warm, and the reference holds with every node up.
      const r = await backend.mentions({ q, limit: 10 });
      expect({ totalParagraphs: r.totalParagraphs, totalOccurrences: r.totalOccurrences }).toEqual(want.get(q));
    }
  });
  afterAll(async () => {
    // The node comes back (the script starts the nodes that are not running) and the cluster is green again.
    execFileSync(path.join(ROOT, 'scripts/opensearch/start.sh'), { stdio: 'inherit' });
    if (backend) {
      await dropIndex(backend.client, 'ps-test-kill');
      await backend.close();
    }
  });

  it('answers every query completely or fails it with unavailable, and keeps answering on the replicas', async () => {
    expect(fs.existsSync(VICTIM), `${VICTIM}: start the cluster with npm run opensearch:start`).toBe(true);
    const outcomes: { at: number; end: number; q: string; r?: MentionsResult; e?: unknown }[] = [];
    const started = Date.now();
    let killedAt = 0;
    const BURST_MS = 25_000;
    const worker = async (w: number): Promise<void> => {
      for (let i = w; Date.now() - started < BURST_MS; i++) {
        const q = QUERIES[i % QUERIES.length]!;
        const at = Date.now();
        try {
          const r = await backend.mentions({ q, limit: 10 });
          outcomes.push({ at, end: Date.now(), q, r });
        } catch (e) {
          outcomes.push({ at, end: Date.now(), q, e });
        }
      }
    };
    const killer = (async () => {
      await new Promise((r) => setTimeout(r, 5000));
      process.kill(Number(fs.readFileSync(VICTIM, 'utf8').trim()), 'SIGKILL');
      killedAt = Date.now();
    })();
    await Promise.all([killer, ...[0, 1, 2, 3].map(worker)]);

    for (const o of outcomes) {
      if (o.r) {
        expect({ q: o.q, totalParagraphs: o.r.totalParagraphs, totalOccurrences: o.r.totalOccurrences }).toEqual({ q: o.q, ...want.get(o.q)! });
      } else {
        expect(o.e).toBeInstanceOf(AppError);
        expect((o.e as AppError).code).toBe('unavailable');
      }
    }
    const errors = [...new Set(outcomes.filter((o) => o.e).map((o) => (o.e as Error).message.slice(0, 200)))];
    if (errors.length > 0) console.log(`node-kill burst: the errors:\n${errors.join('\n')}`);
    // Answers that ended before the kill are all complete; those under way when it came may fail (with a 503).
    const before = outcomes.filter((o) => o.end < killedAt);
    const after = outcomes.filter((o) => o.at > killedAt + 15_000);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((o) => o.r)).toBe(true);
    // Once the cluster has noticed, the replicas answer everything.
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((o) => o.r)).toBe(true);
    const failed = outcomes.filter((o) => o.e).length;
    console.log(`node-kill burst: ${outcomes.length} queries, ${failed} answered unavailable, the rest complete`);
  });
});

describe('OpenSearch backend without its cluster', () => {
  it('refuses to open with unavailable', async () => {
    await expect(openCluster({ url: 'http://127.0.0.1:1', name: 'ps-nothing', seeds: SEEDS })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('answers /api/search and /api/mentions with a 503 and an error, never a partial answer', async () => {
    const backend = await loadBackend('ps-test-gone', (await loadSeedDocs()).slice(0, 1));
    await dropIndex(connect(OPENSEARCH_URL), 'ps-test-gone');
    const app = createApp({ getEngine: () => backend });
    for (const url of ['/api/mentions?q=建设', '/api/search?q=建设', `/api/docs/${backend.docs()[0]!.id}`]) {
      const res = await request(app).get(url);
      expect(res.status, url).toBe(503);
      expect(res.body.error, url).toMatch(/OpenSearch/);
    }
    await backend.close();
  });
});
