import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/search/engine.js';
import { makeDoc, smallCorpus } from '../fixtures/engine/docs.js';

describe('createEngine', () => {
  const engine = createEngine(smallCorpus());

  it('counts documents and paragraphs', () => {
    expect(engine.stats()).toEqual({ docs: 3, paragraphs: 12 });
    expect(engine.docs().map((d) => d.id)).toEqual(['a', 'b', 'c']);
  });

  it('looks documents up by id, with their paragraphs', () => {
    expect(engine.docById('c')?.district).toBe('新城区');
    const c = engine.doc('c')!;
    expect(c.doc.title).toBe('新城区十五五规划纲要');
    expect(c.paragraphs.map((p) => p.n)).toEqual([1, 2]);
    expect(engine.doc('nope')).toBeUndefined();
    expect(engine.docById('nope')).toBeUndefined();
  });

  it('refuses two documents with one id, naming it', () => {
    expect(() => createEngine([makeDoc({ id: 'x' }, ['甲']), makeDoc({ id: 'x' }, ['乙'])])).toThrow(/duplicate document id x/);
  });

  it('answers an empty corpus without failing', () => {
    const empty = createEngine([]);
    expect(empty.search({ q: '发展' }).total).toBe(0);
    expect(empty.mentions({ q: '发展' }).totalOccurrences).toBe(0);
  });
});
