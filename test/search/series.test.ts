import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseSeries } from '../../src/core/series.js';
import type { IngestedDoc, MentionsResult } from '../../src/core/types.js';
import { createEngine, type SearchEngine } from '../../src/search/engine.js';
import { findAll } from '../../src/search/series.js';
import { norm } from '../../src/text/normalize.js';
import { makeDoc } from '../fixtures/engine/docs.js';
import { loadSeedDocs } from '../helpers/seed-docs.js';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/projects/national.json');

/** The three projects followed in the real-world corpus (the fixture holds their paragraphs). */
const PROJECTS = '南水北调 | 三峡工程 = 长江三峡 = 三峡水利枢纽 | 退耕还林';

/**
 * The reference: for each series, every paragraph scanned position by position, the longest name starting there
 * counted and skipped (leftmost-longest, no overlap), summed per document year (`null` for no year).
 */
function bruteForceByYear(docs: readonly IngestedDoc[], names: readonly string[][]): Map<number | null, number[]> {
  const out = new Map<number | null, number[]>();
  for (const d of docs) {
    if (d.meta.duplicateOf !== null) continue;
    const row = out.get(d.meta.year) ?? names.map(() => 0);
    names.forEach((aliases, s) => {
      const ns = aliases.map(norm).filter(Boolean).sort((a, b) => b.length - a.length);
      for (const p of d.paragraphs) {
        const t = norm(p.text);
        for (let i = 0; i < t.length; ) {
          const hit = ns.find((n) => t.startsWith(n, i));
          if (hit) {
            row[s]!++;
            i += hit.length;
          } else i++;
        }
      }
    });
    out.set(d.meta.year, row);
  }
  return out;
}

function timelineByYear(r: MentionsResult): Map<number | null, number[]> {
  const out = new Map<number | null, number[]>();
  for (const y of r.timeline!.years) if (y.counts.some((c) => c > 0)) out.set(y.year, y.counts);
  if (r.timeline!.unknown.counts.some((c) => c > 0)) out.set(null, r.timeline!.unknown.counts);
  return out;
}

function withoutZeros(m: Map<number | null, number[]>): Map<number | null, number[]> {
  return new Map([...m].filter(([, counts]) => counts.some((c) => c > 0)));
}

let national: IngestedDoc[];
let engine: SearchEngine;

beforeAll(() => {
  national = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as IngestedDoc[];
  engine = createEngine(national);
});

describe('mentions with series, on three projects of the national reports 1958–2018', () => {
  it('counts each series by year exactly as a brute-force scan does, documents without a year in their bucket', () => {
    const series = parseSeries(PROJECTS);
    const r = engine.mentions({ q: PROJECTS, series, timeline: true });
    expect(timelineByYear(r)).toEqual(withoutZeros(bruteForceByYear(national, series.map((s) => s.aliases))));
    expect(r.timeline!.unknown.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('follows each project across at least ten years', () => {
    const series = parseSeries(PROJECTS);
    const r = engine.mentions({ q: PROJECTS, series, timeline: true });
    for (let s = 0; s < series.length; s++) {
      const years = r.timeline!.years.filter((y) => y.counts[s]! > 0).map((y) => y.year);
      expect(Math.max(...years) - Math.min(...years), series[s]!.label).toBeGreaterThanOrEqual(10);
    }
    expect(r.series!.map((s) => [s.first!.year, s.last!.year])).toEqual([[1978, 2016], [1958, 2021], [2000, 2018]]);
  });

  it('draws a continuous axis: every year from the first report to the last, zeros included, with the reports of each', () => {
    const r = engine.mentions({ q: '南水北调', timeline: true });
    const years = r.timeline!.years.map((y) => y.year);
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => years[0]! + i));
    const dated = national.filter((d) => d.meta.year !== null);
    expect(years[0]).toBe(Math.min(...dated.map((d) => d.meta.year!)));
    expect(years.at(-1)).toBe(Math.max(...dated.map((d) => d.meta.year!)));
    for (const y of r.timeline!.years) expect(y.reports, String(y.year)).toBe(dated.filter((d) => d.meta.year === y.year).length);
    expect(r.timeline!.unknown.reports).toBe(national.length - dated.length);
    expect(r.timeline!.years.find((y) => y.year === 1960)).toEqual({ year: 1960, reports: 0, chars: 0, counts: [0] });
  });

  it('counts documents over the whole result, not the page listed', () => {
    const r = engine.mentions({ q: '退耕还林', limit: 2, timeline: true });
    expect(r.docs.length).toBeLessThanOrEqual(2);
    expect(r.totalDocs).toBe(national.filter((d) => d.paragraphs.some((p) => norm(p.text).includes('退耕还林'))).length);
  });

  it('gives first and last appearance per place', () => {
    const r = engine.mentions({ q: '退耕还林', timeline: true });
    const hulunbuir = r.series![0]!.places.find((p) => p.city === '呼伦贝尔')!;
    expect([hulunbuir.first!.year, hulunbuir.last!.year]).toEqual([2012, 2018]);
    expect(hulunbuir.first!.url).toMatch(/^\/docs\/[^#]+#p-\d+$/);
  });

  it('keeps the answer of a single name as it was when no timeline is asked for', () => {
    const r = engine.mentions({ q: '南水北调' });
    expect(r).not.toHaveProperty('timeline');
    expect(r).not.toHaveProperty('series');
    expect(r.docs[0]!.paragraphs[0]!.contexts[0]).not.toHaveProperty('series');
  });
});

describe('alias groups', () => {
  const docs = [
    makeDoc({ id: 'a', year: 2024, city: '呼和浩特' }, ['呼和浩特新机场建设进展顺利。', '引黄入呼三期工程开工，引黄入呼三期是重点。']),
    makeDoc({ id: 'b', year: 2025, city: '呼和浩特' }, ['盛乐国际机场建成投运，呼和浩特新机场更名为盛乐国际机场。']),
    makeDoc({ id: 'c', year: null, city: '呼和浩特' }, ['盛乐国际机场航线。']),
  ];
  const e = createEngine(docs);

  it('counts the names of one project as one series', () => {
    const series = parseSeries('呼和浩特新机场 = 盛乐国际机场');
    const r = e.mentions({ q: 'x', series, timeline: true });
    expect(r.totalOccurrences).toBe(5);
    expect(r.timeline!.years.map((y) => y.counts[0])).toEqual([1, 3]);
    expect(r.timeline!.unknown).toMatchObject({ reports: 1, counts: [1] });
  });

  it('counts a name that holds another once, leftmost and longest', () => {
    const r = e.mentions({ q: 'x', series: parseSeries('引黄入呼三期 = 引黄入呼三期工程') });
    expect(r.totalOccurrences).toBe(2);
    expect(r.docs[0]!.paragraphs[0]!.contexts.map((c) => c.match)).toEqual(['引黄入呼三期工程', '引黄入呼三期']);
  });

  it('says which series each context belongs to when there are several', () => {
    const r = e.mentions({ q: 'x', series: parseSeries('呼和浩特新机场 | 盛乐国际机场') });
    expect(r.docs.flatMap((d) => d.paragraphs.flatMap((p) => p.contexts.map((c) => `${c.series}:${c.match}`)))).toEqual([
      '0:呼和浩特新机场', '1:盛乐国际机场', '0:呼和浩特新机场', '1:盛乐国际机场', '1:盛乐国际机场',
    ]);
  });
});

describe('findAll', () => {
  it('equals a position-by-position scan for random alias groups over the seed paragraphs', async () => {
    const texts = (await loadSeedDocs()).flatMap((d) => d.paragraphs.map((p) => norm(p.text)));
    const piece = fc.tuple(fc.nat(texts.length - 1), fc.nat(5000), fc.integer({ min: 1, max: 6 })).map(([i, at, len]) => {
      const t = texts[i]!;
      return t.slice(at % t.length, (at % t.length) + len);
    });
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.uniqueArray(piece.filter((s) => s !== ''), { minLength: 1, maxLength: 4 }), (i, names) => {
        const t = texts[i]!;
        const sorted = [...names].sort((a, b) => b.length - a.length);
        let expected = 0;
        for (let k = 0; k < t.length; ) {
          const hit = sorted.find((n) => t.startsWith(n, k));
          if (hit) { expected++; k += hit.length; } else k++;
        }
        expect(findAll(t, [sorted], Infinity)).toHaveLength(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('mentions with series on the seed reports', () => {
  it('equals the brute-force count per year for two series and an alias group', async () => {
    const docs = await loadSeedDocs();
    const seeds = createEngine(docs);
    const q = '呼和浩特新机场 = 盛乐国际机场 | 引黄入呼 | 新质生产力';
    const series = parseSeries(q);
    const r = seeds.mentions({ q, series, timeline: true });
    expect(timelineByYear(r)).toEqual(withoutZeros(bruteForceByYear(docs, series.map((s) => s.aliases))));
    expect(r.totalOccurrences).toBe(r.series!.reduce((n, s) => n + s.totalOccurrences, 0));
  });
});
