/**
 * The in-process search engine, the embedded default {@link SearchBackend}: documents, ranked search and exact
 * mentions over one {@link CorpusIndex}, answered synchronously. `createEngine` builds one in memory; `openIndex`
 * (`pipeline/open.ts`) loads a saved one.
 */
import type { DocMeta, Filters, IngestedDoc, MentionParams, MentionsResult, Paragraph, SearchParams, SearchResult } from '../core/types.js';
import { buildCorpusIndex, type CorpusIndex } from '../index/corpus.js';
import { loadSegmenter } from '../text/segment.js';
import type { SearchBackend } from './backend.js';
import { mentions } from './mentions.js';
import { search } from './search.js';
import { longerNames } from './suggest.js';
import { firstCopyOf } from './copies.js';

/** A {@link SearchBackend} over a built index, in this process. */
export class SearchEngine implements SearchBackend {
  private readonly byId: Map<string, number>;

  constructor(readonly index: CorpusIndex) {
    this.byId = new Map(index.docs.map((d, i) => [d.id, i]));
  }

  /**
   * Loads jieba's dictionary now (blocking) rather than on the first search that needs it, and the
   * ranked-search index if it was just built (see `RankIndex.builder`). Call it once the server listens; mentions
   * never need either.
   */
  warm(): this {
    loadSegmenter();
    this.index.rank.load();
    // Which paragraphs are copies of one another, for ranked search to show each text once.
    firstCopyOf(this.index);
    return this;
  }

  stats(): { docs: number; paragraphs: number } {
    return { docs: this.index.docs.length, paragraphs: this.index.paragraphs.length };
  }

  /** Metadata of every document, in corpus order. */
  docs(): DocMeta[] {
    return this.index.docs;
  }

  /** A document's metadata, without its paragraphs; undefined when unknown. */
  docById(id: string): DocMeta | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.index.docs[i];
  }

  /** A document with its paragraphs; undefined when unknown. */
  doc(id: string): { doc: DocMeta; paragraphs: Paragraph[] } | undefined {
    const i = this.byId.get(id);
    if (i === undefined) return undefined;
    return { doc: this.index.docs[i]!, paragraphs: this.index.docParagraphs[i]! };
  }

  search(params: SearchParams): SearchResult {
    return search(this.index, params);
  }

  mentions(params: MentionParams): MentionsResult {
    return mentions(this.index, params);
  }

  longerNames(q: string, filters: Filters): { name: string; count: number }[] {
    return longerNames(this.index, q, filters);
  }
}

/**
 * Builds an engine in memory, segmenting in this process (fine for tests and small corpora; `buildIndex` in
 * `pipeline/open.ts` caches segmentation and uses child processes).
 *
 * @param opts.baseTokens jieba's tokens per paragraph, in corpus order, when already known
 * @example
 * createEngine(docs).mentions({ q: '引黄入呼' }).totalOccurrences //=> 3
 */
export function createEngine(docs: readonly IngestedDoc[], opts: { baseTokens?: readonly string[][] } = {}): SearchEngine {
  const seen = new Set<string>();
  for (const d of docs) {
    if (seen.has(d.meta.id)) throw new Error(`createEngine: duplicate document id ${d.meta.id}`);
    seen.add(d.meta.id);
  }
  return new SearchEngine(buildCorpusIndex(docs, opts.baseTokens));
}
