/**
 * Loading a corpus into OpenSearch (README, "OpenSearch backend"): a new pair of indices is filled with the bulk
 * helper, checked, and only then put behind the aliases in one atomic `_aliases` call, so a failed build never
 * replaces a good index; the indices the aliases left are deleted.
 */
import { createHash } from 'node:crypto';
import type { Client } from '@opensearch-project/opensearch';
import { AppError } from '../core/errors.js';
import type { IngestedDoc } from '../core/types.js';
import { chapterType } from '../text/chapter-type.js';
import { copyKey } from '../search/copies.js';
import { norm } from '../text/normalize.js';
import { segmentMany } from '../text/segment.js';
import { call, unavailable } from './cluster.js';
import {
  aliasesOf, clusterStamp, docIndexBody, paragraphIndexBody, STATE_ID, versionOf, type DocSource, type ParagraphSource, type StateSource,
} from './schema.js';

export interface LoadOptions {
  /** The alias name (`policy-search` by default); the indices are `<name>-<stamp>` and `<name>-docs-<stamp>`. */
  name: string;
  shards?: number;
  replicas?: number;
  log?: (line: string) => void;
  /** Paragraphs sent so far, of all. */
  onProgress?: (done: number, total: number) => void;
}

export interface LoadResult {
  index: string;
  docs: number;
  paragraphs: number;
  ms: number;
}

/** Paragraphs segmented and sent together: jieba cuts many texts in one call (`segmentMany`). */
const BATCH = 2000;

/** What copies of a text share, as `search/copies.ts` decides it, hashed to a short keyword. */
export function copyOf(normText: string): string {
  return createHash('sha1').update(copyKey(normText)).digest('base64url').slice(0, 16);
}

/** The hash of what a report ingests to (metadata and paragraphs): equal hashes, equal rows and paragraphs. */
export function contentHash(d: IngestedDoc): string {
  return createHash('sha256').update(JSON.stringify({ meta: d.meta, paragraphs: d.paragraphs })).digest('hex').slice(0, 16);
}

/** The manifest rows of `docs`, in corpus order. */
export function reportRows(docs: readonly IngestedDoc[]): DocSource[] {
  return docs.map((d, ord) => {
    const hash = contentHash(d);
    return {
      ord, meta: d.meta, hash, ver: versionOf(d.meta.id, hash), paragraphs: d.paragraphs.length,
      headings: [...new Set(d.paragraphs.flatMap((p) => [p.chapter, p.section]).filter((h) => h !== ''))],
    };
  });
}

/** The paragraphs of `docs` as indexed, batch by batch, segmented on the way. */
async function* paragraphSources(docs: readonly IngestedDoc[], vers: readonly string[], done: (n: number) => void): AsyncGenerator<ParagraphSource> {
  let batch: ParagraphSource[] = [];
  const flush = (): ParagraphSource[] => {
    const norms = batch.map((p) => p.chars!);
    const tokens = segmentMany(norms);
    batch.forEach((p, i) => (p.tokens = tokens[i]!.join(' ')));
    const out = batch;
    batch = [];
    return out;
  };
  for (let di = 0; di < docs.length; di++) {
    const d = docs[di]!;
    for (const p of d.paragraphs) {
      const chars = norm(p.text);
      batch.push({
        docId: d.meta.id, ver: vers[di]!, copy: copyOf(chars), chapterType: chapterType(p.chapter) ?? '',
        n: p.n, level: p.level, text: p.text, chapter: p.chapter, section: p.section,
        city: d.meta.city, district: d.meta.district, year: d.meta.year, kind: d.meta.kind, chars,
      });
      if (batch.length >= BATCH) {
        const out = flush();
        yield* out;
        done(out.length);
      }
    }
  }
  if (batch.length > 0) {
    const out = flush();
    yield* out;
    done(out.length);
  }
}

/**
 * Indexes the paragraphs of `docs` (versions `vers`) into `index` with the bulk helper; `unavailable` when any
 * paragraph was not indexed. Nothing is refreshed.
 */
export async function bulkParagraphs(
  client: Client, index: string, docs: readonly IngestedDoc[], vers: readonly string[], onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const total = docs.reduce((n, d) => n + d.paragraphs.length, 0);
  let sent = 0;
  const dropped: string[] = [];
  const stats = await client.helpers.bulk<ParagraphSource>({
    datasource: paragraphSources(docs, vers, (n) => onProgress?.((sent += n), total)),
    onDocument: (p) => ({ index: { _index: index, _id: `${p.ver}/${p.n}`, routing: p.docId } }),
    onDrop: (d) => void dropped.push(`${d.document.docId}#${d.document.n}: ${JSON.stringify(d.error)}`),
    flushBytes: 5_000_000,
    concurrency: 3,
    retries: 3,
    wait: 2000,
  });
  if (stats.failed > 0 || stats.aborted) {
    throw new AppError(`OpenSearch: ${stats.failed} paragraphs were not indexed (first: ${dropped[0] ?? 'aborted'})`, { code: 'unavailable' });
  }
  return total;
}

/**
 * Builds the corpus into new indices and switches the aliases to them.
 *
 * @example
 * await loadCorpus(connect('http://127.0.0.1:9200'), ingested.docs, { name: 'policy-search' })
 * //=> { index: 'policy-search-1764600000000', docs: 5, paragraphs: 1234, ms: 5000 }
 */
export async function loadCorpus(client: Client, docs: readonly IngestedDoc[], opts: LoadOptions): Promise<LoadResult> {
  const started = Date.now();
  const log = opts.log ?? (() => {});
  const alias = aliasesOf(opts.name);
  const stamp = `${Date.now()}`;
  const paraIndex = `${opts.name}-${stamp}`;
  const docIndex = `${opts.name}-docs-${stamp}`;
  const replicas = opts.replicas ?? 1;
  const total = docs.reduce((n, d) => n + d.paragraphs.length, 0);

  // Replicas come after the load: copying finished segments costs the cluster far less than indexing twice.
  await call(`create ${paraIndex}`, () => client.indices.create({ index: paraIndex, body: paragraphIndexBody({ shards: opts.shards ?? 3, replicas: 0 }) }));
  await call(`create ${docIndex}`, () => client.indices.create({ index: docIndex, body: docIndexBody({ replicas }) }));
  try {
    const rows = reportRows(docs);
    await bulkParagraphs(client, paraIndex, docs, rows.map((r) => r.ver), opts.onProgress);
    const state: StateSource = { stamp: clusterStamp(), hidden: [], pending: null };
    const docStats = await client.helpers.bulk<DocSource | StateSource>({
      datasource: [...rows, state],
      onDocument: (r) => ({ index: { _index: docIndex, _id: 'ver' in r ? r.meta.id : STATE_ID } }),
      retries: 3,
    });
    if (docStats.failed > 0) throw new AppError(`OpenSearch: ${docStats.failed} reports were not indexed`, { code: 'unavailable' });

    await call('settings', () => client.indices.putSettings({ index: paraIndex, body: { index: { refresh_interval: '1s', number_of_replicas: replicas } } }));
    // Refreshing and copying the replicas of a large index outlast the client's default timeout for one request.
    const long = { requestTimeout: 330_000 };
    await call('refresh', () => client.indices.refresh({ index: `${paraIndex},${docIndex}` }, long));
    const health = await call<{ status: string }>('wait for the replicas', () =>
      client.cluster.health({ index: `${paraIndex},${docIndex}`, wait_for_status: 'green', timeout: '300s' }, long) as Promise<{ body: { status: string } }>);
    if (health.status !== 'green') throw new AppError(`OpenSearch: ${paraIndex} is ${health.status}, not green, after 300 s`, { code: 'unavailable' });
    const counted = await call<{ count: number }>('count', () => client.count({ index: paraIndex }) as Promise<{ body: { count: number } }>);
    if (counted.count !== total) throw new AppError(`OpenSearch: ${counted.count} of ${total} paragraphs indexed`, { code: 'unavailable' });

    // The switch: both aliases move in one call, then the indices they left go.
    const old = await call<Record<string, unknown>>('aliases', () =>
      client.indices.getAlias({ name: `${alias.paragraphs},${alias.docs}` }) as Promise<{ body: Record<string, unknown> }>).catch(() => ({}));
    const previous = Object.keys(old);
    await call('alias switch', () => client.indices.updateAliases({
      body: {
        actions: [
          ...previous.map((index) => ({ remove: { index, alias: index.startsWith(`${opts.name}-docs-`) ? alias.docs : alias.paragraphs } })),
          { add: { index: paraIndex, alias: alias.paragraphs } },
          { add: { index: docIndex, alias: alias.docs } },
        ],
      },
    }));
    if (previous.length > 0) {
      await call('delete the previous indices', () => client.indices.delete({ index: previous.join(',') }));
      log(`OpenSearch: replaced ${previous.join(', ')}`);
    }
    log(`OpenSearch: ${alias.paragraphs} → ${paraIndex} (${total} paragraphs of ${docs.length} documents)`);
  } catch (e) {
    await client.indices.delete({ index: `${paraIndex},${docIndex}` }).catch(() => undefined);
    throw unavailable(`load into ${paraIndex}`, e);
  }
  return { index: paraIndex, docs: docs.length, paragraphs: total, ms: Date.now() - started };
}
