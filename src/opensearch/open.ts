/**
 * The OpenSearch backend's two commands: build the seeds into the cluster (`npm run index -- --backend opensearch`)
 * and open the index for serving (`npm start -- --backend opensearch`), building it first when the cluster has none.
 */
import { AppError } from '../core/errors.js';
import type { IngestWarning } from '../core/types.js';
import { ingestDir } from '../ingest/index.js';
import { OpenSearchBackend } from './backend.js';
import { call, connect } from './cluster.js';
import { loadCorpus, type LoadResult } from './load.js';
import { aliasesOf } from './schema.js';

export interface ClusterOptions {
  /** The cluster's URL(s), comma-separated. */
  url: string;
  /** The alias of the index. */
  name: string;
  seeds: string;
  log?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
}

/** Ingests the seeds and loads them into a new index behind the alias (the previous one stays until it is replaced). */
export async function buildIntoCluster(opts: ClusterOptions): Promise<LoadResult & { warnings: IngestWarning[] }> {
  const started = Date.now();
  const { docs, warnings } = await ingestDir(opts.seeds);
  const client = connect(opts.url);
  try {
    const r = await loadCorpus(client, docs, { name: opts.name, log: opts.log, onProgress: opts.onProgress });
    return { ...r, ms: Date.now() - started, warnings };
  } finally {
    await client.close();
  }
}

/** Opens the index behind the alias, building it from the seeds when the cluster has none. */
export async function openCluster(opts: ClusterOptions): Promise<OpenSearchBackend> {
  const client = connect(opts.url);
  try {
    const exists = await call<boolean>('look for the index', () =>
      client.indices.existsAlias({ name: aliasesOf(opts.name).docs }) as Promise<{ body: boolean }>);
    if (!exists) {
      opts.log?.(`OpenSearch: no index ${opts.name} at ${opts.url}: building it from ${opts.seeds}`);
      const { docs } = await ingestDir(opts.seeds);
      if (docs.length === 0) throw new AppError(`no report to index in ${opts.seeds}`, { code: 'empty_seeds' });
      await loadCorpus(client, docs, { name: opts.name, log: opts.log });
    }
    return await OpenSearchBackend.open(client, opts.name);
  } catch (e) {
    await client.close();
    throw e;
  }
}
