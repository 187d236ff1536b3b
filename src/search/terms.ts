/**
 * The terms of a query prepared against one index: how each can match (its tokens, the paragraphs holding it
 * verbatim, every paragraph it may reach) and, once computed, its BM25 scores — kept for the index's most recent
 * terms, so the next page, a narrower filter or the same query again is not scored again.
 */
import { LRUCache } from 'lru-cache';
import type { CorpusIndex } from '../index/corpus.js';
import { intersectPids, intersectScored, subtractPids, unionPids, unionScored, type Scored } from '../index/pids.js';
import { norm } from '../text/normalize.js';
import { segment } from '../text/segment.js';
import type { Term } from './query.js';

/** Score of a paragraph that holds a term verbatim but none of its tokens as jieba cut them there (rare). */
const VERBATIM_ONLY_SCORE = 0.5;

/** How one positive term of the query can match. */
export interface TermMatch {
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
/** True when prepared terms keep their scores (a term is then best scored whole once, and narrowed after). */
export function keepsScores(): boolean {
  return TERM_CACHE_SIZE > 0;
}

/** A term's scores are kept with it up to this many paragraphs (12 bytes each). */
const SCORED_CACHE_MAX = 100_000;
/** Prepared terms per index: an index never changes once built (a reload makes a new one), nor does a TermMatch. */
const termCache = new WeakMap<CorpusIndex, LRUCache<string, TermMatch>>();

/** `matchTerm`, kept for the index's last `TERM_CACHE_SIZE` terms (segmenting and the lookups cost per request). */
export function prepareTerm(ix: CorpusIndex, term: Term): TermMatch {
  if (TERM_CACHE_SIZE === 0) return matchTerm(ix, term);
  let cache = termCache.get(ix);
  if (!cache) termCache.set(ix, (cache = new LRUCache({ max: TERM_CACHE_SIZE })));
  const key = `${term.kind}\u0000${term.text}`;
  let tm = cache.get(key);
  if (!tm) cache.set(key, (tm = matchTerm(ix, term)));
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
export function scoreTerm(ix: CorpusIndex, tm: TermMatch, within: Int32Array): Scored {
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
export function limitReach(tm: TermMatch, within: Int32Array | undefined): Int32Array {
  if (!within || within === tm.reach) return tm.reach;
  const both = intersectPids([tm.reach, within]);
  return both.length === tm.reach.length ? tm.reach : both;
}

export const zeroScored = (pids: Int32Array): Scored => ({ pids, scores: new Float64Array(pids.length) });
