/**
 * Series of mentions (README, "Series and alias groups"): matching an alias group, and what `mentions` adds when a
 * timeline or stages are asked for — per series totals with first and last appearance, a continuous year axis with
 * the reports indexed each year, and the strongest stage per place and year.
 */
import type { Appearance, SeriesSummary, StageStep, StageTag, Timeline } from '../core/types.js';
import type { CorpusIndex } from '../index/corpus.js';
import { mapRange, mappedCached } from '../text/positions.js';
import { DIM_BIT, type CompiledFilters } from './filters.js';
import type { DocTables } from './doc-tables.js';
import { compareTags, tagStage } from './stages.js';
import { paragraphUrl } from '../core/ids.js';

type Tables = DocTables;

/** A match in a normalised text: `[start, end)` and the series it belongs to. */
export interface Matched {
  start: number;
  end: number;
  series: number;
}

/** The paragraphs a mentions request matched: pids in pid order, occurrences per series (`perSeries[i * S + s]`), documents in year-then-city order. */
export interface MatchedSet {
  pids: Int32Array;
  perSeries: Int32Array;
  order: number[];
}

/** The place a document counts under in series summaries and stages. */
export const UNKNOWN_PLACE = '地区不详';

/**
 * Every match of every series in a normalised text, in text order, at most `max`. Within a series, matches are
 * leftmost, then longest, and never overlap (`引黄入呼三期 = 引黄入呼三期工程` counts `引黄入呼三期工程` once); two
 * series are counted apart, each on its own.
 * @param series per series, its names normalised, longest first
 * @example
 * findAll('引黄入呼三期工程和引黄入呼三期', [['引黄入呼三期工程', '引黄入呼三期']], 10).length //=> 2
 */
export function findAll(normText: string, series: readonly (readonly string[])[], max: number): Matched[] {
  const out: Matched[] = [];
  series.forEach((aliases, si) => {
    let i = 0;
    for (;;) {
      let best = -1;
      let bestLen = 0;
      for (const a of aliases) {
        if (a === '') continue;
        const j = normText.indexOf(a, i);
        if (j >= 0 && (best < 0 || j < best || (j === best && a.length > bestLen))) {
          best = j;
          bestLen = a.length;
        }
      }
      if (best < 0) break;
      out.push({ start: best, end: best + bestLen, series: si });
      i = best + bestLen;
    }
  });
  if (series.length > 1) out.sort((a, b) => a.start - b.start || a.series - b.series);
  return out.length > max ? out.slice(0, max) : out;
}

/** A series' first or last appearance at a matched paragraph. */
function appearance(ix: CorpusIndex, pid: number): Appearance {
  const d = ix.docs[ix.paraDoc[pid]!]!;
  const n = ix.paragraphs[pid]!.n;
  return { year: d.year!, docId: d.id, title: d.title, city: d.city, n, url: paragraphUrl(d.id, n) };
}

/**
 * Per series: occurrences, paragraphs and documents, the first and last year it is mentioned (documents without a
 * year cannot be placed, so they are left out of these), and the same per place.
 */
export function summarise(ix: CorpusIndex, t: Tables, labels: readonly { label: string; aliases: string[] }[], m: MatchedSet): SeriesSummary[] {
  const S = labels.length;
  // Earlier (year, rank) first; the first paragraph of a document wins within it, as pids ascend.
  const before = (pa: number, pb: number): boolean => {
    const a = ix.paraDoc[pa]!;
    const b = ix.paraDoc[pb]!;
    const ya = ix.docs[a]!.year!;
    const yb = ix.docs[b]!.year!;
    return ya !== yb ? ya < yb : t.rank[a]! < t.rank[b]!;
  };
  return labels.map(({ label, aliases }, s) => {
    let occ = 0;
    let paras = 0;
    const docs = new Set<number>();
    let first = -1;
    let last = -1;
    const places = new Map<string, { count: number; docs: Set<number>; first: number; last: number }>();
    for (let i = 0; i < m.pids.length; i++) {
      const c = m.perSeries[i * S + s]!;
      if (c === 0) continue;
      const pid = m.pids[i]!;
      const di = ix.paraDoc[pid]!;
      const d = ix.docs[di]!;
      occ += c;
      paras++;
      docs.add(di);
      const key = d.city ?? UNKNOWN_PLACE;
      let place = places.get(key);
      if (!place) places.set(key, (place = { count: 0, docs: new Set(), first: -1, last: -1 }));
      place.count += c;
      place.docs.add(di);
      if (d.year === null) continue;
      if (first < 0 || before(pid, first)) first = pid;
      if (last < 0 || before(last, pid) && ix.paraDoc[last] !== di) last = pid;
      if (place.first < 0 || before(pid, place.first)) place.first = pid;
      if (place.last < 0 || before(place.last, pid) && ix.paraDoc[place.last] !== di) place.last = pid;
    }
    return {
      label,
      aliases,
      totalOccurrences: occ,
      totalParagraphs: paras,
      totalDocs: docs.size,
      first: first < 0 ? null : appearance(ix, first),
      last: last < 0 ? null : appearance(ix, last),
      places: [...places]
        .map(([city, p]) => ({ city, count: p.count, docs: p.docs.size, first: p.first < 0 ? null : appearance(ix, p.first), last: p.last < 0 ? null : appearance(ix, p.last) }))
        .sort((a, b) => b.count - a.count || (a.city < b.city ? -1 : 1)),
    };
  });
}

/**
 * The year axis: every year from the first to the last report that passes the filters (the chapter filter aside, as
 * it selects paragraphs, not reports), zeros included, with the reports and characters indexed each year; documents
 * without a year in `unknown`.
 */
export function timelineOf(ix: CorpusIndex, t: Tables, filters: CompiledFilters, S: number, m: MatchedSet): Timeline {
  const reports = new Map<number, { reports: number; chars: number }>();
  const unknown = { reports: 0, chars: 0, counts: new Array<number>(S).fill(0) };
  ix.docs.forEach((d, di) => {
    const pid = t.firstPid[di]!;
    if (pid < 0 || (filters.mask(pid) & ~DIM_BIT.chapter) !== 0) return;
    if (d.year === null) {
      unknown.reports++;
      unknown.chars += t.chars[di]!;
      return;
    }
    const r = reports.get(d.year) ?? { reports: 0, chars: 0 };
    r.reports++;
    r.chars += t.chars[di]!;
    reports.set(d.year, r);
  });
  const known = [...reports.keys()];
  const from = Math.min(...known);
  const to = Math.max(...known);
  const years: Timeline['years'] = [];
  for (let y = from; known.length > 0 && y <= to; y++) {
    const r = reports.get(y) ?? { reports: 0, chars: 0 };
    years.push({ year: y, reports: r.reports, chars: r.chars, counts: new Array<number>(S).fill(0) });
  }
  for (let i = 0; i < m.pids.length; i++) {
    const d = ix.docs[ix.paraDoc[m.pids[i]!]!]!;
    const row = d.year === null ? unknown : years[d.year - from]!;
    for (let s = 0; s < S; s++) row.counts[s]! += m.perSeries[i * S + s]!;
  }
  return { years, unknown };
}

/** Most matches of one paragraph tagged for the stage timeline (its count stays exact). */
const MAX_TAGGED_PER_PARAGRAPH = 100;

/**
 * Per series, place and year: the strongest stage the mentions state ({@link compareTags}), with the evidence
 * sentence and its paragraph, and how many mentions had no stage word near.
 */
export function stageSteps(ix: CorpusIndex, t: Tables, series: readonly string[][], m: MatchedSet): StageStep[] {
  const steps = new Map<string, StageStep & { rank: number }>();
  for (let i = 0; i < m.pids.length; i++) {
    const pid = m.pids[i]!;
    const di = ix.paraDoc[pid]!;
    const d = ix.docs[di]!;
    const p = ix.paragraphs[pid]!;
    const map = mappedCached(p.text, ix.norms[pid]!).map;
    for (const hit of findAll(ix.norms[pid]!, series, MAX_TAGGED_PER_PARAGRAPH)) {
      const [a, b] = mapRange(p.text, map, hit.start, hit.end);
      const tag: StageTag = tagStage(p.text, a, b, p.chapter, p.section);
      const city = d.city ?? UNKNOWN_PLACE;
      const key = `${hit.series}\u0000${city}\u0000${d.year ?? ''}`;
      const step = steps.get(key);
      if (!step) {
        steps.set(key, { series: hit.series, city, year: d.year, tag, docId: d.id, n: p.n, url: paragraphUrl(d.id, p.n), mentions: 1, untagged: tag.stage === null ? 1 : 0, rank: t.rank[di]! });
        continue;
      }
      step.mentions++;
      if (tag.stage === null) step.untagged++;
      if (compareTags(tag, step.tag) < 0) Object.assign(step, { tag, docId: d.id, n: p.n, url: paragraphUrl(d.id, p.n) });
    }
  }
  return [...steps.values()]
    .sort((a, b) => a.series - b.series || (a.city < b.city ? -1 : a.city > b.city ? 1 : 0) || (a.year ?? Infinity) - (b.year ?? Infinity))
    .map(({ rank: _rank, ...step }) => step);
}

