/**
 * The pages (README, "HTTP API"): home, search results, a document with its outline, mentions with charts, and the mentions CSV.
 * They work without JavaScript; values reach templates unescaped only as highlighted HTML built from escaped text.
 */
import { performance } from 'node:perf_hooks';
import { Router, type Request, type Response } from 'express';
import { notFound } from '../../core/errors.js';
import { FORMAT_LABELS, formatOf } from '../../core/formats.js';
import { clip, DEFAULT_PAGE_SIZE, DIM_LABELS, DOC_HTML_PAGE, parseCiteQuery, parseDocQuery, parseMentions, parseFilters, parsePer, parseSearch, hasFilters, MAX_STAGED_OCCURRENCES, MAX_STAGED_PARAGRAPHS, SORT_LABELS } from '../../core/params.js';
import { outlineOf, type OutlineEntry } from '../../core/outline.js';
import type { DocMeta } from '../../core/types.js';
import { browseDocs } from '../../search/browse.js';
import { queryTerms } from '../../search/query.js';
import { paragraphAnchors } from '../../text/anchor.js';
import { bibtex, gbt7714, reportFacts, ris } from '../citation.js';
import { mentionsCsvChunks } from '../csv.js';
import type { AppDeps } from '../deps.js';
import { docView } from '../doc-view.js';
import { filterQuery } from '../filter-links.js';
import { corpusSummary, parseDocSort, sortDocs } from '../home-view.js';
import { downloadName } from '../filename.js';
import { answerOtherMethods } from '../methods.js';
import { docPage } from '../paging.js';
import { href, renderPage } from '../render.js';
import { mentionLinks } from '../timeline.js';
import { parseDocId } from '../validate.js';
import { mentionsView, seriesRouter } from './series.js';

/** Paragraphs listed per mentions page (all occurrences are still counted, charted and in the CSV). */
const MENTIONS_PAGE = 100;
/**
 * Contexts the mentions page lists per paragraph and in all: a paragraph's further occurrences are one link to it
 * away, and a page of a very common word stays a page (the API and the CSV keep their own, larger bounds).
 */
const PAGE_CONTEXTS_PER_PARAGRAPH = 5;
const PAGE_CONTEXTS = 2000;
const STAGED_BOUNDS = { paragraphs: MAX_STAGED_PARAGRAPHS, occurrences: MAX_STAGED_OCCURRENCES };

export function pagesRouter(deps: AppDeps): Router {
  const router = Router();

  // GET /
  // GET /?sort — what the corpus covers, two ways in, and the reports in the order asked for.
  router.get('/', async (req, res) => {
    const engine = deps.getEngine();
    const sort = parseDocSort(req.query.sort);
    const status = deps.status?.() ?? { stale: null, warnings: [] };
    const skipped = status.warnings.filter((w) => w.skipped);
    const docs = engine.docs();
    await renderPage(res, 'home', { title: '政策报告全文检索', docs: sortDocs(docs, sort), sort, summary: corpusSummary(docs), stats: engine.stats(), stale: status.stale, skipped: skipped.slice(0, 1000), skippedTotal: skipped.length });
  });

  // GET /search?q&city&district&year&year_from&year_to&kind&chapter_type&chapter&page — without a query, the
  // documents the filters keep (browsing: /search?city=呼和浩特).
  router.get('/search', async (req, res) => {
    if (isBlank(req.query.q)) {
      const filters = parseFilters(req.query);
      if (!hasFilters(filters)) {
        res.redirect(303, '/');
        return;
      }
      const docs = deps.getEngine().docs();
      const browsed = browseDocs(docs, filters);
      await renderPage(res, 'browse', { title: '浏览文件', current: filterQuery(filters), result: browsed, allYears: yearsOf(docs) });
      return;
    }
    // The page groups hits by document unless asked not to (`group=none`); the API does the opposite.
    const params = { group: 'doc' as const, ...parseSearch(req.query) };
    const started = performance.now();
    const result = await deps.getEngine().search(params);
    const ms = performance.now() - started;
    // The links of the page (filters, pages) keep what was asked, duplicates=include, the order and grouping too.
    const current = {
      q: params.q, ...filterQuery(params), size: params.size === DEFAULT_PAGE_SIZE ? undefined : params.size,
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
      allYears: yearsOf(deps.getEngine().docs()),
    });
  });

  // GET /docs/:id/cite.bib?p and /docs/:id/cite.ris?p — the document (or its paragraph with stable anchor `p`) for reference managers.
  router.get('/docs/:id/cite.:format', async (req, res) => {
    const id = parseDocId(req.params.id);
    const format = req.params.format;
    if (format !== 'bib' && format !== 'ris') throw notFound(`没有“${clip(format)}”格式的引文，可用 cite.bib 或 cite.ris`);
    const { p: anchor } = parseCiteQuery(req.query);
    const found = await deps.getEngine().doc(id);
    if (!found) throw notFound(`没有编号为“${id}”的文件`);
    const anchors = paragraphAnchors(found.paragraphs.map((x) => x.text));
    const at = anchor === undefined ? -1 : anchors.indexOf(anchor);
    if (anchor !== undefined && at < 0) throw notFound(`“${id}”中没有锚点为“${anchor}”的段落（文件可能已更改）`);
    const para = at >= 0 ? found.paragraphs[at] : undefined;
    const url = `${baseUrl(req)}/docs/${encodeURIComponent(id)}${anchor ? `#${anchor}` : ''}`;
    const facts = reportFacts(found.doc, found.paragraphs);
    const text = format === 'bib' ? bibtex(found.doc, facts, url, today(), para) : ris(found.doc, facts, url, today(), para);
    res.attachment(downloadName(`${id}${para ? `-p${para.n}` : ''}`, format === 'bib' ? '.bib' : '.ris'));
    res.type(format === 'bib' ? 'application/x-bibtex; charset=utf-8' : 'application/x-research-info-systems; charset=utf-8');
    res.send(text);
  });

  // GET /docs/:id/at/:anchor?q — the page of a long document that holds the paragraph with this stable anchor (where
  // the page script sends a `#s-…` link it cannot find on the page it opened).
  router.get('/docs/:id/at/:anchor', async (req, res) => {
    const id = parseDocId(req.params.id);
    const { p: anchor } = parseCiteQuery({ p: req.params.anchor });
    const { q } = parseDocQuery(req.query);
    const found = await deps.getEngine().doc(id);
    if (!found) throw notFound(`没有编号为“${id}”的文件`);
    const at = anchor === undefined ? -1 : paragraphAnchors(found.paragraphs.map((x) => x.text)).indexOf(anchor);
    if (at < 0) throw notFound(`“${id}”中没有锚点为“${anchor ?? ''}”的段落（文件可能已更改）`);
    let from = 1;
    for (let next = docPage(found.paragraphs, from, DOC_HTML_PAGE).next; next !== undefined && next <= at + 1; next = docPage(found.paragraphs, from, DOC_HTML_PAGE).next) from = next;
    res.redirect(302, href(`/docs/${encodeURIComponent(id)}`, { q, from: from > 1 ? from : undefined }, anchor));
  });

  // GET /docs/:id?q&from — a long document comes in pages of paragraphs (`from` is the first one's number).
  router.get('/docs/:id', async (req, res) => {
    const id = parseDocId(req.params.id);
    const { q, from = 1 } = parseDocQuery(req.query);
    const found = await deps.getEngine().doc(id);
    if (!found) throw notFound(`没有编号为“${id}”的文件`);
    if (from > 1 && from > found.paragraphs.length) throw notFound(`“${id}”共 ${found.paragraphs.length} 段，没有第 ${from} 段`);
    const page = docPage(found.paragraphs, from, DOC_HTML_PAGE);
    const self = `/docs/${encodeURIComponent(id)}`;
    const view = docView(found.doc, found.paragraphs, page.paragraphs, capOutline(outlineOf(found.paragraphs)), q, (anchor) => `${baseUrl(req)}${self}#${anchor}`, today());
    const first = view.paragraphs[0]?.n ?? from;
    const last = first + view.paragraphs.length - 1;
    const paged = from > 1 || page.next !== undefined;
    const prevFrom = Math.max(1, from - DOC_HTML_PAGE.paragraphs);
    // A link to a paragraph: its anchor on this page, else the page that starts there.
    const at = (n: number): string => (n >= first && n <= last ? `#p-${n}` : href(self, { q, from: n }, `p-${n}`));
    await renderPage(res, 'doc', {
      title: found.doc.title,
      q: q ?? '',
      doc: found.doc,
      format: FORMAT_LABELS[formatOf(found.doc.file) ?? 'txt'],
      paragraphs: view.paragraphs,
      outline: view.outline,
      facts: view.facts,
      docCitation: gbt7714(found.doc, view.facts, `${baseUrl(req)}${self}`, today()),
      hits: view.hits,
      at,
      self,
      paging: paged
        ? {
            first,
            last,
            prev: from > 1 ? href(self, { q, from: prevFrom > 1 ? prevFrom : undefined }) : null,
            next: page.next !== undefined ? href(self, { q, from: page.next }) : null,
          }
        : null,
      terms: view.terms,
      matches: view.matches,
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
    const result = await deps.getEngine().mentions({
      ...params, limit, offset, timeline: true, stages: true, contextsPerParagraph: PAGE_CONTEXTS_PER_PARAGRAPH, maxContexts: PAGE_CONTEXTS,
    });
    // No mention: the longer names the reports write these words in (盛乐机场 → 盛乐国际机场).
    const engine = deps.getEngine();
    const names = result.totalOccurrences === 0 && engine.longerNames ? await engine.longerNames(params.q, params) : [];
    await renderPage(res, 'mentions', { title: `${params.q} - 提及统计`, q: params.q, ...mentionsView(params, result, per), limit, offset, dimLabels: DIM_LABELS, names, stagedBounds: STAGED_BOUNDS });
  });

  // GET /mentions.csv?q&city&year&chapter&kind[&limit&offset] — a row per occurrence, streamed; an answer cut by
  // its bounds says where the rest is in `Link: <…>; rel="next"`.
  router.get('/mentions.csv', async (req, res) => {
    const params = parseMentions(req.query);
    const { nextOffset, ...result } = await deps.getEngine().mentions(params);
    res.attachment(downloadName(`mentions-${params.q}`, '.csv'));
    res.type('text/csv; charset=utf-8');
    if (nextOffset !== undefined) res.set('Link', `<${href('/mentions.csv', { ...mentionLinks(params), offset: nextOffset })}>; rel="next"`);
    // Each row links its paragraph by the stable anchor, which a rebuild that renumbers paragraphs does not break.
    const anchors = new Map<string, string[]>();
    for (const d of result.docs) {
      const found = await deps.getEngine().doc(d.docId);
      if (found) anchors.set(d.docId, paragraphAnchors(found.paragraphs.map((p) => p.text)));
    }
    const stable = (docId: string, n: number): string | undefined => {
      const anchor = anchors.get(docId)?.[n - 1];
      return anchor ? `/docs/${encodeURIComponent(docId)}#${anchor}` : undefined;
    };
    await stream(res, mentionsCsvChunks(result, baseUrl(req), stable));
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

/** The years of the corpus, newest first (the choices of a year range). */
function yearsOf(docs: readonly DocMeta[]): number[] {
  return [...new Set(docs.map((d) => d.year).filter((y): y is number => y !== null))].sort((a, b) => b - a);
}

function isBlank(v: unknown): boolean {
  return v === undefined || (typeof v === 'string' && v.trim() === '');
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

/** Today's date in UTC, as a citation's access date: `2026-12-01`. */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}
