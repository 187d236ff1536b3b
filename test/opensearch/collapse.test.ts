/**
 * Ranked search on OpenSearch collapses as the in-process engine does (README, "OpenSearch backend"): identical
 * texts are one hit with the others counted in `also`, `group=doc` is one hit per report with `more`, `sort` orders
 * by year; and the district and chapter-type facets and filters count as the engine counts them. Exact phrases are
 * asked, so both backends match the same paragraphs and only what the collapse makes of them is compared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hit, IngestedDoc, SearchResult } from '../../src/core/types.js';
import type { OpenSearchBackend } from '../../src/opensearch/backend.js';
import { createEngine, type SearchEngine } from '../../src/search/engine.js';
import { norm } from '../../src/text/normalize.js';
import { loadSeedDocs } from '../helpers/seed-docs.js';
import { dropIndex, loadBackend, repeated } from './cluster.js';

const NAME = 'ps-test-collapse';
const PHRASES = ['"建设"', '"呼和浩特"', '"引黄入呼"', '"高质量发展"', '"一、"', '"新质生产力"'];

/** What a page says once the order is set aside: each hit's text (as copies share it) with its `also` or `more`. */
function units(r: SearchResult, text: (h: Hit) => string): string[] {
  return r.hits.map((h) => `${text(h)} also=${h.also ?? 0} more=${h.more ?? '-'}`).sort();
}

describe('OpenSearch ranked search: copies, groups, orders, district and chapter-type facets', () => {
  let docs: IngestedDoc[];
  let backend: OpenSearchBackend;
  let engine: SearchEngine;
  let textOf: Map<string, string>;
  const compared: string[] = [];

  beforeAll(async () => {
    // Three copies of the seeds (every paragraph's text three times), a district on the second copy.
    docs = repeated(await loadSeedDocs(), 3).map((d) =>
      (d.meta.id.endsWith('_k1') ? { ...d, meta: { ...d.meta, district: '新城区' } } : d));
    engine = createEngine(docs);
    backend = await loadBackend(NAME, docs);
    textOf = new Map(docs.flatMap((d) => d.paragraphs.map((p) => [`${d.meta.id}#${p.n}`, norm(p.text).replace(/[^\p{L}\p{N}]/gu, '')])));
  });
  afterAll(async () => {
    if (backend) {
      await dropIndex(backend.client, NAME);
      await backend.close();
    }
  });

  it.each(PHRASES)('collapses the copies of each text %s matches into one hit, counting the others as the engine does', async (q) => {
    const e = engine.search({ q, size: 100 });
    const o = await backend.search({ q, size: 100 });
    expect(o.total).toBe(e.total);
    expect(o.paragraphs).toBe(e.paragraphs);
    const text = (h: Hit): string => textOf.get(`${h.docId}#${h.n}`)!;
    // No two hits of a page share a text; the page shows what the engine's shows (in its own order when scores tie).
    expect(new Set(o.hits.map(text)).size).toBe(o.hits.length);
    if (e.total <= 100) {
      expect(units(o, text)).toEqual(units(e, text));
      compared.push(q);
    }
    if (e.total > 0) expect(o.hits.some((h) => (h.also ?? 0) > 0)).toBe(true);
  });

  it.each(PHRASES)('groups %s by report: one hit per report, its other paragraphs counted as the engine does', async (q) => {
    const e = engine.search({ q, size: 100, group: 'doc' });
    const o = await backend.search({ q, size: 100, group: 'doc' });
    expect(o.total).toBe(e.total);
    expect(new Set(o.hits.map((h) => h.docId)).size).toBe(o.hits.length);
    const more = (r: SearchResult): Record<string, number | undefined> => Object.fromEntries(r.hits.map((h) => [h.docId, h.more]));
    if (e.total <= 100) {
      expect(more(o)).toEqual(more(e));
      compared.push(`${q} by report`);
    }
    for (const h of o.hits) expect(h.others!.length).toBe(Math.min(h.more!, 5));
  });

  it('compared whole pages for most of the phrases', () => {
    expect(compared.length).toBeGreaterThanOrEqual(6);
  });

  it.each(['newest', 'oldest'] as const)('orders by year, %s first, with the same hits as the engine', async (sort) => {
    const o = await backend.search({ q: '"建设"', size: 100, sort });
    const e = engine.search({ q: '"建设"', size: 100, sort });
    expect(o.total).toBe(e.total);
    const years = o.hits.map((h) => h.year ?? (sort === 'newest' ? -Infinity : Infinity));
    expect(years).toEqual([...years].sort((a, b) => (sort === 'newest' ? b - a : a - b)));
    expect(o.hits.map((h) => h.year)).toEqual(e.hits.map((h) => h.year));
  });

  it('counts and filters by district and chapter type as the engine does', async () => {
    const types = (engine.search({ q: '"发展"' }).facets.chapterType ?? []).map((f) => f.value);
    expect(types.length).toBeGreaterThan(1);
    for (const f of [{}, { districts: ['新城区'] }, { chapterTypes: [types[0]!] }, { chapterTypes: types.slice(0, 2), districts: ['新城区'] }, { city: '呼和浩特', chapterTypes: [types[1]!] }]) {
      const e = engine.search({ q: '"发展"', ...f });
      const o = await backend.search({ q: '"发展"', ...f });
      expect({ f, total: o.total, facets: o.facets }).toEqual({ f, total: e.total, facets: e.facets });
    }
  });
});
