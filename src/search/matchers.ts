/**
 * How one positive word of a query matches: prepared as its jieba tokens and verbatim form, or — a word no
 * paragraph holds — by its pieces; and the BM25 scores of the paragraphs it holds.
 */
import type { CorpusIndex } from '../index/corpus.js';
import { EMPTY_SCORED, scaled, unionScored, type Scored } from '../index/pids.js';
import { idf, VERBATIM_WEIGHT } from './ranking.js';
import { limitReach, scoreTerm, type TermMatch } from './terms.js';

/** A word looked for by its pieces weighs this share of a word found whole. */
const PIECES_WEIGHT = 0.75;

/** One positive term as it matches: prepared, or (a word no paragraph holds) by its pieces. */
export interface Matcher {
  tm: TermMatch;
  /** The paragraphs it holds, ascending. */
  reach: Int32Array;
  /** Looked for by its pieces, the word itself being nowhere: they are prepared as phrases (verbatim). */
  pieces: TermMatch[] | null;
}

const TWO_HAN = /\p{Script=Han}.*\p{Script=Han}/u;

/** Longest first: no piece of a word is looked for beyond this many characters of it. */
const MAX_PIECED = 24;

/**
 * The pieces of a word no paragraph holds: from left to right, the longest stretch holding two Chinese characters
 * or more that some paragraph holds verbatim.
 *
 * @example
 * piecesOf(ix, '盛乐国际机常') //=> ['盛乐国际机']
 */
export function piecesOf(ix: CorpusIndex, nq: string): string[] {
  const w = nq.slice(0, MAX_PIECED);
  const out: string[] = [];
  for (let i = 0; i < w.length - 1;) {
    let len = w.length - i;
    // Two Chinese characters at least: `(1)` or `al` of a Latin word would be found everywhere.
    while (len >= 2 && (!TWO_HAN.test(w.slice(i, i + len)) || ix.mentionIndex.containing(w.slice(i, i + len), ix.norms).length === 0)) len--;
    if (len >= 2) {
      out.push(w.slice(i, i + len));
      i += len;
    } else i++;
  }
  return out;
}

/**
 * The BM25 scores of the paragraphs a matcher holds, only those in `within` when given: the sum over the word's
 * tokens (MiniSearch multiplies its sum by the number of tokens matched, which would weigh a word by how jieba cut
 * it), pieces at {@link PIECES_WEIGHT}.
 */
export function scoreMatcher(ix: CorpusIndex, m: Matcher, within?: Int32Array): Scored {
  if (m.pieces) {
    // Each piece scores as a word held verbatim.
    const s = m.pieces.reduce((acc, p) => {
      const t = scoreTerm(ix, p, limitReach(p, within));
      const bonus = VERBATIM_WEIGHT * idf(p.verbatim.length, ix.paragraphs.length);
      const scores = new Float64Array(t.scores.length);
      for (let i = 0; i < scores.length; i++) scores[i] = t.scores[i]! / Math.max(1, p.tokens.length) + bonus;
      return unionScored(acc, { pids: t.pids, scores });
    }, EMPTY_SCORED);
    return scaled(s, PIECES_WEIGHT);
  }
  return scaled(scoreTerm(ix, m.tm, limitReach(m.tm, within)), 1 / Math.max(1, m.tm.tokens.length));
}

/** A group's paragraphs with their scores (the sum over its alternatives), only those in `within` when given. */
export function scoreGroup(ix: CorpusIndex, group: readonly Matcher[], within?: Int32Array): Scored {
  return group.reduce((acc, m) => unionScored(acc, scoreMatcher(ix, m, within)), EMPTY_SCORED);
}
