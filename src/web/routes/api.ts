/**
 * The JSON API (README, "HTTP API"). Every handler validates its parameters first; errors go to the app's error
 * handler, which answers `{error}` with 400 or 404.
 */
import crypto from 'node:crypto';
import { Router, type Response } from 'express';
import { AppError, notFound } from '../../core/errors.js';
import { DOC_PAGE, parseDocQuery, parseMentions, parseSearch } from '../../core/params.js';
import type { IndexStatus } from '../../core/types.js';
import type { AppDeps } from '../deps.js';
import { answerOtherMethods } from '../methods.js';
import { docPage } from '../paging.js';
import { href } from '../render.js';
import { mentionLinks } from '../timeline.js';
import { parseDocId } from '../validate.js';

export function apiRouter(deps: AppDeps): Router {
  const router = Router();

  // GET /api/health
  router.get('/health', (_req, res) => {
    const status = deps.status?.();
    res.json({ ok: true, ...deps.getEngine().stats(), ...(status ? healthOf(status) : {}) });
  });

  // GET /api/docs
  router.get('/docs', (_req, res) => {
    res.json({ docs: deps.getEngine().docs() });
  });

  // GET /api/docs/:id?from — a long document comes in pages, each with `next` (the URL of the next one).
  router.get('/docs/:id', async (req, res) => {
    const id = parseDocId(req.params.id);
    const { from = 1 } = parseDocQuery(req.query);
    const found = await deps.getEngine().doc(id);
    if (!found) throw notFound(`no document with id "${id}"`);
    if (from > 1 && from > found.paragraphs.length) throw notFound(`document "${id}" has ${found.paragraphs.length} paragraphs, no paragraph ${from}`);
    const page = docPage(found.paragraphs, from, DOC_PAGE);
    res.json({
      doc: found.doc,
      paragraphs: page.paragraphs.map(({ n, text, level, chapter, section }) => ({ n, text, level, chapter, section })),
      ...(page.next !== undefined ? { next: href(`/api/docs/${encodeURIComponent(id)}`, { from: page.next }) } : {}),
    });
  });

  // GET /api/search?q&city&year&chapter&kind&page&size
  // Sent without an ETag: `res.json` would hash every answer (about 8 kB, a tenth of the request's server time) only
  // to let a client revalidate an answer that has to be computed in full anyway.
  router.get('/search', async (req, res) => {
    sendJsonWithoutEtag(res, await deps.getEngine().search(parseSearch(req.query)));
  });

  // GET /api/mentions?q&city&year&chapter&kind&limit&offset&timeline&stages — `q` may name several series (`a | b`)
  // and alias groups (`a = b`); an answer cut by its bounds has `next`.
  router.get('/mentions', async (req, res) => {
    const params = parseMentions(req.query);
    const { nextOffset, ...result } = await deps.getEngine().mentions(params);
    res.json(nextOffset === undefined ? result : { ...result, next: href('/api/mentions', { ...mentionLinks(params), offset: nextOffset }) });
  });

  // POST /api/reindex — only when a token is configured; the caller sends it as `Authorization: Bearer <token>`.
  router.post('/reindex', async (req, res) => {
    const token = deps.reindexToken;
    if (!token || !deps.reindex) throw notFound('reindexing is disabled: set REINDEX_TOKEN to enable it');
    const auth = req.get('authorization') ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : (req.get('x-reindex-token') ?? '');
    if (!sameSecret(given, token)) throw new AppError('a valid reindex token is required', { code: 'forbidden' });
    const outcome = await deps.reindex();
    if (!outcome.ok) {
      res.status(500).json({ error: `reindex failed, the previous index keeps serving: ${outcome.error ?? 'unknown reason'}` });
      return;
    }
    res.json({ ok: true, docs: outcome.docs, paragraphs: outcome.paragraphs, ms: outcome.ms });
  });

  answerOtherMethods(router);
  return router;
}

/** Most skipped files `/api/health` lists (with `skippedTotal` saying how many there are). */
const MAX_SKIPPED_LISTED = 1000;

/**
 * What `/api/health` says of the index beyond its size: whether it is stale and why, each file its build skipped
 * and why, and how many warnings it had.
 * @example
 * healthOf({ stale: null, warnings: [] }) //=> { stale: false, skipped: [], warnings: 0 }
 */
function healthOf(status: IndexStatus): Record<string, unknown> {
  const skipped = status.warnings.filter((w) => w.skipped);
  return {
    stale: status.stale !== null,
    ...(status.stale !== null ? { staleReason: status.stale } : {}),
    skipped: skipped.slice(0, MAX_SKIPPED_LISTED).map(({ file, reason }) => ({ file, reason })),
    ...(skipped.length > MAX_SKIPPED_LISTED ? { skippedTotal: skipped.length } : {}),
    warnings: status.warnings.length,
  };
}

/** `res.json(value)` without the ETag (and so without 304 answers): status, type and body as `res.json` sends them. */
function sendJsonWithoutEtag(res: Response, value: unknown): void {
  const body = JSON.stringify(value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  // Node sends no body for HEAD.
  res.end(body);
}

/** Compares secrets in constant time (hashing first, so lengths do not leak either). */
function sameSecret(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}
