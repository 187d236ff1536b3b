/**
 * Suggestions from the corpus's own text: "did you mean" for a word spelled one character off what the reports
 * say (`新质生产立` → `新质生产力`), and, for a name with no exact mention, the longer names the reports write
 * its words in (`盛乐机场` → `盛乐国际机场`).
 */
import type { Filters } from '../core/types.js';
import type { CorpusIndex } from '../index/corpus.js';
import { countOccurrences } from '../index/mention-index.js';
import { intersectPids } from '../index/pids.js';
import { norm } from '../text/normalize.js';
import { segment } from '../text/segment.js';
import { compileFilters } from './filters.js';
import type { ParsedQuery } from './query.js';

/** A word is corrected only when the correction is in at least this many paragraphs… */
const MIN_SUGGESTED = 3;
/** …and in this many times as many as the word itself. */
const MORE_BY = 5;
/** Longest word corrected, in characters. */
const MAX_CORRECTED = 16;
/** Most paragraphs read to find the characters that fill one gap. */
const SCAN_LIMIT = 2000;
/** A character that may stand in a name: a letter or a digit of any script, not punctuation. */
const NAME_CHAR = /[\p{L}\p{N}]/u;

/** How many paragraphs hold `nq` verbatim. */
function paragraphsHolding(ix: CorpusIndex, nq: string): number {
  return nq.length === 0 ? 0 : ix.mentionIndex.containing(nq, ix.norms).length;
}

/**
 * The strings of the corpus one character off `w` in a gap: `before + X + after` for any one letter or digit X,
 * with the number of paragraphs holding each (read from at most {@link SCAN_LIMIT} of them).
 */
function filled(ix: CorpusIndex, before: string, after: string, into: Map<string, number>): void {
  // The paragraphs holding both sides (a side of one character narrows little and costs a long list).
  const sides = [before, after].filter((x) => x.length >= 2);
  if (sides.length === 0) return;
  const cands = intersectPids(sides.map((x) => ix.mentionIndex.containing(x, ix.norms)));
  const found = new Set<string>();
  for (let c = 0; c < cands.length && c < SCAN_LIMIT; c++) {
    const t = ix.norms[cands[c]!]!;
    found.clear();
    for (let i = t.indexOf(before); i >= 0 && i + before.length < t.length; i = t.indexOf(before, i + 1)) {
      const x = String.fromCodePoint(t.codePointAt(i + before.length)!);
      if (!NAME_CHAR.test(x) || !t.startsWith(after, i + before.length + x.length)) continue;
      found.add(before + x + after);
    }
    for (const s of found) into.set(s, (into.get(s) ?? 0) + 1);
  }
}

/**
 * The word the corpus most often writes one edit away from `nq` (a character replaced, added, dropped, or two
 * neighbours swapped), when it is in at least {@link MIN_SUGGESTED} paragraphs and {@link MORE_BY} times as many
 * as `nq`; else null.
 *
 * @example
 * correctWord(ix, '新质生产立') //=> '新质生产力'
 */
export function correctWord(ix: CorpusIndex, nq: string): string | null {
  const chars = [...nq];
  // A word of more than MAX_CORRECTED characters is a pasted text, not a name mistyped: one pass per position.
  if (chars.length < 3 || chars.length > MAX_CORRECTED) return null;
  const own = paragraphsHolding(ix, nq);
  // A character replaced, two swapped or one added first, the most written of them; one dropped only when none
  // of those is written: a shorter string would otherwise win by being part of the word itself (新质生产 in every
  // 新质生产力).
  const same = new Map<string, number>();
  const added = same;
  const dropped = new Map<string, number>();
  const kinds = [same, dropped] as const;
  for (let i = 0; i <= chars.length; i++) {
    const before = chars.slice(0, i).join('');
    if (i < chars.length) {
      filled(ix, before, chars.slice(i + 1).join(''), same);
      if (i + 1 < chars.length) {
        const s = before + chars[i + 1]! + chars[i]! + chars.slice(i + 2).join('');
        if (!same.has(s)) same.set(s, paragraphsHolding(ix, s));
      }
      if (chars.length > 3) {
        const s = before + chars.slice(i + 1).join('');
        if (!dropped.has(s)) dropped.set(s, paragraphsHolding(ix, s));
      }
    }
    filled(ix, before, chars.slice(i).join(''), added);
  }
  for (const counts of kinds) {
    counts.delete(nq);
    let best: string | null = null;
    let bestCount = 0;
    for (const [s, c] of counts) if (c > bestCount || (c === bestCount && best !== null && s < best)) [best, bestCount] = [s, c];
    if (best !== null && bestCount >= MIN_SUGGESTED && bestCount >= MORE_BY * own) return best;
  }
  return null;
}

/**
 * "Did you mean": the query with each word or phrase the corpus writes otherwise (see {@link correctWord})
 * replaced, or null when none is.
 *
 * @example
 * didYouMean(ix, parseQuery('新质生产立 发展')) //=> '新质生产力 发展'
 */
export function didYouMean(ix: CorpusIndex, parsed: ParsedQuery): string | null {
  const words: string[] = [];
  let changed = false;
  for (const g of parsed.groups) {
    const alts: string[] = [];
    for (const t of g) {
      const fixed = correctWord(ix, norm(t.text));
      if (fixed !== null) changed = true;
      const text = fixed ?? t.text;
      alts.push(t.kind === 'phrase' ? `"${text}"` : text);
    }
    words.push(alts.join(' OR '));
  }
  if (!changed) return null;
  for (const t of parsed.exclude) words.push(t.kind === 'phrase' ? `-"${t.text}"` : `-${t.text}`);
  return words.join(' ');
}

/** Most characters between two words of a name (`盛乐` and `机场` in `盛乐国际机场`). */
const NAME_GAP = 6;
/** Most names {@link longerNames} lists. */
const MAX_NAMES = 10;

/**
 * The names the corpus writes with the words of `q` in order, a few letters apart, with how often each occurs
 * (its exact mentions, counted as `/mentions` counts them): what a search for a name with no exact mention offers
 * instead. Empty for a query of one word.
 *
 * @example
 * longerNames(ix, '盛乐机场') //=> [{ name: '盛乐国际机场', count: 4 }]
 */
export function longerNames(ix: CorpusIndex, q: string, filters: Filters = {}): { name: string; count: number }[] {
  const nq = norm(q);
  const words = segment(nq, ix.lexicon).map((t) => norm(t)).filter((t) => t.length > 0);
  if (words.length < 2) return [];
  const cands = intersectPids(words.map((w) => ix.mentionIndex.containing(w, ix.norms)));
  const names = new Set<string>();
  for (let c = 0; c < cands.length && c < SCAN_LIMIT; c++) {
    const t = ix.norms[cands[c]!]!;
    for (let i = t.indexOf(words[0]!); i >= 0; i = t.indexOf(words[0]!, i + 1)) {
      let end = i + words[0]!.length;
      let ok = true;
      for (const w of words.slice(1)) {
        let j = end;
        while (j < t.length && j - end <= NAME_GAP && !t.startsWith(w, j) && NAME_CHAR.test(t[j]!)) j++;
        if (!t.startsWith(w, j) || j - end > NAME_GAP) {
          ok = false;
          break;
        }
        end = j + w.length;
      }
      const name = t.slice(i, end);
      if (ok && name !== nq) names.add(name);
    }
  }
  const mask = compileFilters(ix, filters).mask;
  const out = [...names].map((name) => {
    let count = 0;
    for (const pid of ix.mentionIndex.containing(name, ix.norms)) if (mask(pid) === 0) count += countOccurrences(ix.norms[pid]!, name);
    return { name, count };
  });
  return out.filter((x) => x.count > 0).sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1)).slice(0, MAX_NAMES);
}
