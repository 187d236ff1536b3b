/**
 * The in-memory index of a corpus: paragraph tables for filters and display, a MiniSearch index of the paragraphs'
 * tokens for ranked search, and a character n-gram index of the normalised paragraphs for exact mentions.
 */
import MiniSearch from 'minisearch';
import type { DocMeta, IngestedDoc, Level, Paragraph } from './types.js';
import { norm } from './normalize.js';
import { badParam } from './errors.js';
import { joinTokens, Lexicon, MINISEARCH_OPTIONS, corpusLexicon, segmentNormalized } from './segment.js';

/** A MiniSearch entry: the paragraph's global ordinal and its space-joined tokens. */
export interface ParagraphEntry {
  id: number;
  tokens: string;
}

/** Creates the MiniSearch instance with the shared options (indexing and querying must agree). */
export function newMiniSearch(): MiniSearch<ParagraphEntry> {
  return new MiniSearch<ParagraphEntry>({ ...MINISEARCH_OPTIONS, fields: [...MINISEARCH_OPTIONS.fields], storeFields: [] });
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
  miniSearch: MiniSearch<ParagraphEntry>;
  mentionIndex: MentionIndex;
}

/** The flat paragraph tables of a set of documents. */
export function flatten(docs: readonly IngestedDoc[]): Pick<CorpusIndex, 'docs' | 'docParagraphs' | 'paragraphs' | 'paraDoc' | 'norms'> {
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
    norms: paragraphs.map((p) => norm(p.text)),
  };
}

/**
 * Builds the whole index in this process.
 *
 * @param baseTokens jieba's tokens per pid (from the segmentation cache or worker processes); segmented here when
 *   absent.
 */
export function buildCorpusIndex(docs: readonly IngestedDoc[], baseTokens?: readonly string[][]): CorpusIndex {
  const flat = flatten(docs);
  const lexicon = corpusLexicon(flat.norms);
  const miniSearch = newMiniSearch();
  const entries: ParagraphEntry[] = flat.norms.map((n, pid) => {
    const base = baseTokens?.[pid] ?? segmentNormalized(n);
    return { id: pid, tokens: joinTokens(base.concat(lexicon.overlay(n, base))) };
  });
  miniSearch.addAll(entries);
  return { ...flat, lexicon, miniSearch, mentionIndex: MentionIndex.build(flat.norms) };
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
