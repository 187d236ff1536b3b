/**
 * `RankIndex.search` reads BM25 scores straight from MiniSearch's postings (`src/index/rank-score.ts`): the same
 * paragraphs and the same scores, bit for bit, as `MiniSearch.search` (`searchMiniSearch`), whole or limited to
 * some paragraphs, AND or OR, on a loaded index, after paragraphs are appended and after one is re-indexed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RankIndex } from '../../src/index/rank.js';

const VOCAB = ['发展', '建设', '机场', '航线', '盛乐', '黄河', '工程', '数字', '经济', '算力', 'a', 'b1'];

const corpus = fc.array(fc.array(fc.constantFrom(...VOCAB), { maxLength: 12 }), { minLength: 1, maxLength: 60 });
const query = fc.uniqueArray(fc.constantFrom(...VOCAB, '没有'), { minLength: 1, maxLength: 4 });

/** An ascending subset of the pids below `n`, from a bit mask. */
function subset(n: number, bits: boolean[]): Int32Array {
  const out: number[] = [];
  for (let pid = 0; pid < n; pid++) if (bits[pid % bits.length]) out.push(pid);
  return Int32Array.from(out);
}

function same(rank: RankIndex, q: string[], only?: Int32Array, other: RankIndex = rank): void {
  for (const mode of ['AND', 'OR'] as const) {
    const direct = rank.search(q, mode, only);
    const ms = other.searchMiniSearch(q, mode, only);
    expect([...direct.pids]).toEqual([...ms.pids]);
    // Exact equality of every score (no tolerance).
    expect([...direct.scores].map((s) => s.toString())).toEqual([...ms.scores].map((s) => s.toString()));
  }
}

describe('RankIndex.search reads the scores MiniSearch gives', () => {
  it('from the saved lines read into typed arrays, as MiniSearch loaded from the same lines', () => {
    fc.assert(
      fc.property(corpus, query, fc.array(fc.boolean(), { minLength: 1, maxLength: 17 }), (paras, q, bits) => {
        const lines = [...RankIndex.build(paras).toLines()];
        const compact = RankIndex.fromLines(lines);
        const ms = RankIndex.fromLines(lines);
        same(compact, q, undefined, ms);
        same(compact, q, subset(paras.length, bits), ms);
        same(compact, q, Int32Array.of(paras.length - 1), ms);
        // Made into MiniSearch (as before appending), it saves the same lines.
        expect([...compact.toLines()].sort()).toEqual([...ms.toLines()].sort());
      }),
      { numRuns: 200 },
    );
  });

  it('from lines saved after a paragraph was re-indexed (short ids no longer equal pids)', () => {
    fc.assert(
      fc.property(corpus, query, (paras, q) => {
        const rank = RankIndex.build(paras);
        rank.replace(0, paras[0]!, ['发展', '机场', '发展']);
        const lines = [...rank.toLines()];
        same(RankIndex.fromLines(lines), q, undefined, RankIndex.fromLines(lines));
        same(RankIndex.fromLines(lines), q, subset(paras.length, [true, false]), RankIndex.fromLines(lines));
      }),
      { numRuns: 100 },
    );
  });

  it('whole, limited to few or to many paragraphs', () => {
    fc.assert(
      fc.property(corpus, query, fc.array(fc.boolean(), { minLength: 1, maxLength: 17 }), (paras, q, bits) => {
        const rank = RankIndex.build(paras);
        same(rank, q);
        same(rank, q, subset(paras.length, bits));
        same(rank, q, Int32Array.of(0));
      }),
      { numRuns: 200 },
    );
  });

  it('after paragraphs are appended and one is re-indexed', () => {
    fc.assert(
      fc.property(corpus, corpus, query, (paras, more, q) => {
        const rank = RankIndex.fromLines([...RankIndex.build(paras).toLines()]);
        rank.append(more);
        same(rank, q);
        same(rank, q, subset(paras.length + more.length, [true, false, false]));
        rank.replace(0, paras[0]!, ['发展', '机场', '发展']);
        same(rank, q);
        same(rank, q, subset(paras.length + more.length, [false, true]));
      }),
      { numRuns: 100 },
    );
  });
});
