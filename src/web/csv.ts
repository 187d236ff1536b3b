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
  let rows: Cell[][] = [[...CSV_COLUMNS]];
  let first = true;
  const flush = (): string => {
    const chunk = (first ? BOM : '') + stringify(rows.map((r) => r.map((c) => c ?? '')), OPTIONS);
    first = false;
    rows = [];
    return chunk;
  };
  for (const doc of result.docs) {
    for (const p of doc.paragraphs) {
      const url = baseUrl + (link?.(doc.docId, p.n) ?? p.url);
      for (const c of p.contexts) {
        rows.push([doc.docId, doc.title, doc.city, doc.year, p.n, p.chapter, p.section, c.before, c.match, c.after, url]);
        if (rows.length >= CHUNK_ROWS) yield flush();
      }
    }
  }
  if (first || rows.length > 0) yield flush();
}

/** The whole mentions CSV (with BOM and header) as one string: {@link mentionsCsvChunks} joined. */
export function mentionsCsv(result: MentionsResult, baseUrl = ''): string {
  return [...mentionsCsvChunks(result, baseUrl)].join('');
}
