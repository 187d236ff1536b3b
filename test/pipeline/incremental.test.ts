import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openIndex } from '../../src/pipeline/open.js';
import type { SearchEngine } from '../../src/search/engine.js';
import type { SearchResult } from '../../src/core/types.js';
import { SEEDS } from '../helpers/seed-docs.js';

/**
 * Adding a report to a built index (openIndex after a report was only added) goes through MiniSearch's `add` on
 * the loaded index instead of a rebuild; its answers must be those of a full build of the same seeds.
 */
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-incr-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

// A report in the middle of the corpus, so the incremental build's document order (old ones, then the new one)
// differs from the full build's (by file name).
const LATE = '002_3c2085c3029b20c0.txt';
let incremental: SearchEngine;
let full: SearchEngine;
let incLines: string[];
let reason: string | undefined;

beforeAll(async () => {
  const seeds = path.join(tmpRoot, 'seeds');
  const index = path.join(tmpRoot, 'index');
  fs.cpSync(SEEDS, seeds, { recursive: true });
  fs.rmSync(path.join(seeds, LATE));
  await openIndex({ seeds, index, log: () => {} });
  fs.copyFileSync(path.join(SEEDS, LATE), path.join(seeds, LATE));
  incLines = [];
  const r = await openIndex({ seeds, index, log: (l) => void incLines.push(l) });
  incremental = r.engine;
  reason = r.reason;
  full = (await buildIndex({ seeds: SEEDS, out: path.join(tmpRoot, 'full'), log: () => {} })).engine;
}, 120_000);

const SEARCHES = ['马铃薯 OR 燕麦', '机场', '引黄入呼', '"呼包鄂乌"', '数字经济 -乌海', '旅游 year:2023', '生态 保护', '产业集群'];
const MENTIONS = ['呼包鄂乌', '引黄入呼', '机场', '发展', '黄河'];

/** Hits in a fixed order (by document and paragraph), for comparing rankings whose ties may be ordered differently. */
function byPlace(r: SearchResult): { docId: string; n: number; score: number }[] {
  return r.hits.map((h) => ({ docId: h.docId, n: h.n, score: h.score })).sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : a.n - b.n));
}

describe('adding a report to a built index', () => {
  it('is incremental: only the new report is segmented, the log says so', () => {
    expect(reason).toBe(`stale: seed added: ${LATE}`);
    expect(incLines.some((l) => /index: incremental: 1 new report\(s\), .* 1 segmented/.test(l))).toBe(true);
    expect(incLines.some((l) => l.includes('rebuilding'))).toBe(false);
  });

  it('holds the same documents, paragraphs and lexicon as a full build', () => {
    expect(incremental.stats()).toEqual(full.stats());
    const ids = (e: SearchEngine): string[] => e.docs().map((d) => d.id).sort();
    expect(ids(incremental)).toEqual(ids(full));
    // The new report comes after the old ones.
    expect(incremental.docs().at(-1)!.file).toBe(LATE);
    for (const d of full.docs()) expect(incremental.doc(d.id)).toEqual(full.doc(d.id));
    expect(incremental.index.lexicon.toJSON()).toEqual(full.index.lexicon.toJSON());
  });

  it('answers mentions exactly as a full build', () => {
    for (const q of MENTIONS) {
      expect(incremental.mentions({ q }), q).toEqual(full.mentions({ q }));
      expect(incremental.mentions({ q, year: 2023 }), q).toEqual(full.mentions({ q, year: 2023 }));
    }
  });

  it('answers searches with the same totals, facets, hits and scores as a full build', () => {
    for (const q of SEARCHES) {
      const a = incremental.search({ q, size: 50 });
      const b = full.search({ q, size: 50 });
      expect(a.total, q).toBe(b.total);
      expect(a.facets, q).toEqual(b.facets);
      expect(a.notice, q).toBe(b.notice);
      // MiniSearch keeps the average field length as a running mean while adding: scores may differ in the last
      // digits, and paragraphs with equal scores rank in corpus order, which differs (the new report is last).
      const pa = byPlace(a);
      const pb = byPlace(b);
      expect(pa.map((h) => `${h.docId}#${h.n}`), q).toEqual(pb.map((h) => `${h.docId}#${h.n}`));
      pa.forEach((h, i) => expect(h.score, q).toBeCloseTo(pb[i]!.score, 6));
      // In rank order, the same scores (ties aside, the same ranking).
      a.hits.forEach((h, i) => expect(h.score, q).toBeCloseTo(b.hits[i]!.score, 6));
    }
  });

  it('saves a generation that loads without a rebuild and answers the same', async () => {
    const again = await openIndex({ seeds: path.join(tmpRoot, 'seeds'), index: path.join(tmpRoot, 'index'), log: () => {} });
    expect(again.rebuilt).toBe(false);
    for (const q of MENTIONS) expect(again.engine.mentions({ q })).toEqual(incremental.mentions({ q }));
    for (const q of SEARCHES) expect(again.engine.search({ q, size: 50 })).toEqual(incremental.search({ q, size: 50 }));
  });
});

describe('adding a report while catalog.json changes too', () => {
  /** The catalog of the seeds, parsed. */
  const seedCatalog = (): Record<string, Record<string, unknown>> =>
    JSON.parse(fs.readFileSync(path.join(SEEDS, 'catalog.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  const writeCatalog = (seeds: string, catalog: unknown): void => fs.writeFileSync(path.join(seeds, 'catalog.json'), JSON.stringify(catalog, null, 2));
  const manifestOf = (index: string): Record<string, unknown> & { catalogEntries?: Record<string, string> } =>
    JSON.parse(fs.readFileSync(path.join(index, fs.readFileSync(path.join(index, 'CURRENT'), 'utf8').trim(), 'manifest.json'), 'utf8')) as
      Record<string, unknown> & { catalogEntries?: Record<string, string> };

  /**
   * The seeds without LATE (nor, unless `keepEntry`, its catalog line) indexed in a new folder named `name`; `change`
   * then edits the seeds' catalog (LATE's line is back unless it takes it out), LATE comes back, and the index is
   * opened again. Also gives a full build of the same seeds, to compare with.
   */
  async function addWithCatalog(
    name: string,
    change: (catalog: Record<string, Record<string, unknown>>) => void = () => {},
    beforeAdding: (index: string) => void = () => {},
  ): Promise<{ lines: string[]; r: Awaited<ReturnType<typeof openIndex>>; ref: Awaited<ReturnType<typeof buildIndex>>; index: string }> {
    const root = path.join(tmpRoot, name);
    const seeds = path.join(root, 'seeds');
    const index = path.join(root, 'index');
    fs.cpSync(SEEDS, seeds, { recursive: true });
    fs.rmSync(path.join(seeds, LATE));
    const catalog = seedCatalog();
    const { [LATE]: lateEntry, ...without } = catalog;
    writeCatalog(seeds, without);
    await openIndex({ seeds, index, log: () => {} });
    beforeAdding(index);
    const next = { ...without, [LATE]: lateEntry! };
    change(next);
    writeCatalog(seeds, next);
    fs.copyFileSync(path.join(SEEDS, LATE), path.join(seeds, LATE));
    const lines: string[] = [];
    const r = await openIndex({ seeds, index, log: (l) => void lines.push(l) });
    const ref = await buildIndex({ seeds, out: path.join(root, 'full'), log: () => {} });
    return { lines, r, ref, index };
  }

  /** The index opened holds and answers what a full build of the same seeds does, with the same warnings. */
  function expectSameAsFull(r: { engine: SearchEngine; warnings: unknown[] }, ref: { engine: SearchEngine; warnings: unknown[] }): void {
    expect(r.engine.stats()).toEqual(ref.engine.stats());
    expect(r.engine.docs().map((d) => d.id).sort()).toEqual(ref.engine.docs().map((d) => d.id).sort());
    for (const d of ref.engine.docs()) expect(r.engine.doc(d.id), d.id).toEqual(ref.engine.doc(d.id));
    const sorted = (ws: unknown[]): string[] => ws.map((w) => JSON.stringify(w)).sort();
    expect(sorted(r.warnings)).toEqual(sorted(ref.warnings));
    for (const q of MENTIONS) expect(r.engine.mentions({ q }), q).toEqual(ref.engine.mentions({ q }));
    for (const q of SEARCHES) {
      const a = r.engine.search({ q, size: 50 });
      const b = ref.engine.search({ q, size: 50 });
      expect(a.total, q).toBe(b.total);
      expect(a.facets, q).toEqual(b.facets);
      expect(byPlace(a).map((h) => `${h.docId}#${h.n}`), q).toEqual(byPlace(b).map((h) => `${h.docId}#${h.n}`));
    }
  }

  it('keeps the catalog entry each indexed report was built with in the manifest', async () => {
    const index = path.join(tmpRoot, 'index');
    const entries = manifestOf(index).catalogEntries!;
    const catalog = seedCatalog();
    expect(Object.keys(entries).sort()).toEqual(Object.keys(catalog).sort());
    expect(JSON.parse(entries[LATE]!)).toEqual(catalog[LATE]);
  });

  it('with the new report\'s line added: ingests only the new report, stays incremental, answers as a full build', async () => {
    const { lines, r, ref, index } = await addWithCatalog('catalog-line');
    expect(r.reason).toBe(`stale: seed added: ${LATE}; seed changed: catalog.json`);
    expect(lines.some((l) => /^index: incremental: 1 new report\(s\), .* 1 segmented, 0 old report\(s\) ingested again/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('rebuilding'))).toBe(false);
    expectSameAsFull(r, ref);
    expect(manifestOf(index).catalogEntries).toEqual(manifestOf(path.join(tmpRoot, 'catalog-line', 'full')).catalogEntries);
  }, 60_000);

  it('with an entry for a report that is not there: nothing old is ingested again', async () => {
    const { lines, r, ref } = await addWithCatalog('catalog-other', (c) => void (c['999_not_here.txt'] = { city: '包头', year: 2024 }));
    expect(lines.some((l) => /^index: incremental: 1 new report\(s\), .* 0 old report\(s\) ingested again/.test(l))).toBe(true);
    expectSameAsFull(r, ref);
  }, 60_000);

  it('with an old report\'s entry changed but not its metadata: ingests that one again, stays incremental, its warnings fresh', async () => {
    const old = '004_5b71bd7820752359.txt';
    // Without its district the report's is detected: none, a city's report. Its own warning (paragraphs repeating
    // earlier text dropped) comes from ingesting it again, once.
    const { lines, r, ref } = await addWithCatalog('catalog-same-meta', (c) => void delete c[old]!.district);
    expect(lines.some((l) => /^index: incremental: 1 new report\(s\), .* 1 old report\(s\) ingested again/.test(l))).toBe(true);
    expect(r.warnings.filter((w) => w.file === old).map((w) => w.reason)).toEqual([`${old}: 3 paragraphs repeating earlier text of the file dropped (1 repeated stretch)`]);
    expectSameAsFull(r, ref);
  }, 60_000);

  it('with an old report\'s metadata changed: rebuilds, as before, and answers as a full build', async () => {
    const old = '001_34002d5d74df0e84.txt';
    const { lines, r, ref } = await addWithCatalog('catalog-meta', (c) => void (c[old]!.title = '呼和浩特市政府工作报告（2024）'));
    expect(lines).toContain(`index: not incremental (the metadata of ${old} changed)`);
    expect(lines.some((l) => l.startsWith('index: rebuilding'))).toBe(true);
    expect(r.engine.doc('001_34002d5d74df0e84')!.doc.title).toBe('呼和浩特市政府工作报告（2024）');
    expectSameAsFull(r, ref);
  }, 60_000);

  it('on an index made before the entries were kept: ingests every report again, stays incremental, and keeps them from then on', async () => {
    const { lines, r, ref, index } = await addWithCatalog('catalog-older', undefined, (ix) => {
      const gen = fs.readFileSync(path.join(ix, 'CURRENT'), 'utf8').trim();
      const file = path.join(ix, gen, 'manifest.json');
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      expect(manifest.catalogEntries).toBeDefined();
      delete manifest.catalogEntries;
      fs.writeFileSync(file, JSON.stringify(manifest, null, 1));
    });
    expect(lines.some((l) => /^index: incremental: 1 new report\(s\), .* 4 old report\(s\) ingested again/.test(l))).toBe(true);
    expectSameAsFull(r, ref);
    expect(manifestOf(index).catalogEntries).toEqual(manifestOf(path.join(tmpRoot, 'catalog-older', 'full')).catalogEntries);
  }, 60_000);
});
