/**
 * `RankIndex.builder` writes MiniSearch's serialisation itself instead of calling MiniSearch's `add` per paragraph
 * (see its comment). The reference here is MiniSearch used the plain way, `add` for each paragraph: loaded, the
 * builder's index must serialise to the same `toJSON()` and give every paragraph the same score, to the bit.
 */
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestDir } from '../../src/ingest/index.js';
import { RankIndex } from '../../src/index/rank.js';
import { MINISEARCH_OPTIONS, TOKEN_SEPARATOR, termKey, type RankDoc } from '../../src/index/rank-options.js';
import { norm } from '../../src/text/normalize.js';
import { segmentMany } from '../../src/text/segment.js';
import { SEEDS } from '../helpers/real-engine.js';

type Serialized = ReturnType<MiniSearch['toJSON']>;

/** The reference: MiniSearch's own `add`, one document per paragraph. */
function viaAdd(lists: readonly (readonly string[])[]): MiniSearch<RankDoc> {
  const ms = new MiniSearch<RankDoc>(MINISEARCH_OPTIONS);
  lists.forEach((tokens, pid) => ms.add({ pid, tokens: tokens.join(TOKEN_SEPARATOR) }));
  return ms;
}

/** `toJSON()` with the terms sorted (a radix tree lists them in its own order). */
function sortedJSON(js: Serialized): Serialized {
  return { ...js, index: [...js.index].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
}

/** What the builder's index serialises to once MiniSearch has loaded it (the header's term count dropped). */
function builderJSON(lists: readonly (readonly string[])[]): Serialized {
  const lines = [...RankIndex.build(lists).load().toLines()];
  const { terms, ...head } = JSON.parse(lines[0]!) as Omit<Serialized, 'index'> & { terms: number };
  expect(lines.length - 1).toBe(terms);
  return { ...head, index: lines.slice(1).map((l) => JSON.parse(l) as Serialized['index'][number]) } as Serialized;
}

/** Score per pid from MiniSearch's own search (the engine multiplies nothing in between). */
function referenceScores(ms: MiniSearch<RankDoc>, tokens: string[], mode: 'AND' | 'OR'): Map<number, number> {
  return new Map(ms.search({ queries: [...new Set(tokens)], combineWith: mode }).map((r) => [r.id as number, r.score]));
}

function scores(rank: RankIndex, tokens: string[], mode: 'AND' | 'OR'): Map<number, number> {
  const { pids, scores: s } = rank.search(tokens, mode);
  return new Map([...pids].map((pid, i) => [pid, s[i]!]));
}

describe('RankIndex.builder against MiniSearch add, on the seed reports', () => {
  let lists: string[][];
  beforeAll(async () => {
    const { docs } = await ingestDir(SEEDS);
    lists = segmentMany(docs.flatMap((d) => d.paragraphs.map((p) => norm(p.text))));
  });

  it('serialises to what MiniSearch serialises after adding the same paragraphs', () => {
    expect(lists.length).toBeGreaterThan(500);
    expect(sortedJSON(builderJSON(lists))).toEqual(sortedJSON(viaAdd(lists).toJSON()));
  });

  it('scores every paragraph exactly as MiniSearch does, for frequent, rare and absent words, AND and OR', () => {
    const ms = viaAdd(lists);
    const rank = RankIndex.build(lists);
    // Tokens by document frequency: the most common, some in between, the rarest, and one never indexed.
    const df = new Map<string, number>();
    for (const l of lists) for (const t of new Set(l)) df.set(t, (df.get(t) ?? 0) + 1);
    const byDf = [...df].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t);
    const picks = [...byDf.slice(0, 5), ...byDf.filter((_, i) => i % 997 === 0), ...byDf.slice(-3)];
    const queries = [...picks.map((t) => [t]), [byDf[0]!, byDf[1]!], [byDf[3]!, byDf[500]!, byDf[2000]!], ['盛乐', '机场'], ['没有这个词']];
    let compared = 0;
    for (const q of queries) {
      for (const mode of ['AND', 'OR'] as const) {
        const want = referenceScores(ms, q, mode);
        expect(scores(rank, q, mode), `${q.join(' ')} ${mode}`).toEqual(want);
        compared += want.size;
      }
    }
    // Not vacuous: thousands of scored paragraphs compared.
    expect(compared).toBeGreaterThan(2000);
  });
});

describe('RankIndex.builder against MiniSearch add, on random paragraphs', () => {
  // Few distinct tokens so that they repeat within and across paragraphs; '' and empty paragraphs included.
  const token = fc.constantFrom('', '机场', '盛乐', '引黄入呼', '6.5%', 'a', '发展', '发', '展');
  const paragraphs = fc.array(fc.array(token, { maxLength: 12 }), { maxLength: 30 });

  it('serialises the same and scores the same', () => {
    fc.assert(
      fc.property(paragraphs, (lists) => {
        expect(sortedJSON(builderJSON(lists))).toEqual(sortedJSON(viaAdd(lists).toJSON()));
        const ms = viaAdd(lists);
        const rank = RankIndex.build(lists);
        for (const q of [['机场'], ['发展', '盛乐'], ['a', '6.5%', '展']]) {
          for (const mode of ['AND', 'OR'] as const) expect(scores(rank, q, mode)).toEqual(referenceScores(ms, q, mode));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('spells terms with termKey, as MiniSearch processTerm does', () => {
    const lines = [...RankIndex.build([['机场']]).toLines()];
    expect(JSON.parse(lines[1]!)).toEqual([termKey('机场'), { 0: { 0: 1 } }]);
  });
});

describe('RankIndex.append on a loaded index, saved by splicing the saved lines', () => {
  /** A saved index of `before`, loaded, with `after` appended, serialised again. */
  function appended(before: string[][], after: string[][]): { json: Serialized; rank: RankIndex } {
    const saved = [...RankIndex.build(before).toLines()];
    const rank = RankIndex.fromLines(saved);
    rank.retainSaved(() => saved);
    rank.append(after);
    const lines = [...rank.toLines()];
    const { terms, ...head } = JSON.parse(lines[0]!) as Omit<Serialized, 'index'> & { terms: number };
    expect(lines.length - 1).toBe(terms);
    return { json: { ...head, index: lines.slice(1).map((l) => JSON.parse(l) as Serialized['index'][number]) } as Serialized, rank };
  }

  const token = fc.constantFrom('机场', '盛乐', '引黄入呼', '6.5%', 'a', '发展', '发', '展', '新词');
  const paragraphs = fc.array(fc.array(token, { maxLength: 10 }), { maxLength: 15 });

  it('writes what MiniSearch serialises after adding all the paragraphs, and loads back to the same scores', () => {
    fc.assert(
      fc.property(paragraphs, paragraphs, (before, after) => {
        const all = [...before, ...after];
        const { json, rank } = appended(before, after);
        expect(sortedJSON(json)).toEqual(sortedJSON(viaAdd(all).toJSON()));
        const reloaded = RankIndex.fromLines([JSON.stringify({ ...json, index: undefined, terms: json.index.length }), ...json.index.map((e) => JSON.stringify(e))]);
        const ms = viaAdd(all);
        for (const q of [['机场'], ['发展', '新词'], ['a', '6.5%']]) {
          for (const mode of ['AND', 'OR'] as const) {
            expect(scores(reloaded, q, mode)).toEqual(referenceScores(ms, q, mode));
            // The index appended to answers the same before it is saved.
            expect(scores(rank, q, mode)).toEqual(referenceScores(ms, q, mode));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('appends twice before a save as once', () => {
    const saved = [...RankIndex.build([['机场', '盛乐'], ['发展']]).toLines()];
    const rank = RankIndex.fromLines(saved);
    rank.retainSaved(() => saved);
    rank.append([['新词', '发展']]);
    rank.append([['机场'], ['a']]);
    const ms = viaAdd([['机场', '盛乐'], ['发展'], ['新词', '发展'], ['机场'], ['a']]);
    for (const q of [['机场'], ['发展'], ['a']]) expect(scores(rank, q, 'OR')).toEqual(referenceScores(ms, q, 'OR'));
    const lines = [...rank.toLines()];
    const { terms, ...head } = JSON.parse(lines[0]!) as Omit<Serialized, 'index'> & { terms: number };
    expect(terms).toBe(lines.length - 1);
    expect(sortedJSON({ ...head, index: lines.slice(1).map((l) => JSON.parse(l) as Serialized['index'][number]) } as Serialized)).toEqual(sortedJSON(ms.toJSON()));
  });

  it('falls back to MiniSearch toJSON after a paragraph was re-indexed', () => {
    const before = [['机场', '盛乐'], ['发展']];
    const saved = [...RankIndex.build(before).toLines()];
    const rank = RankIndex.fromLines(saved);
    rank.retainSaved(() => saved);
    rank.replace(1, ['发展'], ['发展', '新词']);
    rank.append([['新词']]);
    const lines = [...rank.toLines()];
    const reference = viaAdd(before);
    reference.remove({ pid: 1, tokens: '发展' });
    reference.add({ pid: 1, tokens: '发展 新词' });
    reference.add({ pid: 2, tokens: '新词' });
    const { terms, ...head } = JSON.parse(lines[0]!) as Omit<Serialized, 'index'> & { terms: number };
    expect(terms).toBe(lines.length - 1);
    expect(sortedJSON({ ...head, index: lines.slice(1).map((l) => JSON.parse(l) as Serialized['index'][number]) } as Serialized)).toEqual(sortedJSON(reference.toJSON()));
  });
});
