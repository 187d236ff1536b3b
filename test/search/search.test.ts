import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine, type SearchEngine } from '../../src/search/engine.js';
import { intersectPids } from '../../src/index/pids.js';
import { norm } from '../../src/text/normalize.js';
import { NOTICE_ANY_WORD } from '../../src/search/search.js';
import { segment } from '../../src/text/segment.js';
import type { IngestedDoc, SearchResult } from '../../src/core/types.js';
import { smallCorpus } from '../fixtures/engine/docs.js';
import { bruteForceMentions, loadSeedDocs } from '../helpers/seed-docs.js';

let docs: IngestedDoc[];
let engine: SearchEngine;
const textOf = (docId: string, n: number): string => docs.find((d) => d.meta.id === docId)!.paragraphs[n - 1]!.text;
const keys = (r: SearchResult): string[] => r.hits.map((h) => `${h.docId}#${h.n}`);

beforeAll(async () => {
  docs = await loadSeedDocs();
  engine = createEngine(docs);
});

describe('search ranking on the seed reports', () => {
  it('puts paragraphs holding a word verbatim first when ten or more do', () => {
    let checked = 0;
    for (const q of ['新质生产力', '高质量发展', '呼包鄂乌', '黄河', '数字经济', '营商环境', '乡村振兴', '人工智能']) {
      const verbatim = bruteForceMentions(docs, q).size;
      if (verbatim < 10) continue;
      checked++;
      const r = engine.search({ q, size: 10 });
      expect(r.hits).toHaveLength(10);
      for (const h of r.hits) expect(norm(textOf(h.docId, h.n))).toContain(norm(q));
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });

  it('ranks a paragraph holding the whole query above one with its words scattered', () => {
    const r = engine.search({ q: '盛乐 国际机场', size: 100 });
    const firstScattered = r.hits.findIndex((h) => !norm(textOf(h.docId, h.n)).includes('盛乐国际机场'));
    const lastWhole = r.hits.map((h) => norm(textOf(h.docId, h.n)).includes('盛乐国际机场')).lastIndexOf(true);
    expect(lastWhole).toBeGreaterThanOrEqual(0);
    if (firstScattered >= 0) expect(lastWhole).toBeLessThan(firstScattered);
  });

  it('finds the long name from its pieces: 盛乐机场 finds 盛乐国际机场', () => {
    const r = engine.search({ q: '盛乐机场' });
    expect(r.hits.some((h) => textOf(h.docId, h.n).includes('盛乐国际机场'))).toBe(true);
    // Not verbatim: the longest pieces of the word the paragraph holds are marked.
    expect(r.hits[0]!.snippet).toContain('<mark>盛乐</mark>国际<mark>机场</mark>');
  });

  it('treats "phrase" -word as paragraphs with the one and without the other', () => {
    const r = engine.search({ q: '"盛乐国际机场" -通航', size: 100 });
    expect(r.total).toBeGreaterThan(0);
    for (const h of r.hits) {
      const t = norm(textOf(h.docId, h.n));
      expect(t).toContain('盛乐国际机场');
      expect(t).not.toContain('通航');
    }
    const withPhrase = bruteForceMentions(docs, '盛乐国际机场');
    const withWord = bruteForceMentions(docs, '通航');
    expect(r.total).toBe([...withPhrase.keys()].filter((k) => !withWord.has(k)).length);
  });

  it('answers 马铃薯 OR 燕麦 (and |) with the union', () => {
    const union = (q: string): Set<string> => new Set(keys(engine.search({ q, size: 100 })));
    const a = union('马铃薯');
    const b = union('燕麦');
    const both = union('马铃薯 OR 燕麦');
    expect(both).toEqual(new Set([...a, ...b]));
    expect(union('马铃薯 | 燕麦')).toEqual(both);
    expect(b.size).toBeGreaterThan(0);
  });

  it('falls back to any word with a notice when no paragraph holds all', () => {
    const r = engine.search({ q: '马铃薯 中欧班列' });
    expect(r.notice).toBe(NOTICE_ANY_WORD);
    expect(r.total).toBeGreaterThan(0);
    expect(engine.search({ q: '马铃薯' }).notice).toBeUndefined();
  });

  it('counts facets that sum to the paragraphs matched, each with the other filters applied', () => {
    // Facets count paragraphs; `total` counts hits, identical texts collapsed into one.
    const r = engine.search({ q: '发展' });
    for (const f of [r.facets.city, r.facets.year, r.facets.kind]) expect(f.reduce((s, x) => s + x.count, 0)).toBe(r.paragraphs);
    const filtered = engine.search({ q: '发展', year: 2025 });
    // The year facet ignores the year filter; the others apply it.
    expect(filtered.facets.year).toEqual(r.facets.year);
    expect(filtered.facets.city.reduce((s, x) => s + x.count, 0)).toBe(filtered.paragraphs);
    expect(filtered.paragraphs).toBe(r.facets.year.find((y) => y.value === 2025)!.count);
  });

  it('pages without overlap', () => {
    const p1 = engine.search({ q: '发展', page: 1, size: 10 });
    const p2 = engine.search({ q: '发展', page: 2, size: 10 });
    expect(p2.hits).toHaveLength(10);
    expect(keys(p1).filter((k) => keys(p2).includes(k))).toEqual([]);
    expect(keys(engine.search({ q: '发展', size: 20 }))).toEqual([...keys(p1), ...keys(p2)]);
  });

  it('answers any string quickly, without an error', () => {
    const unit = fc.oneof(
      fc.constantFrom(...'"“”-|OR 马铃薯发展的，。\t\u3000\u0000\u200b-%.5Gg電①'),
      fc.string({ unit: 'grapheme', maxLength: 1 }),
      fc.string({ unit: 'binary', maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }).map((a) => a.join('')), (q) => {
        for (const run of [() => engine.search({ q }), () => engine.mentions({ q, limit: 20 })]) {
          const t = performance.now();
          try {
            run();
          } catch (e) {
            expect.unreachable(`${String(e)} for ${JSON.stringify(q)}`);
          }
          expect(performance.now() - t).toBeLessThan(500);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on odd syntax', () => {
    for (const q of ['"', '-', 'OR', 'OR OR', '| |', '-"', '"盛乐', '马铃薯 -', '--马铃薯', '"" -""', '-马铃薯']) {
      expect(() => engine.search({ q })).not.toThrow();
    }
  });
});

describe('search on small fixtures', () => {
  const small = createEngine(smallCorpus());

  it('filters by city including its districts, year, kind and chapter', () => {
    expect(small.search({ q: '呼包鄂乌', city: '呼和浩特' }).total).toBe(1);
    expect(small.search({ q: '呼包鄂乌', city: '新城区' }).total).toBe(1);
    expect(small.search({ q: '马铃薯', year: 2025 }).hits.map((h) => h.docId)).toEqual(['b']);
    expect(small.search({ q: '马铃薯', kind: '规划纲要' }).total).toBe(0);
    expect(small.search({ q: '电商', chapter: '工作安排' }).total).toBe(2);
  });

  it('ranks a heading by what its section says, below the paragraph that says it', () => {
    // Heading 5 (（一）发展跨境電商) is short, so BM25 alone would put it first; paragraph 6 is what it announces.
    const r = small.search({ q: '跨境电商' });
    expect(r.hits.map((h) => h.n)).toEqual([6, 5]);
    expect(r.hits[0]!.score).toBeGreaterThan(r.hits[1]!.score);
  });

  it('escapes the snippet and marks the match in the original text', () => {
    const r = small.search({ q: 'script' });
    expect(r.hits[0]!.snippet).toBe('aaaa 与 &lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp; 符号');
    const t = small.search({ q: '跨境电商', size: 5 }).hits.find((h) => h.n === 6)!;
    expect(t.snippet).toContain('<mark>跨境 电商</mark>');
    expect(t.url).toBe('/docs/a#p-6');
  });

  it('keeps numbers and Latin runs whole', () => {
    expect(small.search({ q: '6.5%' }).total).toBe(1);
    expect(small.search({ q: '5G-A' }).total).toBe(1);
    expect(small.search({ q: 'pm2.5' }).total).toBe(1);
  });

  it('finds 北京 in 北京大学 and 北京市 alike', () => {
    expect(small.search({ q: '北京' }).total).toBe(1);
  });
});

describe('RankIndex.search', () => {
  /** Random clauses of the seed paragraphs, segmented as queries are. */
  const clauseTokens = (): fc.Arbitrary<string[]> => {
    const { index } = engine;
    const clauses: string[] = [];
    for (const p of index.paragraphs) for (const c of p.text.split(/[，。、；：！？“”（）《》,;:!?()]/)) if (c.trim().length >= 2) clauses.push(c);
    return fc.constantFrom(...clauses).map((c) => segment(c, index.lexicon));
  };

  it('finds only paragraphs whose text holds every token verbatim, so the mention index bounds what it can find', () => {
    const { index } = engine;
    fc.assert(
      fc.property(clauseTokens(), (tokens) => {
        const bound = new Set(intersectPids(tokens.map((t) => index.mentionIndex.candidates(t))));
        for (const pid of index.rank.search(tokens, 'AND').pids) expect(bound.has(pid)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('scores the paragraphs it is limited to exactly as an unlimited search does', () => {
    const { index } = engine;
    fc.assert(
      fc.property(clauseTokens(), fc.constantFrom<'AND' | 'OR'>('AND', 'OR'), fc.integer({ min: 1, max: 7 }), (tokens, mode, step) => {
        const all = index.rank.search(tokens, mode);
        const only = Int32Array.from({ length: Math.ceil(index.paragraphs.length / step) }, (_, i) => i * step);
        const limited = index.rank.search(tokens, mode, only);
        const want = [...all.pids].map((pid, i) => [pid, all.scores[i]] as const).filter(([pid]) => pid % step === 0);
        expect([...limited.pids].map((pid, i) => [pid, limited.scores[i]])).toEqual(want);
      }),
      { numRuns: 100 },
    );
  });

  it('answers nothing for no tokens, an unknown token in AND mode, or an empty limit', () => {
    const { index } = engine;
    expect(index.rank.search([], 'OR').pids).toHaveLength(0);
    expect(index.rank.search(['发展', '不存在的词语'], 'AND').pids).toHaveLength(0);
    expect(index.rank.search(['发展', '不存在的词语'], 'OR').pids.length).toBeGreaterThan(0);
    expect(index.rank.search(['发展'], 'OR', new Int32Array(0)).pids).toHaveLength(0);
  });
});

describe('the term cache (scores kept with a prepared term)', () => {
  it('answers a query narrowed by filters or paged after it was asked whole exactly as a fresh engine does', () => {
    const warm = createEngine(docs);
    let compared = 0;
    for (const q of ['发展', '黄河 生态', '"盛乐国际机场"', '马铃薯 OR 燕麦', '数字经济 -算力', '盛乐机场 航线']) {
      warm.search({ q });
      for (const params of [{ city: '呼和浩特' }, { year: 2024 }, { kind: '政府工作报告' }, { page: 2, size: 5 }, {}]) {
        // A fresh engine scores the filtered query from scratch; the warm one narrows the scores it kept.
        const fresh = createEngine(docs);
        const want = fresh.search({ q, ...params });
        expect(warm.search({ q, ...params }), `${q} ${JSON.stringify(params)}`).toEqual(want);
        compared += want.hits.length;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });
});
