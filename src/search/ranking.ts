/**
 * The order of ranked hits (README, "Ranking"): one score per paragraph — BM25 over jieba tokens, raised for the
 * words verbatim, the whole query verbatim and the words standing close together — with headings ranked by what
 * their section says; and the first hits of that order, one per copy or per document, found without scoring every
 * paragraph in full.
 */
import type { CorpusIndex } from '../index/corpus.js';

/**
 * A paragraph holding a word verbatim scores this times the word's inverse document frequency on top of its tokens'
 * BM25: what BM25 gives a term found once in a paragraph of average length, the word counted as one term (so a
 * rare name held whole weighs as rare names do).
 */
export const VERBATIM_WEIGHT = 1.5;

/**
 * BM25's inverse document frequency (MiniSearch's) of a word in `df` of `n` paragraphs.
 * @example
 * idf(1, 1000) //=> 6.5…
 */
export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
/**
 * A paragraph holding the whole query verbatim (its words one after another, as typed): a factor of 1 + this. Small:
 * on the judged queries a larger one (0.5) put paragraphs that name the topic in passing (`农民收入增长缓慢`) above
 * those that give its figures.
 */
export const WHOLE_BOOST = 0.1;
/** A word held by its tokens, not verbatim, whose tokens stand close (盛乐机场 in 盛乐国际机场): up to 1 + this. */
export const NEAR_TOKENS_BOOST = 0.3;
/** The query's words standing close together: up to 1 + this. */
export const NEAR_WORDS_BOOST = 0.1;
/**
 * A paragraph of a news report scores this share of what the same paragraph scores in a report or plan: the
 * primary source, what a researcher cites, comes before an article that retells it. On the judged queries 0.9
 * changed no order that mattered and 0.8 no more than 0.85 (bench/relevance).
 */
export const NEWS_SHARE = 0.85;
/** Most the closeness factors raise a score. */
export const LATE_BOUND = (1 + NEAR_TOKENS_BOOST) * (1 + NEAR_WORDS_BOOST);
/** A heading whose section holds none of the query scores this share of its own score. */
export const HEADING_ALONE = 0.3;
/** A heading scores at most this share of the best paragraph of its section: the content comes first. */
export const HEADING_BELOW_SECTION = 0.9;
/** Most paragraphs after a heading looked at as its section. */
const SECTION_SCAN = 300;

/**
 * Headings rank by what their section says: a heading's score becomes at most {@link HEADING_BELOW_SECTION} of the
 * best score among the paragraphs of its section (those up to the next heading of the same or a higher level), or
 * {@link HEADING_ALONE} of its own when none of them matches. Headings are short, so BM25 alone would put them
 * above the paragraphs that say what they announce.
 *
 * @param pids ascending; `scores` are changed in place
 * @param scratch a zeroed array of one score per pid, left zeroed
 */
export function rankHeadings(ix: Pick<CorpusIndex, 'paragraphs' | 'paraDoc'>, pids: Int32Array, scores: Float64Array, scratch: Float64Array): void {
  let headings = 0;
  for (let i = 0; i < pids.length; i++) {
    scratch[pids[i]!] = scores[i]!;
    if (ix.paragraphs[pids[i]!]!.level !== 0) headings++;
  }
  if (headings > 0) {
    const adjusted: [number, number][] = [];
    for (let i = 0; i < pids.length; i++) {
      const pid = pids[i]!;
      const level = ix.paragraphs[pid]!.level;
      if (level === 0) continue;
      let best = 0;
      const doc = ix.paraDoc[pid]!;
      for (let q = pid + 1; q < ix.paragraphs.length && q <= pid + SECTION_SCAN && ix.paraDoc[q] === doc; q++) {
        const l = ix.paragraphs[q]!.level;
        if (l !== 0 && l <= level) break;
        if (l === 0 && scratch[q]! > best) best = scratch[q]!;
      }
      adjusted.push([i, best > 0 ? Math.min(scores[i]!, HEADING_BELOW_SECTION * best) : HEADING_ALONE * scores[i]!]);
    }
    for (const [i, s] of adjusted) scores[i] = s;
  }
  for (let i = 0; i < pids.length; i++) scratch[pids[i]!] = 0;
}

/** Where `needle` occurs in `hay`, left to right, the first `max` times. */
function positions(hay: string, needle: string, max = 64): number[] {
  const out: number[] = [];
  if (needle.length === 0) return out;
  for (let i = hay.indexOf(needle); i >= 0 && out.length < max; i = hay.indexOf(needle, i + 1)) out.push(i);
  return out;
}

/**
 * The smallest gap between items, one taken from each list: the length of the shortest stretch of text holding
 * one occurrence of each, less their lengths (0 when they stand side by side). Infinity when a list is empty.
 *
 * @param lists per item its start positions, ascending
 * @param lengths per item its length
 * @example
 * smallestGap([[0, 20], [8]], [2, 2]) //=> 6
 */
export function smallestGap(lists: readonly number[][], lengths: readonly number[]): number {
  if (lists.some((l) => l.length === 0)) return Infinity;
  const at = lists.map(() => 0);
  const total = lengths.reduce((a, b) => a + b, 0);
  let best = Infinity;
  for (;;) {
    let lo = 0;
    let start = Infinity;
    let end = -Infinity;
    for (let k = 0; k < lists.length; k++) {
      const p = lists[k]![at[k]!]!;
      if (p < start) {
        start = p;
        lo = k;
      }
      if (p + lengths[k]! > end) end = p + lengths[k]!;
    }
    best = Math.min(best, Math.max(0, end - start - total));
    if (++at[lo]! >= lists[lo]!.length) return best;
  }
}

/** 1 for a gap of `full` characters or less, falling to 0 at `none`. */
function closeness(gap: number, full: number, none: number): number {
  return gap <= full ? 1 : gap >= none ? 0 : 1 - (gap - full) / (none - full);
}

/** What the closeness factors need of a query's words. */
export interface NearWord {
  /** The normalised word. */
  nq: string;
  /** Its tokens, in the word's order. */
  tokens: string[];
}

/**
 * The most {@link nearFactor} can be for a paragraph holding `byTokens` of the `words` words by their tokens only
 * and `held` of them in all.
 */
export function nearBound(words: number, byTokens: number, held: number): number {
  return (1 + (NEAR_TOKENS_BOOST * byTokens) / words) * (held >= 2 ? 1 + NEAR_WORDS_BOOST : 1);
}

/**
 * The closeness factor of one paragraph, between 1 and {@link nearBound}: the words it holds by their tokens only,
 * by how close those tokens stand (within a word, a gap of a few characters: `盛乐机场` in `盛乐国际机场`), and the
 * words it holds, by how close they stand to each other (the shortest stretch holding one of each).
 *
 * @param held per word: 2 held verbatim, 1 held by its tokens, 0 not held
 */
export function nearFactor(text: string, words: readonly NearWord[], held: readonly number[]): number {
  if (held.filter((h) => h > 0).length < 2 && !held.includes(1)) return 1;
  let byTokens = 0;
  const lists: number[][] = [];
  const lengths: number[] = [];
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    if (held[w] === 2) {
      lists.push(positions(text, word.nq));
      lengths.push(word.nq.length);
    } else if (held[w] === 1 && word.tokens.length > 0) {
      const tokenLists = word.tokens.map((t) => positions(text, t));
      byTokens += closeness(smallestGap(tokenLists, word.tokens.map((t) => t.length)), 0, 8);
      // The word stands where its first token does.
      lists.push(tokenLists[0]!);
      lengths.push(word.tokens[0]!.length);
    }
  }
  const near = lists.length >= 2 ? closeness(smallestGap(lists, lengths), 2, 60) : 0;
  return (1 + (NEAR_TOKENS_BOOST * byTokens) / words.length) * (1 + NEAR_WORDS_BOOST * near);
}

/**
 * The best `need` units (copies of a text, or documents) of the candidates, in order of `keys` (higher first),
 * then of the final score `final(i)`, then of pid; each unit stands for its best candidate.
 *
 * `final(i)` is at most `upper[i]` and costs more, so it is computed only for the candidates best by `upper`, as
 * many as it takes: the unseen ones cannot overtake those found, since their final score is at most their `upper`.
 *
 * @param unitOf the unit of a candidate (by its index)
 * @returns candidate indices of the units' best, in order, with their final scores
 */
export function rankTop(
  keys: Float64Array,
  upper: Float64Array,
  pids: Int32Array,
  final: (i: number) => number,
  unitOf: (i: number) => number,
  need: number,
): { order: number[]; finals: Map<number, number> } {
  const n = pids.length;
  const finals = new Map<number, number>();
  if (need <= 0 || n === 0) return { order: [], finals };
  for (let m = Math.min(n, 2 * need + 32); ; m = Math.min(n, m * 4)) {
    const top = topRanked(keys, upper, pids, m);
    for (const i of top) if (!finals.has(i)) finals.set(i, final(i));
    const byFinal = [...top].sort((a, b) => keys[b]! - keys[a]! || finals.get(b)! - finals.get(a)! || pids[a]! - pids[b]!);
    const seen = new Set<number>();
    const order: number[] = [];
    for (const i of byFinal) {
      const u = unitOf(i);
      if (seen.has(u)) continue;
      seen.add(u);
      order.push(i);
      if (order.length === need) break;
    }
    if (m >= n) return { order, finals };
    const last = top[top.length - 1]!;
    const r = order[order.length - 1];
    if (order.length === need && r !== undefined && (keys[r]! > keys[last]! || (keys[r] === keys[last] && finals.get(r)! >= upper[last]!))) {
      return { order, finals };
    }
  }
}

/**
 * The first `k` of the candidates by `keys` (higher first), then `scores` (higher first), then pid. Sorts only
 * what is asked for when there are many.
 */
export function topRanked(keys: Float64Array, scores: Float64Array, pids: Int32Array, k: number): number[] {
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
