/**
 * Exact mentions (README, "Query syntax"): every paragraph whose normalised text contains `norm(q)`, with every occurrence
 * counted left to right without overlap — exactly what a scan of all normalised paragraphs finds.
 */
import { MAX_CONTEXTS_PER_PARAGRAPH, MAX_MENTION_CONTEXTS, MAX_MENTION_PARAGRAPHS, MAX_STAGED_OCCURRENCES, MAX_STAGED_PARAGRAPHS } from '../core/params.js';
import type { MentionContext, MentionDoc, MentionParams, MentionsResult, MentionParagraph } from '../core/types.js';
import type { CorpusIndex } from '../index/corpus.js';
import { countOccurrences } from '../index/mention-index.js';
import { norm } from '../text/normalize.js';
import { mapRange, mappedCached } from '../text/positions.js';
import { compileFilters } from './filters.js';
import { docTables, inRankOrder } from './doc-tables.js';
import { findAll, stageSteps, summarise, timelineOf, type Matched } from './series.js';
import { tagStage } from './stages.js';
import { paragraphUrl } from '../core/ids.js';

/** Characters of context on each side of a match. */
const CONTEXT_CHARS = 30;

/**
 * Keyword-in-context lines of the first `max` matches of a paragraph, in its original text: `spans` are the
 * matches' ranges in the normalised text, with their series.
 */
function contextsOf(
  text: string,
  normText: string,
  spans: readonly Matched[],
  max: number,
  opts: { series: boolean; stages: boolean; chapter: string; section: string },
): MentionContext[] {
  const out: MentionContext[] = [];
  const at = mappedCached(text, normText).map;
  for (const m of spans) {
    if (out.length >= max) break;
    const [a, b] = mapRange(text, at, m.start, m.end);
    const c: MentionContext = { before: text.slice(Math.max(0, a - CONTEXT_CHARS), a), match: text.slice(a, b), after: text.slice(b, b + CONTEXT_CHARS) };
    if (opts.series) c.series = m.series;
    if (opts.stages) c.stage = tagStage(text, a, b, opts.chapter, opts.section);
    out.push(c);
  }
  return out;
}

/**
 * Answers `/api/mentions`, given validated parameters (`core/params.ts`): documents in year-then-city order, each with its mentioning paragraphs; `limit` and
 * `offset` page over those paragraphs, while the totals, `byYear` and `byCity` (occurrences; a district's documents
 * count under their city) always cover all of them.
 *
 * One answer lists at most `MAX_MENTION_PARAGRAPHS` paragraphs and `MAX_MENTION_CONTEXTS` contexts (at least one
 * paragraph), at most `MAX_CONTEXTS_PER_PARAGRAPH` contexts per paragraph; when that stops it before the paragraphs
 * asked for, `nextOffset` says where the rest starts. `contextsPerParagraph` and `maxContexts` may lower those two
 * context bounds (never raise them).
 */
export function mentions(ix: CorpusIndex, params: MentionParams): MentionsResult {
  const q = params.q;
  const series = (params.series ?? [{ label: q, aliases: [q] }]).map((x) => x.aliases.map(norm).sort((a, b) => b.length - a.length));
  const S = series.length;
  const limit = Math.min(params.limit ?? MAX_MENTION_PARAGRAPHS, MAX_MENTION_PARAGRAPHS);
  const offset = params.offset ?? 0;
  const filters = compileFilters(ix, params);

  // Matching paragraphs in pid order (a document's paragraphs are consecutive), with per-document totals and, per
  // paragraph, the occurrences of each series (`perSeries[found * S + s]`).
  const t = docTables(ix);
  const cand = candidatesOf(ix, series);
  const pids = new Int32Array(cand.length);
  const counts = new Int32Array(cand.length);
  const perSeries = new Int32Array(cand.length * S);
  const docStart = new Int32Array(ix.docs.length);
  const docOcc = new Int32Array(ix.docs.length);
  const touched: number[] = [];
  let found = 0;
  let totalOccurrences = 0;
  let lastDoc = -1;
  for (let i = 0; i < cand.length; i++) {
    const pid = cand[i]!;
    if (filters.mask(pid) !== 0) continue;
    let count = 0;
    for (let si = 0; si < S; si++) {
      const c = countGroup(ix.norms[pid]!, series[si]!);
      perSeries[found * S + si] = c;
      count += c;
    }
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

  const order = inRankOrder(t, touched);
  const ctxOpts = { series: S > 1, stages: params.stages === true };
  const docs: MentionDoc[] = [];
  let skip = offset;
  let room = limit;
  let contextsLeft = Math.min(params.maxContexts ?? MAX_MENTION_CONTEXTS, MAX_MENTION_CONTEXTS);
  const perParagraph = Math.min(params.contextsPerParagraph ?? MAX_CONTEXTS_PER_PARAGRAPH, MAX_CONTEXTS_PER_PARAGRAPH);
  let listed = 0;
  for (const di of order) {
    if (room <= 0) break;
    const d = ix.docs[di]!;
    const paragraphs: MentionParagraph[] = [];
    for (let i = docStart[di]!; i < found && ix.paraDoc[pids[i]!] === di; i++) {
      if (skip > 0) { skip--; continue; }
      if (room <= 0) break;
      const shown = Math.min(counts[i]!, perParagraph);
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
        url: paragraphUrl(d.id, p.n),
        chapter: p.chapter,
        section: p.section,
        count: counts[i]!,
        contexts: contextsOf(p.text, ix.norms[pids[i]!]!, findAll(ix.norms[pids[i]!]!, series, shown), shown, { ...ctxOpts, chapter: p.chapter, section: p.section }),
      });
    }
    if (paragraphs.length > 0) {
      docs.push({ docId: d.id, title: d.title, city: d.city, year: d.year, count: docOcc[di]!, paragraphs });
    }
  }
  const totalParagraphs = found;
  const asked = Math.min(params.limit ?? Infinity, Math.max(0, found - offset));

  const result: MentionsResult = {
    query: q,
    totalParagraphs,
    totalOccurrences,
    byYear,
    byCity,
    docs,
  };
  if (listed < asked) result.nextOffset = offset + listed;
  if (params.docCounts) result.docCounts = order.map((di) => ({ docId: ix.docs[di]!.id, count: docOcc[di]! }));
  if (params.timeline || params.stages) {
    const matched = { pids: pids.subarray(0, found), perSeries, order };
    const labels = params.series ?? [{ label: q, aliases: [q] }];
    result.totalDocs = touched.length;
    if (params.timeline) {
      result.series = summarise(ix, t, labels, matched);
      result.timeline = timelineOf(ix, t, filters, S, matched);
    }
    if (params.stages && (found > MAX_STAGED_PARAGRAPHS || totalOccurrences > MAX_STAGED_OCCURRENCES)) {
      result.stages = [];
      result.stagesOmitted = found;
    } else if (params.stages) result.stages = stageSteps(ix, t, series, matched);
  }
  return result;
}

/** Candidate paragraphs of every name of every series, in pid order without repeats. */
function candidatesOf(ix: CorpusIndex, series: readonly string[][]): Int32Array {
  const names = series.flat();
  if (names.length === 1) return ix.mentionIndex.toConfirm(names[0]!);
  const all = new Set<number>();
  for (const n of names) for (const pid of ix.mentionIndex.toConfirm(n)) all.add(pid);
  return Int32Array.from(all).sort();
}

/** Occurrences of an alias group (normalised, longest first) in a normalised text. */
function countGroup(normText: string, aliases: readonly string[]): number {
  if (aliases.length === 1) return aliases[0] === '' ? 0 : countOccurrences(normText, aliases[0]!);
  return findAll(normText, [aliases as string[]], Infinity).length;
}
