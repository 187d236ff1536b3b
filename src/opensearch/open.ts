/**
 * The OpenSearch backend's commands: bring the cluster's index up to date with the seeds (`npm run index --
 * --backend opensearch`: only the reports that changed when it can, see `update.ts`) and open it for serving
 * (`npm start -- --backend opensearch`), updating it first when the seeds differ from what it holds, as the
 * in-process server does with its saved index.
 */
import { AppError } from '../core/errors.js';
import type { IngestWarning } from '../core/types.js';
import { ingestDir } from '../ingest/index.js';
import { OpenSearchBackend } from './backend.js';
import { connect } from './cluster.js';
import { syncCluster, type SyncResult } from './update.js';

export interface ClusterOptions {
  /** The cluster's URL(s), comma-separated. */
  url: string;
  /** The alias of the index. */
  name: string;
  seeds: string;
  /** A full build into new indices even when the index could be updated in place. */
  rebuild?: boolean;
  log?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
}

/** Ingests the seeds and brings the index behind the alias to them (the previous one answers until it is replaced). */
export async function buildIntoCluster(opts: ClusterOptions): Promise<SyncResult & { warnings: IngestWarning[] }> {
  const started = Date.now();
  const { docs, warnings } = await ingestDir(opts.seeds);
  if (docs.length === 0) throw new AppError(`no report to index in ${opts.seeds}`, { code: 'empty_seeds' });
  const client = connect(opts.url);
  try {
    const r = await syncCluster(client, docs, { name: opts.name, rebuild: opts.rebuild, log: opts.log, onProgress: opts.onProgress });
    return { ...r, ms: Date.now() - started, warnings };
  } finally {
    await client.close();
  }
}

/** What opening gives: the backend, the warnings of the seeds' ingestion, and why it is stale when it is. */
export interface OpenedCluster {
  backend: OpenSearchBackend;
  warnings: IngestWarning[];
  stale?: string;
}

/**
 * Opens the index behind the alias, brought up to date with the seeds first (built when the cluster has none).
 * When that cannot be done and an index is there, it is served as it is, `stale` saying why (unless `serveStale`
 * is false: then the failure is thrown).
 */
export async function openClusterFresh(opts: ClusterOptions & { serveStale?: boolean }): Promise<OpenedCluster> {
  const client = connect(opts.url);
  try {
    let warnings: IngestWarning[] = [];
    let stale: string | undefined;
    try {
      const ingested = await ingestDir(opts.seeds);
      warnings = ingested.warnings;
      if (ingested.docs.length === 0) throw new AppError(`no report to index in ${opts.seeds}`, { code: 'empty_seeds' });
      const r = await syncCluster(client, ingested.docs, { name: opts.name, rebuild: opts.rebuild, log: opts.log });
      if (r.mode === 'current') opts.log?.(`OpenSearch: ${opts.name} holds the seeds as they are`);
    } catch (e) {
      if (opts.serveStale === false) throw e;
      stale = `the index could not be brought up to date with ${opts.seeds}, so the one the cluster holds is served: ${e instanceof Error ? e.message : String(e)}`;
      opts.log?.(`OpenSearch: ${stale}`);
    }
    return { backend: await OpenSearchBackend.open(client, opts.name), warnings, ...(stale ? { stale } : {}) };
  } catch (e) {
    await client.close();
    throw e;
  }
}

/** Opens the index behind the alias (brought up to date with the seeds first); for `npm run search`. */
export async function openCluster(opts: ClusterOptions): Promise<OpenSearchBackend> {
  return (await openClusterFresh(opts)).backend;
}
