/**
 * Ranked search (SPEC §4, §6): the query syntax over BM25, verbatim matches first, headings boosted, filters,
 * facets counted with the other filters applied, paging and highlighted snippets.
 */
import type { FacetValue, Facets, Hit, SearchParams, SearchResult } from './types.js';
import { badParam } from './errors.js';
import { norm } from './normalize.js';
import {
  compileFilters, DIM_BIT, DIMS, EMPTY_SCORED, intersectPids, intersectScored, LEVEL_BOOST, subtractPids, unionPids, unionScored,
  type CompiledFilters, type CorpusIndex, type Scored,
} from './indexer.js';
import { parseQuery, type Term } from './query.js';
import { segment } from './segment.js';
import { makeSnippet } from './snippet.js';

/** Shown when no paragraph holds every word and the hits hold some of them. */
export const NOTICE_ANY_WORD = '没有同时包含全部词语的段落，以下为包含任一词语的结果';
/** Shown when no paragraph holds even one whole word and the hits hold pieces of the words. */
export const NOTICE_PIECES = '没有包含这些词语的段落，以下为包含其中部分字词的结果';
/** Shown when the query has only exclusions. */
export const NOTICE_NOTHING_TO_FIND = '查询中只有排除词，没有要查找的词语';

const DEFAULT_SIZE = 20;
const MAX_SIZE = 100;
/** Score of a paragraph that holds a term verbatim but none of its tokens as jieba cut them there (rare). */
const VERBATIM_ONLY_SCORE = 0.5;

/** How one positive term of the query can match. */
interface TermMatch {
  term: Term;
  nq: string;
  /** Distinct tokens of the term. */
  tokens: string[];
  /** The paragraphs holding `nq` verbatim, ascending. */
  verbatim: Int32Array;
  /**
   * Every paragraph the term may match, ascending: the verbatim ones, and for a word those whose text holds each of
   * its tokens (a token is a piece of the text it was cut from, so its paragraphs hold it verbatim).
   */
  reach: Int32Array;
  /**
   * The scores of all of `reach`, once computed (see `scoreTerm`): the next page of the same query, the same query
   * narrowed by a filter (intersected below) or asked again need not score it again.
   */
  scored?: Scored;
}

/**
 * How many prepared terms `prepareTerm` keeps per index (least recently used go first), scores included:
 * `SEARCH_TERM_CACHE` in the environment sets it (0 turns the cache off, as the benchmark does to time searches
 * from scratch).
 */
const TERM_CACHE_SIZE = termCacheSize(process.env.SEARCH_TERM_CACHE);

function termCacheSize(value: string | undefined): number {
  const n = value === undefined || value === '' ? 256 : Number(value);
  return Number.isInteger(n) && n >= 0 ? n : 256;
}
/** A term's scores are kept with it up to this many paragraphs (12 bytes each). */
const SCORED_CACHE_MAX = 100_000;
/** Prepared terms per index: an index never changes once built (a reload makes a new one), nor does a TermMatch. */
const termCache = new WeakMap<CorpusIndex, Map<string, TermMatch>>();

/** `matchTerm`, kept for the index's last `TERM_CACHE_SIZE` terms (segmenting and the lookups cost per request). */
function prepareTerm(ix: CorpusIndex, term: Term): TermMatch {
  let cache = termCache.get(ix);
  if (!cache) termCache.set(ix, (cache = new Map()));
  const key = `${term.kind}\u0000${term.text}`;
  let tm = cache.get(key);
  if (tm) {
    cache.delete(key);
  } else {
    tm = matchTerm(ix, term);
    if (TERM_CACHE_SIZE === 0) return tm;
    if (cache.size >= TERM_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, tm);
  return tm;
}

function matchTerm(ix: CorpusIndex, term: Term): TermMatch {
  const nq = norm(term.text);
  const tokens = [...new Set(segment(term.text, ix.lexicon))];
  const verbatim = ix.mentionIndex.containing(nq, ix.norms);
  // A word matches by its tokens or verbatim (jieba may cut the same name differently in another sentence);
  // a phrase matches verbatim only.
  const reach = term.kind === 'word' && tokens.length > 0
    ? unionPids([verbatim, intersectPids(tokens.map((t) => ix.mentionIndex.candidates(t)))])
    : verbatim;
  return { term, nq, tokens, verbatim, reach };
}

/** The paragraphs of `within` (ascending, part of `tm.reach`) that the term matches, with their BM25 scores. */
function scoreTerm(ix: CorpusIndex, tm: TermMatch, within: Int32Array): Scored {
  if (tm.scored) return within === tm.reach ? tm.scored : intersectScored(tm.scored, zeroScored(within));
  const scored = scoreWithin(ix, tm, within);
  if (within === tm.reach && TERM_CACHE_SIZE > 0 && scored.pids.length <= SCORED_CACHE_MAX) tm.scored = scored;
  return scored;
}

function scoreWithin(ix: CorpusIndex, tm: TermMatch, within: Int32Array): Scored {
  const verbatim = within === tm.reach ? tm.verbatim : intersectPids([tm.verbatim, within]);
  // A one-token word reaches every paragraph holding its token: limiting MiniSearch to them would skip nothing.
  const byTokens = ix.rank.search(tm.tokens, 'AND', within === tm.reach && tm.tokens.length === 1 ? undefined : within);
  const base = tm.term.kind === 'word' ? byTokens : intersectScored(byTokens, { pids: verbatim, scores: new Float64Array(verbatim.length) });
  // The verbatim paragraphs without every token score by the tokens they hold.
  const missing = subtractPids({ pids: verbatim, scores: new Float64Array(verbatim.length) }, base.pids);
  if (missing.pids.length > 0) {
    const partial = ix.rank.search(tm.tokens, 'OR', missing.pids);
    let j = 0;
    for (let i = 0; i < missing.pids.length; i++) {
      while (j < partial.pids.length && partial.pids[j]! < missing.pids[i]!) j++;
      missing.scores[i] = j < partial.pids.length && partial.pids[j] === missing.pids[i] ? partial.scores[j]! : VERBATIM_ONLY_SCORE;
    }
  }
  return unionScored(base, missing);
}

/**
 * The paragraphs of `tm.reach` in `within`: `tm.reach` itself when that is all of them, so `scoreTerm` takes its
 * shortcuts (no intersecting with the verbatim list; a one-token word scored without limiting MiniSearch).
 */
function limitReach(tm: TermMatch, within: Int32Array | undefined): Int32Array {
  if (!within || within === tm.reach) return tm.reach;
  const both = intersectPids([tm.reach, within]);
  return both.length === tm.reach.length ? tm.reach : both;
}

const zeroScored = (pids: Int32Array): Scored => ({ pids, scores: new Float64Array(pids.length) });

/**
 * The longest stretches (two characters or more) of a word that a paragraph holds, left to right: what to mark
 * when the word is not there verbatim.
 *
 * @example
 * piecesIn('盛乐机场', '盛乐国际机场') //=> ['盛乐', '机场']
 */
export function piecesIn(word: string, normText: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length - 1;) {
    let best = 0;
    for (let j = word.length; j >= i + 2; j--) {
      if (normText.includes(word.slice(i, j))) {
        best = j;
        break;
      }
    }
    if (best > 0) {
      out.push(word.slice(i, best));
      i = best;
    } else i++;
  }
  return out;
}

function checkPaging(params: SearchParams): { page: number; size: number } {
  const page = params.page ?? 1;
  const size = params.size ?? DEFAULT_SIZE;
  if (!Number.isInteger(page) || page < 1) throw badParam(`page must be a whole number ≥ 1, got ${String(page)}`);
  if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE) {
    throw badParam(`size must be a whole number from 1 to ${MAX_SIZE}, got ${String(size)}`);
  }
  return { page, size };
}

/** Facets over `pids`, each dimension counted with the other filters applied; sorted by count, then value. */
function facetsOf(ix: CorpusIndex, pids: Int32Array, filters: CompiledFilters): Facets {
  // Count per document (city, year, kind depend on the document only) and per chapter, then name the values.
  const perDoc = DIMS.slice(0, 3).map(() => new Int32Array(ix.docs.length));
  const perChapter = new Int32Array(ix.headings.length);
  for (let i = 0; i < pids.length; i++) {
    const pid = pids[i]!;
    const m = filters.mask(pid);
    const di = ix.paraDoc[pid]!;
    // A paragraph counts for a dimension when it passes every filter except (possibly) that dimension's own.
    if ((m & ~DIM_BIT.city) === 0) perDoc[0]![di]!++;
    if ((m & ~DIM_BIT.year) === 0) perDoc[1]![di]!++;
    if ((m & ~DIM_BIT.kind) === 0) perDoc[2]![di]!++;
    if ((m & ~DIM_BIT.chapter) === 0) perChapter[ix.paraChapter[pid]!]!++;
  }
  return {
    city: tally((di) => ix.docs[di]!.city, perDoc[0]!),
    year: tally((di) => ix.docs[di]!.year, perDoc[1]!),
    kind: tally((di) => ix.docs[di]!.kind, perDoc[2]!),
    chapter: tally((hi) => ix.headings[hi]!, perChapter),
  };
}

/**
 * The values with a count, summed per value, by count then value. (Named helpers live at module level: tsx keeps
 * function names, which costs a call per closure created, so per-request closures are avoided on the hot path.)
 */
function tally<T extends string | number>(value: (di: number) => T | null, counts: Int32Array): FacetValue<T>[] {
  const m = new Map<T, number>();
  for (let di = 0; di < counts.length; di++) {
    const c = counts[di]!;
    if (c === 0) continue;
    const v = value(di);
    if (v === null || v === '') continue;
    m.set(v, (m.get(v) ?? 0) + c);
  }
  return [...m]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([value, count]) => ({ value, count }));
}

/** Each group's paragraphs with their scores, only those in `within` when given. */
function scoreGroups(ix: CorpusIndex, groups: readonly TermMatch[][], within?: Int32Array): Scored[] {
  return groups.map((g) => g.reduce((acc, tm) => unionScored(acc, scoreTerm(ix, tm, limitReach(tm, within))), EMPTY_SCORED));
}

/** True when some paragraph of `s` passes the filters. */
function anyPasses(filters: CompiledFilters, s: Scored): boolean {
  for (const pid of s.pids) if (filters.mask(pid) === 0) return true;
  return false;
}

/** Marks, per pid, how many of the lists hold it (into a reused counter array). */
function countIn(lists: readonly Int32Array[], counter: Uint16Array): void {
  for (const l of lists) for (let i = 0; i < l.length; i++) counter[l[i]!]!++;
}

/**
 * The first `k` of the hits in rank order: the whole query verbatim first, then more terms verbatim, then the
 * boosted BM25 score, then corpus order. Sorts only what the page needs when there are many hits.
 */
function topRanked(keys: Float64Array, scores: Float64Array, pids: Int32Array, k: number): number[] {
  const better = (a: number, b: number): boolean =>
    keys[a]! !== keys[b]! ? keys[a]! > keys[b]! : scores[a]! !== scores[b]! ? scores[a]! > scores[b]! : pids[a]! < pids[b]!;
  const n = pids.length;
  if (k >= n / 4) {
    const all = Array.from({ length: n }, (_, i) => i);
    return all.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0)).slice(0, k);
  }
  // A min-heap of the best k seen so far: its root is the worst of them.
  const heap: number[] = [];
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < heap.length && better(heap[w]!, heap[l]!)) w = l;
      if (r < heap.length && better(heap[w]!, heap[r]!)) w = r;
      if (w === i) return;
      [heap[i], heap[w]] = [heap[w]!, heap[i]!];
      i = w;
    }
  };
  for (let i = 0; i < n; i++) {
    if (heap.length < k) {
      heap.push(i);
      for (let c = heap.length - 1; c > 0;) {
        const p = (c - 1) >> 1;
        if (!better(heap[p]!, heap[c]!)) break;
        [heap[p], heap[c]] = [heap[c]!, heap[p]!];
        c = p;
      }
    } else if (better(i, heap[0]!)) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}

/**
 * Answers `/api/search`.
 *
 * Words must all be held by a paragraph (each word by its tokens, or verbatim); when none holds them all, any
 * word will do (with `notice`); when none holds a whole word, pieces of words do. `"phrases"` and exclusions are
 * exact mentions. Hits holding the whole query verbatim come first, then by how many terms they hold verbatim,
 * then by BM25 with the heading boost.
 */
export function search(ix: CorpusIndex, params: SearchParams): SearchResult {
  const q = typeof params.q === 'string' ? params.q : '';
  if (norm(q).length === 0) throw badParam('q must not be empty');
  const { page, size } = checkPaging(params);
  const filters = compileFilters(ix, params);
  const empty: SearchResult = { query: q, total: 0, page, size, hits: [], facets: { city: [], year: [], kind: [], chapter: [] } };

  const parsed = parseQuery(q);
  if (parsed.groups.length === 0) return { ...empty, notice: NOTICE_NOTHING_TO_FIND };
  const excluded = unionPids(parsed.exclude.map((t) => ix.mentionIndex.containing(norm(t.text), ix.norms)));

  const groups = parsed.groups.map((g) => g.map((t) => prepareTerm(ix, t)));

  // All words; else any word; else pieces of words.
  let notice: string | undefined;
  // Only a paragraph every group reaches can hold all words: MiniSearch scores just those.
  const reachAll = subtractPids(zeroScored(intersectPids(groups.map((g) => unionPids(g.map((tm) => tm.reach))))), excluded).pids;
  let scored = scoreGroups(ix, groups, reachAll).sort((a, b) => a.pids.length - b.pids.length).reduce(intersectScored);
  if (!anyPasses(filters, scored) && groups.length > 1) {
    scored = subtractPids(scoreGroups(ix, groups).reduce(unionScored, EMPTY_SCORED), excluded);
    if (anyPasses(filters, scored)) notice = NOTICE_ANY_WORD;
  }
  if (!anyPasses(filters, scored)) {
    scored = EMPTY_SCORED;
    for (const tm of groups.flat()) {
      const long = tm.tokens.filter((t) => t.length > 1);
      scored = unionScored(scored, ix.rank.search(long.length > 0 ? long : tm.tokens, 'OR'));
    }
    scored = subtractPids(scored, excluded);
    if (anyPasses(filters, scored)) notice = NOTICE_PIECES;
  }

  const facets = facetsOf(ix, scored.pids, filters);

  // The hits: those passing every filter, with their rank keys.
  const terms = groups.flat();
  const whole = terms.length > 1 && groups.every((g) => g.length === 1)
    ? ix.mentionIndex.containing(terms.map((t) => t.nq).join(''), ix.norms)
    : terms.length === 1 ? terms[0]!.verbatim : new Int32Array(0);
  const counter = new Uint16Array(ix.paragraphs.length);
  countIn(terms.map((t) => t.verbatim), counter);
  const wholeMark = new Uint8Array(ix.paragraphs.length);
  for (const pid of whole) wholeMark[pid] = 1;
  const n = scored.pids.length;
  const pids = new Int32Array(n);
  const keys = new Float64Array(n);
  const scores = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const pid = scored.pids[i]!;
    if (filters.mask(pid) !== 0) continue;
    pids[total] = pid;
    keys[total] = wholeMark[pid]! * 1000 + counter[pid]!;
    scores[total++] = scored.scores[i]! * LEVEL_BOOST[ix.paragraphs[pid]!.level];
  }
  const from = (page - 1) * size;
  const order = from >= total ? [] : topRanked(keys.subarray(0, total), scores.subarray(0, total), pids.subarray(0, total), Math.min(total, page * size)).slice(from);

  const hits: Hit[] = order.map((i) => {
    const pid = pids[i]!;
    const p = ix.paragraphs[pid]!;
    const d = ix.docs[ix.paraDoc[pid]!]!;
    const normText = ix.norms[pid]!;
    const holds = terms.map((tm) => normText.includes(tm.nq));
    const held = terms.filter((_, t) => holds[t]);
    const focus = [...(wholeMark[pid] && terms.length > 1 ? [terms.map((t) => t.nq).join('')] : []), ...held.map((t) => t.nq)];
    const marks = terms.flatMap((tm, t) => (holds[t] ? [tm.nq] : piecesIn(tm.nq, normText)));
    return {
      docId: d.id,
      n: p.n,
      url: `/docs/${encodeURIComponent(d.id)}#p-${p.n}`,
      title: d.title,
      city: d.city,
      year: d.year,
      kind: d.kind,
      chapter: p.chapter,
      section: p.section,
      snippet: makeSnippet(p.text, focus.length > 0 ? focus : marks, marks, normText),
      score: Math.round(scores[i]! * 1000) / 1000,
    };
  });

  return { query: q, total, page, size, ...(notice ? { notice } : {}), hits, facets };
}
