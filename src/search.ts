/**
 * Ranked search (SPEC §4, §6): the query syntax over BM25, verbatim matches first, headings boosted, filters,
 * facets counted with the other filters applied, paging and highlighted snippets.
 */
import type { FacetValue, Facets, Hit, SearchParams, SearchResult } from './types.js';
import { badParam } from './errors.js';
import { norm } from './normalize.js';
import { compileFilters, DIMS, LEVEL_BOOST, type CorpusIndex, type Dim } from './indexer.js';
import { findMentions } from './mentions.js';
import { parseQuery, type Term } from './query.js';
import { segment } from './segment.js';
import { makeSnippet } from './snippet.js';

/** Shown when no paragraph holds every word and the hits hold some of them. */
export const NOTICE_ANY_WORD = '没有同时包含全部词语的段落，以下为包含任一词语的结果';
/** Shown when no paragraph holds even one whole word and the hits hold pieces of the words. */
export const NOTICE_PIECES = '没有包含这些词语的段落，以下为包含其中部分字词的结果';
/** Shown when the query has only exclusions. */
export const NOTICE_NOTHING_TO_FIND = '查询中只有排除词，没有要查找的词语';

const DEFAULT_SIZE = 20;
const MAX_SIZE = 100;
/** Score of a paragraph that holds a term verbatim while jieba cut it differently there (rare). */
const VERBATIM_ONLY_SCORE = 0.5;

/** How one positive term of the query matches: which paragraphs hold it, their BM25 score, which hold it verbatim. */
interface TermMatch {
  term: Term;
  nq: string;
  tokens: string[];
  /** pid → score, for every paragraph the term matches. */
  members: Map<number, number>;
  /** pid → occurrences of `nq`. */
  verbatim: Map<number, number>;
}

function bm25(ix: CorpusIndex, tokens: readonly string[], combineWith: 'AND' | 'OR'): Map<number, number> {
  return ix.terms.search(tokens, combineWith);
}

function matchTerm(ix: CorpusIndex, term: Term): TermMatch {
  const nq = norm(term.text);
  const tokens = [...new Set(segment(term.text, ix.lexicon))];
  const verbatim = findMentions(ix, nq);
  const all = bm25(ix, tokens, 'AND');
  const members = new Map<number, number>();
  if (term.kind === 'word') for (const [pid, s] of all) members.set(pid, s);
  let some: Map<number, number> | undefined;
  for (const pid of verbatim.keys()) {
    let s = all.get(pid);
    if (s === undefined) s = (some ??= bm25(ix, tokens, 'OR')).get(pid) ?? VERBATIM_ONLY_SCORE;
    members.set(pid, s);
  }
  return { term, nq, tokens, members, verbatim };
}

function checkPaging(params: SearchParams): { page: number; size: number } {
  const page = params.page ?? 1;
  const size = params.size ?? DEFAULT_SIZE;
  if (!Number.isInteger(page) || page < 1) throw badParam(`page must be a whole number ≥ 1, got ${String(page)}`);
  if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE) {
    throw badParam(`size must be a whole number from 1 to ${MAX_SIZE}, got ${String(size)}`);
  }
  return { page, size };
}

function addInto(into: Map<number, number>, from: Map<number, number>): void {
  for (const [pid, s] of from) into.set(pid, (into.get(pid) ?? 0) + s);
}

/** Facets over `candidates`, each dimension counted with the other filters applied; sorted by count. */
function facetsOf(ix: CorpusIndex, candidates: Iterable<number>, filters: Partial<Record<Dim, (pid: number) => boolean>>): Facets {
  const counts: Record<Dim, Map<string | number, number>> = { city: new Map(), year: new Map(), kind: new Map(), chapter: new Map() };
  const active = DIMS.filter((d) => filters[d] !== undefined);
  for (const pid of candidates) {
    let failed: Dim | null = null;
    let failures = 0;
    for (const d of active) {
      if (!filters[d]!(pid)) {
        failures++;
        failed = d;
        if (failures > 1) break;
      }
    }
    if (failures > 1) continue;
    const d = ix.docs[ix.paraDoc[pid]!]!;
    const p = ix.paragraphs[pid]!;
    const values: Record<Dim, string | number | null> = { city: d.city, year: d.year, kind: d.kind, chapter: p.chapter || null };
    for (const dim of DIMS) {
      // A paragraph counts for a dimension when it passes every filter except (possibly) that dimension's own.
      if (failures === 1 && failed !== dim) continue;
      const v = values[dim];
      if (v === null) continue;
      counts[dim].set(v, (counts[dim].get(v) ?? 0) + 1);
    }
  }
  const sorted = <T extends string | number>(m: Map<string | number, number>): FacetValue<T>[] =>
    [...m]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([value, count]) => ({ value: value as T, count }));
  return { city: sorted<string>(counts.city), year: sorted<number>(counts.year), kind: sorted<string>(counts.kind), chapter: sorted<string>(counts.chapter) };
}

/**
 * Answers `/api/search`.
 *
 * Words must all be held by a paragraph (each word by its tokens, or verbatim); when none holds them all, any
 * word will do (with `notice`); when none holds a whole word, pieces of words do. `"phrases"` and exclusions are
 * exact mentions. Hits holding the whole query verbatim come first, then by how many terms they hold verbatim,
 * then by BM25 with the heading boost.
 */
export function search(ix: CorpusIndex, params: SearchParams): SearchResult {
  const q = typeof params.q === 'string' ? params.q : '';
  if (norm(q).length === 0) throw badParam('q must not be empty');
  const { page, size } = checkPaging(params);
  const filters = compileFilters(ix, params);
  const preds = DIMS.map((d) => filters[d]).filter((f) => f !== undefined);
  const empty: SearchResult = { query: q, total: 0, page, size, hits: [], facets: { city: [], year: [], kind: [], chapter: [] } };

  const parsed = parseQuery(q);
  if (parsed.groups.length === 0) return { ...empty, notice: NOTICE_NOTHING_TO_FIND };
  const excluded = new Set<number>();
  for (const t of parsed.exclude) for (const pid of findMentions(ix, norm(t.text)).keys()) excluded.add(pid);

  const groups = parsed.groups.map((g) => g.map((t) => matchTerm(ix, t)));
  const groupScores = groups.map((g) => {
    const m = new Map<number, number>();
    for (const tm of g) addInto(m, tm.members);
    return m;
  });
  const keep = (pid: number): boolean => !excluded.has(pid);
  const passes = (pid: number): boolean => preds.every((p) => p(pid));

  // All words: intersect the groups, smallest first.
  let notice: string | undefined;
  let scored = new Map<number, number>();
  {
    const order = [...groupScores].sort((a, b) => a.size - b.size);
    for (const [pid, s] of order[0]!) {
      if (!keep(pid)) continue;
      let total = s;
      let ok = true;
      for (let i = 1; i < order.length && ok; i++) {
        const o = order[i]!.get(pid);
        if (o === undefined) ok = false;
        else total += o;
      }
      if (ok) scored.set(pid, total);
    }
  }
  const anyPasses = (m: Map<number, number>): boolean => {
    for (const pid of m.keys()) if (passes(pid)) return true;
    return false;
  };
  if (!anyPasses(scored) && groups.length > 1) {
    scored = new Map();
    for (const g of groupScores) for (const [pid, s] of g) if (keep(pid)) scored.set(pid, (scored.get(pid) ?? 0) + s);
    if (anyPasses(scored)) notice = NOTICE_ANY_WORD;
  }
  if (!anyPasses(scored)) {
    // Not even one whole word: fall back to the words' pieces (the longer ones, when there are any).
    scored = new Map();
    for (const tm of groups.flat()) {
      const long = tm.tokens.filter((t) => t.length > 1);
      for (const [pid, s] of bm25(ix, long.length > 0 ? long : tm.tokens, 'OR')) {
        if (keep(pid)) scored.set(pid, (scored.get(pid) ?? 0) + s);
      }
    }
    if (anyPasses(scored)) notice = NOTICE_PIECES;
  }

  const facets = facetsOf(ix, scored.keys(), filters);

  const terms = groups.flat();
  const whole = terms.length > 1 && groups.every((g) => g.length === 1)
    ? findMentions(ix, terms.map((t) => t.nq).join(''))
    : terms.length === 1 ? terms[0]!.verbatim : new Map<number, number>();
  const ranked: { pid: number; whole: number; verbatim: number; score: number }[] = [];
  for (const [pid, s] of scored) {
    if (!passes(pid)) continue;
    let verbatim = 0;
    for (const tm of terms) if (tm.verbatim.has(pid)) verbatim++;
    ranked.push({ pid, whole: whole.has(pid) ? 1 : 0, verbatim, score: s * LEVEL_BOOST[ix.paragraphs[pid]!.level] });
  }
  ranked.sort((a, b) => b.whole - a.whole || b.verbatim - a.verbatim || b.score - a.score || a.pid - b.pid);

  const hits: Hit[] = ranked.slice((page - 1) * size, page * size).map((r) => {
    const p = ix.paragraphs[r.pid]!;
    const d = ix.docs[ix.paraDoc[r.pid]!]!;
    const held = terms.filter((tm) => tm.verbatim.has(r.pid));
    const focus = [...(r.whole && terms.length > 1 ? [terms.map((t) => t.nq).join('')] : []), ...held.map((t) => t.nq)];
    const marks = terms.flatMap((tm) => {
      if (tm.verbatim.has(r.pid)) return [tm.nq];
      const long = tm.tokens.filter((t) => t.length > 1);
      return long.length > 0 ? long : tm.tokens;
    });
    return {
      docId: d.id,
      n: p.n,
      url: `/docs/${encodeURIComponent(d.id)}#p-${p.n}`,
      title: d.title,
      city: d.city,
      year: d.year,
      kind: d.kind,
      chapter: p.chapter,
      section: p.section,
      snippet: makeSnippet(p.text, focus.length > 0 ? focus : marks, marks),
      score: Math.round(r.score * 1000) / 1000,
    };
  });

  return { query: q, total: ranked.length, page, size, ...(notice ? { notice } : {}), hits, facets };
}
