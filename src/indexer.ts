/**
 * The in-memory index of a corpus: paragraph tables for filters and display, a BM25 inverted index of the paragraphs'
 * tokens for ranked search, and a character n-gram index of the normalised paragraphs for exact mentions.
 */
import type { DocMeta, IngestedDoc, Level, Paragraph } from './types.js';
import { norm } from './normalize.js';
import { badParam } from './errors.js';
import { Lexicon, corpusLexicon, segmentNormalized } from './segment.js';

/** BM25 parameters, MiniSearch's defaults: term saturation k, length normalisation b, and a floor d per match. */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

/**
 * An inverted index of paragraph tokens with BM25 scoring, in typed arrays: for every token, the ascending pids of
 * the paragraphs holding it and how often. Scores follow MiniSearch's BM25 (same parameters, and a result's score
 * multiplied by the number of query tokens it matched), without its per-posting objects: at 100× the seeds
 * MiniSearch took 12 s to add the paragraphs, 2 s to load its 42 MB JSON and 40 ms for a common word.
 */
export class TermIndex {
  /** token → its ordinal in `offsets`. */
  private readonly ids: Map<string, number>;
  readonly avgLength: number;

  constructor(
    /** Tokens in ordinal order. */
    readonly terms: readonly string[],
    /** Postings of token t are `[offsets[t], offsets[t + 1])` of `pids` and `freqs`. */
    readonly offsets: Uint32Array,
    readonly pids: Int32Array,
    readonly freqs: Uint16Array,
    /** Tokens per paragraph. */
    readonly lengths: Uint32Array,
  ) {
    this.ids = new Map(terms.map((t, i) => [t, i]));
    let total = 0;
    for (const l of lengths) total += l;
    this.avgLength = lengths.length > 0 ? Math.max(1, total / lengths.length) : 1;
  }

  /** Indexes the token lists of the paragraphs (index = pid). */
  static build(tokenLists: readonly (readonly string[])[]): TermIndex {
    // One pass records (token, pid) postings in arrival order, counting repeats in place; a counting sort by token
    // then lays them out. (A Map per paragraph and an array per token took twice as long.)
    const ids = new Map<string, number>();
    const terms: string[] = [];
    let lastPid = new Int32Array(4096).fill(-1);
    let lastAt = new Int32Array(4096);
    let df = new Int32Array(4096);
    let total = 0;
    for (const t of tokenLists) total += t.length;
    const postTerm = new Int32Array(total);
    const postPid = new Int32Array(total);
    const postFreq = new Uint16Array(total);
    const lengths = new Uint32Array(tokenLists.length);
    let n = 0;
    for (let pid = 0; pid < tokenLists.length; pid++) {
      const tokens = tokenLists[pid]!;
      lengths[pid] = tokens.length;
      for (let k = 0; k < tokens.length; k++) {
        const t = tokens[k]!;
        let id = ids.get(t);
        if (id === undefined) {
          id = terms.length;
          ids.set(t, id);
          terms.push(t);
          if (id >= lastPid.length) {
            const grow = <A extends Int32Array>(a: A, fill: number): A => {
              const b = new Int32Array(a.length * 2).fill(fill);
              b.set(a);
              return b as A;
            };
            lastPid = grow(lastPid, -1);
            lastAt = grow(lastAt, 0);
            df = grow(df, 0);
          }
        }
        if (lastPid[id] === pid) {
          const at = lastAt[id]!;
          if (postFreq[at]! < 0xffff) postFreq[at]!++;
          continue;
        }
        lastPid[id] = pid;
        lastAt[id] = n;
        df[id]!++;
        postTerm[n] = id;
        postPid[n] = pid;
        postFreq[n++] = 1;
      }
    }
    const offsets = new Uint32Array(terms.length + 1);
    const next = new Int32Array(terms.length);
    let at = 0;
    for (let i = 0; i < terms.length; i++) {
      offsets[i] = next[i] = at;
      at += df[i]!;
    }
    offsets[terms.length] = at;
    const pids = new Int32Array(at);
    const freqs = new Uint16Array(at);
    // Arrival order is pid order, so each token's postings come out ascending.
    for (let i = 0; i < n; i++) {
      const j = next[postTerm[i]!]!++;
      pids[j] = postPid[i]!;
      freqs[j] = postFreq[i]!;
    }
    return new TermIndex(terms, offsets, pids, freqs, lengths);
  }

  /** Number of paragraphs holding `token`. */
  frequency(token: string): number {
    const id = this.ids.get(token);
    return id === undefined ? 0 : this.offsets[id + 1]! - this.offsets[id]!;
  }

  /** The ordinal of a token, or undefined when no paragraph holds it. */
  private id(token: string): number | undefined {
    return this.ids.get(token);
  }

  private postings(id: number): Int32Array {
    return this.pids.subarray(this.offsets[id]!, this.offsets[id + 1]!);
  }

  private weight(id: number, at: number, pid: number): number {
    const { k, b, d } = BM25;
    const from = this.offsets[id]!;
    const df = this.offsets[id + 1]! - from;
    const n = this.lengths.length;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    const tf = this.freqs[from + at]!;
    return idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * this.lengths[pid]!) / this.avgLength)));
  }

  /**
   * BM25 scores of the paragraphs holding all (`AND`) or any (`OR`) of the tokens, in pid order.
   */
  search(tokens: readonly string[], mode: 'AND' | 'OR'): Scored {
    const ids = [...new Set(tokens)].map((t) => this.id(t));
    if (ids.length === 0 || (mode === 'AND' && ids.some((id) => id === undefined))) return EMPTY_SCORED;
    const known = (ids.filter((id) => id !== undefined) as number[]).sort((x, y) => this.postings(x).length - this.postings(y).length);
    if (known.length === 0) return EMPTY_SCORED;
    if (mode === 'AND') {
      // Candidates: the rarest token's paragraphs that hold every other token too.
      let cand: Int32Array = this.postings(known[0]!);
      for (let i = 1; i < known.length && cand.length > 0; i++) cand = intersect(cand, this.postings(known[i]!));
      const scores = new Float64Array(cand.length);
      for (const id of known) {
        const list = this.postings(id);
        let j = 0;
        for (let i = 0; i < cand.length; i++) {
          const pid = cand[i]!;
          j = seek(list, j, pid);
          scores[i]! += this.weight(id, j, pid);
        }
      }
      // MiniSearch multiplies by the number of query tokens matched.
      for (let i = 0; i < scores.length; i++) scores[i]! *= known.length;
      return { pids: cand, scores };
    }
    let acc: Scored = EMPTY_SCORED;
    const matched = new Map<number, number>();
    for (const id of known) {
      const list = this.postings(id);
      const scores = new Float64Array(list.length);
      for (let i = 0; i < list.length; i++) scores[i] = this.weight(id, i, list[i]!);
      acc = unionScored(acc, { pids: list, scores });
      if (known.length > 1) for (const pid of list) matched.set(pid, (matched.get(pid) ?? 0) + 1);
    }
    if (known.length > 1) {
      const scores = new Float64Array(acc.scores);
      for (let i = 0; i < acc.pids.length; i++) scores[i]! *= matched.get(acc.pids[i]!)!;
      return { pids: acc.pids, scores };
    }
    return acc;
  }

  /** BM25 score of one paragraph for the tokens it holds (0 when none). */
  scoreOf(tokens: readonly string[], pid: number): number {
    let s = 0;
    let m = 0;
    for (const t of new Set(tokens)) {
      const id = this.id(t);
      if (id === undefined) continue;
      const list = this.postings(id);
      const at = seek(list, 0, pid);
      if (at < list.length && list[at] === pid) {
        s += this.weight(id, at, pid);
        m++;
      }
    }
    return s * m;
  }
}

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

/** Ascending union of ascending pid lists. */
export function unionPids(lists: readonly Int32Array[]): Int32Array {
  let acc: Int32Array = new Int32Array(0);
  for (const l of lists) acc = unionScored({ pids: acc, scores: new Float64Array(acc.length) }, { pids: l, scores: new Float64Array(l.length) }).pids;
  return acc;
}

/**
 * Posting lists of the character unigrams and bigrams of every normalised paragraph: which paragraphs hold a given
 * one or two UTF-16 code units. A mention of `q` can only be in a paragraph that holds every bigram of `norm(q)`,
 * so intersecting their lists and confirming with `indexOf` finds exactly what a scan of all paragraphs finds.
 */
export class MentionIndex {
  constructor(
    readonly uniKeys: Uint32Array,
    readonly uniOffsets: Uint32Array,
    readonly uniPostings: Int32Array,
    readonly biKeys: Uint32Array,
    readonly biOffsets: Uint32Array,
    readonly biPostings: Int32Array,
  ) {}

  /** Builds the lists from the normalised paragraph texts (index = paragraph ordinal). */
  static build(norms: readonly string[]): MentionIndex {
    // Dense ids for the keys met, a first pass to count each key's paragraphs, then the lists in one array.
    // (Maps of arrays took three times as long at 100x the seeds.)
    const build = (keyAt: (t: string, i: number) => number, span: number): [Uint32Array, Uint32Array, Int32Array] => {
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
      return [sortedKeys, offsets, postings];
    };
    return new MentionIndex(
      ...build((t, i) => t.charCodeAt(i), 1),
      ...build((t, i) => ((t.charCodeAt(i) << 16) | t.charCodeAt(i + 1)) >>> 0, 2),
    );
  }

  private static lookup(keys: Uint32Array, offsets: Uint32Array, postings: Int32Array, key: number): Int32Array {
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid]!;
      if (k === key) return postings.subarray(offsets[mid]!, offsets[mid + 1]!);
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return new Int32Array(0);
  }

  /**
   * Paragraphs that may mention `nq` (already normalised, non-empty): a superset of the true answer, sorted.
   */
  candidates(nq: string): Int32Array {
    if (nq.length === 1) return MentionIndex.lookup(this.uniKeys, this.uniOffsets, this.uniPostings, nq.charCodeAt(0));
    const lists: Int32Array[] = [];
    const seen = new Set<number>();
    for (let i = 0; i + 1 < nq.length; i++) {
      const k = ((nq.charCodeAt(i) << 16) | nq.charCodeAt(i + 1)) >>> 0;
      if (seen.has(k)) continue;
      seen.add(k);
      const l = MentionIndex.lookup(this.biKeys, this.biOffsets, this.biPostings, k);
      if (l.length === 0) return l;
      lists.push(l);
    }
    lists.sort((a, b) => a.length - b.length);
    let acc: Int32Array = lists[0]!;
    // Intersect the rarest lists; once few candidates are left, confirming them directly is cheaper.
    for (let li = 1; li < lists.length && acc.length > 8; li++) acc = intersect(acc, lists[li]!);
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
  terms: TermIndex;
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
  const flat = flatten(docs, norms);
  const lexicon = corpusLexicon(flat.norms);
  const tokens = flat.norms.map((n, pid) => {
    const base = baseTokens?.[pid] ?? segmentNormalized(n);
    return base.concat(lexicon.overlay(n, base));
  });
  return { ...flat, lexicon, terms: TermIndex.build(tokens), mentionIndex: MentionIndex.build(flat.norms) };
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
