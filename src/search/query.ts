/**
 * The query syntax of ranked search (README, "Query syntax"): words, "phrases", -exclusions and OR / | / 或 alternatives.
 * The parser is total: every string parses, whatever its quotes, dashes or operators.
 */
import { norm } from '../text/normalize.js';

/** A word is segmented and matched by its tokens (or verbatim); a phrase must occur verbatim (exact mention). */
export interface Term {
  kind: 'word' | 'phrase';
  /** As typed (without quotes or the leading `-`). */
  text: string;
}

export interface ParsedQuery {
  /** Every group must match; a group matches when any of its terms does (`A OR B` is one group). */
  groups: Term[][];
  /** A paragraph that mentions any of these is left out. */
  exclude: Term[];
}

const SPACE = /\s/u;
const OPEN_QUOTES = new Set(['"', '“', '”', '＂', '「', '」']);
const CLOSE_FOR: Record<string, string[]> = {
  '"': ['"', '”', '“', '＂'],
  '＂': ['＂', '"', '”'],
  '“': ['”', '"', '“'],
  '”': ['”', '"', '“'],
  '「': ['」'],
  '」': ['」', '「'],
};
const DASHES = new Set(['-', '－', '—']);
const BARS = new Set(['|', '｜']);

type Lexeme = { type: 'term'; term: Term; negated: boolean } | { type: 'or' };

function lex(input: string): Lexeme[] {
  const out: Lexeme[] = [];
  const s = [...input];
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (SPACE.test(ch)) { i++; continue; }
    if (BARS.has(ch)) { out.push({ type: 'or' }); i++; continue; }
    let negated = false;
    let j = i;
    if (DASHES.has(s[j]!)) {
      // A dash negates only when something follows it directly; a lone `-` means nothing.
      const next = s[j + 1];
      if (next === undefined || SPACE.test(next) || BARS.has(next)) { i = j + 1; continue; }
      negated = true;
      j++;
    }
    if (OPEN_QUOTES.has(s[j]!)) {
      const closers = CLOSE_FOR[s[j]!]!;
      let k = j + 1;
      while (k < s.length && !closers.includes(s[k]!)) k++;
      // An unbalanced quote runs to the end of the query.
      const text = s.slice(j + 1, k).join('');
      if (norm(text).length > 0) out.push({ type: 'term', term: { kind: 'phrase', text }, negated });
      i = k + 1;
      continue;
    }
    let k = j;
    while (k < s.length && !SPACE.test(s[k]!) && !BARS.has(s[k]!) && !OPEN_QUOTES.has(s[k]!)) k++;
    const text = s.slice(j, k).join('');
    i = k;
    // `或` standing alone is Chinese for OR (`马铃薯 或 燕麦`); inside a word (`或者`) it is text.
    if (!negated && (text === 'OR' || text === '或')) { out.push({ type: 'or' }); continue; }
    if (norm(text).length > 0) out.push({ type: 'term', term: { kind: 'word', text }, negated });
  }
  return out;
}

/**
 * Parses a query. Operators that join nothing (`OR OR`, a leading `|`, a lone `-`) are ignored; an unbalanced
 * quote makes a phrase of the rest; a term that normalises to nothing is dropped.
 *
 * @example
 * parseQuery('"盛乐国际机场" -通航 马铃薯 OR 燕麦')
 * //=> { groups: [[{kind:'phrase', text:'盛乐国际机场'}], [{kind:'word', text:'马铃薯'}, {kind:'word', text:'燕麦'}]],
 * //     exclude: [{kind:'word', text:'通航'}] }
 */
export function parseQuery(input: string): ParsedQuery {
  const groups: Term[][] = [];
  const exclude: Term[] = [];
  let pendingOr = false;
  for (const lx of lex(input)) {
    if (lx.type === 'or') {
      pendingOr = groups.length > 0;
      continue;
    }
    if (lx.negated) {
      exclude.push(lx.term);
      continue;
    }
    if (pendingOr) groups[groups.length - 1]!.push(lx.term);
    else groups.push([lx.term]);
    pendingOr = false;
  }
  return { groups, exclude };
}

/** The positive terms of a query, in order. */
function positiveTerms(q: ParsedQuery): Term[] {
  return q.groups.flat();
}

/**
 * The positive words and phrases of a query, as typed, without quotes, exclusions or OR operators, each once: what
 * the pages highlight in a whole document and link to their mentions.
 * @example
 * queryTerms('盛乐机场 "引黄入呼三期" -光伏 马铃薯 OR 燕麦') //=> ['盛乐机场', '引黄入呼三期', '马铃薯', '燕麦']
 */
export function queryTerms(q: string): string[] {
  const terms: string[] = [];
  for (const t of positiveTerms(parseQuery(q))) {
    const text = t.text.trim();
    if (text && !terms.some((x) => norm(x) === norm(text))) terms.push(text);
  }
  return terms;
}
