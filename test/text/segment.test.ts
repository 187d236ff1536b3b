import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { learnTerms, Lexicon } from '../../src/text/lexicon.js';
import { corpusLexicon, segment, segmenterId } from '../../src/text/segment.js';
import { loadSeedDocs } from '../helpers/seed-docs.js';

describe('segment', () => {
  const lexicon = corpusLexicon([]);

  it('keeps the dictionary names whole', () => {
    for (const name of ['引黄入呼', '呼包鄂乌', '十五五', '六大产业集群', '盛乐国际机场', '新质生产力']) {
      expect(segment(`推进${name}建设`, lexicon)).toContain(name);
    }
  });

  it('keeps numbers and Latin runs whole', () => {
    const t = segment('增长6.5%，建设5G-A基站，PM2.5下降，2025年工作安排', lexicon);
    for (const w of ['6.5%', '5g-a', 'pm2.5', '2025', '2025年']) expect(t).toContain(w);
  });

  it('normalises first: traditional, full-width and spaced text segment like simplified', () => {
    expect(segment('跨境電商', lexicon)).toEqual(segment('跨境电商', lexicon));
    expect(segment('跨境 电商', lexicon)).toEqual(segment('跨境电商', lexicon));
    expect(segment('ＰＭ２.５', lexicon)).toEqual(segment('pm2.5', lexicon));
  });

  it('adds the single characters a long word leaves uncovered, so 盛乐机场 shares tokens with 盛乐国际机场', () => {
    const long = segment('盛乐国际机场', lexicon);
    for (const t of segment('盛乐机场', lexicon)) expect(long).toContain(t);
  });

  it('segments a whole text as it segments its pieces split at punctuation', async () => {
    const docs = await loadSeedDocs();
    const texts = docs.flatMap((d) => d.paragraphs.map((p) => p.text)).filter((t) => t.length > 20);
    // Not `.` or `-`: between digits or letters they join a run (`6.5`, `5g-a`). Not whitespace: norm drops it.
    const punct = /[，。、；：！？“”（）《》,;:!?()]/;
    fc.assert(
      fc.property(fc.constantFrom(...texts), (t) => {
        const pieces = t.split(punct);
        // The same tokens, as a multiset: segmentation never reaches across punctuation.
        const whole = segment(t, lexicon).sort();
        const parts = pieces.flatMap((p) => segment(p, lexicon)).sort();
        expect(whole).toEqual(parts);
      }),
      { numRuns: 150 },
    );
  });

  it('drives indexing and querying with one stamp that changes with the options', () => {
    expect(segmenterId()).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('learnTerms', () => {
  it('learns quoted Han terms of 2–10 characters', () => {
    expect(learnTerms(['打造“六大产业集群”，推进“十五五”，“a”，“一二三四五六七八九十一”'])).toEqual(['六大产业集群', '十五五']);
  });

  it('turns a learned term into a token wherever it occurs', () => {
    const lx = new Lexicon(['包邮时代']);
    expect(segment('进入包邮时代', lx)).toContain('包邮时代');
    expect(segment('进入包邮时代', new Lexicon([]))).not.toContain('包邮时代');
  });
});

describe('segmentMany', () => {
  it('cuts many texts in one batch exactly as one by one', async () => {
    const { segmentMany, segmentNormalized } = await import('../../src/text/segment.js');
    const { norm } = await import('../../src/text/normalize.js');
    const docs = await loadSeedDocs();
    const norms = docs.flatMap((d) => d.paragraphs.map((p) => norm(p.text)));
    const batch = segmentMany(norms);
    norms.forEach((n, i) => expect(batch[i]).toEqual(segmentNormalized(n)));
  });
});

describe('indexing and querying share one segmentation', () => {
  it('finds a paragraph by the tokens of any of its clauses', async () => {
    const { createEngine } = await import('../../src/search/engine.js');
    const docs = await loadSeedDocs();
    const { index } = createEngine(docs);
    const clauses: [number, string][] = [];
    index.paragraphs.forEach((p, pid) => {
      for (const c of p.text.split(/[，。、；：！？“”（）《》,;:!?()]/)) if (c.trim().length >= 2) clauses.push([pid, c]);
    });
    fc.assert(
      fc.property(fc.constantFrom(...clauses), ([pid, clause]) => {
        const hits = index.rank.search(segment(clause, index.lexicon), 'AND');
        expect([...hits.pids]).toContain(pid);
      }),
      { numRuns: 300 },
    );
  });
});
