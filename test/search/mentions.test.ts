import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as OpenCC from 'opencc-js';
import { createEngine, type SearchEngine } from '../../src/search/engine.js';
import { AppError } from '../../src/core/errors.js';
import type { IngestedDoc, MentionsResult } from '../../src/core/types.js';
import { MAX_CONTEXTS_PER_PARAGRAPH, MAX_MENTION_CONTEXTS, MAX_MENTION_PARAGRAPHS } from '../../src/core/params.js';
import { smallCorpus } from '../fixtures/engine/docs.js';
import { docOf } from '../helpers/big-docs.js';
import { bruteForceMentions, loadSeedDocs } from '../helpers/seed-docs.js';

function flatten(r: MentionsResult): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of r.docs) for (const p of d.paragraphs) out.set(`${d.docId}#${p.n}`, p.count);
  return out;
}

let docs: IngestedDoc[];
let engine: SearchEngine;

beforeAll(async () => {
  docs = await loadSeedDocs();
  engine = createEngine(docs);
});

describe('mentions on the seed reports', () => {
  it.each([
    ['引黄入呼', 3], ['盛乐国际机场', 4], ['中欧班列', 4], ['温暖工程', 5], ['呼包鄂乌', 10], ['老牛湾', 6],
    ['六大产业集群', 6], ['新质生产力', 10], ['马铃薯', 8], ['绿色算力', 8], ['跨境电商', 7],
  ])('finds every mention of %s (%i, as counted in the raw sources)', (q, total) => {
    const r = engine.mentions({ q });
    expect(r.totalOccurrences).toBe(total);
    expect(flatten(r)).toEqual(bruteForceMentions(docs, q));
  });

  it('finds 跨境電商 and 跨境 电商 the same as 跨境电商', () => {
    const simplified = flatten(engine.mentions({ q: '跨境电商' }));
    expect(flatten(engine.mentions({ q: '跨境電商' }))).toEqual(simplified);
    expect(flatten(engine.mentions({ q: '跨境 电商' }))).toEqual(simplified);
  });

  it('equals a brute-force scan for random substrings of the paragraphs and random strings', () => {
    const t2s = OpenCC.Converter({ from: 'cn', to: 't' });
    const texts = docs.flatMap((d) => d.paragraphs.map((p) => p.text));
    const substring = fc
      .tuple(fc.nat(texts.length - 1), fc.nat(10_000), fc.integer({ min: 1, max: 14 }), fc.constantFrom('plain', 'trad', 'spaced', 'upper'))
      .map(([i, at, len, how]) => {
        const t = texts[i]!;
        const start = at % t.length;
        const s = t.slice(start, start + len);
        if (how === 'trad') return t2s(s);
        if (how === 'spaced') return s.split('').join(' ');
        return how === 'upper' ? s.toUpperCase() : s;
      });
    const alphabet = [...'的发展引黄入呼机场國際產業電商，。、；：“”（）() \t\n\u3000-%.5GgAa0123456789年１２ＡＢ'];
    const random = fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 6 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(substring, random, fc.string({ maxLength: 4 })), (q) => {
        const expected = bruteForceMentions(docs, q);
        let got: Map<string, number>;
        try {
          got = flatten(engine.mentions({ q }));
        } catch (e) {
          // Only a query that normalises to nothing is refused.
          expect(e).toBeInstanceOf(AppError);
          expect(expected.size).toBe(0);
          return;
        }
        expect(got).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('orders documents by year, then city, with totals by year and by city', () => {
    const r = engine.mentions({ q: '发展' });
    const years = r.docs.map((d) => d.year ?? Infinity);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    const sum = (xs: { count: number }[]): number => xs.reduce((s, x) => s + x.count, 0);
    expect(sum(r.byYear)).toBe(r.totalOccurrences);
    expect(sum(r.byCity)).toBe(r.totalOccurrences);
    expect(sum(r.docs)).toBe(r.totalOccurrences);
  });

  it('gives each occurrence a context whose match is the original text', () => {
    const r = engine.mentions({ q: '跨境电商' });
    const matches = r.docs.flatMap((d) => d.paragraphs.flatMap((p) => p.contexts.map((c) => c.match)));
    expect(matches).toHaveLength(7);
    expect(new Set(matches.map((m) => m.replace(/\s/g, '').replace('電', '电')))).toEqual(new Set(['跨境电商']));
    for (const d of r.docs) for (const p of d.paragraphs) expect(p.contexts).toHaveLength(p.count);
  });

  it('pages over paragraphs with limit and offset while the totals count all', () => {
    const all = engine.mentions({ q: '发展' });
    const page = engine.mentions({ q: '发展', limit: 5, offset: 3 });
    expect(page.totalParagraphs).toBe(all.totalParagraphs);
    expect(page.totalOccurrences).toBe(all.totalOccurrences);
    const keys = (r: MentionsResult): string[] => r.docs.flatMap((d) => d.paragraphs.map((p) => `${d.docId}#${p.n}`));
    expect(keys(page)).toEqual(keys(all).slice(3, 8));
  });

  it('finds nothing for an empty or whitespace-only query (the parameters refuse one before it gets here)', () => {
    for (const q of ['', '   ', '\u3000\n']) {
      expect(engine.mentions({ q })).toMatchObject({ totalParagraphs: 0, totalOccurrences: 0, docs: [] });
    }
  });
});

describe('mentions with filters', () => {
  const small = createEngine(smallCorpus());

  it('counts a district document under its city, and a city filter includes its districts', () => {
    const r = small.mentions({ q: '呼包鄂乌', city: '呼和浩特' });
    expect(r.totalParagraphs).toBe(1);
    expect(r.byCity).toEqual([{ city: '呼和浩特', count: 1 }]);
    expect(small.mentions({ q: '呼包鄂乌', city: '新城区' }).totalParagraphs).toBe(1);
    expect(small.mentions({ q: '呼包鄂乌', city: '乌兰察布' }).totalParagraphs).toBe(0);
  });

  it('filters by year, kind and chapter', () => {
    expect(small.mentions({ q: '马铃薯', year: 2025 }).totalOccurrences).toBe(3);
    expect(small.mentions({ q: '马铃薯', kind: '规划纲要' }).totalOccurrences).toBe(0);
    expect(small.mentions({ q: '电商', chapter: '工作安排' }).totalParagraphs).toBe(2);
    expect(small.mentions({ q: '电商', chapter: '跨境电商' }).totalParagraphs).toBe(2);
  });

  it('counts overlapping candidates without overlap, left to right', () => {
    expect(small.mentions({ q: 'aa' }).totalOccurrences).toBe(2);
    expect(small.mentions({ q: 'aaa' }).totalOccurrences).toBe(1);
  });
});

describe('mentions answers are bounded', () => {
  let big: SearchEngine;
  beforeAll(() => {
    big = createEngine([
      docOf('a_many', Array.from({ length: 1500 }, (_, i) => `第${i}段推进测绘工程。`)),
      docOf('b_dense', ['测绘'.repeat(500), ...Array.from({ length: 300 }, () => '测绘'.repeat(100))]),
    ]);
  });

  it('lists at most MAX_MENTION_PARAGRAPHS paragraphs without a limit, saying where the rest starts; totals count all', () => {
    const r = big.mentions({ q: '测绘' });
    expect(r.totalParagraphs).toBe(1801);
    expect(r.docs.reduce((n, d) => n + d.paragraphs.length, 0)).toBe(MAX_MENTION_PARAGRAPHS);
    expect(r.nextOffset).toBe(MAX_MENTION_PARAGRAPHS);
    const rest = big.mentions({ q: '测绘', offset: r.nextOffset! });
    expect(rest.docs.reduce((n, d) => n + d.paragraphs.length, 0)).toBeGreaterThan(0);
  });

  it('lists at most MAX_CONTEXTS_PER_PARAGRAPH contexts of a paragraph, its count exact', () => {
    const r = big.mentions({ q: '测绘', city: '呼和浩特', limit: 1, offset: 1500 });
    const p = r.docs[0]!.paragraphs[0]!;
    expect(p.count).toBe(500);
    expect(p.contexts).toHaveLength(MAX_CONTEXTS_PER_PARAGRAPH);
  });

  it('stops at MAX_MENTION_CONTEXTS contexts, even within a limit, and says where to go on', () => {
    const r = big.mentions({ q: '测绘', limit: 1000, offset: 1500 });
    const contexts = r.docs.flatMap((d) => d.paragraphs).reduce((n, p) => n + p.contexts.length, 0);
    expect(contexts).toBeLessThanOrEqual(MAX_MENTION_CONTEXTS);
    expect(r.nextOffset).toBe(1500 + 200);
  });

  it('says nothing of a next page when the answer holds all it was asked for', () => {
    expect(big.mentions({ q: '测绘', limit: 10 }).nextOffset).toBeUndefined();
    expect(big.mentions({ q: '第1499段' }).nextOffset).toBeUndefined();
  });
});
