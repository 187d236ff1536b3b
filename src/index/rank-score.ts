/**
 * BM25 scores read straight from MiniSearch's postings, as `MiniSearch.search` would give them for exact terms
 * (the options of `rank-options.ts`: one field, no prefix, no fuzzy, no boosts, the default BM25 parameters), but
 * without a result object per matching paragraph, the sort by score and the re-sort by pid — or, limited to a few
 * paragraphs, without walking every posting of a common token.
 *
 * Same numbers, bit for bit: each term's score is `calcBM25Score` computed with MiniSearch's expression; a
 * paragraph's scores are added in the order of the query terms, the first one alone (MiniSearch's combinators do
 * `existing.score + score`), and the sum is multiplied by the number of terms it matched (its `quality`).
 * `test/index/rank-score.test.ts` checks this against `MiniSearch.search` on random corpora and queries; when the
 * internals it reads are not as expected (another MiniSearch version, discarded documents) it answers `undefined`
 * and the caller asks MiniSearch.
 */
import type MiniSearch from 'minisearch';
import { EMPTY_SCORED, type Scored } from './pids.js';
import { MINISEARCH_OPTIONS, type RankDoc } from './rank-options.js';

/** MiniSearch's `defaultBM25params` (the options set none). */
const K = 1.2;
const B = 0.7;
const D = 0.5;

/** The parts of MiniSearch 7's state the scores come from. */
interface Internals {
  _index: { get(key: string): Map<number, Map<number, number>> | undefined };
  _documentCount: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _dirtCount: number;
  _options: { searchOptions?: { bm25?: { k: number; b: number; d: number }; boost?: Record<string, number>; boostDocument?: unknown; boostTerm?: unknown; weights?: unknown } };
}

const processTerm = MINISEARCH_OPTIONS.processTerm as (term: string) => string | null;

/** MiniSearch's `calcBM25Score` with its default parameters, the same expression (so the same rounding). */
export function bm25(termFreq: number, matchingCount: number, totalCount: number, fieldLength: number, avgFieldLength: number): number {
  const invDocFreq = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
  return invDocFreq * (D + (termFreq * (K + 1)) / (termFreq + K * (1 - B + (B * fieldLength) / avgFieldLength)));
}

/** Reused per-pid buffers of one index (sized to its paragraph count). */
export interface ScoreScratch {
  sum: Float64Array;
  count: Uint8Array;
}

/**
 * What `ms.search({ queries, combineWith: mode })` scores (limited to `only` when given, as a `boostDocument` of 1
 * for those and 0 for the others does), in pid order; `undefined` when it cannot tell (then ask MiniSearch).
 *
 * @param queries distinct, non-empty tokens, in the order MiniSearch would be given them
 * @param scratch zeroed buffers of at least the index's largest pid + 1, left zeroed
 */
export function scoreDirect(ms: MiniSearch<RankDoc>, queries: readonly string[], mode: 'AND' | 'OR', only: Int32Array | undefined, scratch: ScoreScratch): Scored | undefined {
  const m = ms as unknown as Internals;
  const fieldId = m._fieldIds?.tokens;
  if (fieldId === undefined || m._dirtCount !== 0 || !(m._index && m._fieldLength instanceof Map && m._idToShortId instanceof Map)) return undefined;
  const so = m._options?.searchOptions;
  const p = so?.bm25;
  if (!p || p.k !== K || p.b !== B || p.d !== D || so.boostDocument !== undefined || so.boostTerm !== undefined || Object.keys(so.boost ?? {}).length > 0) return undefined;
  if (queries.length > 255) return undefined;
  const lists: (Map<number, number> | undefined)[] = [];
  for (const q of queries) {
    // A token MiniSearch's tokenizer would split, or its processing drop, is left to MiniSearch.
    if (q.includes(' ')) return undefined;
    const key = processTerm(q);
    if (key === null) return undefined;
    lists.push(m._index.get(key)?.get(fieldId));
  }
  if (mode === 'AND' && lists.some((l) => l === undefined)) return EMPTY_SCORED;
  const N = m._documentCount;
  const avg = m._avgFieldLength[fieldId]!;
  const need = mode === 'AND' ? lists.length : 1;
  let postings = 0;
  for (const l of lists) postings += l?.size ?? 0;
  if (postings === 0) return EMPTY_SCORED;

  // Few paragraphs to score: look each up in every list rather than walk the lists.
  if (only && only.length * lists.length < postings) {
    const pids = new Int32Array(only.length);
    const scores = new Float64Array(only.length);
    let n = 0;
    for (let i = 0; i < only.length; i++) {
      const pid = only[i]!;
      const sid = m._idToShortId.get(pid);
      if (sid === undefined) continue;
      const fieldLength = m._fieldLength.get(sid)![fieldId]!;
      let score = 0;
      let matched = 0;
      for (const l of lists) {
        const tf = l?.get(sid);
        if (tf === undefined) continue;
        score += bm25(tf, l!.size, N, fieldLength, avg);
        matched++;
      }
      if (matched < need) continue;
      pids[n] = pid;
      scores[n++] = score * matched;
    }
    return n === 0 ? EMPTY_SCORED : { pids: pids.slice(0, n), scores: scores.slice(0, n) };
  }

  // Walk the lists, adding each paragraph's scores in query order.
  const { sum, count } = scratch;
  const keep = only ? new Uint8Array(sum.length) : undefined;
  if (keep) for (const pid of only!) keep[pid] = 1;
  const touched = new Int32Array(postings);
  let t = 0;
  for (const l of lists) {
    if (!l) continue;
    const matching = l.size;
    for (const [sid, tf] of l) {
      const pid = m._documentIds.get(sid) as number | undefined;
      if (pid === undefined || (keep && keep[pid] !== 1)) continue;
      if (count[pid] === 0) touched[t++] = pid;
      sum[pid] = sum[pid]! + bm25(tf, matching, N, m._fieldLength.get(sid)![fieldId]!, avg);
      count[pid] = count[pid]! + 1;
    }
  }
  return collectScored(touched, t, sum, count, need);
}

/**
 * The paragraphs among the first `t` of `touched` that matched at least `need` terms, ascending, each scored its sum
 * times the terms it matched (MiniSearch's AND/OR score); `sum` and `count` are left zeroed.
 */
export function collectScored(touched: Int32Array, t: number, sum: Float64Array, count: Uint8Array, need: number): Scored {
  const hit = touched.subarray(0, t).sort();
  let n = 0;
  for (let i = 0; i < t; i++) if (count[hit[i]!]! >= need) n++;
  const pids = new Int32Array(n);
  const scores = new Float64Array(n);
  n = 0;
  for (let i = 0; i < t; i++) {
    const pid = hit[i]!;
    if (count[pid]! >= need) {
      pids[n] = pid;
      scores[n++] = sum[pid]! * count[pid]!;
    }
    sum[pid] = 0;
    count[pid] = 0;
  }
  return n === 0 ? EMPTY_SCORED : { pids, scores };
}
