/**
 * How the corpus lies in OpenSearch (README, "OpenSearch backend"): one index of paragraphs (one OpenSearch document
 * per paragraph, routed by report) and one of reports, each behind an alias so a rebuild swaps them at once.
 *
 * The two searched fields are filled in Node, so indexing and querying share one set of rules (`text/`):
 * - `chars`: `norm(text)` cut into single characters (an n-gram tokenizer of length 1 that keeps every character:
 *   Han, Latin, digits, punctuation). A `match_phrase` of `norm(q)` finds exactly the paragraphs whose normalised
 *   text contains `norm(q)`: a complete candidate set for exact mentions, whatever the script.
 * - `tokens`: jieba's tokens of `norm(text)`, space-joined, under the whitespace analyzer: what BM25 scores.
 */
import type { DocMeta, Paragraph } from '../core/types.js';

/** The aliases of an index name: the paragraphs under `name`, the reports under `name-docs`. */
export function aliasesOf(name: string): { paragraphs: string; docs: string } {
  return { paragraphs: name, docs: `${name}-docs` };
}

/** One paragraph as indexed. `chars` and `tokens` are searched, not kept in `_source`. */
export interface ParagraphSource {
  /** Corpus order across documents (the in-process engine's pid). */
  pid: number;
  /** The document's ordinal in corpus order. */
  doc: number;
  docId: string;
  n: number;
  level: Paragraph['level'];
  text: string;
  chapter: string;
  section: string;
  city: string | null;
  district: string | null;
  year: number | null;
  kind: string | null;
  chars?: string;
  tokens?: string;
}

/** One report as indexed: its metadata and the distinct chapter and section texts of its paragraphs. */
export interface DocSource {
  ord: number;
  meta: DocMeta;
  headings: string[];
}

/** The fields a paragraph is read back with. */
export const PARAGRAPH_FIELDS: string[] = ['pid', 'doc', 'n', 'level', 'text', 'chapter', 'section'];

/**
 * Settings and mappings of the paragraph index. Three primaries with one replica each: any one node of three can
 * go without losing a shard. The refresh interval is off while loading and set by `loadCorpus` afterwards.
 */
export function paragraphIndexBody(opts: { shards: number; replicas: number }): Record<string, unknown> {
  return {
    settings: {
      number_of_shards: opts.shards,
      number_of_replicas: opts.replicas,
      refresh_interval: '-1',
      // Ranked search pages through every hit (`page` has no upper bound in the API).
      max_result_window: 1_000_000,
      analysis: {
        tokenizer: {
          // token_chars empty: every character is a token, punctuation and symbols included.
          one_char: { type: 'ngram', min_gram: 1, max_gram: 1, token_chars: [] },
        },
        analyzer: {
          chars: { type: 'custom', tokenizer: 'one_char' },
          tokens: { type: 'custom', tokenizer: 'whitespace' },
        },
      },
    },
    mappings: {
      dynamic: 'strict',
      _source: { excludes: ['chars', 'tokens'] },
      properties: {
        pid: { type: 'integer' },
        doc: { type: 'integer' },
        docId: { type: 'keyword' },
        n: { type: 'integer' },
        level: { type: 'byte' },
        text: { type: 'text', index: false },
        chapter: { type: 'keyword' },
        section: { type: 'keyword' },
        city: { type: 'keyword' },
        district: { type: 'keyword' },
        year: { type: 'integer' },
        kind: { type: 'keyword' },
        chars: { type: 'text', analyzer: 'chars', norms: false, similarity: 'boolean' },
        tokens: { type: 'text', analyzer: 'tokens' },
      },
    },
  };
}

/** Settings and mappings of the report index (a few thousand documents at most). */
export function docIndexBody(opts: { replicas: number }): Record<string, unknown> {
  return {
    settings: { number_of_shards: 1, number_of_replicas: opts.replicas },
    mappings: {
      dynamic: 'strict',
      properties: {
        ord: { type: 'integer' },
        meta: { type: 'object', enabled: false },
        headings: { type: 'keyword', index: false, doc_values: false },
      },
    },
  };
}
