/**
 * The in-memory index of a corpus: paragraph tables for filters and display, MiniSearch over the paragraphs' tokens
 * for ranked search, and a character n-gram index of the normalised paragraphs for exact mentions.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { DocMeta, IngestedDoc, Level, Paragraph } from './types.js';
import { norm } from './normalize.js';
import { badParam } from './errors.js';
import { MINISEARCH_OPTIONS, TOKEN_SEPARATOR, termKey, type RankDoc } from './minisearch-options.js';
import { Lexicon, corpusLexicon, segmentNormalized } from './segment.js';

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
  /** The MiniSearch, once loaded: a freshly built index holds only its {@link toLines} until first searched. */
  private loaded: MiniSearch<RankDoc> | undefined;
  /** Paragraph count of an index not yet loaded. */
  private readonly count: number;
  /** See {@link retainSaved}. */
  private saved: { lines: () => Iterable<string>; count: number; appended: string[] } | undefined;

  private constructor(ms: MiniSearch<RankDoc> | undefined, private built?: string[]) {
    this.loaded = ms;
    this.count = ms ? 0 : Number((JSON.parse(built![0]!) as { documentCount: number }).documentCount);
  }

  /** The MiniSearch, loading it from the built lines on first use (see {@link builder}). */
  private get ms(): MiniSearch<RankDoc> {
    if (!this.loaded) {
      this.loaded = RankIndex.fromLines(this.built!).loaded!;
      this.built = undefined;
    }
    return this.loaded;
  }

  /** Loads the MiniSearch now rather than on the first search (what a server does once it listens). */
  load(): this {
    void this.ms;
    return this;
  }

  /** Indexes the token lists of the paragraphs (index = pid). */
  static build(tokenLists: readonly (readonly string[])[]): RankIndex {
    const b = RankIndex.builder();
    for (const tokens of tokenLists) b.add(tokens.join(TOKEN_SEPARATOR));
    return b.finish();
  }

  /**
   * Indexes paragraphs one at a time, in pid order, as their tokens become known: {@link RankIndex.build} in steps.
   *
   * Why not MiniSearch's `add`: at 100× the seeds, adding 60 k paragraphs (5.3 M tokens) one token at a time into
   * MiniSearch's radix tree took 7.5 s, most of a build, and `toJSON` 0.9 s more to save it. The builder counts the
   * postings itself and writes the lines of MiniSearch's own serialisation (`toJSON()`'s shape, the one `loadJS`
   * reads) with exactly the bookkeeping `add` does: short ids 0…n−1 in pid order, a term's frequency per paragraph,
   * the field length as the number of distinct tokens and the running average of field lengths in the same
   * floating-point steps. The MiniSearch itself is loaded from those lines (`loadJS`, the public way in) when first
   * searched, so `npm run index` never builds it in memory at all. `test/engine/rank-build.test.ts` checks that both
   * ways give MiniSearch the same serialisation and the same scores.
   *
   * `add` takes a paragraph's field as MiniSearch would get it, the tokens joined by {@link TOKEN_SEPARATOR}: the
   * segmentation children and cache hold them so, and the builder looks each token up where it lies in the field.
   * `start` continues an index of `start.pid` paragraphs whose average field length is given (see `appendLines`).
   */
  static builder(start: { pid: number; averageFieldLength: number } = { pid: 0, averageFieldLength: 0 }): {
    add(field: string): void;
    finish(): RankIndex;
  } {
    // The terms in an open-addressing hash table over the field's characters: a token is looked up where it lies in
    // the field, and sliced out only the first time it is seen (5.3 M tokens, 0.3 M distinct, at 100× the seeds).
    const terms: string[] = [];
    let termHash: Int32Array = new Int32Array(1 << 16);
    let table: Int32Array = new Int32Array(1 << 17).fill(-1);
    const termOf = (field: string, from: number, to: number): number => {
      let h = 0x811c9dc5;
      for (let i = from; i < to; i++) h = Math.imul(h ^ field.charCodeAt(i), 0x01000193);
      for (let at = h & (table.length - 1); ; at = (at + 1) & (table.length - 1)) {
        const id = table[at]!;
        if (id === -1) {
          const t = terms.length;
          terms.push(field.slice(from, to));
          if (t === termHash.length) termHash = grown(termHash);
          termHash[t] = h;
          table[at] = t;
          if (terms.length * 2 > table.length) {
            table = new Int32Array(table.length * 2).fill(-1);
            for (let k = 0; k < terms.length; k++) {
              let j = termHash[k]! & (table.length - 1);
              while (table[j] !== -1) j = (j + 1) & (table.length - 1);
              table[j] = k;
            }
          }
          return t;
        }
        if (termHash[id] === h) {
          const term = terms[id]!;
          if (term.length === to - from) {
            let k = 0;
            while (k < term.length && term.charCodeAt(k) === field.charCodeAt(from + k)) k++;
            if (k === term.length) return id;
          }
        }
      }
    };
    // Per term: the last paragraph it occurred in, and where that paragraph's posting of it is.
    let lastPid: Int32Array = new Int32Array(1 << 16).fill(-1);
    let slot: Int32Array = new Int32Array(1 << 16);
    // The postings in paragraph order: term and frequency; paragraph p's are [starts[p], starts[p + 1]).
    let postTerm: Int32Array = new Int32Array(1 << 20);
    let postTf: Int32Array = new Int32Array(1 << 20);
    let posts = 0;
    const starts: number[] = [0];
    const fieldLength: number[] = [];
    let averageFieldLength = start.averageFieldLength;
    return {
      add: (field) => {
        const pid = start.pid + fieldLength.length;
        const first = posts;
        let empty = 0;
        // MiniSearch's tokenize: the field split at each separator; an empty field has no tokens.
        for (let from = 0; field.length > 0 && from <= field.length;) {
          let to = field.indexOf(TOKEN_SEPARATOR, from);
          if (to < 0) to = field.length;
          if (to === from) {
            // An empty token: it counts in the field length, and processTerm drops it.
            empty = 1;
          } else {
            const id = termOf(field, from, to);
            if (id === lastPid.length) {
              lastPid = grown(lastPid, -1);
              slot = grown(slot);
            }
            if (lastPid[id] === pid) {
              postTf[slot[id]!]!++;
            } else {
              if (posts === postTerm.length) {
                postTerm = grown(postTerm);
                postTf = grown(postTf);
              }
              lastPid[id] = pid;
              slot[id] = posts;
              postTerm[posts] = id;
              postTf[posts++] = 1;
            }
          }
          from = to + 1;
        }
        starts.push(posts);
        const length = posts - first + empty;
        // addFieldLength's arithmetic, step for step, so that scores are identical to the bit.
        averageFieldLength = (averageFieldLength * pid + length) / (pid + 1);
        fieldLength.push(length);
      },
      finish: () => {
        const n = fieldLength.length;
        const documentIds: Record<number, number> = {};
        const lengths: Record<number, number[]> = {};
        for (let i = 0; i < n; i++) {
          documentIds[start.pid + i] = start.pid + i;
          lengths[start.pid + i] = [fieldLength[i]!];
        }
        const head: Omit<SerializedRank, 'index'> & { terms: number } = {
          documentCount: start.pid + n,
          nextId: start.pid + n,
          documentIds,
          fieldIds: { tokens: 0 },
          fieldLength: lengths,
          averageFieldLength: start.pid + n === 0 ? [] : [averageFieldLength],
          storedFields: {},
          dirtCount: 0,
          serializationVersion: 2,
          terms: terms.length,
        };
        // Counting sort of the postings by term, paragraphs staying in order within a term.
        const at = new Int32Array(terms.length + 1);
        for (let k = 0; k < posts; k++) at[postTerm[k]! + 1]!++;
        for (let i = 0; i < terms.length; i++) at[i + 1]! += at[i]!;
        const byTermPid = new Int32Array(posts);
        const byTermTf = new Int32Array(posts);
        const fill = at.slice(0, terms.length);
        for (let i = 0; i < n; i++) {
          for (let k = starts[i]!; k < starts[i + 1]!; k++) {
            const j = fill[postTerm[k]!]!++;
            byTermPid[j] = start.pid + i;
            byTermTf[j] = postTf[k]!;
          }
        }
        const lines = new Array<string>(terms.length + 1);
        lines[0] = JSON.stringify(head);
        for (let i = 0; i < terms.length; i++) {
          // termKey is hex digits: nothing to escape.
          let line = `["${termKey(terms[i]!)}",{"0":{`;
          for (let j = at[i]!; j < at[i + 1]!; j++) line += `${j === at[i] ? '' : ','}"${byTermPid[j]}":${byTermTf[j]}`;
          lines[i + 1] = `${line}}}]`;
        }
        return new RankIndex(undefined, lines);
      },
    };
  }

  /**
   * MiniSearch's serialisation of the index (`toJSON()`) as lines: first the whole object except its `index`, then
   * each `[term, data]` entry of `index` on a line of its own. What {@link RankIndex.fromLines} reads.
   *
   * Why lines: at 100× the seeds MiniSearch's JSON is 42 MB, and `JSON.parse` of it built a 300 MB tree that stayed
   * alive while MiniSearch built its maps from it (heap 574 MB at the peak of a load); entry by entry, each parsed
   * line is garbage once MiniSearch has copied it.
   */
  *toLines(): Generator<string> {
    if (this.built) {
      yield* this.built;
      return;
    }
    if (this.saved && this.loaded && this.saved.count + this.saved.appended.length === this.loaded.documentCount) {
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
   * Loads what {@link RankIndex.toLines} wrote, with the options that built it, through MiniSearch's `loadJS`.
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
    const { terms, ...js } = head;
    // loadJS's type says `index` is an array; it only iterates it (see above).
    const ms = MiniSearch.loadJS<RankDoc>({ ...js, index: entries() as unknown as SerializedRank['index'] }, MINISEARCH_OPTIONS);
    if (count !== terms) throw new Error(`${count} terms, the header says ${terms}`);
    return new RankIndex(ms);
  }

  /**
   * Indexes more paragraphs after those already in (pids continue from {@link size}), through MiniSearch's `add`:
   * what adding a report to a loaded index does instead of rebuilding it.
   */
  append(tokenLists: Iterable<readonly string[]>): void {
    let pid = this.ms.documentCount;
    for (const tokens of tokenLists) {
      const field = tokens.join(TOKEN_SEPARATOR);
      this.ms.add({ pid: pid++, tokens: field });
      this.saved?.appended.push(field);
    }
    // Sized for the old paragraph count.
    this.scratch = undefined;
    this.keep = undefined;
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
   * all of MiniSearch again (at 100× the seeds, `toJSON` took 1.9 s of adding one report to a saved index).
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
    const b = RankIndex.builder({ pid: head.documentCount, averageFieldLength: head.averageFieldLength[0] ?? 0 });
    for (const f of fields) b.add(f);
    const [addHeadLine, ...addLines] = b.finish().built!;
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
    return this.loaded ? this.loaded.documentCount : this.count;
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
    let results: SearchResult[];
    if (only) {
      const keep = (this.keep ??= new Uint8Array(this.size));
      for (const pid of only) keep[pid] = 1;
      try {
        // A boost of 0 makes MiniSearch skip a paragraph before it builds a result for it.
        results = this.ms.search({ queries, combineWith: mode }, { boostDocument: (pid: number) => keep[pid]! });
      } finally {
        for (const pid of only) keep[pid] = 0;
      }
    } else {
      results = this.ms.search({ queries, combineWith: mode });
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

/** A copy of twice the length; the new half filled with `fill` when given. */
function grown(a: Int32Array, fill?: number): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  if (fill !== undefined) b.fill(fill, a.length);
  return b;
}

/** What MiniSearch's `toJSON` returns, and `loadJS` takes. */
type SerializedRank = ReturnType<MiniSearch['toJSON']>;
type SerializedEntry = SerializedRank['index'][number];

/** Paragraphs (ascending pids) with a score each. */
export interface Scored {
  pids: Int32Array;
  scores: Float64Array;
}

export const EMPTY_SCORED: Scored = { pids: new Int32Array(0), scores: new Float64Array(0) };

/** First index `>= from` of an ascending list whose value is `>= x` (galloping). */
function seek(list: Int32Array, from: number, x: number): number {
  if (from >= list.length || list[from]! >= x) return from;
  let step = 1;
  let lo = from;
  let hi = from + 1;
  while (hi < list.length && list[hi]! < x) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > list.length) hi = list.length;
  // list[lo] < x, and list[hi] >= x or hi is the end.
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < x) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Paragraphs in either, scores summed. */
export function unionScored(a: Scored, b: Scored): Scored {
  if (a.pids.length === 0) return b;
  if (b.pids.length === 0) return a;
  const pids = new Int32Array(a.pids.length + b.pids.length);
  const scores = new Float64Array(pids.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.pids.length || j < b.pids.length) {
    const x = i < a.pids.length ? a.pids[i]! : Infinity;
    const y = j < b.pids.length ? b.pids[j]! : Infinity;
    if (x === y) {
      pids[n] = x;
      scores[n++] = a.scores[i++]! + b.scores[j++]!;
    } else if (x < y) {
      pids[n] = x;
      scores[n++] = a.scores[i++]!;
    } else {
      pids[n] = y;
      scores[n++] = b.scores[j++]!;
    }
  }
  return { pids: pids.subarray(0, n), scores: scores.subarray(0, n) };
}

/** Paragraphs in both, scores summed. */
export function intersectScored(a: Scored, b: Scored): Scored {
  const small = a.pids.length <= b.pids.length ? a : b;
  const big = small === a ? b : a;
  const pids = new Int32Array(small.pids.length);
  const scores = new Float64Array(small.pids.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < small.pids.length; i++) {
    const x = small.pids[i]!;
    j = seek(big.pids, j, x);
    if (j < big.pids.length && big.pids[j] === x) {
      pids[n] = x;
      scores[n++] = small.scores[i]! + big.scores[j]!;
    }
  }
  return { pids: pids.subarray(0, n), scores: scores.subarray(0, n) };
}

/** The paragraphs of `a` not in the ascending list `drop`. */
export function subtractPids(a: Scored, drop: Int32Array): Scored {
  if (drop.length === 0 || a.pids.length === 0) return a;
  const pids = new Int32Array(a.pids.length);
  const scores = new Float64Array(a.pids.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.pids.length; i++) {
    const x = a.pids[i]!;
    j = seek(drop, j, x);
    if (j < drop.length && drop[j] === x) continue;
    pids[n] = x;
    scores[n++] = a.scores[i]!;
  }
  return { pids: pids.subarray(0, n), scores: scores.subarray(0, n) };
}

/** Ascending intersection of ascending pid lists (at least one), the shortest first. */
export function intersectPids(lists: readonly Int32Array[]): Int32Array {
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let acc = sorted[0]!;
  for (let i = 1; i < sorted.length && acc.length > 0; i++) acc = intersect(acc, sorted[i]!);
  return acc;
}

/** Ascending union of ascending pid lists. */
export function unionPids(lists: readonly Int32Array[]): Int32Array {
  let acc: Int32Array = new Int32Array(0);
  for (const l of lists) acc = unionScored({ pids: acc, scores: new Float64Array(acc.length) }, { pids: l, scores: new Float64Array(l.length) }).pids;
  return acc;
}

/**
 * Ascending pid lists keyed by a uint32 (ascending `keys`), each stored as the varint-encoded (LEB128) gaps between
 * its pids, the first gap counted from -1. At 100× the seeds the mention lists took 50 MB as Int32 arrays and take
 * 17 MB so; a list is decoded when looked up (20,000 pids in well under 0.1 ms).
 */
export class PostingLists {
  constructor(
    readonly keys: Uint32Array,
    /** Byte offset of each key's list in `bytes`, and the end of the last. */
    readonly starts: Uint32Array,
    /** Number of pids in each key's list. */
    readonly counts: Uint32Array,
    readonly bytes: Uint8Array,
  ) {
    if (starts.length !== keys.length + 1 || counts.length !== keys.length || starts[keys.length] !== bytes.length) {
      throw new Error('posting lists: sections of different lengths');
    }
  }

  /** Encodes lists laid out as `postings[offsets[i]…offsets[i + 1]]` for `keys[i]`. */
  static encode(keys: Uint32Array, offsets: Uint32Array, postings: Int32Array): PostingLists {
    const counts = new Uint32Array(keys.length);
    const starts = new Uint32Array(keys.length + 1);
    let size = 0;
    for (let i = 0; i < keys.length; i++) {
      counts[i] = offsets[i + 1]! - offsets[i]!;
      starts[i] = size;
      let prev = -1;
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        const gap = postings[j]! - prev;
        prev = postings[j]!;
        size += gap < 0x80 ? 1 : gap < 0x4000 ? 2 : gap < 0x200000 ? 3 : gap < 0x10000000 ? 4 : 5;
      }
    }
    starts[keys.length] = size;
    const bytes = new Uint8Array(size);
    let at = 0;
    for (let i = 0; i < keys.length; i++) {
      let prev = -1;
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        let gap = postings[j]! - prev;
        prev = postings[j]!;
        while (gap >= 0x80) {
          bytes[at++] = (gap & 0x7f) | 0x80;
          gap >>>= 7;
        }
        bytes[at++] = gap;
      }
    }
    return new PostingLists(keys, starts, counts, bytes);
  }

  /** The position of `key` in `keys`, or -1. */
  find(key: number): number {
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid]!;
      if (k === key) return mid;
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The list at position `i` of `keys`, decoded. */
  decode(i: number): Int32Array {
    const n = this.counts[i]!;
    const bytes = this.bytes;
    const out = new Int32Array(n);
    let at = this.starts[i]!;
    let pid = -1;
    for (let j = 0; j < n; j++) {
      let b = bytes[at++]!;
      let gap = b & 0x7f;
      for (let shift = 7; b & 0x80; shift += 7) {
        b = bytes[at++]!;
        gap |= (b & 0x7f) << shift;
      }
      pid += gap;
      out[j] = pid;
    }
    return out;
  }

  /** The list of `key`, decoded; empty when the key has none. */
  get(key: number): Int32Array {
    const i = this.find(key);
    return i < 0 ? new Int32Array(0) : this.decode(i);
  }

  /**
   * These lists with `more`'s appended, its pids shifted by `offset` (larger than every pid here): what encoding
   * the lists of both corpora end to end gives, without going back to the texts. Each list here is copied as it is
   * encoded; only where `more` has the key is its last pid decoded, to carry the gaps on.
   */
  append(more: PostingLists, offset: number): PostingLists {
    const keys: number[] = [];
    const counts: number[] = [];
    const starts: number[] = [];
    let bytes = new Uint8Array(this.bytes.length + more.bytes.length + 16);
    let at = 0;
    const room = (n: number): void => {
      if (at + n <= bytes.length) return;
      const b = new Uint8Array(Math.max(bytes.length * 2, at + n));
      b.set(bytes.subarray(0, at));
      bytes = b;
    };
    let i = 0;
    let j = 0;
    while (i < this.keys.length || j < more.keys.length) {
      const a = i < this.keys.length ? this.keys[i]! : Infinity;
      const b = j < more.keys.length ? more.keys[j]! : Infinity;
      keys.push(Math.min(a, b));
      starts.push(at);
      let prev = -1;
      let count = 0;
      if (a <= b) {
        const from = this.starts[i]!;
        const to = this.starts[i + 1]!;
        room(to - from);
        bytes.set(this.bytes.subarray(from, to), at);
        at += to - from;
        count += this.counts[i]!;
        if (a === b) {
          const list = this.decode(i);
          prev = list[list.length - 1]!;
        }
        i++;
      }
      if (b <= a) {
        const list = more.decode(j);
        room(list.length * 5);
        for (const pid of list) {
          let gap = pid + offset - prev;
          prev = pid + offset;
          while (gap >= 0x80) {
            bytes[at++] = (gap & 0x7f) | 0x80;
            gap >>>= 7;
          }
          bytes[at++] = gap;
        }
        count += list.length;
        j++;
      }
      counts.push(count);
    }
    starts.push(at);
    return new PostingLists(Uint32Array.from(keys), Uint32Array.from(starts), Uint32Array.from(counts), bytes.slice(0, at));
  }
}

/**
 * Posting lists of the character unigrams and bigrams of every normalised paragraph: which paragraphs hold a given
 * one or two UTF-16 code units. A mention of `q` can only be in a paragraph that holds every bigram of `norm(q)`,
 * so intersecting their lists and confirming with `indexOf` finds exactly what a scan of all paragraphs finds.
 */
export class MentionIndex {
  constructor(
    /** Keyed by the code unit. */
    readonly uni: PostingLists,
    /** Keyed by `(first << 16 | second) >>> 0`. */
    readonly bi: PostingLists,
  ) {}

  /** Builds the lists from the normalised paragraph texts (index = paragraph ordinal). */
  static build(norms: readonly string[]): MentionIndex {
    // Dense ids for the keys met, a first pass to count each key's paragraphs, then the lists in one array.
    // (Maps of arrays took three times as long at 100x the seeds.)
    const build = (keyAt: (t: string, i: number) => number, span: number): PostingLists => {
      const ids = new Map<number, number>();
      const keys: number[] = [];
      let counts = new Int32Array(1024);
      let lastPid = new Int32Array(1024).fill(-1);
      let total = 0;
      for (const t of norms) total += Math.max(0, t.length - span + 1);
      const seq = new Int32Array(total);
      const ends = new Int32Array(norms.length);
      let n = 0;
      for (let pid = 0; pid < norms.length; pid++) {
        const t = norms[pid]!;
        for (let i = 0; i + span <= t.length; i++) {
          const k = keyAt(t, i);
          let id = ids.get(k);
          if (id === undefined) {
            id = keys.length;
            ids.set(k, id);
            keys.push(k);
            if (id >= counts.length) {
              const c = new Int32Array(counts.length * 2);
              c.set(counts);
              counts = c;
              const l = new Int32Array(lastPid.length * 2).fill(-1);
              l.set(lastPid);
              lastPid = l;
            }
          }
          // Once per paragraph.
          if (lastPid[id] === pid) continue;
          lastPid[id] = pid;
          counts[id]!++;
          seq[n++] = id;
        }
        ends[pid] = n;
      }
      const order = Array.from(keys.keys()).sort((x, y) => keys[x]! - keys[y]!);
      const sortedKeys = new Uint32Array(keys.length);
      const offsets = new Uint32Array(keys.length + 1);
      const start = new Int32Array(keys.length);
      let at = 0;
      order.forEach((id, rank) => {
        sortedKeys[rank] = keys[id]!;
        offsets[rank] = at;
        start[id] = at;
        at += counts[id]!;
      });
      offsets[keys.length] = at;
      const postings = new Int32Array(at);
      let from = 0;
      for (let pid = 0; pid < norms.length; pid++) {
        for (let j = from; j < ends[pid]!; j++) postings[start[seq[j]!]!++] = pid;
        from = ends[pid]!;
      }
      return PostingLists.encode(sortedKeys, offsets, postings);
    };
    return new MentionIndex(
      build((t, i) => t.charCodeAt(i), 1),
      build((t, i) => ((t.charCodeAt(i) << 16) | t.charCodeAt(i + 1)) >>> 0, 2),
    );
  }

  /** The lists with paragraphs appended after the `offset` ones these lists were built from. */
  append(norms: readonly string[], offset: number): MentionIndex {
    const more = MentionIndex.build(norms);
    return new MentionIndex(this.uni.append(more.uni, offset), this.bi.append(more.bi, offset));
  }

  /**
   * Paragraphs that may mention `nq` (already normalised, non-empty): a superset of the true answer, sorted.
   */
  candidates(nq: string): Int32Array {
    if (nq.length === 1) return this.uni.get(nq.charCodeAt(0));
    const found: number[] = [];
    for (let i = 0; i + 1 < nq.length; i++) {
      const at = this.bi.find(((nq.charCodeAt(i) << 16) | nq.charCodeAt(i + 1)) >>> 0);
      if (at < 0) return new Int32Array(0);
      if (!found.includes(at)) found.push(at);
    }
    // The rarest lists first; once few candidates are left, confirming them directly is cheaper than decoding and
    // intersecting the longer lists.
    found.sort((x, y) => this.bi.counts[x]! - this.bi.counts[y]!);
    let acc = this.bi.decode(found[0]!);
    for (let li = 1; li < found.length && acc.length > 8; li++) acc = intersect(acc, this.bi.decode(found[li]!));
    return acc;
  }

  /** Exactly the paragraphs whose normalised text contains `nq` (non-empty), ascending. */
  containing(nq: string, norms: readonly string[]): Int32Array {
    const cand = this.candidates(nq);
    // A list of one or two code units is exact already.
    if (nq.length <= 2) return cand;
    const out = new Int32Array(cand.length);
    let n = 0;
    for (const pid of cand) if (norms[pid]!.includes(nq)) out[n++] = pid;
    return out.subarray(0, n);
  }
}

/** Intersection of two ascending lists; gallops through the longer one. */
function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const x = a[i]!;
    if (b[j]! < x) {
      let step = 1;
      let hi = j + 1;
      while (hi < b.length && b[hi]! < x) { j = hi; step *= 2; hi = j + step; }
      hi = Math.min(hi, b.length - 1);
      // b[j] < x <= b[hi] (or hi is the end): binary search inside.
      let lo = j + 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (b[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      j = lo;
    }
    if (j < b.length && b[j] === x) out[n++] = x;
  }
  return out.subarray(0, n);
}

/** Non-overlapping occurrences of `needle` in `hay`, left to right. */
export function countOccurrences(hay: string, needle: string): number {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Everything search and mentions read, built once per corpus. Paragraphs are numbered 0… across documents (pid). */
export interface CorpusIndex {
  docs: DocMeta[];
  /** Paragraphs of each document, in order. */
  docParagraphs: Paragraph[][];
  /** Per pid: the paragraph, its document's index in `docs`, and `norm(text)`. */
  paragraphs: Paragraph[];
  paraDoc: Int32Array;
  /** Per pid: its chapter's and section's ordinal in `headings`. */
  paraChapter: Int32Array;
  paraSection: Int32Array;
  /** The distinct chapter and section texts (`""` first). */
  headings: string[];
  norms: string[];
  lexicon: Lexicon;
  rank: RankIndex;
  mentionIndex: MentionIndex;
}

/** The flat paragraph tables of a set of documents. */
export function flatten(
  docs: readonly IngestedDoc[],
  norms?: readonly string[],
): Pick<CorpusIndex, 'docs' | 'docParagraphs' | 'paragraphs' | 'paraDoc' | 'paraChapter' | 'paraSection' | 'headings' | 'norms'> {
  const paragraphs: Paragraph[] = [];
  const docIdx: number[] = [];
  docs.forEach((d, i) => {
    for (const p of d.paragraphs) {
      paragraphs.push(p);
      docIdx.push(i);
    }
  });
  const headings = [''];
  const ids = new Map<string, number>([['', 0]]);
  const hid = (s: string): number => {
    let i = ids.get(s);
    if (i === undefined) {
      ids.set(s, (i = headings.length));
      headings.push(s);
    }
    return i;
  };
  return {
    docs: docs.map((d) => d.meta),
    docParagraphs: docs.map((d) => d.paragraphs),
    paragraphs,
    paraDoc: Int32Array.from(docIdx),
    paraChapter: Int32Array.from(paragraphs, (p) => hid(p.chapter)),
    paraSection: Int32Array.from(paragraphs, (p) => hid(p.section)),
    headings,
    norms: norms ? [...norms] : paragraphs.map((p) => norm(p.text)),
  };
}

/**
 * Builds a {@link CorpusIndex} in steps: the paragraph tables and the corpus lexicon at once, then the paragraphs'
 * tokens in pid order as they arrive (from the segmentation cache or worker processes), the mention lists whenever
 * convenient, and the index at the end.
 */
export class CorpusIndexBuilder {
  readonly flat: ReturnType<typeof flatten>;
  readonly lexicon: Lexicon;
  private readonly rank = RankIndex.builder();
  private mentions: MentionIndex | undefined;
  /** Paragraphs added so far (the next pid). */
  added = 0;

  constructor(docs: readonly IngestedDoc[], norms?: readonly string[]) {
    this.flat = flatten(docs, norms);
    this.lexicon = corpusLexicon(this.flat.norms);
  }

  /** Indexes the next paragraphs, given jieba's tokens for each; the lexicon's names are added to them. */
  add(baseTokens: readonly (readonly string[])[]): void {
    this.addJoined(baseTokens.map((base) => base.join(TOKEN_SEPARATOR)));
  }

  /** {@link add} with each paragraph's tokens space-joined, as the segmentation children and cache hold them. */
  addJoined(joined: readonly string[]): void {
    for (const base of joined) {
      const n = this.flat.norms[this.added];
      if (n === undefined) throw new Error(`CorpusIndexBuilder: more than ${this.flat.norms.length} paragraphs`);
      const extra = this.lexicon.overlayJoined(n, base);
      this.rank.add(extra.length === 0 ? base : base.length === 0 ? extra.join(TOKEN_SEPARATOR) : `${base}${TOKEN_SEPARATOR}${extra.join(TOKEN_SEPARATOR)}`);
      this.added++;
    }
  }

  /** Builds the mention lists now (they need only the normalised texts). */
  buildMentions(): void {
    this.mentions ??= MentionIndex.build(this.flat.norms);
  }

  finish(): CorpusIndex {
    if (this.added !== this.flat.norms.length) throw new Error(`CorpusIndexBuilder: ${this.added} of ${this.flat.norms.length} paragraphs added`);
    this.buildMentions();
    return { ...this.flat, lexicon: this.lexicon, rank: this.rank.finish(), mentionIndex: this.mentions! };
  }
}

/**
 * Builds the whole index in this process.
 *
 * @param baseTokens jieba's tokens per pid (from the segmentation cache or worker processes); segmented here when
 *   absent.
 * @param norms `norm(text)` per pid, when already computed.
 */
export function buildCorpusIndex(
  docs: readonly IngestedDoc[],
  baseTokens?: readonly (readonly string[])[],
  norms?: readonly string[],
): CorpusIndex {
  const b = new CorpusIndexBuilder(docs, norms);
  b.add(b.flat.norms.map((n, pid) => baseTokens?.[pid] ?? segmentNormalized(n)));
  return b.finish();
}

/** The level boost of ranked search: headings name what their chapter is about. */
export const LEVEL_BOOST: Record<Level, number> = { 0: 1, 1: 1.5, 2: 1.35, 3: 1.2 };

/** The facet dimensions, which are also the filters. */
export type Dim = 'city' | 'year' | 'kind' | 'chapter';
export const DIMS: readonly Dim[] = ['city', 'year', 'kind', 'chapter'];

/** Bits of a paragraph's filter mask: which filters it fails. */
export const DIM_BIT: Record<Dim, number> = { city: 1, year: 2, kind: 4, chapter: 8 };

/**
 * The filters of a request, compiled (SPEC §6): city exact, also matching a district's documents; year and kind
 * exact; chapter contained in the paragraph's chapter or section (compared normalised). `mask(pid)` says which
 * filters a paragraph fails, so facets can count each dimension with the other filters applied.
 */
export interface CompiledFilters {
  /** Bits (`DIM_BIT`) of the filters given. */
  active: number;
  mask(pid: number): number;
}

export function compileFilters(
  ix: Pick<CorpusIndex, 'docs' | 'paraDoc' | 'paraChapter' | 'paraSection' | 'headings'>,
  f: { city?: string; year?: number; kind?: string; chapter?: string },
): CompiledFilters {
  let active = 0;
  const city = f.city !== undefined && f.city !== '' ? f.city : undefined;
  const kind = f.kind !== undefined && f.kind !== '' ? f.kind : undefined;
  const year = f.year !== undefined && f.year !== null ? f.year : undefined;
  if (year !== undefined && !Number.isInteger(year)) throw badParam(`year must be a whole number, got ${String(year)}`);
  const chapter = f.chapter !== undefined ? norm(f.chapter) : '';
  if (city !== undefined) active |= DIM_BIT.city;
  if (year !== undefined) active |= DIM_BIT.year;
  if (kind !== undefined) active |= DIM_BIT.kind;
  if (chapter !== '') active |= DIM_BIT.chapter;
  if (active === 0) return { active, mask: () => 0 };
  const docMask = new Uint8Array(ix.docs.length);
  ix.docs.forEach((d, i) => {
    let m = 0;
    if (city !== undefined && d.city !== city && d.district !== city) m |= DIM_BIT.city;
    if (year !== undefined && d.year !== year) m |= DIM_BIT.year;
    if (kind !== undefined && d.kind !== kind) m |= DIM_BIT.kind;
    docMask[i] = m;
  });
  if (chapter === '') return { active, mask: (pid) => docMask[ix.paraDoc[pid]!]! };
  const ok = Uint8Array.from(ix.headings, (h) => (h !== '' && normCached(h).includes(chapter) ? 1 : 0));
  return {
    active,
    mask: (pid) => docMask[ix.paraDoc[pid]!]! | (ok[ix.paraChapter[pid]!] || ok[ix.paraSection[pid]!] ? 0 : DIM_BIT.chapter),
  };
}

const normCache = new Map<string, string>();
function normCached(s: string): string {
  let v = normCache.get(s);
  if (v === undefined) {
    v = norm(s);
    if (normCache.size > 100_000) normCache.clear();
    normCache.set(s, v);
  }
  return v;
}
