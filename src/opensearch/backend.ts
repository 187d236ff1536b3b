/**
 * The OpenSearch backend (README, "OpenSearch backend"): the {@link SearchBackend} contract answered from a cluster.
 * Reports' metadata and the distinct headings are read once and kept in memory, as every backend does; paragraphs,
 * mentions and ranked hits come from the cluster per request.
 *
 * Exact mentions are exact because OpenSearch only finds candidates: every paragraph whose `chars` field holds
 * `norm(q)` as a phrase, read whole through a point in time; then the project's own `mentions` counts and orders
 * them, as the in-process engine does.
 */
import type { Client } from '@opensearch-project/opensearch';
import type { DocMeta, IngestedDoc, MentionParams, MentionsResult, Paragraph, SearchParams, SearchResult } from '../core/types.js';
import { flatten, type CorpusIndex } from '../index/corpus.js';
import type { SearchBackend } from '../search/backend.js';
import { mentions } from '../search/mentions.js';
import { norm } from '../text/normalize.js';
import { scanAll } from './cluster.js';
import { filterClauses } from './filters.js';
import { rankedSearch } from './ranked.js';
import { aliasesOf, hiddenClause, PARAGRAPH_FIELDS, SCAN_SORT, type DocSource, type ParagraphSource } from './schema.js';

/** A {@link SearchBackend} over the indices behind the alias `name`. */
export class OpenSearchBackend implements SearchBackend {
  private readonly byId: Map<string, number>;
  private readonly paragraphCount: number;

  private constructor(
    readonly client: Client,
    readonly name: string,
    private readonly metas: DocMeta[],
    /** The distinct chapter and section texts, `""` first. */
    readonly headings: string[],
  ) {
    this.byId = new Map(metas.map((d, i) => [d.id, i]));
    this.paragraphCount = metas.reduce((n, d) => n + d.paragraphs, 0);
  }

  /** Reads the reports of the index behind `name`; `unavailable` when the cluster or the index is not there. */
  static async open(client: Client, name: string): Promise<OpenSearchBackend> {
    // The manifest's rows (the state document has no `hash`).
    const rows = (await scanAll(client, 'read the reports', aliasesOf(name).docs, { exists: { field: 'hash' } }, {
      sort: [{ ord: 'asc' }], source: ['ord', 'meta', 'headings'], pageSize: 1000,
    })) as unknown as DocSource[];
    const headings = new Set<string>(['']);
    for (const r of rows) for (const h of r.headings) headings.add(h);
    return new OpenSearchBackend(client, name, rows.map((r) => r.meta), [...headings]);
  }

  stats(): { docs: number; paragraphs: number } {
    return { docs: this.metas.length, paragraphs: this.paragraphCount };
  }

  docs(): DocMeta[] {
    return this.metas;
  }

  async doc(id: string): Promise<{ doc: DocMeta; paragraphs: Paragraph[] } | undefined> {
    const di = this.byId.get(id);
    if (di === undefined) return undefined;
    const rows = await scanAll(this.client, `read ${id}`, this.name, { bool: { filter: [{ term: { docId: id } }], must_not: [hiddenClause(this.name)] } }, {
      sort: SCAN_SORT, source: PARAGRAPH_FIELDS, routing: id,
    });
    return { doc: this.metas[di]!, paragraphs: rows.map((r) => toParagraph(r as unknown as ParagraphSource)) };
  }

  search(params: SearchParams): Promise<SearchResult> {
    return rankedSearch(this.client, this.name, this.byId, this.metas, filterClauses(this.metas, this.headings, params), params);
  }

  async mentions(params: MentionParams): Promise<MentionsResult> {
    const nq = norm(params.q);
    const filters = filterClauses(this.metas, this.headings, params);
    const rows = nq === '' ? [] : (await scanAll(this.client, `mentions of ${params.q}`, this.name, {
      bool: { filter: [{ match_phrase: { chars: nq } }, ...filters.clauses()], must_not: [hiddenClause(this.name)] },
    }, { sort: SCAN_SORT, source: PARAGRAPH_FIELDS })) as unknown as ParagraphSource[];
    return mentions(candidateIndex(this.metas, this.byId, rows), params);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

function toParagraph(r: ParagraphSource): Paragraph {
  return { n: r.n, text: r.text, level: r.level, chapter: r.chapter, section: r.section };
}

/**
 * The candidate paragraphs as the in-process index of a corpus holding only them, for the project's `mentions`,
 * which reads the reports, the paragraph tables, the normalised texts and the candidates of `norm(q)` (all of them
 * here): the counting, filtering, ordering and paging of mentions stay in one place.
 */
function candidateIndex(metas: readonly DocMeta[], byId: ReadonlyMap<string, number>, rows: readonly ParagraphSource[]): CorpusIndex {
  const docs: IngestedDoc[] = metas.map((meta) => ({ meta, paragraphs: [] }));
  // Read in version order: each report's paragraphs in order. A report this backend does not know (written by
  // another process since it opened) is left out, as its metadata would be.
  for (const r of rows) {
    const di = byId.get(r.docId);
    if (di !== undefined) docs[di]!.paragraphs.push(toParagraph(r));
  }
  const flat = flatten(docs);
  const all = Int32Array.from(flat.paragraphs.keys());
  const mentionIndex = { candidates: () => all, toConfirm: () => all };
  // Nothing else of an index is read by `mentions` (test/opensearch/parity.test.ts holds it to brute force).
  return { ...flat, mentionIndex } as unknown as CorpusIndex;
}
