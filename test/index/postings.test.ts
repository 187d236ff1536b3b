import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MentionIndex } from '../../src/index/mention-index.js';
import { PostingLists } from '../../src/index/postings.js';

describe('PostingLists', () => {
  it('decodes exactly the lists it encoded, gaps of any size', () => {
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 40 }), { maxLength: 12 }), (raw) => {
        const lists = raw.map((l) => Int32Array.from(l).sort());
        const keys = Uint32Array.from(lists.keys(), (i) => i * 7 + 3);
        const offsets = new Uint32Array(lists.length + 1);
        lists.forEach((l, i) => (offsets[i + 1] = offsets[i]! + l.length));
        const postings = new Int32Array(offsets[lists.length]!);
        lists.forEach((l, i) => postings.set(l, offsets[i]!));
        const pl = PostingLists.encode(keys, offsets, postings);
        lists.forEach((l, i) => expect(pl.get(i * 7 + 3)).toEqual(l));
        expect(pl.get(1)).toEqual(new Int32Array(0));
      }),
    );
  });

  it('refuses sections that do not fit together', () => {
    expect(() => new PostingLists(new Uint32Array(2), new Uint32Array(2), new Uint32Array(2), new Uint8Array(0))).toThrow(/different lengths/);
  });
});

describe('MentionIndex', () => {
  it('finds the paragraphs holding a character or a string, as a scan does', () => {
    const norms = ['盛乐国际机场', '机场', '', '航线航线', '国际航线', '乐'];
    const ix = MentionIndex.build(norms);
    for (const q of ['机场', '乐', '航线', '国际', '国际机场', '盛乐国际机场', '线航', '没有', '际']) {
      const want = norms.flatMap((n, pid) => (n.includes(q) ? [pid] : []));
      expect([...ix.containing(q, norms)]).toEqual(want);
    }
  });
});

describe('MentionIndex.toConfirm', () => {
  it('leaves unread a list far longer than the candidates left, and still holds every paragraph that mentions', () => {
    // 发展 is in all paragraphs but one; 展绿色算力 in five. After the rarest bigrams, reading 发展's list would
    // remove nothing worth its length.
    const norms = Array.from({ length: 400 }, (_, i) => (i % 100 === 7 ? `发展绿色算力${i}` : i === 50 ? `展绿色算力` : `发展${i}`));
    const ix = MentionIndex.build(norms);
    const want = norms.flatMap((n, pid) => (n.includes('发展绿色算力') ? [pid] : []));
    const loose = [...ix.toConfirm('发展绿色算力')];
    expect(loose).toContain(50);
    expect(loose.filter((pid) => norms[pid]!.includes('发展绿色算力'))).toEqual(want);
  });

  it('is a superset of the paragraphs holding the string, for any texts', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('发', '展', '绿', '色', '算', '力'), maxLength: 12 }), { maxLength: 300 }), fc.string({ unit: fc.constantFrom('发', '展', '绿', '色'), minLength: 1, maxLength: 5 }), (norms, q) => {
        const ix = MentionIndex.build(norms);
        const loose = new Set(ix.toConfirm(q));
        norms.forEach((n, pid) => {
          if (n.includes(q)) expect(loose.has(pid)).toBe(true);
        });
      }),
    );
  });
});

describe('MentionIndex.append', () => {
  // Few characters, so that keys repeat across both halves; empty paragraphs and surrogates included.
  const text = fc.array(fc.constantFrom('机', '场', '盛', '乐', 'a', '1', '\uD842', '\uDFB7', '发', '展'), { maxLength: 12 }).map((cs) => cs.join(''));
  const corpus = fc.array(text, { maxLength: 25 });

  it('gives byte for byte the lists of building both corpora end to end', () => {
    fc.assert(
      fc.property(corpus, corpus, (before, after) => {
        const appended = MentionIndex.build(before).append(after, before.length);
        const whole = MentionIndex.build([...before, ...after]);
        for (const p of ['uni', 'bi'] as const) {
          expect(appended[p].keys).toEqual(whole[p].keys);
          expect(appended[p].starts).toEqual(whole[p].starts);
          expect(appended[p].counts).toEqual(whole[p].counts);
          expect(appended[p].bytes).toEqual(whole[p].bytes);
        }
      }),
      { numRuns: 300 },
    );
  });
});
