/**
 * The pages (README, "HTTP API"): home, search results, a document with its outline, mentions with charts, and the mentions CSV.
 * They work without JavaScript; values reach templates unescaped only as highlighted HTML built from escaped text.
 */
import { performance } from 'node:perf_hooks';
import { Router, type Request, type Response } from 'express';
import { notFound } from '../../core/errors.js';
import { FORMAT_LABELS, formatOf } from '../../core/formats.js';
import { DEFAULT_PAGE_SIZE, DIM_LABELS, DOC_HTML_PAGE, parseDocQuery, parseMentions, parsePer, parseSearch, SORT_LABELS } from '../../core/params.js';
import { outlineOf, type OutlineEntry } from '../../core/outline.js';
import type { Paragraph } from '../../core/types.js';
import { queryTerms } from '../../search/query.js';
import { highlightTerms } from '../../text/highlight.js';
import { mentionsCsvChunks } from '../csv.js';
import type { AppDeps } from '../deps.js';
import { downloadName } from '../filename.js';
import { answerOtherMethods } from '../methods.js';
import { docPage } from '../paging.js';
import { href, renderPage } from '../render.js';
import { mentionLinks } from '../timeline.js';
import { parseDocId } from '../validate.js';
import { mentionsView, seriesRouter } from './series.js';

/** Paragraphs listed per mentions page (all occurrences are still counted, charted and in the CSV). */
const MENTIONS_PAGE = 100;

export function pagesRouter(deps: AppDeps): Router {
  const router = Router();

  // GET /
  router.get('/', async (_req, res) => {
    const engine = deps.getEngine();
    const status = deps.status?.() ?? { stale: null, warnings: [] };
    const skipped = status.warnings.filter((w) => w.skipped);
    await renderPage(res, 'home', { title: '政策报告全文检索', docs: engine.docs(), stats: engine.stats(), stale: status.stale, skipped: skipped.slice(0, 1000), skippedTotal: skipped.length });
  });

  // GET /search?q&city&year&chapter&kind&page
  router.get('/search', async (req, res) => {
    if (isBlank(req.query.q)) {
      res.redirect(303, '/');
      return;
    }
    // The page groups hits by document unless asked not to (`group=none`); the API does the opposite.
    const params = { group: 'doc' as const, ...parseSearch(req.query) };
    const started = performance.now();
    const result = await deps.getEngine().search(params);
    const ms = performance.now() - started;
    // The links of the page (filters, pages) keep what was asked, duplicates=include, the order and grouping too.
    const current = {
      q: params.q, city: params.city, year: params.year, kind: params.kind, chapter: params.chapter, size: params.size === DEFAULT_PAGE_SIZE ? undefined : params.size, duplicates: params.includeDuplicates ? 'include' : undefined,
      sort: params.sort === 'relevance' ? undefined : params.sort, group: params.group === 'doc' ? undefined : params.group,
    };
    await renderPage(res, 'search', {
      title: `${params.q} - 检索结果`,
      q: params.q,
      params,
      current,
      result,
      ms,
      terms: queryTerms(params.q),
      dimLabels: DIM_LABELS,
      sortLabels: SORT_LABELS,
      lastPage: Math.max(1, Math.ceil(result.total / params.size)),
    });
  });

  // GET /docs/:id?q&from — a long document comes in pages of paragraphs (`from` is the first one's number).
  router.get('/docs/:id', async (req, res) => {
    const id = parseDocId(req.params.id);
    const { q, from = 1 } = parseDocQuery(req.query);
    const found = await deps.getEngine().doc(id);
    if (!found) throw notFound(`没有编号为“${id}”的文件`);
    if (from > 1 && from > found.paragraphs.length) throw notFound(`“${id}”共 ${found.paragraphs.length} 段，没有第 ${from} 段`);
    const terms = q ? queryTerms(q) : [];
    const page = docPage(found.paragraphs, from, DOC_HTML_PAGE);
    let matches = 0;
    const paragraphs = page.paragraphs.map((p) => {
      const html = highlightTerms(p.text, terms);
      matches += countMarks(html);
      return { ...p, html, citation: citation(found.doc.title, p, baseUrl(req), id) };
    });
    const self = `/docs/${encodeURIComponent(id)}`;
    const first = paragraphs[0]?.n ?? from;
    const last = first + paragraphs.length - 1;
    const paged = from > 1 || page.next !== undefined;
    const prevFrom = Math.max(1, from - DOC_HTML_PAGE.paragraphs);
    // A link to a paragraph: its anchor on this page, else the page that starts there.
    const at = (n: number): string => (n >= first && n <= last ? `#p-${n}` : href(self, { q, from: n }, `p-${n}`));
    await renderPage(res, 'doc', {
      title: found.doc.title,
      q: q ?? '',
      doc: found.doc,
      format: FORMAT_LABELS[formatOf(found.doc.file) ?? 'txt'],
      paragraphs,
      outline: capOutline(outlineOf(found.paragraphs)),
      at,
      paging: paged
        ? {
            first,
            last,
            prev: from > 1 ? href(self, { q, from: prevFrom > 1 ? prevFrom : undefined }) : null,
            next: page.next !== undefined ? href(self, { q, from: page.next }) : null,
          }
        : null,
      terms,
      matches,
    });
  });

  // GET /mentions?q&city&year&chapter&kind&per[&limit&offset] — `q` may name several series and alias groups.
  router.get('/mentions', async (req, res) => {
    if (isBlank(req.query.q)) {
      await renderPage(res, 'mentions', { title: '提及统计', q: '', result: null });
      return;
    }
    const params = parseMentions(req.query);
    const per = parsePer(req.query);
    const limit = Math.min(params.limit ?? MENTIONS_PAGE, 500);
    const offset = params.offset ?? 0;
    const result = await deps.getEngine().mentions({ ...params, limit, offset, timeline: true, stages: true });
    // No mention: the longer names the reports write these words in (盛乐机场 → 盛乐国际机场).
    const engine = deps.getEngine();
    const names = result.totalOccurrences === 0 && engine.longerNames ? await engine.longerNames(params.q, params) : [];
    await renderPage(res, 'mentions', { title: `${params.q} - 提及统计`, q: params.q, ...mentionsView(params, result, per), limit, offset, dimLabels: DIM_LABELS, names });
  });

  // GET /mentions.csv?q&city&year&chapter&kind[&limit&offset] — a row per occurrence, streamed; an answer cut by
  // its bounds says where the rest is in `Link: <…>; rel="next"`.
  router.get('/mentions.csv', async (req, res) => {
    const params = parseMentions(req.query);
    const { nextOffset, ...result } = await deps.getEngine().mentions(params);
    res.attachment(downloadName(`mentions-${params.q}`, '.csv'));
    res.type('text/csv; charset=utf-8');
    if (nextOffset !== undefined) res.set('Link', `<${href('/mentions.csv', { ...mentionLinks(params), offset: nextOffset })}>; rel="next"`);
    await stream(res, mentionsCsvChunks(result, baseUrl(req)));
  });

  // The series exports, the term × report table and the chapter comparison (routes/series.ts).
  router.use(seriesRouter(deps));

  answerOtherMethods(router);
  return router;
}

/** Most chapters and sections a document page's outline lists. */
const OUTLINE_ENTRIES = 1000;

/** The outline cut to its first `OUTLINE_ENTRIES` chapters and sections. */
function capOutline(outline: OutlineEntry[]): OutlineEntry[] {
  let room = OUTLINE_ENTRIES;
  const out: OutlineEntry[] = [];
  for (const c of outline) {
    if (room <= 0) break;
    room--;
    const sections = c.sections.slice(0, Math.max(0, room));
    room -= sections.length;
    out.push({ ...c, sections });
  }
  return out;
}

/**
 * Writes the chunks to the response as the client takes them (waiting for it to drain), and stops when it goes
 * away.
 */
async function stream(res: Response, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!res.destroyed) res.end();
}

function isBlank(v: unknown): boolean {
  return v === undefined || (typeof v === 'string' && v.trim() === '');
}

function countMarks(html: string): number {
  return html.split('<mark>').length - 1;
}

/**
 * The site's own origin for full links in citations and the CSV, from the Host header when it looks like a host name.
 * @example
 * baseUrl(req) //=> 'http://localhost:3000'
 */
function baseUrl(req: Request): string {
  const host = req.get('host') ?? '';
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(host) ? `${req.protocol}://${host}` : '';
}

/**
 * A ready citation of one paragraph.
 * @example
 * citation('2025年呼和浩特市政府工作报告', p, 'http://localhost:3000', '000_x')
 * //=> '《2025年呼和浩特市政府工作报告》，二、2025年工作安排，（一）…，第12段。http://localhost:3000/docs/000_x#p-12'
 */
function citation(title: string, p: Paragraph, base: string, id: string): string {
  const where = [p.chapter, p.section && p.section !== p.chapter ? p.section : ''].filter(Boolean).join('，');
  return `《${title}》${where ? `，${where}` : ''}，第${p.n}段。${base}/docs/${encodeURIComponent(id)}#p-${p.n}`;
}
