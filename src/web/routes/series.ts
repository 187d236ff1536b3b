/**
 * Following a project through the years (README, "Series and alias groups"): what the mentions page shows of its
 * series, the exports of mentions (full, in Chinese) and of counts by year, the term × report table and the same
 * chapter compared across years. Pages work without JavaScript.
 */
import express, { Router, type Request, type Response } from 'express';
import { ParamError } from '../../core/errors.js';
import { DIM_LABELS, parseCompare, parseMentions, parseTermTable, type Per } from '../../core/params.js';
import type { MentionParams, MentionsResult, Paragraph } from '../../core/types.js';
import { compareSentences, headingsOf, partParagraphs, sentencesOf } from '../../search/chapters.js';
import { MAX_TERMS, parseTerms, termTable, type TermRow } from '../../search/term-table.js';
import { barChart, timelineChart } from '../chart.js';
import { BOM, countsByYearCsv, csvRow, mentionsFullCsvChunks, type DocExtra } from '../csv.js';
import type { AppDeps } from '../deps.js';
import { downloadName } from '../filename.js';
import { href, renderPage } from '../render.js';
import { mentionLinks, PER_LABELS, PER_UNITS, stageLines, timelineColumns } from '../timeline.js';

/** The series of a request: those parsed from `q`, or `q` as the one series. */
function labelsOf(params: MentionParams): { label: string; aliases: string[] }[] {
  return params.series ?? [{ label: params.q, aliases: [params.q] }];
}

/**
 * The locals of the mentions page for a result asked with `timeline` and `stages`: the timeline chart in the unit
 * asked for with its switch, the chart by place, per series totals with first and last appearance, the stage lines
 * and the export links.
 */
export function mentionsView(params: MentionParams, result: MentionsResult, per: Per): Record<string, unknown> {
  const series = labelsOf(params);
  const links = mentionLinks({ ...params, limit: undefined, offset: undefined, timeline: undefined, stages: undefined });
  const current = { ...links, per: per === 'raw' ? undefined : per };
  const columns = timelineColumns(result, per, (year) => href('/mentions', { ...current, year }));
  const title = `${series.map((s) => `“${s.label}”`).join('与')}按年份的提及`;
  const timelineSvg = timelineChart({ id: 'by-year', title, unit: PER_UNITS[per], series: series.map((s) => s.label), columns, digits: per === 'raw' ? 0 : 2 });
  const cityChart = barChart({
    id: 'by-city',
    title: `${series.map((s) => `“${s.label}”`).join('与')}按地区的提及次数`,
    unit: '次',
    bars: result.byCity.map((b) => ({ label: b.city, value: b.count, href: href('/mentions', { ...current, city: b.city }) })),
  });
  return {
    current,
    series,
    result,
    per,
    perOptions: (['raw', 'report', '10k'] as const).map((p) => ({ value: p, label: PER_LABELS[p], href: href('/mentions', { ...current, per: p === 'raw' ? undefined : p }), active: p === per })),
    unit: PER_UNITS[per],
    columns,
    timelineSvg,
    cityChart,
    stageLines: stageLines(result.stages ?? [], series),
    shown: result.docs.reduce((sum, d) => sum + d.paragraphs.length, 0),
    csvHref: href('/mentions.csv', links),
    fullCsvHref: href('/mentions/full.csv', links),
    yearsCsvHref: href('/mentions/years.csv', links),
    termsHref: href('/terms', { terms: series.flatMap((s) => s.aliases).join('\n'), city: params.city, year: params.year, kind: params.kind }),
  };
}

export function seriesRouter(deps: AppDeps): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 20 });
  const raw = (req: Request): Record<string, unknown> => ({ ...req.query, ...((req.body as Record<string, unknown> | undefined) ?? {}) });

  // GET /mentions/full.csv?q&… — a row per occurrence, Chinese headers, with series, kind, stage and the paragraph's
  // whole text; cut at the bounds of one mentions answer, with `Link: <…>; rel="next"`.
  router.get('/mentions/full.csv', async (req, res) => {
    const params = parseMentions(req.query);
    const engine = deps.getEngine();
    const { nextOffset, ...result } = await engine.mentions({ ...params, stages: true });
    const meta = new Map(engine.docs().map((d) => [d.id, d]));
    const texts = new Map<string, Paragraph[]>();
    for (const d of result.docs) texts.set(d.docId, (await engine.doc(d.docId))?.paragraphs ?? []);
    const extra = (id: string): DocExtra => {
      const ps = texts.get(id) ?? [];
      return { district: meta.get(id)?.district ?? null, kind: meta.get(id)?.kind ?? null, text: (n) => ps[n - 1]?.text ?? '' };
    };
    res.attachment(downloadName(`mentions-full-${params.q}`, '.csv'));
    res.type('text/csv; charset=utf-8');
    if (nextOffset !== undefined) res.set('Link', `<${href('/mentions/full.csv', { ...mentionLinks(params), offset: nextOffset })}>; rel="next"`);
    await send(res, mentionsFullCsvChunks(result, labelsOf(params).map((s) => s.label), extra, origin(req)));
  });

  // GET /mentions/years.csv?q&… — per year of the continuous axis (and 年份不详): reports indexed, characters, and per
  // series its occurrences raw, per report and per 10,000 characters.
  router.get('/mentions/years.csv', async (req, res) => {
    const params = parseMentions(req.query);
    const result = await deps.getEngine().mentions({ ...params, limit: 0, offset: 0, timeline: true });
    res.attachment(downloadName(`mentions-by-year-${params.q}`, '.csv'));
    res.type('text/csv; charset=utf-8');
    res.send(countsByYearCsv(result, labelsOf(params).map((s) => s.label)));
  });

  /** The table of a terms request, or null when no terms were given. */
  const table = async (req: Request): Promise<{ terms: string[]; rows: TermRow[]; params: ReturnType<typeof parseTermTable> } | null> => {
    const params = parseTermTable(raw(req));
    const terms = parseTerms(params.terms);
    if (terms.length === 0) return null;
    if (terms.length > MAX_TERMS) throw new ParamError(`terms: at most ${MAX_TERMS} terms, got ${terms.length}`, `词表最多 ${MAX_TERMS} 个词，现为 ${terms.length} 个`, 'terms');
    const long = terms.find((t) => t.length > 64);
    if (long) throw new ParamError(`terms: a term is at most 64 characters, "${long.slice(0, 30)}…" has ${long.length}`, `每个词最多 64 个字符，“${long.slice(0, 30)}…”有 ${long.length} 个`, 'terms');
    const { terms: _t, ...filters } = params;
    return { terms, rows: await termTable(deps.getEngine(), terms, filters), params };
  };

  // GET|POST /terms?terms&city&year&kind — the term × report table as a page; the list is pasted, or read from a
  // file by the page's script.
  const termsPage = async (req: Request, res: Response): Promise<void> => {
    const t = await table(req);
    const params = t?.params ?? parseTermTable(raw(req));
    await renderPage(res, 'terms', {
      title: '词频表（词 × 报告）',
      params,
      dimLabels: DIM_LABELS,
      terms: t?.terms ?? [],
      rows: t?.rows ?? [],
      csvHref: t && params.terms.length <= 2000 ? href('/terms.csv', { terms: params.terms, city: params.city, year: params.year, kind: params.kind, duplicates: params.includeDuplicates ? 'include' : undefined }) : null,
      per10k: (c: number, chars: number) => (chars === 0 ? '' : ((c * 10_000) / chars).toFixed(2)),
    });
  };
  router.get('/terms', termsPage);
  router.post('/terms', form, termsPage);

  // GET|POST /terms.csv?terms&… — the same table as CSV: a row per report, per term its count and per 10,000 characters.
  const termsCsv = async (req: Request, res: Response): Promise<void> => {
    const t = await table(req);
    if (!t) throw new ParamError('terms is required: one term a line', '请输入词表（terms），每行一个词', 'terms');
    res.attachment(downloadName('terms-by-report', '.csv'));
    res.type('text/csv; charset=utf-8');
    const head = ['文件编号', '标题', '地区', '区县', '年份', '类型', '字数', ...t.terms.map((x) => `${x}（次）`), ...t.terms.map((x) => `${x}（次/万字）`)];
    const lines = [BOM + csvRow(head)];
    for (const r of t.rows) {
      const rate = r.counts.map((c) => (r.chars === 0 ? '' : Number(((c * 10_000) / r.chars).toFixed(4))));
      lines.push(csvRow([r.docId, r.title, r.city, r.district, r.year ?? '年份不详', r.kind, r.chars, ...r.counts, ...rate]));
    }
    res.send(lines.join(''));
  };
  router.get('/terms.csv', termsCsv);
  router.post('/terms.csv', form, termsCsv);

  // GET /compare?city&kind&part|chapter&a&b — a part of one place's reports of one kind, year by year, and what
  // changed between years a and b.
  router.get('/compare', async (req, res) => {
    const p = parseCompare(req.query);
    const engine = deps.getEngine();
    const city = p.city ?? '全国';
    const kind = p.kind ?? '政府工作报告';
    const choice = p.chapter !== undefined ? { chapter: p.chapter } : { part: p.part ?? 'review' };
    const reports = engine
      .docs()
      .filter((d) => d.duplicateOf === null && d.year !== null && d.kind === kind && (d.city === city || d.district === city) && (city !== d.city || d.district === null))
      .sort((x, y) => x.year! - y.year!);
    const byYear = new Map<number, (typeof reports)[number]>();
    for (const d of reports) if (!byYear.has(d.year!)) byYear.set(d.year!, d);
    const years: { year: number; doc: (typeof reports)[number]; headings: string[]; sentences: string[]; first: number | undefined }[] = [];
    for (const [year, d] of byYear) {
      const found = await engine.doc(d.id);
      const part = partParagraphs(found?.paragraphs ?? [], choice);
      years.push({ year, doc: d, headings: headingsOf(part), sentences: sentencesOf(part), first: part[0]?.n });
    }
    const yearA = years.find((y) => y.year === p.a);
    const yearB = years.find((y) => y.year === p.b);
    if (p.a !== undefined && !yearA) throw new ParamError(`a: no ${kind} of ${city} in ${p.a}`, `${city}没有 ${p.a} 年的${kind}`, 'a');
    if (p.b !== undefined && !yearB) throw new ParamError(`b: no ${kind} of ${city} in ${p.b}`, `${city}没有 ${p.b} 年的${kind}`, 'b');
    const blocks = yearA && yearB ? compareSentences(yearA.sentences, yearB.sentences) : null;
    const places = [...new Set(engine.docs().map((d) => d.district ?? d.city).filter((c): c is string => c !== null))].sort();
    await renderPage(res, 'compare', {
      title: '同一章节的逐年对比',
      city,
      kind,
      choice,
      part: p.part ?? (p.chapter ? undefined : 'review'),
      chapter: p.chapter ?? '',
      places,
      years: years.map((y, i) => ({ ...y, sentences: y.sentences.length, chars: y.sentences.reduce((n, s) => n + s.length, 0), prev: i > 0 ? years[i - 1]!.year : null })),
      a: yearA ? { year: yearA.year, doc: yearA.doc } : null,
      b: yearB ? { year: yearB.year, doc: yearB.doc } : null,
      blocks,
      counts: blocks ? { added: count(blocks, 'added'), dropped: count(blocks, 'dropped'), same: count(blocks, 'same') } : null,
      link: (a: number, b: number) => href('/compare', { city, kind, part: p.part, chapter: p.chapter, a, b }),
    });
  });

  return router;
}

function count(blocks: { change: string; sentences: string[] }[], change: string): number {
  return blocks.filter((b) => b.change === change).reduce((n, b) => n + b.sentences.length, 0);
}

/** Writes the chunks as the client takes them; stops when it goes away. */
async function send(res: Response, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
  }
  if (!res.destroyed) res.end();
}

/** The site's origin for full links, from a Host header that looks like a host name ("" otherwise). */
function origin(req: Request): string {
  const host = req.get('host') ?? '';
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host) ? `${req.protocol}://${host}` : '';
}
