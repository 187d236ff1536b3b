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
    const ids = new Map<string, number>();
    const terms: string[] = [];
    const postPids: number[][] = [];
    const postFreqs: number[][] = [];
    const lengths = new Uint32Array(tokenLists.length);
    const local = new Map<number, number>();
    for (let pid = 0; pid < tokenLists.length; pid++) {
      const tokens = tokenLists[pid]!;
      lengths[pid] = tokens.length;
      local.clear();
      for (const t of tokens) {
        let id = ids.get(t);
        if (id === undefined) {
          id = terms.length;
          ids.set(t, id);
          terms.push(t);
          postPids.push([]);
          postFreqs.push([]);
        }
        local.set(id, (local.get(id) ?? 0) + 1);
      }
      for (const [id, f] of local) {
        postPids[id]!.push(pid);
        postFreqs[id]!.push(Math.min(f, 0xffff));
      }
    }
    const offsets = new Uint32Array(terms.length + 1);
    let total = 0;
    for (let i = 0; i < terms.length; i++) {
      offsets[i] = total;
      total += postPids[i]!.length;
    }
    offsets[terms.length] = total;
    const pids = new Int32Array(total);
    const freqs = new Uint16Array(total);
    for (let i = 0; i < terms.length; i++) {
      pids.set(postPids[i]!, offsets[i]!);
      freqs.set(postFreqs[i]!, offsets[i]!);
    }
    return new TermIndex(terms, offsets, pids, freqs, lengths);
  }

  /** Number of paragraphs holding `token`. */
  frequency(token: string): number {
    const id = this.ids.get(token);
    return id === undefined ? 0 : this.offsets[id + 1]! - this.offsets[id]!;
  }

  /**
   * BM25 scores of the paragraphs holding all (`AND`) or any (`OR`) of the tokens.
   *
   * @returns pid → score
   */
  search(tokens: readonly string[], mode: 'AND' | 'OR'): Map<number, number> {
    const out = new Map<number, number>();
    const ids = [...new Set(tokens)].map((t) => this.ids.get(t));
    if (ids.length === 0) return out;
    if (mode === 'AND' && ids.some((id) => id === undefined)) return out;
    const known = (ids.filter((id) => id !== undefined) as number[])
      .sort((a, b) => this.offsets[a + 1]! - this.offsets[a]! - (this.offsets[b + 1]! - this.offsets[b]!));
    if (known.length === 0) return out;
    const n = this.lengths.length;
    const { k, b, d } = BM25;
    const avg = this.avgLength;
    const matched = new Map<number, number>();
    const scoreTerm = (id: number, keep: ((pid: number) => boolean) | null): void => {
      const from = this.offsets[id]!;
      const to = this.offsets[id + 1]!;
      const df = to - from;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      for (let i = from; i < to; i++) {
        const pid = this.pids[i]!;
        if (keep && !keep(pid)) continue;
        const tf = this.freqs[i]!;
        const s = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * this.lengths[pid]!) / avg)));
        out.set(pid, (out.get(pid) ?? 0) + s);
        matched.set(pid, (matched.get(pid) ?? 0) + 1);
      }
    };
    if (mode === 'OR') {
      for (const id of known) scoreTerm(id, null);
    } else {
      // Candidates: the rarest token's paragraphs that hold every other token too.
      let cand: Int32Array = this.pids.subarray(this.offsets[known[0]!]!, this.offsets[known[0]! + 1]!);
      for (let i = 1; i < known.length && cand.length > 0; i++) {
        cand = intersect(cand, this.pids.subarray(this.offsets[known[i]!]!, this.offsets[known[i]! + 1]!));
      }
      if (cand.length === 0) return out;
      const set = new Set(cand);
      for (const id of known) scoreTerm(id, known.length === 1 ? null : (pid) => set.has(pid));
    }
    for (const [pid, m] of matched) out.set(pid, out.get(pid)! * m);
    return out;
  }
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
    const uni = new Map<number, number[]>();
    const bi = new Map<number, number[]>();
    for (let pid = 0; pid < norms.length; pid++) {
      const t = norms[pid]!;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        let list = uni.get(c);
        if (!list) uni.set(c, (list = []));
        if (list[list.length - 1] !== pid) list.push(pid);
        if (i + 1 < t.length) {
          const k = ((c << 16) | t.charCodeAt(i + 1)) >>> 0;
          let bl = bi.get(k);
          if (!bl) bi.set(k, (bl = []));
          if (bl[bl.length - 1] !== pid) bl.push(pid);
        }
      }
    }
    const freeze = (m: Map<number, number[]>): [Uint32Array, Uint32Array, Int32Array] => {
      const keys = Uint32Array.from(m.keys()).sort();
      const offsets = new Uint32Array(keys.length + 1);
      let total = 0;
      for (let i = 0; i < keys.length; i++) {
        offsets[i] = total;
        total += m.get(keys[i]!)!.length;
      }
      offsets[keys.length] = total;
      const postings = new Int32Array(total);
      for (let i = 0; i < keys.length; i++) postings.set(m.get(keys[i]!)!, offsets[i]!);
      return [keys, offsets, postings];
    };
    return new MentionIndex(...freeze(uni), ...freeze(bi));
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
  norms: string[];
  lexicon: Lexicon;
  terms: TermIndex;
  mentionIndex: MentionIndex;
}

/** The flat paragraph tables of a set of documents. */
export function flatten(
  docs: readonly IngestedDoc[],
  norms?: readonly string[],
): Pick<CorpusIndex, 'docs' | 'docParagraphs' | 'paragraphs' | 'paraDoc' | 'norms'> {
  const paragraphs: Paragraph[] = [];
  const docIdx: number[] = [];
  docs.forEach((d, i) => {
    for (const p of d.paragraphs) {
      paragraphs.push(p);
      docIdx.push(i);
    }
  });
  return {
    docs: docs.map((d) => d.meta),
    docParagraphs: docs.map((d) => d.paragraphs),
    paragraphs,
    paraDoc: Int32Array.from(docIdx),
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

const normCache = new Map<string, string>();
function normCached(s: string): string {
  let v = normCache.get(s);
  if (v === undefined) {
    v = norm(s);
    if (normCache.size > 10_000) normCache.clear();
    normCache.set(s, v);
  }
  return v;
}

/**
 * The filters of a request as one predicate per dimension over pids (SPEC §6): city exact, also matching a
 * district's documents; year and kind exact; chapter contained in the paragraph's chapter or section
 * (compared normalised).
 */
export function compileFilters(
  ix: Pick<CorpusIndex, 'docs' | 'paragraphs' | 'paraDoc'>,
  f: { city?: string; year?: number; kind?: string; chapter?: string },
): Partial<Record<Dim, (pid: number) => boolean>> {
  const out: Partial<Record<Dim, (pid: number) => boolean>> = {};
  if (f.city !== undefined && f.city !== '') {
    const city = f.city;
    out.city = (pid) => {
      const d = ix.docs[ix.paraDoc[pid]!]!;
      return d.city === city || d.district === city;
    };
  }
  if (f.year !== undefined && f.year !== null) {
    const year = f.year;
    if (!Number.isInteger(year)) throw badParam(`year must be a whole number, got ${String(year)}`);
    out.year = (pid) => ix.docs[ix.paraDoc[pid]!]!.year === year;
  }
  if (f.kind !== undefined && f.kind !== '') {
    const kind = f.kind;
    out.kind = (pid) => ix.docs[ix.paraDoc[pid]!]!.kind === kind;
  }
  if (f.chapter !== undefined && norm(f.chapter) !== '') {
    const want = norm(f.chapter);
    out.chapter = (pid) => {
      const p = ix.paragraphs[pid]!;
      return normCached(p.chapter).includes(want) || normCached(p.section).includes(want);
    };
  }
  return out;
}
