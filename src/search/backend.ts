/**
 * The contract of a search backend: what the web app and the CLI ask of an index, whichever engine holds it. The
 * in-process engine (`engine.ts`, MiniSearch over jieba tokens plus character n-gram lists) is the first
 * implementation and the embedded default; a cluster-backed one answers the same calls with the same results.
 *
 * What an implementation must hold to (README, "Query syntax" and "HTTP API"):
 * - documents and their paragraphs exactly as ingested, in corpus order;
 * - exact mentions: candidate paragraphs from an index, then every candidate verified by counting `norm(q)` in its
 *   normalised text, left to right without overlap, so the answer equals a scan of all paragraphs;
 * - ranked search with the query syntax, facets counted with the other filters applied, paging and snippets.
 *
 * Every backend holds the documents' metadata in memory (a list of a few thousand at most), so `stats` and `docs`
 * answer at once; paragraphs, search and mentions may come synchronously (in-process) or as promises (over the
 * network): callers await them.
 */
import type { DocMeta, Filters, MentionParams, MentionsResult, Paragraph, SearchParams, SearchResult } from '../core/types.js';

export type Awaitable<T> = T | Promise<T>;

export interface SearchBackend {
  stats(): { docs: number; paragraphs: number };
  /** Metadata of every document, in corpus order. */
  docs(): DocMeta[];
  /** A document with its paragraphs; undefined when unknown. */
  doc(id: string): Awaitable<{ doc: DocMeta; paragraphs: Paragraph[] } | undefined>;
  /** Ranked search; parameters already validated (`core/params.ts`). */
  search(params: SearchParams): Awaitable<SearchResult>;
  /** Every exact mention; parameters already validated (`core/params.ts`). */
  mentions(params: MentionParams): Awaitable<MentionsResult>;
  /**
   * The longer names the corpus writes the words of `q` in, with their counts (`盛乐机场` → `盛乐国际机场` ×4): what
   * the mentions page offers when `q` has no exact mention. Optional: a backend without it offers nothing.
   */
  longerNames?(q: string, filters: Filters): Awaitable<{ name: string; count: number }[]>;
}
