/**
 * Highlighting: escape the text first, then wrap the matched stretches in `<mark>`. Pure functions; their result is
 * the only HTML a template may print raw.
 */
import { escapeHtml } from './escape.js';
import { norm } from './normalize.js';
import { mapped, mapRange } from './positions.js';

/** A half-open stretch `[start, end)` of a string, in UTF-16 code units. */
export type Range = readonly [number, number];

/** Removes the `<mark>` tags `highlight` adds. */
export function stripMarks(html: string): string {
  return html.replace(/<\/?mark>/g, '');
}

/**
 * Where the terms occur in `text`, compared after normalisation (so `跨境電商` is found by `跨境电商`), as ranges of
 * `text`. Occurrences of one term are taken left to right without overlap; ranges of different terms may overlap.
 */
export function findTermRanges(text: string, terms: readonly string[], pre?: { text: string; map: Int32Array }): Range[] {
  const { text: n, map } = pre ?? mapped(text);
  const out: Range[] = [];
  for (const term of terms) {
    if (term.length === 0) continue;
    for (let i = n.indexOf(term); i >= 0; i = n.indexOf(term, i + term.length)) {
      out.push(mapRange(text, map, i, i + term.length));
    }
  }
  return out;
}

/** Sorts ranges, clips them to `[0, length)` and merges the ones that overlap or touch. */
function mergeRanges(ranges: readonly Range[], length: number): [number, number][] {
  const sorted = ranges
    .map(([a, b]) => [Math.max(0, a), Math.min(length, b)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * HTML of `text`, escaped, with `<mark>` around the given ranges or around the occurrences of the given terms
 * (normalised: terms are compared with `norm(text)`, so pass them normalised).
 *
 * @example
 * highlight('<盛乐国际机场>', ['盛乐']) //=> '&lt;<mark>盛乐</mark>国际机场&gt;'
 */
export function highlight(text: string, what: readonly Range[] | readonly string[]): string {
  const ranges = what.length > 0 && typeof what[0] === 'string'
    ? findTermRanges(text, what as readonly string[])
    : (what as readonly Range[]);
  let html = '';
  let at = 0;
  for (const [a, b] of mergeRanges(ranges, text.length)) {
    html += escapeHtml(text.slice(at, a)) + '<mark>' + escapeHtml(text.slice(a, b)) + '</mark>';
    at = b;
  }
  return html + escapeHtml(text.slice(at));
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
