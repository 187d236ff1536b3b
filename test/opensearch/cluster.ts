/**
 * Shared by the OpenSearch tests: the cluster they run against, corpora loaded under test-only aliases, and the
 * seeds repeated K times.
 */
import type { Client } from '@opensearch-project/opensearch';
import type { IngestedDoc } from '../../src/core/types.js';
import { OpenSearchBackend } from '../../src/opensearch/backend.js';
import { connect } from '../../src/opensearch/cluster.js';
import { loadCorpus } from '../../src/opensearch/load.js';
import { aliasesOf } from '../../src/opensearch/schema.js';

/** The cluster `npm run opensearch:start` starts (all three nodes, so a request survives losing one). */
export const OPENSEARCH_URL = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200,http://127.0.0.1:9201,http://127.0.0.1:9202';

/** Loads `docs` under the alias `name` (replacing what was there) and opens a backend over it. */
export async function loadBackend(name: string, docs: readonly IngestedDoc[]): Promise<OpenSearchBackend> {
  const client = connect(OPENSEARCH_URL);
  await loadCorpus(client, docs, { name });
  return OpenSearchBackend.open(client, name);
}

/** Deletes the indices behind a test alias. */
export async function dropIndex(client: Client, name: string): Promise<void> {
  const a = aliasesOf(name);
  await client.indices.delete({ index: `${a.paragraphs}-*,${a.docs}-*` }).catch(() => undefined);
}

/**
 * The documents repeated `k` times under new ids (`<id>_k<copy>`), years spread over ten years so filters and
 * facets have something to tell apart, no copy marked as a duplicate.
 */
export function repeated(docs: readonly IngestedDoc[], k: number): IngestedDoc[] {
  const out: IngestedDoc[] = [];
  for (let c = 0; c < k; c++) {
    for (const d of docs) {
      out.push({ meta: { ...d.meta, id: `${d.meta.id}_k${c}`, year: d.meta.year === null ? null : d.meta.year - (c % 10), duplicateOf: null }, paragraphs: d.paragraphs });
    }
  }
  return out;
}
