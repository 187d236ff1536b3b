/**
 * Bringing the cluster's index up to date with the seeds (README, "OpenSearch backend"): only the reports that were
 * added, changed or removed are written, into the live index, when that is all that differs; a full build into new
 * indices with the alias switch otherwise (no index, another schema or segmenter, an update that did not finish,
 * or when asked).
 *
 * No query ever sees a report half-written, even when the update dies: a report's new version is written beside the
 * old one while hidden (the state document's `hidden`, which every query excludes through a terms lookup); one small
 * write to the single-shard report index then shows the new versions and hides the old ones; only then are the old
 * paragraphs deleted. An update that fails leaves `pending` set: the index keeps answering with the previous
 * reports, the error says what failed, and the next build is a full one.
 */
import type { Client } from '@opensearch-project/opensearch';
import { AppError } from '../core/errors.js';
import type { IngestedDoc } from '../core/types.js';
import { call, scanAll, unavailable } from './cluster.js';
import { bulkParagraphs, loadCorpus, reportRows, type LoadResult } from './load.js';
import { aliasesOf, clusterStamp, SCAN_SORT, STATE_ID, type DocSource, type ParagraphSource, type StateSource } from './schema.js';

/** How the reports of the seeds differ from those the cluster holds. */
export interface ReportDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

export interface SyncResult extends LoadResult, ReportDiff {
  /** `full`: a new index behind the alias; `incremental`: the live index updated; `current`: nothing to do. */
  mode: 'full' | 'incremental' | 'current';
  /** Why a full build was made. */
  reason?: string;
}

/** What the cluster holds under the alias. */
export interface Manifest {
  /** The state document; null when the index has none (an older schema). */
  state: StateSource | null;
  /** Where the state document stands (its sequence number and primary term): an update writes it only from there. */
  at: { if_seq_no: number; if_primary_term: number } | null;
  rows: DocSource[];
  /** The indices the aliases point to now: an update writes into them, never into what the aliases point to later. */
  indices: { paragraphs: string; docs: string };
}

/** The one index an alias points to. */
async function indexOf(client: Client, alias: string): Promise<string> {
  const found = await call<Record<string, unknown>>(`resolve ${alias}`, () => client.indices.getAlias({ name: alias }) as Promise<{ body: Record<string, unknown> }>);
  const names = Object.keys(found);
  if (names.length !== 1) throw new AppError(`OpenSearch: ${alias} points to ${names.length} indices, not one`, { code: 'unavailable' });
  return names[0]!;
}

/** The state document and the manifest's rows under the alias `name`; null when there is no index. */
export async function readManifest(client: Client, name: string): Promise<Manifest | null> {
  const alias = aliasesOf(name);
  const exists = await call<boolean>('look for the index', () => client.indices.existsAlias({ name: alias.docs }) as Promise<{ body: boolean }>);
  if (!exists) return null;
  const indices = { paragraphs: await indexOf(client, alias.paragraphs), docs: await indexOf(client, alias.docs) };
  type Got = { _source: StateSource; _seq_no: number; _primary_term: number };
  const got = await client.get({ index: indices.docs, id: STATE_ID }).then(
    (r) => r.body as Got,
    (e: { meta?: { statusCode?: number } }) => {
      if (e.meta?.statusCode === 404) return null;
      throw unavailable('read the state of the index', e);
    },
  );
  const rows = (await scanAll(client, 'read the reports', indices.docs, { exists: { field: 'hash' } }, {
    sort: [{ ord: 'asc' }], source: ['ord', 'meta', 'headings', 'hash', 'ver', 'paragraphs'], pageSize: 1000,
  })) as unknown as DocSource[];
  return { state: got?._source ?? null, at: got ? { if_seq_no: got._seq_no, if_primary_term: got._primary_term } : null, rows, indices };
}

/** The reports of `docs` added, changed (another content hash) and removed, against the manifest's `rows`. */
export function diffReports(rows: readonly DocSource[], docs: readonly IngestedDoc[]): ReportDiff & { next: DocSource[] } {
  const next = reportRows(docs);
  const held = new Map(rows.map((r) => [r.meta.id, r]));
  const ids = new Set(next.map((r) => r.meta.id));
  const added: string[] = [];
  const changed: string[] = [];
  for (const r of next) {
    const h = held.get(r.meta.id);
    if (!h) added.push(r.meta.id);
    else if (h.hash !== r.hash) changed.push(r.meta.id);
  }
  return { added, changed, removed: rows.filter((r) => !ids.has(r.meta.id)).map((r) => r.meta.id), next };
}

/** Why the index under the alias cannot be updated in place; null when it can. */
export function whyFull(manifest: { state: StateSource | null } | null): string | null {
  if (manifest === null) return 'no index yet';
  if (manifest.state === null) return 'the index has no state document (built by an older version)';
  if (manifest.state.stamp !== clusterStamp()) return `the index is ${manifest.state.stamp}, this version writes ${clusterStamp()}`;
  if (manifest.state.pending !== null) return `an update did not finish (${manifest.state.pending})`;
  return null;
}

/**
 * Brings the index under `opts.name` to `docs`: only what changed when it can, a full build otherwise.
 *
 * @example
 * await syncCluster(client, docs, { name: 'policy-search' }) //=> { mode: 'incremental', added: ['r9'], changed: [], removed: [], … }
 */
export async function syncCluster(
  client: Client,
  docs: readonly IngestedDoc[],
  opts: { name: string; rebuild?: boolean; log?: (line: string) => void; onProgress?: (done: number, total: number) => void },
): Promise<SyncResult> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const manifest = await readManifest(client, opts.name);
  const why = opts.rebuild ? 'a rebuild was asked for' : whyFull(manifest);
  const total = docs.reduce((n, d) => n + d.paragraphs.length, 0);
  if (why !== null) {
    log(`OpenSearch: full build of ${opts.name} (${why})`);
    const r = await loadCorpus(client, docs, { name: opts.name, log, onProgress: opts.onProgress });
    return { ...r, mode: 'full', reason: why, added: docs.map((d) => d.meta.id), changed: [], removed: manifest?.rows.map((r) => r.meta.id) ?? [] };
  }
  const { rows } = manifest!;
  const diff = diffReports(rows, docs);
  const { added, changed, removed, next } = diff;
  const moved = next.filter((r, i) => rows[i]?.meta.id !== r.meta.id);
  const base = { index: opts.name, docs: docs.length, paragraphs: total, added, changed, removed };
  if (added.length + changed.length + removed.length === 0 && moved.length === 0) {
    return { ...base, mode: 'current', ms: Date.now() - started };
  }
  await updateInPlace(client, opts.name, manifest!, next, docs, diff, opts.onProgress);
  const ms = Date.now() - started;
  log(`OpenSearch: ${opts.name} updated in place: ${added.length} added, ${changed.length} changed, ${removed.length} removed (${ms} ms)`);
  return { ...base, mode: 'incremental', ms };
}

async function updateInPlace(
  client: Client, name: string, manifest: Manifest, next: readonly DocSource[], docs: readonly IngestedDoc[],
  diff: ReportDiff, onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const { rows, indices: into } = manifest;
  const state = manifest.state!;
  const what = `${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed at ${new Date().toISOString()}`;
  const writes = new Set([...diff.added, ...diff.changed]);
  const written = docs.filter((d) => writes.has(d.meta.id));
  const newVers = next.filter((r) => writes.has(r.meta.id)).map((r) => r.ver);
  const gone = new Set([...diff.changed, ...diff.removed]);
  const oldVers = rows.filter((r) => gone.has(r.meta.id)).map((r) => r.ver);
  // Each write of the state document is conditional on the last one seen: an update that another process began
  // or finished meanwhile is refused (409), never interleaved with this one.
  let at = manifest.at!;
  const putState = async (s: StateSource): Promise<void> => {
    const r = await call<{ _seq_no: number; _primary_term: number }>('write the state of the index', () =>
      client.index({ index: into.docs, id: STATE_ID, body: s, refresh: true, ...at }) as Promise<{ body: { _seq_no: number; _primary_term: number } }>);
    at = { if_seq_no: r._seq_no, if_primary_term: r._primary_term };
  };
  const hidden = new Set(state.hidden);

  // 1. From here until the switch, the new versions are hidden and the update is marked as under way.
  try {
    await putState({ ...state, hidden: [...new Set([...hidden, ...newVers])], pending: what });
  } catch (e) {
    if (e instanceof AppError && /\(409\)/.test(e.message)) {
      throw new AppError(`OpenSearch: another process began updating ${name} meanwhile; nothing was written (run the build again when it is done)`, { code: 'unavailable' });
    }
    throw e;
  }
  try {
    // 2. The new versions' paragraphs, beside the old ones; every one of them counted before they are shown.
    if (written.length > 0) {
      const verOf = new Map(next.map((r) => [r.meta.id, r.ver]));
      const expected = await bulkParagraphs(client, into.paragraphs, written, written.map((d) => verOf.get(d.meta.id)!), onProgress);
      await call('refresh', () => client.indices.refresh({ index: into.paragraphs }));
      const counted = await call<{ count: number }>('count the new paragraphs', () =>
        client.count({ index: into.paragraphs, body: { query: { terms: { ver: newVers } } } }) as Promise<{ body: { count: number } }>);
      if (counted.count !== expected) throw new AppError(`OpenSearch: ${counted.count} of ${expected} new paragraphs indexed`, { code: 'unavailable' });
    }
    // 3. The switch: the manifest's rows, then the state showing the new versions and hiding the old, then one
    //    refresh of the single-shard report index, which shows the rows together.
    const before = new Map(rows.map((r) => [r.meta.id, r]));
    const changedRows = next.filter((r) => before.get(r.meta.id)?.ver !== r.ver || before.get(r.meta.id)?.ord !== r.ord);
    const ops = [
      ...changedRows.flatMap((r) => [{ index: { _index: into.docs, _id: r.meta.id } }, r]),
      ...diff.removed.map((id) => ({ delete: { _index: into.docs, _id: id } })),
    ];
    if (ops.length > 0) {
      const res = await call<{ errors: boolean; items: Record<string, { error?: unknown }>[] }>('write the reports', () =>
        client.bulk({ body: ops }) as Promise<{ body: { errors: boolean; items: Record<string, { error?: unknown }>[] } }>);
      if (res.errors) {
        const first = res.items.map((i) => Object.values(i)[0]?.error).find((e) => e !== undefined);
        throw new AppError(`OpenSearch: writing the reports failed: ${JSON.stringify(first)}`, { code: 'unavailable' });
      }
    }
    for (const v of newVers) hidden.delete(v);
    for (const v of oldVers) hidden.add(v);
    await putState({ ...state, hidden: [...hidden], pending: what });
  } catch (e) {
    const err = unavailable('incremental update', e);
    throw new AppError(`OpenSearch: incremental update failed: ${err.message.replace(/^OpenSearch: /, '')} — the index still answers with the reports it held before; the next build of ${name} is a full one`, { code: 'unavailable' });
  }
  // 4. The old versions go (by id: delete-by-query is a module some distributions lack); hidden until they are gone.
  if (oldVers.length > 0) {
    await deleteVersions(client, into.paragraphs, oldVers);
    for (const v of oldVers) hidden.delete(v);
  }
  await putState({ stamp: state.stamp, hidden: [...hidden], pending: null });
}

/** Deletes every paragraph of the versions `vers`, found by a scan, by id and routing; `unavailable` on any failure. */
async function deleteVersions(client: Client, index: string, vers: readonly string[]): Promise<void> {
  const found = (await scanAll(client, 'find the replaced paragraphs', index, { terms: { ver: vers } }, {
    sort: SCAN_SORT, source: ['docId', 'ver', 'n'],
  })) as unknown as Pick<ParagraphSource, 'docId' | 'ver' | 'n'>[];
  for (let i = 0; i < found.length; i += 5000) {
    const ops = found.slice(i, i + 5000).map((p) => ({ delete: { _index: index, _id: `${p.ver}/${p.n}`, routing: p.docId } }));
    const res = await call<{ errors: boolean; items: Record<string, { error?: unknown }>[] }>('delete the replaced paragraphs', () =>
      client.bulk({ body: ops }) as Promise<{ body: { errors: boolean; items: Record<string, { error?: unknown }>[] } }>);
    if (res.errors) {
      const first = res.items.map((it) => Object.values(it)[0]?.error).find((e) => e !== undefined);
      throw new AppError(`OpenSearch: deleting the replaced paragraphs failed: ${JSON.stringify(first)}`, { code: 'unavailable' });
    }
  }
  await call('refresh', () => client.indices.refresh({ index }));
}
