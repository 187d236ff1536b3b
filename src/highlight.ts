/**
 * Highlighting: escape the text first, then wrap the matched stretches in `<mark>`. Pure functions; their result is
 * the only HTML a template may print raw.
 */
import { norm, normWithMap } from './normalize.js';

/** A half-open stretch `[start, end)` of a string, in UTF-16 code units. */
export type Range = readonly [number, number];

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

/** Removes the `<mark>` tags `highlight` adds. */
export function stripMarks(html: string): string {
  return html.replace(/<\/?mark>/g, '');
}

/** Per UTF-16 code unit: 0 not yet known, 1 normalises to exactly one code unit on its own, 2 otherwise. */
const ONE_TO_ONE = new Uint8Array(0x10000);
/** Characters whose normalisation may depend on their neighbours (a superset of what `norm` treats so). */
const CONTEXTUAL = /[\p{M}\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7FF\uFFA0-\uFFDC\uFF9E\uFF9F\u3099-\u309C]/u;

/**
 * True when every char of `text` normalises to exactly one char on its own, so `norm(text)[i]` comes from
 * `text[i]`: the map of `normWithMap` is the identity and need not be built. Holds for most Chinese paragraphs.
 */
export function keepsPositions(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let v = ONE_TO_ONE[c]!;
    if (v === 0) {
      const ch = String.fromCharCode(c);
      v = c >= 0xd800 && c <= 0xdfff ? 2 : /\s/.test(ch) || CONTEXTUAL.test(ch) || norm(ch).length !== 1 ? 2 : 1;
      ONE_TO_ONE[c] = v;
    }
    if (v !== 1) return false;
  }
  return true;
}

/** `[0, 1, 2, …]`, grown on demand and shared: identity maps are views of it (nobody writes into a map). */
let identity = new Int32Array(0);

function identityMap(length: number): Int32Array {
  if (identity.length < length) {
    identity = new Int32Array(Math.max(length, 2 * identity.length, 1024));
    for (let i = 0; i < identity.length; i++) identity[i] = i;
  }
  return identity.subarray(0, length);
}

/** `normWithMap(text)`, with the identity map built cheaply when `keepsPositions(text)`. */
export function mapped(text: string, normText?: string): { text: string; map: Int32Array } {
  if (!keepsPositions(text)) return normWithMap(text);
  return { text: normText ?? norm(text), map: identityMap(text.length + 1) };
}

/** How many paragraphs' `mapped` results `mappedCached` keeps (least recently used go first). */
const MAPPED_CACHE_SIZE = 2048;
const mappedCache = new Map<string, { text: string; map: Int32Array }>();

/**
 * `mapped(text, normText)`, kept for the last `MAPPED_CACHE_SIZE` texts asked for: a paragraph that is hit again
 * (popular words hit the same paragraphs) is not normalised and mapped again for each snippet. The result depends on
 * `text` only (`normText` must be `norm(text)`), so the cache never goes stale; callers must not modify it.
 */
export function mappedCached(text: string, normText?: string): { text: string; map: Int32Array } {
  const hit = mappedCache.get(text);
  if (hit) {
    mappedCache.delete(text);
    mappedCache.set(text, hit);
    return hit;
  }
  const m = mapped(text, normText);
  mappedCache.set(text, m);
  if (mappedCache.size > MAPPED_CACHE_SIZE) mappedCache.delete(mappedCache.keys().next().value!);
  return m;
}

/**
 * Maps a stretch of `norm(text)` back onto `text`, given `map` from `normWithMap(text)`: from the char that produced
 * the first normalised char to the end of the one that produced the last, without trailing whitespace.
 */
export function mapRange(text: string, map: Int32Array, start: number, end: number): [number, number] {
  const from = map[start]!;
  if (end <= start) return [from, from];
  let to = map[end]!;
  const lastFrom = map[end - 1]!;
  while (to > lastFrom + 1 && /\s/.test(text[to - 1]!)) to--;
  return [from, to];
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
export function mergeRanges(ranges: readonly Range[], length: number): [number, number][] {
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
