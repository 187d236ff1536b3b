/**
 * Normalisation (README, "Query syntax"): the one function that decides whether a query mentions a paragraph.
 * Indexing, search, mentions and highlighting must all go through `norm` / `normWithMap`.
 */
import * as OpenCC from 'opencc-js';

/** This module, relative to the root: its code decides what an index holds (see `store/stamp.ts`). */
export const TEXT_SOURCES = ['src/text/normalize.ts'] as const;

/** Traditional → simplified, built once. Applied one character at a time so positions stay mappable. */
const t2s = OpenCC.Converter({ from: 't', to: 'cn' });

/**
 * Code points whose NFKC result depends on their neighbours (combining marks, conjoining Hangul jamo, half-width
 * kana voicing marks). Text holding none of them normalises the same character by character as as a whole.
 */
export const CONTEXTUAL = /[\p{M}\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uD7B0-\uD7FF\uFFA0-\uFFDC\uFF9E\uFF9F]/u;
const CONTEXTUAL_CP = /^[\p{M}\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uD7B0-\uD7FF\uFFA0-\uFFDC\uFF9E\uFF9F]$/u;
const SPACE = /\s/;

/** Normalised form of each BMP code unit, filled lazily (undefined = not computed yet). */
const bmp: (string | undefined)[] = new Array(0x10000);
const astral = new Map<number, string>();

/** NFKC, lower case, t2s, whitespace dropped, for a piece that normalises independently of its neighbours. */
function normPiece(piece: string): string {
  const lowered = piece.normalize('NFKC').toLowerCase();
  let out = '';
  for (const ch of lowered) {
    if (SPACE.test(ch)) continue;
    out += ch.charCodeAt(0) < 0x2e80 ? ch : t2s(ch);
  }
  return out;
}

function normCodePoint(cp: number, ch: string): string {
  if (cp < 0x10000) {
    let v = bmp[cp];
    if (v === undefined) bmp[cp] = v = normPiece(ch);
    return v;
  }
  let v = astral.get(cp);
  if (v === undefined) astral.set(cp, (v = normPiece(ch)));
  return v;
}

/** Per BMP code unit: 0 not yet known, 1 a {@link CONTEXTUAL} one, 2 not (lone surrogates included). */
const COMBINES = new Uint8Array(0x10000);

/** True when the char at `i` composes with what precedes it under NFKC (a mark, a jamo, a voicing mark). */
function combinesAt(s: string, i: number): boolean {
  if (i >= s.length) return false;
  const c = s.charCodeAt(i);
  if (c < 0x300) return false;
  if (c >= 0xd800 && c <= 0xdbff) return CONTEXTUAL_CP.test(String.fromCodePoint(s.codePointAt(i)!));
  let v = COMBINES[c]!;
  if (v === 0) v = COMBINES[c] = CONTEXTUAL_CP.test(String.fromCharCode(c)) ? 1 : 2;
  return v === 1;
}

/**
 * Per BMP code unit, how it normalises on its own: 0 not yet known, 1 to itself, 2 to one other code unit
 * (`ONE_UNIT`), 3 otherwise (dropped, expanded, or a surrogate). Filled lazily from {@link normCodePoint}; lets
 * `run` take most report text one table lookup a char.
 */
const KIND = new Uint8Array(0x10000);
const ONE_UNIT = new Uint16Array(0x10000);

function kindOf(c: number): number {
  if (c >= 0xd800 && c < 0xe000) return (KIND[c] = 3);
  const piece = normCodePoint(c, String.fromCharCode(c));
  if (piece.length !== 1) return (KIND[c] = 3);
  ONE_UNIT[c] = piece.charCodeAt(0);
  return (KIND[c] = piece.charCodeAt(0) === c ? 1 : 2);
}

/** The output's code units, reused from call to call (`run` is synchronous), grown as needed. */
let units = new Uint16Array(4096);

function room(n: number): void {
  if (n > units.length) {
    const bigger = new Uint16Array(Math.max(n, units.length * 2));
    bigger.set(units);
    units = bigger;
  }
}

/** The string of `units[0, n)`. */
function unitsToString(n: number): string {
  const CHUNK = 8192;
  if (n <= CHUNK) return String.fromCharCode.apply(null, units.subarray(0, n) as unknown as number[]);
  let out = '';
  for (let at = 0; at < n; at += CHUNK) out += String.fromCharCode.apply(null, units.subarray(at, Math.min(n, at + CHUNK)) as unknown as number[]);
  return out;
}

/** Output positions → source positions, grown as NFKC expands text (`㍿` → `株式会社`). */
interface MapBuf {
  a: Int32Array;
  n: number;
}

function push(map: MapBuf, source: number, count: number): void {
  if (map.n + count + 1 > map.a.length) {
    const bigger = new Int32Array((map.a.length + count + 1) * 2);
    bigger.set(map.a);
    map.a = bigger;
  }
  for (let k = 0; k < count; k++) map.a[map.n++] = source;
}

/**
 * The core loop; `map` collects, for every output char, the index of its source char when given.
 * Most report text normalises to itself or to one other char (full-width punctuation): such chars are taken one
 * table lookup each; the output is written as code units and made a string once, and is `s` itself when unchanged.
 */
function run(s: string, map: MapBuf | null): string {
  room(s.length);
  let n = 0;
  let changed = false;
  let i = 0;
  while (i < s.length) {
    const start = i;
    const c = s.charCodeAt(i);
    const kind = KIND[c] || kindOf(c);
    if (kind !== 3 && !combinesAt(s, i + 1)) {
      if (kind === 1) units[n++] = c;
      else {
        units[n++] = ONE_UNIT[c]!;
        changed = true;
      }
      if (map) push(map, start, 1);
      i++;
      continue;
    }
    let piece: string;
    if ((c < 0xd800 || c >= 0xe000) && !combinesAt(s, i + 1)) {
      // Dropped or expanded (one that normalises to one code unit was taken above).
      piece = normCodePoint(c, s[i]!);
      i++;
    } else {
      const cp = s.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      // Keep a base character together with the marks / jamo that follow it, as NFKC composes them.
      while (combinesAt(s, i)) i += s.codePointAt(i)! > 0xffff ? 2 : 1;
      const single = i - start === (cp > 0xffff ? 2 : 1);
      piece = single ? normCodePoint(cp, s.slice(start, i)) : normPiece(s.slice(start, i));
    }
    if (!changed && (piece.length !== i - start || piece !== s.slice(start, i))) changed = true;
    if (piece.length === 0) continue;
    room(n + piece.length + (s.length - i));
    for (let k = 0; k < piece.length; k++) units[n++] = piece.charCodeAt(k);
    if (map) push(map, start, piece.length);
  }
  return changed ? unitsToString(n) : s;
}

/**
 * Normalises text for exact mentions: NFKC, lower case, traditional → simplified, whitespace removed.
 *
 * @example
 * norm('跨境 電商') //=> '跨境电商'
 */
export function norm(s: string): string {
  return run(s, null);
}

/**
 * `norm` plus where each normalised char came from, to map matches back onto the display text.
 *
 * @returns `text` (equal to `norm(s)`) and `map`, where `map[i]` is the index in `s` of the char that produced
 *   `text[i]`, and `map[text.length] === s.length`. The map never decreases.
 * @example
 * normWithMap('A 電') //=> { text: 'a电', map: Int32Array [0, 2, 3] }
 */
export function normWithMap(s: string): { text: string; map: Int32Array } {
  const m: MapBuf = { a: new Int32Array(s.length + 1), n: 0 };
  const text = run(s, m);
  if (m.n + 1 > m.a.length) {
    const bigger = new Int32Array(m.n + 1);
    bigger.set(m.a.subarray(0, m.n));
    m.a = bigger;
  }
  m.a[m.n] = s.length;
  return { text, map: m.a.subarray(0, m.n + 1) };
}
