/**
 * Exact mentions (README, "Query syntax"): every paragraph whose normalised text contains `norm(q)`, with every occurrence
 * counted left to right without overlap — exactly what a scan of all normalised paragraphs finds.
 */
import { MAX_CONTEXTS_PER_PARAGRAPH, MAX_MENTION_CONTEXTS, MAX_MENTION_PARAGRAPHS } from '../core/params.js';
import type { DocMeta, MentionDoc, MentionParams, MentionsResult, MentionParagraph } from '../core/types.js';
import type { CorpusIndex } from '../index/corpus.js';
import { countOccurrences } from '../index/mention-index.js';
import { norm, normWithMap } from '../text/normalize.js';
import { keepsPositions, mapRange } from '../text/positions.js';
import { compileFilters } from './filters.js';

/** Characters of context on each side of a match. */
const CONTEXT_CHARS = 30;

/** Orders documents by year, then city, then id; unknown years and cities last. */
function compareDocs(a: DocMeta, b: DocMeta): number {
  if (a.year !== b.year) return a.year === null ? 1 : b.year === null ? -1 : a.year - b.year;
  if (a.city !== b.city) return a.city === null ? 1 : b.city === null ? -1 : a.city < b.city ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Per-document tables for mentions: rank in year-then-city order, and year and city as ordinals. */
interface DocTables {
  rank: Int32Array;
  /** Ordinal in `years` (ascending), or -1. */
  year: Int32Array;
  years: number[];
  /** Ordinal in `cities` (sorted), or -1. */
  city: Int32Array;
  cities: string[];
}

const tables = new WeakMap<CorpusIndex, DocTables>();

/** Built on first use and kept with the index. */
function docTables(ix: CorpusIndex): DocTables {
  let t = tables.get(ix);
  if (t) return t;
  const rank = new Int32Array(ix.docs.length);
  [...ix.docs.keys()].sort((a, b) => compareDocs(ix.docs[a]!, ix.docs[b]!)).forEach((di, r) => (rank[di] = r));
  const years = [...new Set(ix.docs.map((d) => d.year).filter((y): y is number => y !== null))].sort((a, b) => a - b);
  const cities = [...new Set(ix.docs.map((d) => d.city).filter((c): c is string => c !== null))].sort();
  const yi = new Map(years.map((y, i) => [y, i]));
  const ci = new Map(cities.map((c, i) => [c, i]));
  t = {
    rank,
    year: Int32Array.from(ix.docs, (d) => (d.year === null ? -1 : yi.get(d.year)!)),
    years,
    city: Int32Array.from(ix.docs, (d) => (d.city === null ? -1 : ci.get(d.city)!)),
    cities,
  };
  tables.set(ix, t);
  return t;
}

/** Keyword-in-context lines of the first `max` occurrences of `nq` in a paragraph, in its original text. */
function contextsOf(text: string, nq: string, normText: string | undefined, max: number): { before: string; match: string; after: string }[] {
  const out: { before: string; match: string; after: string }[] = [];
  const push = (a: number, b: number): void => {
    out.push({ before: text.slice(Math.max(0, a - CONTEXT_CHARS), a), match: text.slice(a, b), after: text.slice(b, b + CONTEXT_CHARS) });
  };
  if (keepsPositions(text)) {
    // Positions in the normalised text are positions in the text.
    const n = normText ?? norm(text);
    for (let i = n.indexOf(nq); i >= 0 && out.length < max; i = n.indexOf(nq, i + nq.length)) push(i, i + nq.length);
    return out;
  }
  const { text: n, map } = normWithMap(text);
  for (let i = n.indexOf(nq); i >= 0 && out.length < max; i = n.indexOf(nq, i + nq.length)) push(...mapRange(text, map, i, i + nq.length));
  return out;
}

/**
 * Answers `/api/mentions`, given validated parameters (`core/params.ts`): documents in year-then-city order, each with its mentioning paragraphs; `limit` and
 * `offset` page over those paragraphs, while the totals, `byYear` and `byCity` (occurrences; a district's documents
 * count under their city) always cover all of them.
 *
 * One answer lists at most `MAX_MENTION_PARAGRAPHS` paragraphs and `MAX_MENTION_CONTEXTS` contexts (at least one
 * paragraph), at most `MAX_CONTEXTS_PER_PARAGRAPH` contexts per paragraph; when that stops it before the paragraphs
 * asked for, `nextOffset` says where the rest starts.
 */
export function mentions(ix: CorpusIndex, params: MentionParams): MentionsResult {
  const q = params.q;
  const nq = norm(q);
  const limit = Math.min(params.limit ?? MAX_MENTION_PARAGRAPHS, MAX_MENTION_PARAGRAPHS);
  const offset = params.offset ?? 0;
  const filters = compileFilters(ix, params);

  // Matching paragraphs in pid order (a document's paragraphs are consecutive), with per-document totals.
  const t = docTables(ix);
  const cand = ix.mentionIndex.candidates(nq);
  const pids = new Int32Array(cand.length);
  const counts = new Int32Array(cand.length);
  const docStart = new Int32Array(ix.docs.length);
  const docOcc = new Int32Array(ix.docs.length);
  const touched: number[] = [];
  let found = 0;
  let totalOccurrences = 0;
  let lastDoc = -1;
  for (let i = 0; i < cand.length; i++) {
    const pid = cand[i]!;
    if (filters.mask(pid) !== 0) continue;
    const count = countOccurrences(ix.norms[pid]!, nq);
    if (count === 0) continue;
    const di = ix.paraDoc[pid]!;
    if (di !== lastDoc) {
      docStart[di] = found;
      touched.push(di);
      lastDoc = di;
    }
    docOcc[di]! += count;
    pids[found] = pid;
    counts[found++] = count;
    totalOccurrences += count;
  }

  const yearOcc = new Int32Array(t.years.length);
  const cityOcc = new Int32Array(t.cities.length);
  for (const di of touched) {
    if (t.year[di]! >= 0) yearOcc[t.year[di]!]! += docOcc[di]!;
    if (t.city[di]! >= 0) cityOcc[t.city[di]!]! += docOcc[di]!;
  }
  const byYear: { year: number; count: number }[] = [];
  t.years.forEach((year, i) => {
    if (yearOcc[i]! > 0) byYear.push({ year, count: yearOcc[i]! });
  });
  const byCity: { city: string; count: number }[] = [];
  t.cities.forEach((city, i) => {
    if (cityOcc[i]! > 0) byCity.push({ city, count: cityOcc[i]! });
  });
  // Years come sorted; cities by count, then name (stable over the sorted names).
  byCity.sort((a, b) => b.count - a.count);

  const order = touched.sort((a, b) => t.rank[a]! - t.rank[b]!);
  const docs: MentionDoc[] = [];
  let skip = offset;
  let room = limit;
  let contextsLeft = MAX_MENTION_CONTEXTS;
  let listed = 0;
  for (const di of order) {
    if (room <= 0) break;
    const d = ix.docs[di]!;
    const paragraphs: MentionParagraph[] = [];
    for (let i = docStart[di]!; i < found && ix.paraDoc[pids[i]!] === di; i++) {
      if (skip > 0) { skip--; continue; }
      if (room <= 0) break;
      const shown = Math.min(counts[i]!, MAX_CONTEXTS_PER_PARAGRAPH);
      if (listed > 0 && shown > contextsLeft) {
        room = 0;
        break;
      }
      room--;
      listed++;
      contextsLeft -= shown;
      const p = ix.paragraphs[pids[i]!]!;
      paragraphs.push({
        n: p.n,
        url: `/docs/${encodeURIComponent(d.id)}#p-${p.n}`,
        chapter: p.chapter,
        section: p.section,
        count: counts[i]!,
        contexts: contextsOf(p.text, nq, ix.norms[pids[i]!], shown),
      });
    }
    if (paragraphs.length > 0) {
      docs.push({ docId: d.id, title: d.title, city: d.city, year: d.year, count: docOcc[di]!, paragraphs });
    }
  }
  const totalParagraphs = found;
  const asked = Math.min(params.limit ?? Infinity, Math.max(0, found - offset));

  return {
    query: q,
    totalParagraphs,
    totalOccurrences,
    byYear,
    byCity,
    docs,
    ...(listed < asked ? { nextOffset: offset + listed } : {}),
  };
}
