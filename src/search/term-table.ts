/**
 * The term × report table (README, "Term × report table"): for a list of terms (a policy dictionary), how often each
 * report mentions each term, raw and per 10,000 characters, with the report's place, year and kind — the input of
 * attention-index studies. Counts are exact mentions, asked of any {@link SearchBackend}.
 */
import { MAX_MENTION_PARAGRAPHS } from '../core/params.js';
import type { DocMeta, Filters } from '../core/types.js';
import type { SearchBackend } from './backend.js';

export interface TermRow {
  docId: string;
  title: string;
  city: string | null;
  district: string | null;
  year: number | null;
  kind: string | null;
  /** Characters of the report's paragraphs. */
  chars: number;
  /** Occurrences of each term, in the order of the terms. */
  counts: number[];
}

/** Most terms one table takes. */
export const MAX_TERMS = 200;

/**
 * Splits a pasted or uploaded list into terms: one a line (commas, 、 and tabs also separate; a CSV's first column
 * works), blank lines and repeats dropped, `#` starts a comment line.
 * @example
 * parseTerms('南水北调\n三峡工程、西气东输\n\n南水北调') //=> ['南水北调', '三峡工程', '西气东输']
 */
export function parseTerms(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim().startsWith('#')) continue;
    for (const raw of line.split(/[,，、\t;；]/)) {
      const t = raw.trim().replace(/^"(.*)"$/, '$1').trim();
      if (t !== '' && !out.includes(t)) out.push(t);
    }
  }
  return out;
}

const charsCache = new WeakMap<SearchBackend, Map<string, number>>();

/** Characters of a report's paragraphs, kept per backend. */
async function charsOf(engine: SearchBackend, id: string): Promise<number> {
  let m = charsCache.get(engine);
  if (!m) charsCache.set(engine, (m = new Map()));
  let n = m.get(id);
  if (n === undefined) {
    const found = await engine.doc(id);
    n = found ? found.paragraphs.reduce((sum, p) => sum + p.text.length, 0) : 0;
    m.set(id, n);
  }
  return n;
}

/** The reports the filters keep (city also matching a district's reports; duplicates only when asked for). */
function reportsOf(docs: readonly DocMeta[], f: Filters): DocMeta[] {
  return docs.filter(
    (d) =>
      (f.includeDuplicates || d.duplicateOf === null) &&
      (f.city === undefined || d.city === f.city || d.district === f.city) &&
      (f.year === undefined || d.year === f.year) &&
      (f.kind === undefined || d.kind === f.kind),
  );
}

/**
 * A row per report the filters keep (in year, then place order; reports without a year last), a column per term.
 * Every report is listed, those that mention no term too: a zero is a finding.
 */
export async function termTable(engine: SearchBackend, terms: readonly string[], f: Filters): Promise<TermRow[]> {
  const reports = reportsOf(engine.docs(), f).sort(
    (a, b) => (a.year ?? Infinity) - (b.year ?? Infinity) || (a.city ?? '').localeCompare(b.city ?? '') || (a.id < b.id ? -1 : 1),
  );
  const index = new Map(reports.map((d, i) => [d.id, i]));
  const counts = reports.map(() => new Array<number>(terms.length).fill(0));
  for (const [ti, q] of terms.entries()) {
    const whole = await engine.mentions({ ...f, q, limit: 0, docCounts: true });
    if (whole.docCounts) {
      for (const d of whole.docCounts) {
        const i = index.get(d.docId);
        if (i !== undefined) counts[i]![ti] = d.count;
      }
      continue;
    }
    // A backend without `docCounts`: a report's `count` is its total, whichever page lists it; page on until every
    // paragraph has been listed.
    for (let offset = 0; ; ) {
      const r = await engine.mentions({ ...f, q, offset, limit: MAX_MENTION_PARAGRAPHS });
      for (const d of r.docs) {
        const i = index.get(d.docId);
        if (i !== undefined) counts[i]![ti] = d.count;
      }
      const listed = r.docs.reduce((n, d) => n + d.paragraphs.length, 0);
      offset += listed;
      if (listed === 0 || offset >= r.totalParagraphs) break;
    }
  }
  const rows: TermRow[] = [];
  for (const [i, d] of reports.entries()) {
    rows.push({ docId: d.id, title: d.title, city: d.city, district: d.district, year: d.year, kind: d.kind, chars: await charsOf(engine, d.id), counts: counts[i]! });
  }
  return rows;
}
