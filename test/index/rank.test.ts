/**
 * Saving and loading the ranked-search index line by line (`RankIndex.toLines` / `fromLines`), and the one thing
 * about MiniSearch that loading relies on: `MiniSearch.loadJS` reads `index` with one `for…of`, copying each entry
 * before it asks for the next. If a MiniSearch upgrade stops doing so, the tests here fail.
 */
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { RankIndex } from '../../src/index/rank.js';
import { MINISEARCH_OPTIONS, type RankDoc } from '../../src/index/rank-options.js';

const PARAGRAPHS = [['盛乐', '机场'], ['机场', '航线', '机场'], ['航线'], [], ['引黄入呼', '四期', '工程'], ['黄河', '机场']];

type Serialized = ReturnType<MiniSearch['toJSON']>;

describe('MiniSearch.loadJS', () => {
  it('takes the entries of `index` one at a time from an iterable, each copied before the next is asked for', () => {
    const ms = new MiniSearch<RankDoc>(MINISEARCH_OPTIONS);
    PARAGRAPHS.forEach((t, pid) => ms.add({ pid, tokens: t.join(' ') }));
    const { index, ...head } = ms.toJSON();
    expect(index.length).toBeGreaterThan(3);
    // Each entry's data is a proxy that notes when MiniSearch reads it.
    const read = new Set<number>();
    const log: string[] = [];
    function* entries(): Generator<Serialized['index'][number]> {
      for (let i = 0; i < index.length; i++) {
        // Every entry handed out before this one has been read already: nothing is buffered.
        for (let j = 0; j < i; j++) if (!read.has(j)) log.push(`entry ${j} unread when entry ${i} was asked for`);
        const [term, data] = index[i]!;
        yield [term, new Proxy(data, { ownKeys: (t) => (read.add(i), Reflect.ownKeys(t)) })];
      }
    }
    const loaded = MiniSearch.loadJS<RankDoc>({ ...head, index: entries() as unknown as Serialized['index'] }, MINISEARCH_OPTIONS);
    expect(log).toEqual([]);
    expect(read.size).toBe(index.length);
    // The same index (its radix tree lists terms in another order, as after loadJSON).
    const sorted = (m: MiniSearch<RankDoc>): Serialized => {
      const js = m.toJSON();
      return { ...js, index: js.index.sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
    };
    expect(sorted(loaded)).toEqual(sorted(ms));
  });
});

describe('RankIndex lines', () => {
  const rank = RankIndex.build(PARAGRAPHS);

  it('loads back an index that answers exactly as the one saved', () => {
    const lines = [...rank.toLines()];
    // A header, then one line per term.
    expect(lines.length).toBe(1 + new Set(PARAGRAPHS.flat()).size);
    const loaded = RankIndex.fromLines(lines);
    expect(loaded.size).toBe(rank.size);
    for (const q of [['机场'], ['航线', '机场'], ['引黄入呼'], ['黄河', '工程'], ['没有']]) {
      for (const mode of ['AND', 'OR'] as const) expect(loaded.search(q, mode)).toEqual(rank.search(q, mode));
    }
    // Saved again, the same lines (the terms in the order of the loaded radix tree).
    const again = [...loaded.toLines()];
    expect(again[0]).toBe(lines[0]);
    expect(again.slice(1).sort()).toEqual(lines.slice(1).sort());
  });

  it('throws on a missing line, a malformed line or a missing header', () => {
    const lines = [...rank.toLines()];
    expect(() => RankIndex.fromLines(lines.slice(0, -1))).toThrow(/terms, the header says/);
    expect(() => RankIndex.fromLines([lines[0]!, '{"a":1}'])).toThrow(/malformed term line 2/);
    expect(() => RankIndex.fromLines([lines[0]!, '["53d1", {"0"'])).toThrow();
    expect(() => RankIndex.fromLines([])).toThrow(/no header/);
    expect(() => RankIndex.fromLines(['[1]'])).toThrow(/malformed header/);
  });
});
