/**
 * What the pages need from a query string beyond ranked search: the words a user looks for (to link to their
 * mentions) and their highlighting in a whole document, with exact-mention semantics.
 */
import { highlight } from '../highlight.js';
import { norm } from '../normalize.js';
import { parseQuery, positiveTerms } from '../query.js';

/**
 * The positive words and phrases of a query, as typed, without quotes, exclusions or OR operators, each once.
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

/**
 * `text` HTML-escaped, with `<mark>` around every exact mention of any of `terms` (compared after norm(), so
 * `引黃入呼` marks `引黄入呼`).
 * @example
 * highlightTerms('<b>引黄入呼', ['引黃入呼']) //=> '&lt;b&gt;<mark>引黄入呼</mark>'
 */
export function highlightTerms(text: string, terms: readonly string[]): string {
  return highlight(text, terms.map(norm).filter((t) => t.length > 0));
}
