/**
 * Names segmentation keeps whole, on top of jieba's pieces: the user dictionary plus terms learned from the corpus
 * (those quoted “…” in the reports), matched as plain substrings of the normalised text, so the rule is the same for
 * a report and for a query.
 */
import { norm } from './normalize.js';

/** Han-only learned terms: 2–10 characters. */
const TERM = /^\p{Script=Han}{2,10}$/u;
/** A quoted term in normalised text (NFKC leaves “ ” 「 」 『 』 as they are and turns ＂ into "). */
const QUOTED = /[“"「『‘]([\p{Script=Han}]{2,10})[”"」』’]/gu;

/**
 * Names segmentation must keep whole: matched as substrings of the normalised text and added as tokens next to
 * jieba's pieces, wherever they occur.
 */
export class Lexicon {
  readonly terms: ReadonlySet<string>;
  /** The first two code units of each term, as `c1 << 16 | c2`, to a bit mask of the lengths of the terms they
   * start; and (a cheaper first test) the first code units. */
  private readonly prefixes = new Map<number, number>();
  private readonly firsts = new Uint8Array(0x10000);
  private readonly maxLen: number;

  constructor(terms: Iterable<string>) {
    const set = new Set<string>();
    for (const t of terms) {
      const n = norm(t);
      if (TERM.test(n)) set.add(n);
    }
    this.terms = set;
    for (const t of set) {
      const k = ((t.charCodeAt(0) << 16) | t.charCodeAt(1)) >>> 0;
      this.prefixes.set(k, (this.prefixes.get(k) ?? 0) | (1 << t.length));
      this.firsts[t.charCodeAt(0)] = 1;
    }
    this.maxLen = Math.max(0, ...[...set].map((t) => t.length));
  }

  /** Every occurrence (overlapping) of a term in `normText`, as tokens, beyond the ones `base` already has. */
  overlay(normText: string, base: readonly string[]): string[] {
    return this.extra(normText, (term) => {
      let have = 0;
      for (const t of base) if (t === term) have++;
      return have;
    });
  }

  /**
   * {@link overlay} for a paragraph whose base tokens come space-joined (as the segmentation children and cache
   * hold them), without splitting them.
   */
  overlayJoined(normText: string, joined: string): string[] {
    return this.extra(normText, (term) => {
      let have = 0;
      for (let at = joined.indexOf(term); at >= 0; at = joined.indexOf(term, at + 1)) {
        const end = at + term.length;
        if ((at === 0 || joined.charCodeAt(at - 1) === 32) && (end === joined.length || joined.charCodeAt(end) === 32)) have++;
      }
      return have;
    });
  }

  private extra(normText: string, have: (term: string) => number): string[] {
    if (this.terms.size === 0) return [];
    let found: Map<string, number> | undefined;
    for (let i = 0; i + 1 < normText.length; i++) {
      const c = normText.charCodeAt(i);
      if (this.firsts[c] === 0) continue;
      const lengths = this.prefixes.get(((c << 16) | normText.charCodeAt(i + 1)) >>> 0);
      if (lengths === undefined) continue;
      const top = Math.min(this.maxLen, normText.length - i);
      for (let len = 2; len <= top; len++) {
        if ((lengths & (1 << len)) === 0) continue;
        const s = normText.slice(i, i + len);
        if (this.terms.has(s)) (found ??= new Map()).set(s, (found.get(s) ?? 0) + 1);
      }
    }
    if (!found) return [];
    const extra: string[] = [];
    for (const [term, count] of found) {
      for (let k = have(term); k < count; k++) extra.push(term);
    }
    return extra;
  }

  toJSON(): string[] {
    return [...this.terms].sort();
  }
}

/**
 * Candidate names learned from the corpus: Han terms of 2–10 characters quoted “…” (or 「…」) in some paragraph.
 *
 * @example
 * learnTerms(['打造“六大产业集群”']) //=> ['六大产业集群']
 */
export function learnTerms(normTexts: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const t of normTexts) {
    if (!t.includes('“') && !t.includes('"') && !t.includes('「') && !t.includes('『') && !t.includes('‘')) continue;
    QUOTED.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = QUOTED.exec(t)) !== null) out.add(m[1]!);
  }
  return [...out].sort();
}
