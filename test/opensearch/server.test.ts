/**
 * `npm start -- --backend opensearch` keeps the cluster's index current as the in-process server keeps its saved
 * index (README, "OpenSearch backend"): stale against the seeds at start, it is updated before serving; `--watch`
 * writes the reports added or removed into the live index; `POST /api/reindex` builds it anew. Answers are checked
 * against a scan of the seeds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.js';
import { loadConfig } from '../../src/core/config.js';
import type { MentionsResult } from '../../src/core/types.js';
import { ingestDir } from '../../src/ingest/index.js';
import { connect } from '../../src/opensearch/cluster.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { bruteForceMentions, SEEDS } from '../helpers/seed-docs.js';
import { dropIndex, OPENSEARCH_URL } from './cluster.js';

const NAME = 'ps-test-serve';
const TOKEN = 'opensearch-test-token';

function writeReport(seeds: string, file: string, word: string): void {
  const body = Array.from({ length: 3 }, (_, i) => `第${i + 1}条：加快${word}建设。`).join('\n\n');
  fs.writeFileSync(path.join(seeds, file), `测试报告\n\n一、工作回顾\n\n${body}\n`);
}

async function waitFor<T>(what: string, f: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('npm start -- --backend opensearch keeps the index current', () => {
  let seeds: string;
  let server: RunningServer;
  const lines: string[] = [];

  const mentions = async (q: string): Promise<MentionsResult> =>
    (await (await fetch(`${server.url}/api/mentions?q=${encodeURIComponent(q)}&limit=1000`)).json()) as MentionsResult;
  const expectScan = async (q: string): Promise<void> => {
    const want = bruteForceMentions((await ingestDir(seeds)).docs, q);
    const got = await mentions(q);
    expect({ q, paragraphs: got.totalParagraphs, occurrences: got.totalOccurrences }).toEqual({ q, paragraphs: want.size, occurrences: [...want.values()].reduce((a, b) => a + b, 0) });
  };

  beforeAll(async () => {
    seeds = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-serve-'));
    fs.cpSync(SEEDS, seeds, { recursive: true });
    const client = connect(OPENSEARCH_URL);
    await dropIndex(client, NAME);
    await client.close();
    const io: Io = { out: () => {}, err: () => {}, colour: false, progress: false };
    expect(await main(['index', '--backend', 'opensearch', '--opensearch', OPENSEARCH_URL, '--index-name', NAME, '--seeds', seeds], io)).toBe(0);
  });
  afterAll(async () => {
    await server?.close();
    const client = connect(OPENSEARCH_URL);
    await dropIndex(client, NAME);
    await client.close();
    fs.rmSync(seeds, { recursive: true, force: true });
  });

  it('updates an index older than the seeds before serving it', async () => {
    writeReport(seeds, '910_serve.txt', '启动时新增词');
    const config = loadConfig(['--backend', 'opensearch', '--opensearch', OPENSEARCH_URL, '--index-name', NAME, '--seeds', seeds,
      '--watch', '--port', '0', '--host', '127.0.0.1'], { REINDEX_TOKEN: TOKEN });
    server = await startServer(config, (l) => void lines.push(l));
    expect(lines.join('\n')).toMatch(/updated in place: 1 added, 0 changed, 0 removed/);
    expect((await mentions('启动时新增词')).totalParagraphs).toBe(3);
    await expectScan('建设');
    const health = (await (await fetch(`${server.url}/api/health`)).json()) as { docs: number; stale?: unknown };
    expect(health.docs).toBe((await ingestDir(seeds)).docs.length);
  });

  it('with --watch, writes an added report into the live index and takes a removed one out', async () => {
    writeReport(seeds, '911_serve.txt', '监视时新增词');
    await waitFor('the update', async () => (/now serving 7 documents/.test(lines.join('\n')) ? true : undefined));
    await expectScan('监视时新增词');
    await expectScan('建设');
    fs.rmSync(path.join(seeds, '910_serve.txt'));
    await waitFor('the update', async () => (/updated in place: 0 added, 0 changed, 1 removed[^]*now serving 6 documents/.test(lines.join('\n')) ? true : undefined));
    expect((await mentions('启动时新增词')).totalParagraphs).toBe(0);
    await expectScan('建设');
  });

  it('POST /api/reindex builds the index anew and serves it', async () => {
    const res = await fetch(`${server.url}/api/reindex`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, docs: (await ingestDir(seeds)).docs.length });
    expect(lines.join('\n')).toMatch(/full build of ps-test-serve \(a rebuild was asked for\)/);
    await expectScan('监视时新增词');
    await expectScan('建设');
  });

  it('serves the index the cluster holds, marked stale, when the seeds cannot be read', async () => {
    const lost: string[] = [];
    const config = loadConfig(['--backend', 'opensearch', '--opensearch', OPENSEARCH_URL, '--index-name', NAME,
      '--seeds', path.join(seeds, 'missing'), '--port', '0', '--host', '127.0.0.1'], {});
    const other = await startServer(config, (l) => void lost.push(l));
    try {
      const health = (await (await fetch(`${other.url}/api/health`)).json()) as { stale: boolean; staleReason?: string; docs: number };
      expect(health.stale).toBe(true);
      expect(health.staleReason).toMatch(/could not be brought up to date/);
      expect(health.docs).toBe((await ingestDir(seeds)).docs.length);
      const got = (await (await fetch(`${other.url}/api/mentions?q=${encodeURIComponent('监视时新增词')}`)).json()) as MentionsResult;
      expect(got.totalParagraphs).toBe(3);
    } finally {
      await other.close();
    }
  });
});
