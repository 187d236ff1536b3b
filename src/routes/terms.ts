/**
 * What the pages need from a query string beyond ranked search: the words a user looks for (to link to their
 * mentions and highlight them in a document).
 */

/**
 * The positive words and phrases of a query, without quotes, exclusions or OR operators, each once.
 * @example
 * queryTerms('盛乐机场 "引黄入呼三期" -光伏 马铃薯 OR 燕麦|莜麦') //=> ['盛乐机场', '引黄入呼三期', '马铃薯', '燕麦', '莜麦']
 */
export function queryTerms(q: string): string[] {
  const terms: string[] = [];
  for (const token of q.match(/-?"[^"]*"?|[^\s"]+/g) ?? []) {
    if (token.startsWith('-') || token === 'OR') continue;
    const phrase = token.startsWith('"');
    const parts = phrase ? [token.replace(/^"|"$/g, '')] : token.split('|');
    for (const part of parts) {
      const t = part.trim();
      if (t && t !== 'OR' && !terms.includes(t)) terms.push(t);
    }
  }
  return terms;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * `text` HTML-escaped, with `<mark>` around every occurrence of any of `terms` (longest first, no overlap).
 * @example
 * highlightTerms('<b>引黄入呼', ['引黄入呼']) //=> '&lt;b&gt;<mark>引黄入呼</mark>'
 */
export function highlightTerms(text: string, terms: readonly string[]): string {
  const wanted = terms.filter(Boolean).sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return escape(text);
  const lower = text.toLowerCase();
  let out = '';
  let i = 0;
  let plain = 0;
  while (i < text.length) {
    const t = wanted.find((w) => lower.startsWith(w.toLowerCase(), i));
    if (t) {
      out += `${escape(text.slice(plain, i))}<mark>${escape(text.slice(i, i + t.length))}</mark>`;
      i += t.length;
      plain = i;
    } else i++;
  }
  return out + escape(text.slice(plain));
}
