/**
 * The OpenSearch backend held to brute force (README, "OpenSearch backend"): exact mentions — every paragraph and
 * every count — and the facets of exact phrases, on the seeds with a report of traps, and on 100× the seeds.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAPTER_TYPES, type DocMeta, type Facets, type Filters, type IngestedDoc, type Paragraph } from '../../src/core/types.js';
import { chapterType } from '../../src/text/chapter-type.js';
import type { OpenSearchBackend } from '../../src/opensearch/backend.js';
import { createEngine, type SearchEngine } from '../../src/search/engine.js';
import { norm } from '../../src/text/normalize.js';
import { loadSeedDocs } from '../helpers/seed-docs.js';
import { dropIndex, loadBackend, repeated } from './cluster.js';

/** `norm(text)` per paragraph object: the copies of 100× the seeds share their paragraphs, so a scan is cheap. */
const norms = new WeakMap<Paragraph, string>();
function normOf(p: Paragraph): string {
  let n = norms.get(p);
  if (n === undefined) norms.set(p, (n = norm(p.text)));
  return n;
}

/** The reference: every paragraph's normalised text scanned, occurrences counted left to right without overlap. */
function bruteForceMentions(docs: readonly IngestedDoc[], q: string): Map<string, number> {
  const nq = norm(q);
  const out = new Map<string, number>();
  for (const d of docs) {
    for (const p of d.paragraphs) {
      const t = normOf(p);
      let c = 0;
      for (let i = t.indexOf(nq); i >= 0; i = t.indexOf(nq, i + nq.length)) c++;
      if (c > 0) out.set(`${d.meta.id}#${p.n}`, c);
    }
  }
  return out;
}

const para = (n: number, text: string, chapter = '', section = ''): Paragraph => ({ n, text, level: 0, chapter, section });

/** A report of the traps of exact matching: Latin with digits and Han, traditional and full-width forms, punctuation. */
const TRAPS: IngestedDoc = {
  meta: { id: 'traps', title: '陷阱', city: '北京', district: null, year: 2020, kind: '其他', file: 'traps.txt', paragraphs: 7, guessed: [], duplicateOf: null },
  paragraphs: [
    para(1, 'G6京藏高速全线贯通，G7京新高速正在建设；g6京藏高速再提速。', '一、交通', '（一）高速'),
    para(2, '跨境電商綜合試驗區建設取得新進展，跨境电商交易额增长。', '一、交通'),
    para(3, '全年增长１２．５％，完成投资２０２５亿元，ＡＢＣ和abc与Ａｂｃ。'),
    para(4, '引黄入呼 三期工程开工，引黄入\n呼三期年内通水。', '二、水利'),
    para(5, '“十五五”规划……，。；建设！？建设'),
    para(6, '𠀀𠀁生僻字与 emoji 😀 之间。'),
    para(7, '呼呼呼呼呼'),
  ],
};

const TRAP_QUERIES = [
  'G6京藏高速', 'g6京藏', '6京', '京藏高速', 'G6', '跨境电商', '跨境電商', '跨境 电商', '１２．５', '12.5', '2025', 'abc', 'ＡＢＣ',
  '，。', '”规划', '。；建', '引黄入呼三期', '引黄入呼', '呼和浩特', '建设', '呼', '呼呼', '𠀀', '😀', '的', '。',
];

/** Mentions compared paragraph by paragraph with a scan, and whole with the in-process engine's answer. */
async function expectMentionParity(backend: OpenSearchBackend, docs: readonly IngestedDoc[], q: string, engine?: SearchEngine, filters: Filters = {}): Promise<void> {
  const got = await backend.mentions({ q, ...filters });
  if (engine) expect(got).toEqual(engine.mentions({ q, ...filters }));
  if (Object.keys(filters).length > 0) return;
  const want = bruteForceMentions(docs, q);
  const counts = new Map<string, number>();
  for (const d of got.docs) for (const p of d.paragraphs) counts.set(`${d.docId}#${p.n}`, p.count);
  expect(got.totalParagraphs).toBe(want.size);
  expect(got.totalOccurrences).toBe([...want.values()].reduce((a, b) => a + b, 0));
  // All paragraphs are listed up to the answer's bound (1,000); those listed carry the scan's counts.
  for (const [key, c] of counts) expect(c).toBe(want.get(key));
  expect(counts.size).toBe(Math.min(want.size, 1000));
}

/** The facets of the paragraphs mentioning `q`, each dimension counted with the other filters applied: by scan. */
function bruteFacets(docs: readonly IngestedDoc[], q: string, f: Filters): Facets {
  const nq = norm(q);
  const ch = f.chapter === undefined ? '' : norm(f.chapter);
  const fails = (d: DocMeta, p: Paragraph): Record<string, boolean> => ({
    city: f.city !== undefined && d.city !== f.city && d.district !== f.city,
    year: f.year !== undefined && d.year !== f.year,
    kind: f.kind !== undefined && d.kind !== f.kind,
    chapter: ch !== '' && !((p.chapter !== '' && norm(p.chapter).includes(ch)) || (p.section !== '' && norm(p.section).includes(ch))),
  });
  const DIMS = ['city', 'year', 'kind', 'chapter', 'district', 'chapterType'] as const;
  const tallies = Object.fromEntries(DIMS.map((d) => [d, new Map<string | number, number>()])) as Record<(typeof DIMS)[number], Map<string | number, number>>;
  for (const d of docs) {
    for (const p of d.paragraphs) {
      if (!normOf(p).includes(nq)) continue;
      const fl = fails(d.meta, p);
      const value = { city: d.meta.city, year: d.meta.year, kind: d.meta.kind, chapter: p.chapter, district: d.meta.district, chapterType: chapterType(p.chapter) };
      for (const dim of DIMS) {
        if (Object.entries(fl).some(([k, v]) => v && k !== dim)) continue;
        const v = value[dim];
        if (v === null || v === '') continue;
        tallies[dim].set(v, (tallies[dim].get(v) ?? 0) + 1);
      }
    }
  }
  const sorted = (m: Map<string | number, number>, order?: (a: string | number, b: string | number) => number): { value: string | number; count: number }[] =>
    [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).sort((a, b) => (order ? order(a[0], b[0]) : 0)).slice(0, 100).map(([value, count]) => ({ value, count }));
  // As the in-process engine orders them: years newest first, chapter types in a report's order.
  return {
    city: sorted(tallies.city), year: sorted(tallies.year, (a, b) => (b as number) - (a as number)), kind: sorted(tallies.kind), chapter: sorted(tallies.chapter),
    district: sorted(tallies.district), chapterType: sorted(tallies.chapterType, (a, b) => CHAPTER_TYPES.indexOf(a as never) - CHAPTER_TYPES.indexOf(b as never)),
  } as Facets;
}

/** A query: a stretch of some paragraph as written (traditional, full-width, across punctuation and wraps), or a trap. */
function queries(docs: readonly IngestedDoc[]): fc.Arbitrary<string> {
  const texts = docs.flatMap((d) => d.paragraphs.map((p) => p.text));
  const stretch = fc.tuple(fc.nat({ max: texts.length - 1 }), fc.nat(), fc.integer({ min: 1, max: 10 })).map(([i, at, len]) => {
    const t = [...texts[i]!];
    const from = at % t.length;
    return t.slice(from, from + len).join('');
  });
  return fc.oneof(stretch, fc.constantFrom(...TRAP_QUERIES)).filter((q) => norm(q) !== '');
}

function filtersOf(docs: readonly IngestedDoc[]): fc.Arbitrary<Filters> {
  const cities = [...new Set(docs.flatMap((d) => [d.meta.city, d.meta.district]).filter((c): c is string => c !== null))];
  const years = [...new Set(docs.map((d) => d.meta.year).filter((y): y is number => y !== null))];
  const kinds = [...new Set(docs.map((d) => d.meta.kind).filter((k): k is NonNullable<typeof k> => k !== null))];
  const chapters = ['工作', '一、', '（一）', '发展', '不存在的章节'];
  return fc.record({
    city: fc.option(fc.constantFrom(...cities), { nil: undefined }),
    year: fc.option(fc.constantFrom(...years), { nil: undefined }),
    kind: fc.option(fc.constantFrom(...kinds), { nil: undefined }),
    chapter: fc.option(fc.constantFrom(...chapters), { nil: undefined }),
  }, { requiredKeys: [] }).map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as Filters);
}

describe('OpenSearch backend on the seeds and a report of traps', () => {
  let docs: IngestedDoc[];
  let backend: OpenSearchBackend;
  let engine: SearchEngine;

  beforeAll(async () => {
    docs = [...(await loadSeedDocs()), TRAPS];
    engine = createEngine(docs);
    backend = await loadBackend('ps-test-seeds', docs);
  });
  afterAll(async () => {
    if (backend) {
      await dropIndex(backend.client, 'ps-test-seeds');
      await backend.close();
    }
  });

  it('holds every report and paragraph', async () => {
    expect(backend.stats()).toEqual(engine.stats());
    expect(backend.docs()).toEqual(engine.docs());
    expect(await backend.doc('traps')).toEqual(engine.doc('traps'));
    expect(await backend.doc('004_5b71bd7820752359')).toEqual(engine.doc('004_5b71bd7820752359'));
    expect(await backend.doc('nope')).toBeUndefined();
  });

  it.each(TRAP_QUERIES)('finds every mention of %s, as a scan does', async (q) => {
    await expectMentionParity(backend, docs, q, engine);
  });

  it('finds every mention of any stretch of any paragraph, as a scan and the in-process engine do', async () => {
    await fc.assert(fc.asyncProperty(queries(docs), async (q) => expectMentionParity(backend, docs, q, engine)), { numRuns: 150 });
  });

  it('filters mentions as the in-process engine does', async () => {
    await fc.assert(fc.asyncProperty(queries(docs), filtersOf(docs), async (q, f) => expectMentionParity(backend, docs, q, engine, f)), { numRuns: 60 });
  });

  it('counts the facets of an exact phrase as a scan does, each with the other filters applied', async () => {
    await fc.assert(fc.asyncProperty(queries(docs), filtersOf(docs), async (q, f) => {
      const r = await backend.search({ q: `"${q.replace(/["“”＂「」]/g, '')}"`, ...f });
      const clean = q.replace(/["“”＂「」]/g, '');
      if (norm(clean) === '') return;
      expect(r.facets).toEqual(bruteFacets(docs, clean, f));
    }), { numRuns: 60 });
  });

  it('ranks paragraphs holding a word verbatim first and marks it in the snippet', async () => {
    const r = await backend.search({ q: '京藏高速' });
    expect(r.total).toBeGreaterThan(0);
    expect(r.hits[0]!.docId).toBe('traps');
    expect(r.hits[0]!.snippet).toContain('<mark>京藏高速</mark>');
    const e = engine.search({ q: '京藏高速' });
    expect(r.total).toBe(e.total);
  });

  it('leaves out exclusions and takes either side of OR', async () => {
    const r = await backend.search({ q: '建设 -"京藏高速"', size: 100 });
    for (const h of r.hits) expect(h.docId === 'traps' && h.n === 1).toBe(false);
    const either = await backend.search({ q: '跨境电商 OR 京藏高速', size: 100 });
    const keys = either.hits.map((h) => `${h.docId}#${h.n}`);
    expect(keys).toEqual(expect.arrayContaining(['traps#1', 'traps#2']));
  });
});

describe('OpenSearch backend on 100× the seeds', () => {
  let docs: IngestedDoc[];
  let backend: OpenSearchBackend;

  beforeAll(async () => {
    docs = repeated([...(await loadSeedDocs()), TRAPS], 100);
    backend = await loadBackend('ps-test-k100', docs);
  });
  afterAll(async () => {
    if (backend) {
      await dropIndex(backend.client, 'ps-test-k100');
      await backend.close();
    }
  });

  it('finds every mention of any stretch of any paragraph, as a scan does', async () => {
    expect(backend.stats().paragraphs).toBe(docs.reduce((n, d) => n + d.paragraphs.length, 0));
    await fc.assert(fc.asyncProperty(queries(docs), async (q) => expectMentionParity(backend, docs, q)), { numRuns: 100 });
  });

  it('counts the facets of an exact phrase as a scan does', async () => {
    await fc.assert(fc.asyncProperty(queries(docs), filtersOf(docs), async (q, f) => {
      const clean = q.replace(/["“”＂「」]/g, '');
      if (norm(clean) === '') return;
      const r = await backend.search({ q: `"${clean}"`, ...f });
      expect(r.facets).toEqual(bruteFacets(docs, clean, f));
    }), { numRuns: 50 });
  });
});
