/**
 * The systems a relevance run compares, each returning its top paragraphs for a query as `docId#n` locations:
 * - the project's ranked search, as `/api/search` answers it (default filters: a report stored twice counted once);
 * - plain MiniSearch over jieba `cutForSearch` tokens, its default search options (what a developer sets up in a few
 *   lines, and what the engine was built from);
 * - BM25 (k1 1.2, b 0.75, Lucene's idf) over CJK character bigrams, single Han characters kept as unigrams, Latin and
 *   digit runs as words, full-width folded — what Elasticsearch's `cjk` analyzer does — with the query analysed the
 *   same way and its terms OR-ed, as a `match` query does.
 * The peers index every paragraph of the same index, so all three see the same text.
 */
import MiniSearch from 'minisearch';
import nodejieba from 'nodejieba';
import bm25 from 'wink-bm25-text-search';
import type { SearchEngine } from '../../src/search/engine.js';

export interface RankSystem {
  name: string;
  /** Top `k` locations (`docId#n`), best first. */
  top(q: string, k: number): Promise<string[]>;
}

export function projectSystem(engine: SearchEngine, extra: Record<string, unknown> = {}): RankSystem {
  return {
    name: 'project',
    async top(q, k) {
      const r = await engine.search({ q, size: k, page: 1, ...extra } as Parameters<SearchEngine['search']>[0]);
      return r.hits.slice(0, k).map((h) => `${h.docId}#${h.n}`);
    },
  };
}

/** A peer over paragraph texts: the indices of its top `k` texts for a query. */
export interface Peer {
  name: string;
  top(q: string, k: number): number[];
}

/**
 * Plain MiniSearch over jieba's search-mode tokens with jieba's own dictionary. Build it in a process that has not
 * loaded the project's user dictionary (nodejieba's dictionary is global): `peers-child.ts` does.
 */
export function miniSearchJieba(texts: readonly string[]): Peer {
  const ms = new MiniSearch<{ id: number; text: string }>({
    fields: ['text'],
    tokenize: (s) => nodejieba.cutForSearch(s),
    processTerm: (t) => (t.trim() === '' ? null : t.toLowerCase()),
  });
  ms.addAll(texts.map((text, id) => ({ id, text })));
  return { name: 'minisearch-jieba', top: (q, k) => ms.search(q).slice(0, k).map((r) => r.id as number) };
}

const HAN = /\p{Script=Han}/u;

/** The `cjk` analyzer's tokens: NFKC width folding, lowercase, Han runs as bigrams (a lone character as itself). */
export function cjkBigrams(text: string): string[] {
  const out: string[] = [];
  const runs = text.normalize('NFKC').toLowerCase().match(/\p{Script=Han}+|[^\p{Script=Han}\s\p{P}\p{S}]+/gu) ?? [];
  for (const run of runs) {
    if (!HAN.test(run[0]!)) {
      out.push(run);
      continue;
    }
    const chars = [...run];
    if (chars.length === 1) out.push(run);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}

export function bm25Bigrams(texts: readonly string[]): Peer {
  const engine = bm25();
  engine.defineConfig({ fldWeights: { text: 1 }, bm25Params: { k1: 1.2, b: 0.75, k: 1 } });
  engine.definePrepTasks([cjkBigrams]);
  texts.forEach((text, id) => engine.addDoc({ text }, id));
  engine.consolidate();
  return { name: 'bm25-cjk-bigram', top: (q, k) => engine.search(q, k).map(([id]) => Number(id)) };
}
