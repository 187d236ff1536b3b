/**
 * How the corpus lies in OpenSearch (README, "OpenSearch backend"): one index of paragraphs (one OpenSearch document
 * per paragraph, routed by report) and one of reports, each behind an alias so a rebuild swaps them at once.
 *
 * The two searched fields are filled in Node, so indexing and querying share one set of rules (`text/`):
 * - `chars`: `norm(text)` cut into single characters (an n-gram tokenizer of length 1 that keeps every character:
 *   Han, Latin, digits, punctuation). A `match_phrase` of `norm(q)` finds exactly the paragraphs whose normalised
 *   text contains `norm(q)`: a complete candidate set for exact mentions, whatever the script.
 * - `tokens`: jieba's tokens of `norm(text)`, space-joined, under the whitespace analyzer: what BM25 scores.
 *
 * Each report's paragraphs carry the report's version `ver` (`<id>@<content hash>`): an incremental update writes a
 * report's new version beside the old one and hides the version not served (`update.ts`), so no query ever sees a
 * report half-written. The report index holds one row per report (its metadata and version: the manifest) and the
 * state document {@link STATE_ID} (schema stamp, hidden versions, an update in progress).
 */
import type { DocMeta, Paragraph } from '../core/types.js';
import { segmenterId } from '../text/segment.js';

/** Bumped when what the indices hold changes shape: an index of another schema is rebuilt, never updated. */
const SCHEMA_VERSION = 2;

/** What an index must carry to be updated in place: the schema and the segmenter that made its `tokens`. */
export function clusterStamp(): string {
  return `schema-${SCHEMA_VERSION}/seg-${segmenterId()}`;
}

/** The id of the state document in the report index. */
export const STATE_ID = '_state';

/** The state document: the stamp, the versions no query may see, and whether an update is under way (or died). */
export interface StateSource {
  stamp: string;
  hidden: string[];
  /** Set while an incremental update writes; left set by one that failed, which makes the next build a full one. */
  pending: string | null;
}

/** A report's version: its id and the hash of its ingested content. */
export function versionOf(id: string, hash: string): string {
  return `${id}@${hash}`;
}

/** The aliases of an index name: the paragraphs under `name`, the reports under `name-docs`. */
export function aliasesOf(name: string): { paragraphs: string; docs: string } {
  return { paragraphs: name, docs: `${name}-docs` };
}

/** One paragraph as indexed. `chars` and `tokens` are searched, not kept in `_source`. */
export interface ParagraphSource {
  docId: string;
  /** The report's version (`versionOf`). */
  ver: string;
  /** What copies of one text share (`copyKey` of `search/copies.ts`, hashed): ranked search collapses on it. */
  copy: string;
  /** The chapter type of the chapter (`text/chapter-type.ts`), `''` when untyped. */
  chapterType: string;
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

/**
 * One report as indexed (a row of the manifest): its place in corpus order, metadata, the distinct chapter and
 * section texts of its paragraphs, the hash of its content and its version.
 */
export interface DocSource {
  ord: number;
  meta: DocMeta;
  headings: string[];
  hash: string;
  ver: string;
  paragraphs: number;
}

/** The fields a paragraph is read back with. */
export const PARAGRAPH_FIELDS: string[] = ['docId', 'ver', 'n', 'level', 'text', 'chapter', 'section'];

/** The order that reads every hit once through `search_after`: version, then paragraph number (unique together). */
export const SCAN_SORT: Record<string, unknown>[] = [{ ver: 'asc' }, { n: 'asc' }];

/**
 * The clause hiding the versions the state document names (written, not yet served; or replaced, not yet deleted):
 * a terms lookup, read by the cluster at each query, so every process reading the index sees the same reports.
 */
export function hiddenClause(name: string): Record<string, unknown> {
  return { terms: { ver: { index: aliasesOf(name).docs, id: STATE_ID, path: 'hidden' } } };
}

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
        docId: { type: 'keyword' },
        ver: { type: 'keyword' },
        copy: { type: 'keyword' },
        chapterType: { type: 'keyword' },
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

/**
 * Settings and mappings of the report index (a few thousand documents at most). One shard, refreshed only when
 * asked: the rows an update writes become visible together, at its refresh.
 */
export function docIndexBody(opts: { replicas: number }): Record<string, unknown> {
  return {
    settings: { number_of_shards: 1, number_of_replicas: opts.replicas, refresh_interval: '-1' },
    mappings: {
      dynamic: 'strict',
      properties: {
        ord: { type: 'integer' },
        meta: { type: 'object', enabled: false },
        headings: { type: 'keyword', index: false, doc_values: false },
        hash: { type: 'keyword' },
        ver: { type: 'keyword' },
        paragraphs: { type: 'integer' },
        stamp: { type: 'keyword' },
        hidden: { type: 'keyword', index: false, doc_values: false },
        pending: { type: 'keyword', index: false, doc_values: false },
      },
    },
  };
}
