/**
 * Incremental updates of the cluster's live index (README, "OpenSearch backend"), through `npm run index --
 * --backend opensearch`: a report added, changed or removed in a copy of the seeds is written, rewritten or deleted
 * in the index the alias already points to, and mentions then equal a scan of the seeds; an update that fails or is
 * killed half-way leaves the index answering with the reports it held before, and the next build is a full one.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@opensearch-project/opensearch';
import { main, type Io } from '../../src/cli/main.js';
import type { IngestedDoc } from '../../src/core/types.js';
import { ingestDir } from '../../src/ingest/index.js';
import { OpenSearchBackend } from '../../src/opensearch/backend.js';
import { connect } from '../../src/opensearch/cluster.js';
import { STATE_ID, aliasesOf } from '../../src/opensearch/schema.js';
import { bruteForceMentions, ROOT, SEEDS } from '../helpers/seed-docs.js';
import { dropIndex, OPENSEARCH_URL } from './cluster.js';

const NAME = 'ps-test-inc';
/** Words of the report the tests add, and of the seeds. */
const NEW_WORD = '青城驿站增量测试';
const QUERIES = [NEW_WORD, '建设', '呼和浩特', '引黄入呼', '的'];

/** Runs `npm run index` (as the CLI's main) and gives its exit code and output. */
async function index(seeds: string, ...flags: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (s) => void (out += s), err: (s) => void (err += s), colour: false, progress: false };
  const code = await main(['index', '--backend', 'opensearch', '--opensearch', OPENSEARCH_URL, '--index-name', NAME, '--seeds', seeds, ...flags], io);
  return { code, out, err };
}

/** Mentions of every query equal a scan of `docs`, as answered by a backend opened now. */
async function expectHolds(client: Client, docs: readonly IngestedDoc[]): Promise<void> {
  const backend = await OpenSearchBackend.open(client, NAME);
  expect(backend.docs().map((d) => d.id)).toEqual(docs.map((d) => d.meta.id));
  expect(backend.stats().paragraphs).toBe(docs.reduce((n, d) => n + d.paragraphs.length, 0));
  for (const q of QUERIES) {
    const want = bruteForceMentions(docs, q);
    const got = await backend.mentions({ q, limit: 1000 });
    expect({ q, paragraphs: got.totalParagraphs, occurrences: got.totalOccurrences }).toEqual({
      q, paragraphs: want.size, occurrences: [...want.values()].reduce((a, b) => a + b, 0),
    });
    const counts = new Map<string, number>();
    for (const d of got.docs) for (const p of d.paragraphs) counts.set(`${d.docId}#${p.n}`, p.count);
    if (want.size <= 1000) expect(counts).toEqual(want);
  }
}

/** The index the paragraphs' alias points to. */
async function target(client: Client): Promise<string> {
  return Object.keys((await client.indices.getAlias({ name: NAME })).body as Record<string, unknown>)[0]!;
}

/** A report of the seeds' format holding `NEW_WORD` `times` times (one paragraph each), with a catalog entry. */
function addReport(seeds: string, file: string, paragraphs: number, word = NEW_WORD): void {
  const body = Array.from({ length: paragraphs }, (_, i) => `第${i + 1}项：推进${word}建设，完善呼和浩特公共服务体系，实现高质量发展。`).join('\n\n');
  fs.writeFileSync(path.join(seeds, file), `乌兰察布市测试报告\n\n一、总体要求\n\n${body}\n`);
  const catalogFile = path.join(seeds, 'catalog.json');
  const catalog = JSON.parse(fs.readFileSync(catalogFile, 'utf8')) as Record<string, unknown>;
  catalog[file] = { title: '乌兰察布市测试报告', city: '乌兰察布', district: null, year: 2023, kind: '政府工作报告' };
  fs.writeFileSync(catalogFile, JSON.stringify(catalog, null, 2));
}

/**
 * After an update that did not finish: the index still answers with `docsBefore`, `term` (in the unfinished update's
 * report only) is found nowhere, and the next `npm run index` is a full build that holds the seeds.
 */
async function expectRecovers(client: Client, seeds: string, docsBefore: readonly IngestedDoc[], term: string): Promise<void> {
  await expectHolds(client, docsBefore);
  expect((await (await OpenSearchBackend.open(client, NAME)).mentions({ q: term })).totalParagraphs).toBe(0);
  const next = await index(seeds);
  expect(next.code, next.err).toBe(0);
  expect(next.out).toMatch(/full build: an update did not finish/);
  await expectHolds(client, (await ingestDir(seeds)).docs);
}

describe('npm run index -- --backend opensearch on a live index', () => {
  let seeds: string;
  let client: Client;

  beforeAll(async () => {
    seeds = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-inc-'));
    fs.cpSync(SEEDS, seeds, { recursive: true });
    client = connect(OPENSEARCH_URL);
    await dropIndex(client, NAME);
  });
  afterAll(async () => {
    if (client) {
      await dropIndex(client, NAME);
      await client.close();
    }
    fs.rmSync(seeds, { recursive: true, force: true });
  });

  it('builds the index in full the first time, then finds nothing to write', async () => {
    const first = await index(seeds);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/full build: no index yet/);
    await expectHolds(client, (await ingestDir(seeds)).docs);
    const again = await index(seeds);
    expect(again.out).toMatch(/up to date/);
  });

  it('adds a report into the live index: its mentions appear, counted as a scan counts them', async () => {
    const before = await target(client);
    addReport(seeds, '900_incremental.txt', 5);
    const r = await index(seeds);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/updated in place: 1 added, 0 changed, 0 removed/);
    expect(await target(client)).toBe(before);
    const docs = (await ingestDir(seeds)).docs;
    expect(bruteForceMentions(docs, NEW_WORD).size).toBe(5);
    await expectHolds(client, docs);
  });

  it('rewrites a changed report and deletes a removed one, in place', async () => {
    const before = await target(client);
    addReport(seeds, '900_incremental.txt', 3);
    fs.rmSync(path.join(seeds, '003_acf836d61063524f.txt'));
    const r = await index(seeds);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/updated in place: 0 added, 1 changed, 1 removed/);
    expect(await target(client)).toBe(before);
    const docs = (await ingestDir(seeds)).docs;
    expect(docs.some((d) => d.meta.id.startsWith('003_'))).toBe(false);
    await expectHolds(client, docs);
    // Nothing of the replaced or removed versions is left in the index.
    const count = (await client.count({ index: NAME })).body as { count: number };
    expect(count.count).toBe(docs.reduce((n, d) => n + d.paragraphs.length, 0));
  });

  it('fails an update the cluster refuses with a clear error, keeps answering with the previous reports, and builds in full next', async () => {
    const docsBefore = (await ingestDir(seeds)).docs;
    const live = await target(client);
    addReport(seeds, '901_incremental.txt', 4, '失败时不可见');
    await client.indices.putSettings({ index: live, body: { index: { blocks: { write: true } } } });
    let r: Awaited<ReturnType<typeof index>>;
    try {
      r = await index(seeds);
    } finally {
      await client.indices.putSettings({ index: live, body: { index: { blocks: { write: false } } } });
    }
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/incremental update failed.*still answers with the reports it held before; the next build of ps-test-inc is a full one/s);
    await expectRecovers(client, seeds, docsBefore, '失败时不可见');
  });

  it('killed half-way through an update, leaves the index answering with the previous reports', async () => {
    const docsBefore = (await ingestDir(seeds)).docs;
    // A large report: its segmentation and bulk load take long enough to be killed in the middle.
    addReport(seeds, '902_incremental.txt', 20_000, '被杀时不可见');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli.ts'), 'index', '--backend', 'opensearch',
      '--opensearch', OPENSEARCH_URL, '--index-name', NAME, '--seeds', seeds], { cwd: ROOT, stdio: 'ignore' });
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Killed once the update is under way: some of the new paragraphs in the index, or 1.5 s after it began.
    const docsAlias = aliasesOf(NAME).docs;
    const state = async (): Promise<{ pending: string | null; hidden: string[] }> =>
      ((await client.get({ index: docsAlias, id: STATE_ID })).body as { _source: { pending: string | null; hidden: string[] } })._source;
    let began = 0;
    for (let i = 0; i < 2400 && child.exitCode === null; i++) {
      const s = await state();
      if (s.pending !== null) {
        began ||= Date.now();
        const seen = ((await client.count({ index: NAME, body: { query: { terms: { ver: s.hidden } } } })).body as { count: number }).count;
        if (seen > 0 || Date.now() - began > 1500) break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(child.exitCode, 'the update ended before it could be killed').toBeNull();
    child.kill('SIGKILL');
    await exit;
    expect(began).toBeGreaterThan(0);
    // Killed half-way: the update is still marked as under way.
    expect((await state()).pending).not.toBeNull();
    await client.indices.refresh({ index: NAME });
    await expectRecovers(client, seeds, docsBefore, '被杀时不可见');
  });

  it('two updates at once: each finishes or says another one is under way, and the next build holds the seeds', async () => {
    addReport(seeds, '903_incremental.txt', 50, '并发甲');
    const [a, b] = await Promise.all([index(seeds), index(seeds)]);
    for (const r of [a, b]) {
      if (r.code !== 0) expect(r.err).toMatch(/another process began updating|incremental update failed|full build/);
    }
    console.log(`concurrent updates: ${[a, b].map((r) => `${r.code} ${(r.code === 0 ? r.out : r.err).split('\n')[0]}`).join(' | ')}`);
    expect(a.code === 0 || b.code === 0).toBe(true);
    const last = await index(seeds);
    expect(last.code, last.err).toBe(0);
    await expectHolds(client, (await ingestDir(seeds)).docs);
  });
});
