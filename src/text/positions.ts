/**
 * Positions between a text and its normalised form: whether normalising keeps every position (most Chinese
 * paragraphs), the map from normalised positions back to the text otherwise, and a small cache of such maps for the
 * paragraphs that snippets and contexts are cut from.
 */
import { LRUCache } from 'lru-cache';
import { CONTEXTUAL, norm, normWithMap } from './normalize.js';

/** Per UTF-16 code unit: 0 not yet known, 1 normalises to exactly one code unit on its own, 2 otherwise. */
const ONE_TO_ONE = new Uint8Array(0x10000);
/**
 * Beyond what `norm` composes with its neighbours ({@link CONTEXTUAL}): Hangul syllables, which compose with a
 * following jamo, and the kana voicing marks. Together a superset, so a text without any of them keeps positions.
 */
const ALSO_CONTEXTUAL = /[\uAC00-\uD7AF]|[\u3099-\u309C]/;

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
      v = c >= 0xd800 && c <= 0xdfff ? 2 : /\s/.test(ch) || CONTEXTUAL.test(ch) || ALSO_CONTEXTUAL.test(ch) || norm(ch).length !== 1 ? 2 : 1;
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
const mappedCache = new LRUCache<string, { text: string; map: Int32Array }>({ max: MAPPED_CACHE_SIZE });

/**
 * `mapped(text, normText)`, kept for the last `MAPPED_CACHE_SIZE` texts asked for: a paragraph that is hit again
 * (popular words hit the same paragraphs) is not normalised and mapped again for each snippet. The result depends on
 * `text` only (`normText` must be `norm(text)`), so the cache never goes stale; callers must not modify it.
 */
export function mappedCached(text: string, normText?: string): { text: string; map: Int32Array } {
  let m = mappedCache.get(text);
  if (!m) mappedCache.set(text, (m = mapped(text, normText)));
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
