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
  it('ingests every report again, stays incremental when the old ones come out the same, and answers as a full build', async () => {
    const root = path.join(tmpRoot, 'catalog');
    const seeds = path.join(root, 'seeds');
    const index = path.join(root, 'index');
    fs.cpSync(SEEDS, seeds, { recursive: true });
    fs.rmSync(path.join(seeds, LATE));
    await openIndex({ seeds, index, log: () => {} });
    fs.copyFileSync(path.join(SEEDS, LATE), path.join(seeds, LATE));
    // An entry for a report that is not there: the catalog's bytes change, no old report's metadata does.
    const catalog = JSON.parse(fs.readFileSync(path.join(seeds, 'catalog.json'), 'utf8')) as Record<string, unknown>;
    catalog['999_not_here.txt'] = { city: '包头', year: 2024 };
    fs.writeFileSync(path.join(seeds, 'catalog.json'), JSON.stringify(catalog));
    const lines: string[] = [];
    const r = await openIndex({ seeds, index, log: (l) => void lines.push(l) });
    expect(lines.some((l) => l.startsWith('index: incremental: 1 new report(s)'))).toBe(true);
    expect(r.engine.stats()).toEqual(full.stats());
    for (const q of MENTIONS) expect(r.engine.mentions({ q }), q).toEqual(full.mentions({ q }));
    for (const q of SEARCHES) expect(r.engine.search({ q, size: 50 }).total, q).toBe(full.search({ q, size: 50 }).total);
  }, 60_000);
});
