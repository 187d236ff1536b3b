import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { learnTerms, Lexicon } from '../../src/text/lexicon.js';
import { corpusLexicon, MAX_RUN, scanRuns, segment, segmenterId } from '../../src/text/segment.js';
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

describe('scanRuns', () => {
  /** The single expression the scanner replaced: the reference on texts short enough for it. */
  const OLD_RUN = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:[.\-+/_·'](?:(?!\p{Script=Han})[\p{L}\p{N}])+)*%?)/gu;
  const scan = (t: string): string[] => {
    const out: string[] = [];
    scanRuns(t, (r) => out.push(`H:${r}`), (w, at) => out.push(`W:${w}@${at}`));
    return out;
  };
  const reference = (t: string): string[] => [...t.matchAll(OLD_RUN)].map((m) => (m[1] !== undefined ? `H:${m[1]}` : `W:${m[2]}@${m.index}`));

  it('finds the runs the single regular expression found, on any mix of Han, letters, digits, joiners and symbols', () => {
    const alphabet = ['中', '国', '𠀀', '⺀', '々', 'a', 'Z', 'é', '5', '٣', '.', '-', '+', '/', '_', '·', "'", '%', '，', ' ', '\n', '!', '\uD800', 'ア'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (chars) => {
        const t = chars.join('');
        expect(scan(t)).toEqual(reference(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('scans a 10-million-character Han run without overflowing the stack, cut into runs of at most MAX_RUN', () => {
    const runs: number[] = [];
    scanRuns('中'.repeat(10_000_000), (r) => runs.push(r.length), () => {});
    expect(runs.length).toBe(10_000_000 / MAX_RUN);
    expect(runs.every((n) => n === MAX_RUN)).toBe(true);
  });

  it('scans a 10-million-character Latin run and cuts a Han run of astral characters between whole characters', () => {
    const words: string[] = [];
    scanRuns('a'.repeat(10_000_000), () => {}, (w) => words.push(w));
    expect(words.map((w) => w.length)).toEqual([10_000_000]);
    const runs: string[] = [];
    scanRuns('中' + '𠀀'.repeat(MAX_RUN), (r) => runs.push(r), () => {});
    expect(runs.join('')).toBe('中' + '𠀀'.repeat(MAX_RUN));
    // No run starts with the second half of a surrogate pair or ends with the first half.
    for (const r of runs) expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(r)).toBe(false);
  });

  it('segments a 200,000-character Han run with no punctuation (jieba gets it in pieces)', () => {
    const text = '新质生产力引黄入呼三期工程盛乐国际机场'.repeat(10_000);
    const tokens = segment(text);
    expect(tokens).toContain('引黄入呼');
    expect(tokens.length).toBeGreaterThan(50_000);
  });
});
