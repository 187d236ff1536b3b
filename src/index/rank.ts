/**
 * The ranked-search index: MiniSearch with one document per paragraph, saved and loaded as lines.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import { EMPTY_SCORED, type Scored } from './pids.js';
import { rankLines } from './rank-builder.js';
import { MINISEARCH_OPTIONS, TOKEN_SEPARATOR, type RankDoc, type SerializedEntry, type SerializedRank } from './rank-options.js';
import { CompactRank } from './rank-compact.js';
import { scoreDirect, type ScoreScratch } from './rank-score.js';

/**
 * The inverted index of ranked search: MiniSearch with one document per paragraph (its pid and tokens; options in
 * `minisearch-options.ts`), answering with BM25 scores (MiniSearch's, a result's score multiplied by the number of
 * query tokens it matched) as pid-ordered lists that combine with the exact-mention lists.
 *
 * @example
 * const rank = RankIndex.build([['盛乐', '机场'], ['机场'], ['航线']]);
 * rank.search(['机场'], 'OR').pids //=> Int32Array [0, 1]
 * rank.search(['盛乐', '机场'], 'AND').pids //=> Int32Array [0]
 */
export class RankIndex {
  /** Score per pid, reused between calls to turn MiniSearch's score-ordered results into pid order. */
  private scratch: Float64Array | undefined;
  /** Marks of the paragraphs a search is limited to, cleared after each. */
  private keep: Uint8Array | undefined;
  /** Per-pid sums and counts of {@link scoreDirect}, zeroed between calls. */
  private direct: ScoreScratch | undefined;
  /** The MiniSearch, once loaded: a freshly built index holds only its {@link toLines} until first searched. */
  private loaded: MiniSearch<RankDoc> | undefined;
  /** The saved lines read into typed arrays (see `rank-compact.ts`): searched until the index changes. */
  private compact: CompactRank | undefined;
  /** Paragraph count of an index not yet loaded. */
  private readonly count: number;
  /** See {@link retainSaved}. */
  private saved: { lines: () => Iterable<string>; count: number; appended: string[] } | undefined;

  private constructor(ms: MiniSearch<RankDoc> | CompactRank | undefined, private built?: string[]) {
    if (ms instanceof CompactRank) this.compact = ms;
    else this.loaded = ms;
    this.count = ms ? 0 : Number((JSON.parse(built![0]!) as { documentCount: number }).documentCount);
  }

  /** Reads the built lines on first use (see {@link builder}). */
  private read(): void {
    if (!this.loaded && !this.compact) {
      const r = RankIndex.fromLines(this.built!);
      this.loaded = r.loaded;
      this.compact = r.compact;
      this.built = undefined;
    }
  }

  /** The MiniSearch: made from the compact arrays when the index is first changed or saved again. */
  private get ms(): MiniSearch<RankDoc> {
    this.read();
    if (!this.loaded) {
      this.loaded = MiniSearch.loadJS<RankDoc>(this.compact!.toJS() as unknown as SerializedRank, MINISEARCH_OPTIONS);
      this.compact = undefined;
      this.direct = undefined;
    }
    return this.loaded;
  }

  /** Reads the index now rather than on the first search (what a server does once it listens). */
  load(): this {
    this.read();
    return this;
  }

  /** Indexes the token lists of the paragraphs (index = pid). */
  static build(tokenLists: readonly (readonly string[])[]): RankIndex {
    const b = RankIndex.builder();
    for (const tokens of tokenLists) b.add(tokens.join(TOKEN_SEPARATOR));
    return b.finish();
  }

  /**
   * Indexes paragraphs one at a time, in pid order, as their tokens become known: {@link RankIndex.build} in steps
   * (see {@link rankLines}). The MiniSearch itself is loaded from the lines when first searched.
   */
  static builder(start?: { pid: number; averageFieldLength: number }): { add(field: string): void; finish(): RankIndex } {
    const b = rankLines(start);
    return { add: (field) => b.add(field), finish: () => new RankIndex(undefined, b.finish()) };
  }

  /**
   * MiniSearch's serialisation of the index (`toJSON()`) as lines: first the whole object except its `index`, then
   * each `[term, data]` entry of `index` on a line of its own. What {@link RankIndex.fromLines} reads.
   *
   * Why lines: `JSON.parse` of MiniSearch's whole JSON built a tree several times its size that stayed alive while
   * MiniSearch built its maps from it (the peak of a load); entry by entry, each parsed line is garbage once
   * MiniSearch has copied it.
   */
  *toLines(): Generator<string> {
    if (this.built) {
      yield* this.built;
      return;
    }
    if (this.saved && (this.loaded || this.compact) && this.saved.count + this.saved.appended.length === this.size) {
      yield* RankIndex.appendLines(this.saved.lines, this.saved.appended);
      return;
    }
    const { index, ...head } = this.ms.toJSON();
    yield JSON.stringify({ ...head, terms: index.length });
    for (let i = 0; i < index.length; i++) {
      yield JSON.stringify(index[i]);
      // Drop each entry once written, so the serialised copy shrinks as the output grows.
      (index as unknown[])[i] = undefined;
    }
  }

  /**
   * Loads what {@link RankIndex.toLines} wrote: into typed arrays (`rank-compact.ts`), MiniSearch being made from
   * them only if the index is changed; lines of another shape with the options that built them, through MiniSearch's
   * `loadJS`.
   *
   * The `index` given to `loadJS` is a generator that parses one line per entry as MiniSearch asks for it: this
   * relies on `loadJS` reading `index` with a single `for…of` and copying each entry before it takes the next (so
   * in MiniSearch 7.2; `test/engine/rank-load.test.ts` fails if a new version stops doing so). The whole parsed
   * index never exists at once.
   *
   * @throws on a malformed line or a term count that differs from the header's
   */
  static fromLines(lines: Iterable<string>): RankIndex {
    const it = lines[Symbol.iterator]();
    const first = it.next();
    if (first.done) throw new Error('no header line');
    const head = JSON.parse(first.value) as Omit<SerializedRank, 'index'> & { terms: number };
    if (typeof head !== 'object' || head === null || !Number.isInteger(head.terms)) throw new Error('malformed header line');
    let count = 0;
    function* entries(): Generator<SerializedEntry> {
      for (let r = it.next(); !r.done; r = it.next()) {
        const entry = JSON.parse(r.value) as unknown;
        if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'object' || entry[1] === null) {
          throw new Error(`malformed term line ${count + 2}`);
        }
        count++;
        yield entry as SerializedEntry;
      }
    }
    // The one shape written here is read into typed arrays; any other goes through MiniSearch.
    const compact = CompactRank.read(head as unknown as Parameters<typeof CompactRank.read>[0], it);
    if (compact) return new RankIndex(compact);
    const { terms, ...js } = head;
    // loadJS's type says `index` is an array; it only iterates it (see above).
    const ms = MiniSearch.loadJS<RankDoc>({ ...js, index: entries() as unknown as SerializedRank['index'] }, MINISEARCH_OPTIONS);
    if (count !== terms) throw new Error(`${count} terms, the header says ${terms}`);
    return new RankIndex(ms);
  }

  /**
   * Indexes more paragraphs after those already in (pids continue from {@link size}), through MiniSearch's `add`, or,
   * served from the compact arrays, by reading them again with the paragraphs' postings spliced into the saved lines:
   * what adding a report to a loaded index does instead of rebuilding it.
   */
  append(tokenLists: Iterable<readonly string[]>): void {
    if (this.compact && !this.loaded && this.saved && this.saved.count + this.saved.appended.length === this.compact.documentCount) {
      // Served from the compact arrays: read them again from the saved lines with these postings spliced in (what
      // `toLines` writes), rather than making the whole MiniSearch from them (several times slower at 100×).
      for (const tokens of tokenLists) this.saved.appended.push(tokens.join(TOKEN_SEPARATOR));
      const saved = this.saved;
      const r = RankIndex.fromLines(RankIndex.appendLines(saved.lines, saved.appended));
      this.compact = r.compact;
      this.loaded = r.loaded;
    } else {
      let pid = this.ms.documentCount;
      for (const tokens of tokenLists) {
        const field = tokens.join(TOKEN_SEPARATOR);
        this.ms.add({ pid: pid++, tokens: field });
        this.saved?.appended.push(field);
      }
    }
    // Sized for the old paragraph count.
    this.scratch = undefined;
    this.keep = undefined;
    this.direct = undefined;
  }

  /**
   * Re-indexes a paragraph with other tokens (MiniSearch's `remove` of exactly what was added, then `add`), as when
   * the corpus lexicon gains a term the paragraph holds.
   */
  replace(pid: number, before: readonly string[], after: readonly string[]): void {
    // A paragraph changed in the middle: saving goes through MiniSearch's toJSON again.
    this.saved = undefined;
    this.ms.remove({ pid, tokens: before.join(TOKEN_SEPARATOR) });
    this.ms.add({ pid, tokens: after.join(TOKEN_SEPARATOR) });
  }

  /**
   * Where the lines this index was loaded from can be read again: until {@link releaseSaved}, {@link toLines} after
   * {@link append}s writes those lines with the appended paragraphs' postings spliced in, rather than serialising
   * all of MiniSearch again (`toJSON` was most of the time of adding one report to a saved index).
   */
  retainSaved(lines: () => Iterable<string>): void {
    this.saved = undefined;
    const first = lines()[Symbol.iterator]().next();
    if (first.done) return;
    const head = JSON.parse(first.value) as Omit<SerializedRank, 'index'>;
    // Short ids equal pids only in an index no paragraph was re-indexed in (`replace` gives it a new short id).
    if (head.nextId !== head.documentCount || head.documentCount !== this.size) return;
    this.saved = { lines, count: this.size, appended: [] };
  }

  /** Forgets what {@link retainSaved} kept. */
  releaseSaved(): void {
    this.saved = undefined;
  }

  /**
   * The lines of an index saved as `saved()` with the paragraphs of `fields` (token fields) appended after its
   * last pid: what MiniSearch would serialise after `add`ing them. The appended pids are larger than every saved
   * one, so each term's new postings go at the end of its line; new terms get lines at the end.
   */
  private static *appendLines(saved: () => Iterable<string>, fields: readonly string[]): Generator<string> {
    const lines = saved()[Symbol.iterator]();
    const first = lines.next();
    if (first.done) throw new Error('no header line');
    const head = JSON.parse(first.value) as Omit<SerializedRank, 'index'> & { terms: number };
    const b = rankLines({ pid: head.documentCount, averageFieldLength: head.averageFieldLength[0] ?? 0 });
    for (const f of fields) b.add(f);
    const [addHeadLine, ...addLines] = b.finish();
    const addHead = JSON.parse(addHeadLine!) as typeof head;
    // Each appended term's postings, `"pid":tf,…`, by its key.
    const key = (line: string): string => line.slice(2, line.indexOf('"', 2));
    const body = (line: string): string => line.slice(line.indexOf('{"0":{') + 6, -3);
    const more = new Map(addLines.map((l) => [key(l), body(l)]));
    let shared = 0;
    for (const line of saved()) if (line.startsWith('["') && more.has(key(line))) shared++;
    yield JSON.stringify({
      ...head,
      documentCount: addHead.documentCount,
      nextId: head.nextId + fields.length,
      documentIds: { ...head.documentIds, ...addHead.documentIds },
      fieldLength: { ...head.fieldLength, ...addHead.fieldLength },
      averageFieldLength: addHead.averageFieldLength,
      terms: head.terms + more.size - shared,
    });
    for (let r = lines.next(); !r.done; r = lines.next()) {
      const line = r.value;
      const extra = more.get(key(line));
      if (extra === undefined) {
        yield line;
      } else {
        more.delete(key(line));
        // `…}}]` → `…,<extra>}}]`; a saved term always has at least one posting.
        yield `${line.slice(0, -3)},${extra}}}]`;
      }
    }
    for (const [k, extra] of more) yield `["${k}",{"0":{${extra}}}]`;
  }

  /** Number of paragraphs indexed. */
  get size(): number {
    return this.loaded ? this.loaded.documentCount : this.compact ? this.compact.documentCount : this.count;
  }

  /**
   * BM25 scores of the paragraphs holding all (`AND`) or any (`OR`) of the tokens, in pid order.
   *
   * @param only when given, the paragraphs to score (ascending); the others are skipped before MiniSearch builds
   *   a result for them.
   */
  search(tokens: readonly string[], mode: 'AND' | 'OR', only?: Int32Array): Scored {
    const queries = [...new Set(tokens)].filter((t) => t.length > 0);
    if (queries.length === 0 || only?.length === 0) return EMPTY_SCORED;
    this.read();
    if (this.compact && queries.length <= 255 && !queries.some((q) => q.includes(TOKEN_SEPARATOR))) {
      const space = this.compact.pidSpace;
      if (!this.direct || this.direct.sum.length < space) this.direct = { sum: new Float64Array(space), count: new Uint8Array(space) };
      return this.compact.search(queries, mode, only, this.direct);
    }
    // MiniSearch's own scores, read from its postings without a result object per paragraph (see rank-score.ts).
    const direct = scoreDirect(this.ms, queries, mode, only, (this.direct ??= { sum: new Float64Array(this.size), count: new Uint8Array(this.size) }));
    if (direct) return direct;
    return this.searchMiniSearch(queries, mode, only);
  }

  /** {@link search} through `MiniSearch.search` (what {@link scoreDirect} reproduces). */
  searchMiniSearch(queries: readonly string[], mode: 'AND' | 'OR', only?: Int32Array): Scored {
    if (queries.length === 0 || only?.length === 0) return EMPTY_SCORED;
    let results: SearchResult[];
    if (only) {
      const keep = (this.keep ??= new Uint8Array(this.size));
      for (const pid of only) keep[pid] = 1;
      try {
        // A boost of 0 makes MiniSearch skip a paragraph before it builds a result for it.
        results = this.ms.search({ queries: [...queries], combineWith: mode }, { boostDocument: (pid: number) => keep[pid]! });
      } finally {
        for (const pid of only) keep[pid] = 0;
      }
    } else {
      results = this.ms.search({ queries: [...queries], combineWith: mode });
    }
    const n = results.length;
    if (n === 0) return EMPTY_SCORED;
    const byPid = (this.scratch ??= new Float64Array(this.size));
    const pids = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = results[i]!;
      pids[i] = r.id as number;
      byPid[r.id as number] = r.score;
    }
    pids.sort();
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) scores[i] = byPid[pids[i]!]!;
    return { pids, scores };
  }
}
