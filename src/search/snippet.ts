/**
 * Snippets of ranked search: about 160 characters of a paragraph around its best match, cut at sentence or clause
 * edges where possible, escaped, with `<mark>` around the matched text.
 */
import { findTermRanges, highlight, type Range } from '../text/highlight.js';
import { mappedCached as mapText } from '../text/positions.js';

/** Target length of a snippet, in characters. */
export const SNIPPET_CHARS = 160;
const LEAD = 40;
const SENTENCE_END = /[。！？；!?;]/;
const CLAUSE_END = /[，、：,:）)]/;

function boundaryBefore(text: string, from: number, to: number, re: RegExp): number {
  for (let i = to - 1; i >= from; i--) if (re.test(text[i]!)) return i + 1;
  return -1;
}

function boundaryAfter(text: string, from: number, to: number, re: RegExp): number {
  for (let i = from; i < to; i++) if (re.test(text[i]!)) return i + 1;
  return -1;
}

/** Moves `i` off the second half of a surrogate pair. */
function onChar(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff && i > 0 ? i - 1 : i;
}

/**
 * The window `[start, end)` of `text` to show around `focus` (an index of `text`).
 *
 * @example
 * snippetWindow('短句。', 0) //=> [0, 3]
 */
function snippetWindow(text: string, focus: number, size = SNIPPET_CHARS): [number, number] {
  if (text.length <= size + 20) return [0, text.length];
  focus = Math.max(0, Math.min(focus, text.length - 1));
  // Start at the beginning of the sentence (or clause) holding the match, if it is not too far back.
  let start = boundaryBefore(text, Math.max(0, focus - 2 * LEAD), focus, SENTENCE_END);
  if (start < 0) start = boundaryBefore(text, Math.max(0, focus - LEAD), focus, CLAUSE_END);
  if (start < 0) start = Math.max(0, focus - LEAD);
  if (focus - start < 2 * LEAD && start > 0 && focus < 2 * LEAD) start = 0;
  let end = start + size;
  if (end >= text.length - 10) {
    end = text.length;
    if (end - start < size && start > 0) {
      // Near the end: show more before the match, from a sentence or clause edge.
      const back = Math.max(0, end - size);
      let b = boundaryAfter(text, back, Math.min(back + 40, start), SENTENCE_END);
      if (b < 0) b = boundaryAfter(text, back, Math.min(back + 30, start), CLAUSE_END);
      start = back === 0 ? 0 : b > 0 ? b : back;
    }
  } else {
    let e = boundaryAfter(text, end - 30, Math.min(text.length, end + 15), SENTENCE_END);
    if (e < 0) e = boundaryAfter(text, end - 20, Math.min(text.length, end + 10), CLAUSE_END);
    end = e > 0 ? e : end;
  }
  return [onChar(text, start), onChar(text, end)];
}

/**
 * Characters on each side of the focus a snippet of a long paragraph is cut from: far more than a snippet shows,
 * so the snippet is the one the whole paragraph would give, at a cost that does not grow with the paragraph.
 */
const SCAN_AROUND = 1000;

/**
 * A snippet of `text`: escaped HTML, cut around the first occurrence of the first of `focusTerms` found, with
 * `<mark>` around every occurrence of `markTerms`. Terms are normalised (compared with `norm(text)`).
 *
 * A paragraph longer than `4 × SCAN_AROUND` is scanned for the focus only; marks are looked for within
 * `SCAN_AROUND` characters of it, so the work per hit stays bounded however long the paragraph (and the query).
 *
 * @param focusTerms normalised terms in order of preference for choosing where to cut
 * @param markTerms normalised terms to mark
 */
export function makeSnippet(text: string, focusTerms: readonly string[], markTerms: readonly string[], normText?: string): string {
  if (text.length <= 4 * SCAN_AROUND) {
    const [start, end, html] = snippetOf(text, focusTerms, markTerms, normText);
    return (start > 0 ? '…' : '') + html + (end < text.length ? '…' : '');
  }
  const mapped = mapText(text, normText);
  // Where the whole paragraph would be cut: the first focus term found, else the earliest mark.
  let focus = -1;
  for (const t of focusTerms) {
    focus = findFirst(text, mapped, t);
    if (focus >= 0) break;
  }
  if (focus < 0) {
    for (const t of markTerms) {
      const r = findFirst(text, mapped, t);
      if (r >= 0 && (focus < 0 || r < focus)) focus = r;
    }
  }
  if (focus < 0) focus = 0;
  let from = Math.max(0, focus - SCAN_AROUND);
  let to = Math.min(text.length, focus + SCAN_AROUND);
  from = onChar(text, from);
  to = onChar(text, to);
  const [start, end, html] = snippetOf(text.slice(from, to), focusTerms, markTerms);
  return (from + start > 0 ? '…' : '') + html + (from + end < text.length ? '…' : '');
}

/** The window `[start, end)` of `text` a snippet shows, and its HTML (without the ellipses). */
function snippetOf(text: string, focusTerms: readonly string[], markTerms: readonly string[], normText?: string): [number, number, string] {
  const mapped = mapText(text, normText);
  let focus = -1;
  for (const t of focusTerms) {
    const r = findFirst(text, mapped, t);
    if (r >= 0) { focus = r; break; }
  }
  const ranges = findTermRanges(text, markTerms, mapped);
  if (focus < 0) focus = ranges.reduce((m, r) => Math.min(m, r[0]), text.length);
  if (focus >= text.length) focus = 0;
  const [start, end] = snippetWindow(text, focus);
  const inWindow: Range[] = ranges
    .filter(([a, b]) => b > start && a < end)
    .map(([a, b]) => [Math.max(a, start) - start, Math.min(b, end) - start] as const);
  return [start, end, highlight(text.slice(start, end), inWindow)];
}

function findFirst(text: string, mapped: { text: string; map: Int32Array }, term: string): number {
  if (term.length === 0) return -1;
  const i = mapped.text.indexOf(term);
  return i < 0 ? -1 : mapped.map[i]!;
}
