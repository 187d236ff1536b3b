/**
 * The mentions CSV: one row per occurrence, written by csv-stringify as RFC 4180 (CRLF, quotes doubled), UTF-8 with
 * a BOM so that Excel reads Chinese, and cells that a spreadsheet would run as a formula neutralised.
 */
import { stringify, type Options } from 'csv-stringify/sync';
import type { MentionsResult } from '../core/types.js';

/** The header row of `/mentions.csv`, in column order. */
const CSV_COLUMNS = ['docId', 'title', 'city', 'year', 'n', 'chapter', 'section', 'before', 'match', 'after', 'url'] as const;

/** Byte order mark: tells Excel the file is UTF-8. */
export const BOM = '\uFEFF';

type Cell = string | number | null | undefined;

/**
 * How a cell is written: a value starting with `=`, `+`, `-`, `@` (or a tab/CR, which Excel also strips before
 * evaluating) gets a leading `'` so that a spreadsheet shows it as text instead of evaluating it; a value holding a
 * comma, a quote or any line break is quoted.
 */
const OPTIONS: Options = {
  record_delimiter: 'windows',
  quoted_match: /[\r\n]/,
  cast: { string: (s) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s) },
};

/**
 * One CSV record, ended with CRLF.
 * @example
 * csvRow(['=HYPERLINK("x")', '呼和浩特']) //=> '"\'=HYPERLINK(""x"")",呼和浩特\r\n'
 */
export function csvRow(cells: readonly Cell[]): string {
  return stringify([cells.map((c) => c ?? '')], OPTIONS);
}

/** Rows written per chunk of {@link mentionsCsvChunks}. */
const CHUNK_ROWS = 1000;

/**
 * The mentions CSV in chunks, to be streamed: the BOM and header, then a row per occurrence in the order of the
 * mentions result, `CHUNK_ROWS` rows a chunk.
 * @param baseUrl prefix for the `url` column, e.g. `http://localhost:3000` ("" keeps it relative).
 * @param link the link of a paragraph, e.g. by its stable anchor (default: its `url`, `#p-<n>`).
 */
export function* mentionsCsvChunks(result: MentionsResult, baseUrl = '', link?: (docId: string, n: number) => string | undefined): Generator<string> {
  yield* inChunks(CSV_COLUMNS, (function* () {
    for (const doc of result.docs) {
      for (const p of doc.paragraphs) {
        const url = baseUrl + (link?.(doc.docId, p.n) ?? p.url);
        for (const c of p.contexts) yield [doc.docId, doc.title, doc.city, doc.year, p.n, p.chapter, p.section, c.before, c.match, c.after, url];
      }
    }
  })());
}

/** A CSV in chunks of `CHUNK_ROWS` rows, to be streamed: the BOM and the header first; at least one chunk. */
function* inChunks(header: readonly Cell[], body: Iterable<Cell[]>): Generator<string> {
  let rows: Cell[][] = [[...header]];
  let first = true;
  const flush = (): string => {
    const chunk = (first ? BOM : '') + stringify(rows.map((r) => r.map((c) => c ?? '')), OPTIONS);
    first = false;
    rows = [];
    return chunk;
  };
  for (const row of body) {
    rows.push(row);
    if (rows.length >= CHUNK_ROWS) yield flush();
  }
  if (first || rows.length > 0) yield flush();
}

/** The whole mentions CSV (with BOM and header) as one string: {@link mentionsCsvChunks} joined. */
export function mentionsCsv(result: MentionsResult, baseUrl = ''): string {
  return [...mentionsCsvChunks(result, baseUrl)].join('');
}

/** The columns of `/mentions/full.csv`, in Chinese, in order. */
const FULL_COLUMNS = ['系列', '文件编号', '标题', '地区', '区县', '年份', '类型', '段落', '章', '节', '阶段', '阶段词', '目标或事实', '所在部分', '依据句', '前文', '匹配', '后文', '段落全文', '链接'] as const;

const STAGE_ZH: Record<string, string> = { plan: '谋划', start: '开工', progress: '建设', completion: '建成' };
const PART_ZH: Record<string, string> = { review: '回顾', plan: '安排' };

/** What the full export needs of a document beyond the mentions answer. */
export interface DocExtra {
  district: string | null;
  kind: string | null;
  /** Paragraph text by its number. */
  text: (n: number) => string;
}

/**
 * The full mentions CSV (`/mentions/full.csv`), Chinese headers: a row per occurrence with its series, place, year,
 * kind, stage and evidence sentence, the context, the whole paragraph and the link. Contexts need stage tags
 * (`stages: true`).
 */
export function* mentionsFullCsvChunks(result: MentionsResult, labels: readonly string[], extra: (docId: string) => DocExtra, baseUrl = ''): Generator<string> {
  yield* inChunks(FULL_COLUMNS, (function* () {
    for (const doc of result.docs) {
      const x = extra(doc.docId);
      for (const p of doc.paragraphs) {
        for (const c of p.contexts) {
          const st = c.stage;
          yield [
            labels[c.series ?? 0] ?? result.query, doc.docId, doc.title, doc.city, x.district, doc.year ?? '年份不详', x.kind, p.n, p.chapter, p.section,
            st?.stage ? STAGE_ZH[st.stage] : '未提阶段', st?.word, st?.stage ? (st.aim ? '目标' : '事实') : '', st?.part ? PART_ZH[st.part] : '', st?.sentence,
            c.before, c.match, c.after, x.text(p.n), baseUrl + p.url,
          ];
        }
      }
    }
  })());
}

/**
 * Counts by year per series (`/mentions/years.csv`): a row per year of the continuous axis, zeros included, then the
 * 年份不详 row; per series its occurrences, per report and per 10,000 characters (empty where no report was indexed).
 */
export function countsByYearCsv(result: MentionsResult, labels: readonly string[]): string {
  const t = result.timeline;
  const header: Cell[] = ['年份', '收录报告数', '字数', ...labels.flatMap((l) => [`${l}（次）`, `${l}（次/份报告）`, `${l}（次/万字）`])];
  const rate = (v: number, d: number, k: number): Cell => (d === 0 ? '' : Number(((v * k) / d).toFixed(4)));
  const row = (year: Cell, reports: number, chars: number, counts: number[]): Cell[] => [
    year, reports, chars, ...counts.flatMap((c) => [c, rate(c, reports, 1), rate(c, chars, 10_000)]),
  ];
  const rows: Cell[][] = [header];
  for (const y of t?.years ?? []) rows.push(row(y.year, y.reports, y.chars, y.counts));
  if (t && t.unknown.reports > 0) rows.push(row('年份不详', t.unknown.reports, t.unknown.chars, t.unknown.counts));
  return BOM + stringify(rows.map((r) => r.map((c) => c ?? '')), OPTIONS);
}
