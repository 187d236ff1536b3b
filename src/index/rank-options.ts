/**
 * The MiniSearch options of ranked search and the shape of its serialisation, in this one place: `RankIndex` builds
 * its index with them and `MiniSearch.loadJS` gets the same ones back (an index loaded with other options would
 * silently miss). The index stamp hashes this file (`store/stamp.ts`), so changing an option rebuilds saved indexes.
 */
import type MiniSearch from 'minisearch';
import type { Options } from 'minisearch';

/** This module, relative to the root: its options decide what an index holds (see `store/stamp.ts`). */
export const RANK_SOURCES = ['src/index/rank-options.ts'] as const;

/** One MiniSearch document: a paragraph, by its pid, with its tokens (already segmented, see `text/segment.ts`). */
export interface RankDoc {
  pid: number;
  /** The paragraph's tokens joined by {@link TOKEN_SEPARATOR}. */
  tokens: string;
}

/**
 * Joins a paragraph's tokens in the indexed field. Tokens come from normalised text, which holds no whitespace, so
 * a space never occurs inside one.
 */
export const TOKEN_SEPARATOR = ' ';

/** Two hex digits per byte value. */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * The key MiniSearch stores a token under: each UTF-16 code unit as four hex digits.
 *
 * Why: MiniSearch keeps its terms in a radix tree whose nodes it searches child by child. Chinese tokens start with
 * thousands of different characters, so every token added scanned a root of thousands of children. Spelled in
 * hex, no node has more than 16 children, and adding is more than twice as fast. The key is exact and reversible, and MiniSearch applies it to query terms too.
 *
 * @example
 * termKey('发展') //=> '53d15c55'
 */
export function termKey(token: string): string {
  let key = '';
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    key += HEX[c >>> 8]! + HEX[c & 0xff]!;
  }
  return key;
}

/**
 * The options that build the index and that `MiniSearch.loadJS` must get back.
 *
 * - `idField` `pid`, the paragraph's ordinal across the corpus: display and filter fields stay in the engine's own
 *   tables, so nothing is stored (`storeFields` empty).
 * - `tokens`, the one indexed field: segmentation runs once per paragraph, before MiniSearch (in the segmentation
 *   cache or child processes), and `tokenize` only splits it again; queries are segmented the same way and passed
 *   as their tokens.
 * - Exact terms only: no prefix or fuzzy matching (a token is a jieba word, not a word being typed).
 */
export const MINISEARCH_OPTIONS: Options<RankDoc> = {
  idField: 'pid',
  fields: ['tokens'],
  storeFields: [],
  tokenize: (text) => (text.length === 0 ? [] : text.split(TOKEN_SEPARATOR)),
  processTerm: (term) => (term.length === 0 ? null : termKey(term)),
  searchOptions: { prefix: false, fuzzy: false },
};

/** What MiniSearch's `toJSON` returns, and `loadJS` takes. */
export type SerializedRank = ReturnType<MiniSearch['toJSON']>;
export type SerializedEntry = SerializedRank['index'][number];
