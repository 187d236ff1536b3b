/**
 * Facets are cut to MAX_FACET_VALUES values each, the most frequent first, saying how many were left out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_FACET_VALUES } from '../../src/core/params.js';
import { createEngine, type SearchEngine } from '../../src/search/engine.js';
import { docOf } from '../helpers/big-docs.js';

let engine: SearchEngine;
beforeAll(() => {
  // 250 chapters; chapter i holds i % 7 + 1 paragraphs with the word.
  const texts: string[] = [];
  const chapters: string[] = [];
  for (let i = 0; i < 250; i++) {
    for (let k = 0; k <= i % 7; k++) {
      texts.push(`推进测绘工程第${i}项。`);
      chapters.push(`第${i}章`);
    }
  }
  engine = createEngine([docOf('chapters', texts, (i) => chapters[i]!)]);
});

describe('facets of a search', () => {
  it('list the first MAX_FACET_VALUES values by count and say how many more there were', () => {
    const r = engine.search({ q: '测绘', size: 5 });
    expect(r.facets.chapter).toHaveLength(MAX_FACET_VALUES);
    expect(r.facetsOmitted).toEqual({ chapter: 250 - MAX_FACET_VALUES });
    expect(r.facets.chapter[0]!.count).toBe(7);
    // Facets count paragraphs; hits collapse the copies of a text (推进测绘工程第i项 repeats in chapter i).
    expect(r.facets.city).toEqual([{ value: '呼和浩特', count: r.paragraphs }]);
  });

  it('say nothing of omitted values when none were', () => {
    expect(engine.search({ q: '第1项' }).facetsOmitted).toBeUndefined();
  });
});
