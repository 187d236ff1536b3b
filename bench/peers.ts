/**
 * The peers of the engine, measured on the same paragraphs and queries: jieba segmentation alone (the floor under any
 * jieba-based build), MiniSearch in its plain configuration and FlexSearch configured for CJK. Each is what a developer
 * would set up in a few lines; none is tuned.
 */
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
import nodejieba from 'nodejieba';
import { summarize, timeCalls, type RepeatOptions, type Summary } from './stats.js';

export interface PeerResult {
  name: string;
  /** How it is configured, in one line. */
  config: string;
  buildMs: number;
  /** Heap held by the built index (after GC), bytes. */
  heapBytes: number;
  plain: Summary;
  syntax: Summary;
  /** Results for each plain query (for a glance at what it finds). */
  hits: Record<string, number>;
}

/** jieba's search-mode segmentation of `text` (what MiniSearch's plain configuration tokenizes with). */
export function cutForSearch(text: string): string[] {
  return nodejieba.cutForSearch(text);
}

/** Segments every text once, single process: the reference for build speed. */
export function jiebaReference(texts: readonly string[]): { ms: number; tokens: number } {
  cutForSearch('预热词典'); // loads the dictionary outside the timing, as every build does once
  const t0 = performance.now();
  let tokens = 0;
  for (const t of texts) tokens += cutForSearch(t).length;
  return { ms: performance.now() - t0, tokens };
}

function heapNow(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

interface PeerIndex {
  search(q: string): number;
}

function measure(
  name: string,
  config: string,
  build: () => PeerIndex,
  texts: readonly string[],
  plain: readonly string[],
  syntax: readonly string[],
  repeat: RepeatOptions,
): PeerResult {
  const before = heapNow();
  const t0 = performance.now();
  const index = build();
  const buildMs = performance.now() - t0;
  const heapBytes = Math.max(0, heapNow() - before);
  const hits: Record<string, number> = {};
  const plainSamples: number[] = [];
  for (const q of plain) {
    const r = timeCalls(() => index.search(q), repeat);
    plainSamples.push(...r.samples);
    hits[q] = r.result;
  }
  const syntaxSamples: number[] = [];
  for (const q of syntax) syntaxSamples.push(...timeCalls(() => index.search(q), repeat).samples);
  void texts;
  return { name, config, buildMs, heapBytes, plain: summarize(plainSamples), syntax: summarize(syntaxSamples), hits };
}

/** MiniSearch 7 with `tokenize: cutForSearch` and every other option at its default (OR of terms, no prefix/fuzzy). */
export function measureMiniSearch(texts: readonly string[], plain: readonly string[], syntax: readonly string[], repeat: RepeatOptions): PeerResult {
  return measure(
    'MiniSearch',
    'new MiniSearch({ fields: ["text"], tokenize: cutForSearch }), defaults otherwise; search(q) returns all hits ranked',
    () => {
      const ms = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], tokenize: cutForSearch });
      ms.addAll(texts.map((text, id) => ({ id, text })));
      return { search: (q) => ms.search(q).length };
    },
    texts,
    plain,
    syntax,
    repeat,
  );
}

/**
 * FlexSearch 0.8 configured for CJK as its documentation says: the `Charset.CJK` encoder (every character a term)
 * with contextual search (depth 1), so adjacent characters must stand together; top 20 per query.
 */
export function measureFlexCjk(texts: readonly string[], plain: readonly string[], syntax: readonly string[], repeat: RepeatOptions): PeerResult {
  return measure(
    'FlexSearch (CJK)',
    'new Index({ encoder: Charset.CJK, tokenize: "strict", context: { depth: 1, bidirectional: true, resolution: 3 } }); search(q, { limit: 20 })',
    () => {
      const ix = new FlexSearch.Index({ encoder: FlexSearch.Charset.CJK, tokenize: 'strict', context: { depth: 1, bidirectional: true, resolution: 3 } });
      texts.forEach((t, id) => ix.add(id, t));
      return { search: (q) => ix.search(q, { limit: 20 }).length };
    },
    texts,
    plain,
    syntax,
    repeat,
  );
}

/** FlexSearch 0.8 with jieba words: `encode: cutForSearch`, the same terms MiniSearch gets; top 20 per query. */
export function measureFlexJieba(texts: readonly string[], plain: readonly string[], syntax: readonly string[], repeat: RepeatOptions): PeerResult {
  return measure(
    'FlexSearch (jieba)',
    'new Index({ encode: cutForSearch, tokenize: "strict" }); search(q, { limit: 20 })',
    () => {
      const ix = new FlexSearch.Index({ encode: cutForSearch, tokenize: 'strict' });
      texts.forEach((t, id) => ix.add(id, t));
      return { search: (q) => ix.search(q, { limit: 20 }).length };
    },
    texts,
    plain,
    syntax,
    repeat,
  );
}
