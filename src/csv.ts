/**
 * The mentions CSV: one row per occurrence, RFC 4180 quoting, UTF-8 with a BOM so that Excel reads Chinese, and
 * cells that a spreadsheet would run as a formula neutralised.
 */
import type { MentionsResult } from './types.js';

/** The header row of `/mentions.csv`, in column order. */
export const CSV_COLUMNS = ['docId', 'title', 'city', 'year', 'n', 'chapter', 'section', 'before', 'match', 'after', 'url'] as const;

/** Byte order mark: tells Excel the file is UTF-8. */
export const BOM = '\uFEFF';

/**
 * One CSV cell: a value starting with `=`, `+`, `-`, `@` (or a tab/CR, which Excel also strips before evaluating) gets
 * a leading `'` so that a spreadsheet shows it as text instead of evaluating it; then RFC 4180 quoting when the value
 * holds a comma, a quote or a line break.
 * @example
 * csvCell('=HYPERLINK("x")') //=> '"\'=HYPERLINK(""x"")"'
 * csvCell('呼和浩特')         //=> '呼和浩特'
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record, ended with CRLF as RFC 4180 asks. */
export function csvRow(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * The whole mentions CSV (with BOM and header): a row per occurrence, in the order of the mentions result.
 * @param baseUrl prefix for the `url` column, e.g. `http://localhost:3000` ("" keeps it relative).
 */
export function mentionsCsv(result: MentionsResult, baseUrl = ''): string {
  const parts: string[] = [BOM, csvRow(CSV_COLUMNS)];
  for (const doc of result.docs) {
    for (const p of doc.paragraphs) {
      for (const c of p.contexts) {
        parts.push(csvRow([doc.docId, doc.title, doc.city, doc.year, p.n, p.chapter, p.section, c.before, c.match, c.after, baseUrl + p.url]));
      }
    }
  }
  return parts.join('');
}
