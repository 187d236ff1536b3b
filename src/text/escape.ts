/**
 * The one escape for text put into HTML or SVG (XML): the five special characters. Pages, snippets and charts all
 * use it.
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const HTML_SPECIAL = /[&<>"']/;

/**
 * Escapes the five HTML-special characters.
 *
 * @example
 * escapeHtml('<b>"A&B"</b>') //=> '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;'
 */
export function escapeHtml(s: string): string {
  // Most report text has none of them: skip building a new string.
  return HTML_SPECIAL.test(s) ? s.replace(/[&<>"']/g, (c) => ESCAPES[c]!) : s;
}
