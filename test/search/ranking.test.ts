/**
 * The rules of ranked search (README, "Ranking"): every word first and partial matches after, verbatim as a boost,
 * a quoted phrase never loosened, one hit per text, grouping by document, sorting by year, and one score that is
 * the order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type SearchEngine } from '../../src/search/engine.js';
import { nearFactor, smallestGap } from '../../src/search/ranking.js';
import { norm } from '../../src/text/normalize.js';
import type { IngestedDoc, SearchResult } from '../../src/core/types.js';
import { makeDoc } from '../fixtures/engine/docs.js';
import { loadSeedDocs } from '../helpers/seed-docs.js';

const scoresDescend = (r: SearchResult): boolean => r.hits.every((h, i) => i === 0 || r.hits[i - 1]!.score >= h.score);

describe('matching: every word first, then most of the words', () => {
  // Two paragraphs hold both words, four only one of them.
  const engine = createEngine([
    makeDoc({ id: 'x', year: 2024 }, [
      '数据中心建设加快，算力规模扩大。',
      '算力调度平台和数据中心集群投入使用。',
      '新建两个数据中心。',
      '数据中心能耗下降。',
      '算力服务走向市场。',
      '绿色数据中心示范。',
    ]),
  ]);

  it('lists the paragraphs holding every word first, then those holding some, saying where they start', () => {
    const r = engine.search({ q: '数据中心 算力' });
    expect(r.total).toBe(6);
    expect(r.allWords).toBe(2);
    expect(r.hits.slice(0, 2).map((h) => h.n).sort()).toEqual([1, 2]);
    expect(r.hits.slice(0, 2).every((h) => h.missing === undefined)).toBe(true);
    expect(r.hits.slice(2).every((h) => h.missing !== undefined && h.missing.length === 1)).toBe(true);
    expect(r.notice).toBeUndefined();
    expect(scoresDescend(r)).toBe(true);
  });

  it('stops at the paragraphs holding every word when they fill a page', () => {
    const r = engine.search({ q: '数据中心 算力', size: 2 });
    expect(r.total).toBe(2);
    expect(r.allWords).toBeUndefined();
  });

  it('looks for pieces of a word only when no paragraph holds the word', () => {
    const r = engine.search({ q: '数据中心集装' });
    // No paragraph holds 数据中心集装; 数据中心集 is the longest piece one does.
    expect(r.hits.map((h) => h.n)).toEqual([2]);
    expect(r.notice).toMatch(/部分字词/);
    expect(engine.search({ q: '数据中心' }).notice).toBeUndefined();
  });
});

describe('ranking: one score', () => {
  // The same characters, so the same tokens and the same BM25; only the first holds 国有企业改革 verbatim.
  const engine = createEngine([
    makeDoc({ id: 'a' }, ['改革国有企业，提高效益。']),
    makeDoc({ id: 'b' }, ['国有企业改革，提高效益。']),
  ]);

  it('puts a verbatim hit above the same tokens scattered, at equal BM25', () => {
    const { index } = engine;
    const tokens = ['国有企业', '改革'];
    const bm25 = index.rank.search(tokens, 'AND');
    expect(bm25.pids.length).toBe(2);
    expect(bm25.scores[0]).toBeCloseTo(bm25.scores[1]!, 9);
    const r = engine.search({ q: '国有企业改革' });
    expect(r.hits.map((h) => h.docId)).toEqual(['b', 'a']);
    expect(r.hits[0]!.score).toBeGreaterThan(r.hits[1]!.score);
  });

  it('raises words standing close together above the same words far apart', () => {
    const near = createEngine([
      makeDoc({ id: 'far' }, ['机场扩建完成。另外，全市新开通多条公交线路，方便市民出行和旅游观光，航线']),
      makeDoc({ id: 'near' }, ['机场航线扩建完成。另外，全市新开通多条公交线路，方便市民出行和旅游观光，']),
    ]);
    const r = near.search({ q: '机场 航线' });
    expect(r.hits[0]!.docId).toBe('near');
  });

  it('measures how close words stand', () => {
    expect(smallestGap([[0, 20], [8]], [2, 2])).toBe(6);
    expect(smallestGap([[0], [2]], [2, 2])).toBe(0);
    expect(smallestGap([[0], []], [2, 2])).toBe(Infinity);
    expect(nearFactor('盛乐国际机场', [{ nq: '盛乐机场', tokens: ['盛乐', '机场'] }], [1])).toBeGreaterThan(1);
    expect(nearFactor('盛乐的工作与今年新建成投入使用的机场无关', [{ nq: '盛乐机场', tokens: ['盛乐', '机场'] }], [1])).toBe(1);
  });
});

describe('primary sources first', () => {
  // The shorter paragraph wins on BM25 alone; told by a news report, it comes after the report's own paragraph.
  const texts = ['推动实施西热东输、引黄入呼三期等管网工程。', '事关首府未来发展的引黄入呼三期工程开工建设，年内完成主体工程。'];
  const order = (shortKind: '政府工作报告' | '新闻报道'): string[] =>
    createEngine([makeDoc({ id: 'short', kind: shortKind }, [texts[0]!]), makeDoc({ id: 'long', kind: '政府工作报告' }, [texts[1]!])])
      .search({ q: '引黄入呼三期' })
      .hits.map((h) => h.docId);

  it('ranks a news paragraph below a report paragraph it would otherwise outscore', () => {
    expect(order('政府工作报告')).toEqual(['short', 'long']);
    expect(order('新闻报道')).toEqual(['long', 'short']);
  });
});

describe('a quoted phrase', () => {
  const engine = createEngine([makeDoc({ id: 'a' }, ['盛乐国际机场开通航线。', '新开通航线十条。'])]);

  it('is never loosened: no pieces, no other words in its place', () => {
    expect(engine.search({ q: '"盛乐机场"' }).total).toBe(0);
    // The phrase stays required when the other words are matched in part.
    expect(engine.search({ q: '"盛乐机场" 航线' }).total).toBe(0);
    expect(engine.search({ q: '"盛乐国际机场" 航线' }).hits.map((h) => h.n)).toEqual([1]);
  });
});

describe('one hit per text, and grouping by document', () => {
  const docs: IngestedDoc[] = [
    makeDoc({ id: 'a', year: 2023 }, ['推进黄河流域生态保护。', '黄河岸线治理。', '其他工作。']),
    makeDoc({ id: 'b', year: 2025 }, ['推进黄河流域生态保护。', '黄河滩区整治。']),
    makeDoc({ id: 'c', year: null }, ['黄河文化旅游。']),
  ];
  const engine = createEngine(docs);

  it('collapses identical paragraph texts into one hit saying how many more there are', () => {
    const r = engine.search({ q: '黄河' });
    expect(r.paragraphs).toBe(5);
    expect(r.total).toBe(4);
    const copy = r.hits.find((h) => h.snippet.includes('流域'))!;
    expect(copy.also).toBe(1);
    expect(r.hits.filter((h) => h.snippet.includes('流域'))).toHaveLength(1);
  });

  it('groups by document: one hit per document, its best paragraph, the others counted and listed', () => {
    const r = engine.search({ q: '黄河', group: 'doc' });
    expect(r.group).toBe('doc');
    expect(r.total).toBe(3);
    expect(r.hits.map((h) => h.docId).sort()).toEqual(['a', 'b', 'c']);
    const a = r.hits.find((h) => h.docId === 'a')!;
    expect(a.more).toBe(1);
    expect(a.others!.map((o) => o.n)).toHaveLength(1);
    expect(a.others![0]!.url).toMatch(/^\/docs\/a#p-[12]$/);
    expect(r.hits.find((h) => h.docId === 'c')!.more).toBe(0);
  });

  it('sorts by year, newest or oldest first, documents without a year last', () => {
    const newest = engine.search({ q: '黄河', sort: 'newest', group: 'doc' });
    expect(newest.hits.map((h) => h.year)).toEqual([2025, 2023, null]);
    const oldest = engine.search({ q: '黄河', sort: 'oldest', group: 'doc' });
    expect(oldest.hits.map((h) => h.year)).toEqual([2023, 2025, null]);
    const paragraphs = engine.search({ q: '黄河', sort: 'newest' });
    const years = paragraphs.hits.map((h) => h.year ?? 0);
    expect(years).toEqual([...years].sort((x, y) => y - x));
  });
});

describe('on the seed reports', () => {
  let docs: IngestedDoc[];
  let engine: SearchEngine;
  beforeAll(async () => {
    docs = await loadSeedDocs();
    engine = createEngine(docs);
  });

  it('returns scores in the order of the hits', () => {
    for (const q of ['数据中心 算力', '盛乐机场 航线', '新能源 装机', '国有企业改革', '新质生产力', '黄河 生态', '马铃薯 OR 燕麦', '发展']) {
      const r = engine.search({ q, size: 50 });
      expect(scoresDescend(r), q).toBe(true);
    }
  });

  it('ranks the paragraph about 盛乐国际机场 first for 盛乐机场 航线, though none holds both words', () => {
    const r = engine.search({ q: '盛乐机场 航线' });
    expect(r.allWords).toBe(0);
    const text = (h: { docId: string; n: number }): string => docs.find((d) => d.meta.id === h.docId)!.paragraphs[h.n - 1]!.text;
    expect(norm(text(r.hits[0]!))).toContain('盛乐国际机场');
  });

  it('suggests the word the reports write for a typo', () => {
    const r = engine.search({ q: '新质生产立' });
    expect(r.suggestion?.q).toBe('新质生产力');
    expect(r.suggestion!.total).toBe(engine.search({ q: '新质生产力' }).total);
    expect(engine.search({ q: '新质生产力' }).suggestion).toBeUndefined();
    expect(engine.search({ q: '新质生产立 黄河' }).suggestion?.q).toBe('新质生产力 黄河');
  });

  it('offers the longer names the reports write a name in, counted as mentions count them', () => {
    const names = engine.longerNames('盛乐机场', {});
    expect(names[0]!.name).toBe('盛乐国际机场');
    expect(names[0]!.count).toBe(engine.mentions({ q: '盛乐国际机场' }).totalOccurrences);
    expect(engine.longerNames('黄河', {})).toEqual([]);
  });
});
