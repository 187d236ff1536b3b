/**
 * Talking to the cluster: the client, errors as `AppError`s, and reading every hit of a query through a point in
 * time. A query answered by only some shards is never taken for a complete answer: it fails with `unavailable`
 * (HTTP 503), whatever OpenSearch did.
 */
import { Client } from '@opensearch-project/opensearch';
import { AppError } from '../core/errors.js';

/** A client for the cluster at `url` (`http://127.0.0.1:9200`; several URLs comma-separated). */
export function connect(url: string): Client {
  const nodes = url.split(',').map((u) => u.trim()).filter((u) => u !== '');
  // Retries go to another node: with replicas, losing one node costs a retry, not an answer.
  return new Client({ nodes, maxRetries: 3, requestTimeout: 30_000, sniffOnConnectionFault: false });
}

/** A failed cluster call as an `AppError` saying what was asked. */
export function unavailable(what: string, e: unknown): AppError {
  if (e instanceof AppError) return e;
  const err = e as { message?: string; meta?: { statusCode?: number; body?: { error?: { reason?: string; type?: string } } } };
  const reason = err.meta?.body?.error?.reason ?? err.meta?.body?.error?.type ?? err.message ?? String(e);
  const status = err.meta?.statusCode;
  return new AppError(`OpenSearch: ${what} failed${status ? ` (${status})` : ''}: ${reason}`, { code: 'unavailable' });
}

/** Calls the cluster; any failure becomes `unavailable`. */
export async function call<T>(what: string, f: () => Promise<{ body: T }>): Promise<T> {
  try {
    return (await f()).body;
  } catch (e) {
    throw unavailable(what, e);
  }
}

export interface SearchBody {
  hits: { total?: { value: number; relation: string }; hits: { _id: string; _source: Record<string, unknown>; _score: number | null; sort?: unknown[] }[] };
  _shards: { total: number; successful: number; failed: number; skipped?: number };
  aggregations?: Record<string, unknown>;
  timed_out?: boolean;
  pit_id?: string;
}

/** Throws `unavailable` unless every shard answered. */
export function requireComplete(what: string, body: SearchBody): SearchBody {
  const s = body._shards;
  if (body.timed_out || s.failed > 0 || s.successful + (s.skipped ?? 0) < s.total) {
    throw new AppError(`OpenSearch: ${what}: ${s.successful} of ${s.total} shards answered; no partial answer is given`, { code: 'unavailable' });
  }
  return body;
}

/** One search, every shard or an error. */
export async function searchAll(client: Client, what: string, index: string, body: Record<string, unknown>, params: Record<string, unknown> = {}): Promise<SearchBody> {
  const res = await call<SearchBody>(what, () => client.search({ index, allow_partial_search_results: false, ...params, body }) as Promise<{ body: SearchBody }>);
  return requireComplete(what, res);
}

/**
 * Every hit of `query` in `sort` order, read page by page through a point in time with `search_after`, with the
 * total tracked exactly: the hits read must be the total counted, or the answer is `unavailable`.
 *
 * @param sort must end in a unique field (e.g. `pid`) so `search_after` never skips or repeats a hit
 */
export async function scanAll(
  client: Client,
  what: string,
  index: string,
  query: Record<string, unknown>,
  opts: { sort: Record<string, unknown>[]; source: readonly string[]; pageSize?: number; routing?: string },
): Promise<Record<string, unknown>[]> {
  const pageSize = opts.pageSize ?? 5000;
  const pit = await call<{ pit_id: string }>(`${what}: point in time`, () =>
    client.createPit({ index, keep_alive: '1m', allow_partial_pit_creation: false, ...(opts.routing ? { routing: opts.routing } : {}) }) as Promise<{ body: { pit_id: string } }>);
  let pitId = pit.pit_id;
  const out: Record<string, unknown>[] = [];
  let total = -1;
  try {
    let after: unknown[] | undefined;
    for (;;) {
      const body = {
        query,
        size: pageSize,
        sort: opts.sort,
        _source: opts.source,
        track_total_hits: total < 0,
        pit: { id: pitId, keep_alive: '1m' },
        ...(after ? { search_after: after } : {}),
      };
      const res = requireComplete(what, await call<SearchBody>(what, () =>
        client.search({ allow_partial_search_results: false, body }) as Promise<{ body: SearchBody }>));
      if (res.pit_id) pitId = res.pit_id;
      if (total < 0) {
        if (res.hits.total?.relation !== 'eq') throw new AppError(`OpenSearch: ${what}: the total was not counted exactly`, { code: 'unavailable' });
        total = res.hits.total.value;
      }
      for (const h of res.hits.hits) out.push(h._source);
      if (res.hits.hits.length < pageSize) break;
      after = res.hits.hits[res.hits.hits.length - 1]!.sort;
    }
  } finally {
    // A point in time left open only costs the cluster until it expires.
    await client.deletePit({ body: { pit_id: [pitId] } }).catch(() => undefined);
  }
  if (out.length !== total) {
    throw new AppError(`OpenSearch: ${what}: read ${out.length} hits of ${total} counted`, { code: 'unavailable' });
  }
  return out;
}
