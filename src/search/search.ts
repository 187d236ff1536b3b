/**
 * Ranked search (README, "Query syntax"): the query syntax over BM25, verbatim matches first, headings boosted,
 * filters, facets counted with the other filters applied, paging and highlighted snippets.
 */
import { DEFAULT_PAGE_SIZE } from '../core/params.js';
import type { Hit, SearchParams, SearchResult } from '../core/types.js';
import type { CorpusIndex } from '../index/corpus.js';
import { EMPTY_SCORED, intersectPids, intersectScored, subtractPids, unionPids, unionScored, type Scored } from '../index/pids.js';
import { norm } from '../text/normalize.js';
import { facetsOf } from './facets.js';
import { compileFilters, type CompiledFilters } from './filters.js';
import { parseQuery } from './query.js';
import { LEVEL_BOOST, topRanked } from './ranking.js';
import { PieceFinder } from './pieces.js';
import { makeSnippet } from './snippet.js';
import { limitReach, prepareTerm, scoreTerm, zeroScored, type TermMatch } from './terms.js';

/** Shown when no paragraph holds every word and the hits hold some of them. */
export const NOTICE_ANY_WORD = '没有同时包含全部词语的段落，以下为包含任一词语的结果';
/** Shown when no paragraph holds even one whole word and the hits hold pieces of the words. */
const NOTICE_PIECES = '没有包含这些词语的段落，以下为包含其中部分字词的结果';
/** Shown when the query has only exclusions. */
const NOTICE_NOTHING_TO_FIND = '查询中只有排除词，没有要查找的词语';
/** Shown when nothing is left of the query once operators, empty quotes and blanks are read (`OR`, `""`, `或`). */
const NOTICE_EMPTY = '检索词中只有运算符、空引号或空白，没有要查找的词语';

/** True when the ascending list `pids` holds `pid`. */
function holdsPid(pids: Int32Array, pid: number): boolean {
  let lo = 0;
  let hi = pids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pids[mid]! < pid) lo = mid + 1;
    else hi = mid;
  }
  return lo < pids.length && pids[lo] === pid;
}

/** Each group's paragraphs with their scores, only those in `within` when given. */
function scoreGroups(ix: CorpusIndex, groups: readonly TermMatch[][], within?: Int32Array): Scored[] {
  return groups.map((g) => g.reduce((acc, tm) => unionScored(acc, scoreTerm(ix, tm, limitReach(tm, within))), EMPTY_SCORED));
}

/** True when some paragraph of `s` passes the filters. */
function anyPasses(filters: CompiledFilters, s: Scored): boolean {
  for (const pid of s.pids) if (filters.mask(pid) === 0) return true;
  return false;
}

/** Marks, per pid, how many of the lists hold it (into a reused counter array). */
function countIn(lists: readonly Int32Array[], counter: Uint16Array): void {
  for (const l of lists) for (let i = 0; i < l.length; i++) counter[l[i]!]!++;
}

/**
 * Answers `/api/search`, given validated parameters (`core/params.ts`).
 *
 * Words must all be held by a paragraph (each word by its tokens, or verbatim); when none holds them all, any
 * word will do (with `notice`); when none holds a whole word, pieces of words do. `"phrases"` and exclusions are
 * exact mentions. Hits holding the whole query verbatim come first, then by how many terms they hold verbatim,
 * then by BM25 with the heading boost.
 */
export function search(ix: CorpusIndex, params: SearchParams): SearchResult {
  const q = params.q;
  const page = params.page ?? 1;
  const size = params.size ?? DEFAULT_PAGE_SIZE;
  const filters = compileFilters(ix, params);
  const empty: SearchResult = { query: q, total: 0, page, size, hits: [], facets: { city: [], year: [], kind: [], chapter: [], district: [], chapterType: [] } };

  const parsed = parseQuery(q);
  if (parsed.groups.length === 0) return { ...empty, notice: parsed.exclude.length > 0 ? NOTICE_NOTHING_TO_FIND : NOTICE_EMPTY };
  const excluded = unionPids(parsed.exclude.map((t) => ix.mentionIndex.containing(norm(t.text), ix.norms)));

  const groups = parsed.groups.map((g) => g.map((t) => prepareTerm(ix, t)));

  // All words; else any word; else pieces of words.
  let notice: string | undefined;
  // Only a paragraph every group reaches can hold all words: MiniSearch scores just those.
  const reachAll = subtractPids(zeroScored(intersectPids(groups.map((g) => unionPids(g.map((tm) => tm.reach))))), excluded).pids;
  let scored = scoreGroups(ix, groups, reachAll).sort((a, b) => a.pids.length - b.pids.length).reduce(intersectScored);
  if (!anyPasses(filters, scored) && groups.length > 1) {
    scored = subtractPids(scoreGroups(ix, groups).reduce(unionScored, EMPTY_SCORED), excluded);
    if (anyPasses(filters, scored)) notice = NOTICE_ANY_WORD;
  }
  if (!anyPasses(filters, scored)) {
    scored = EMPTY_SCORED;
    for (const tm of groups.flat()) {
      const long = tm.tokens.filter((t) => t.length > 1);
      scored = unionScored(scored, ix.rank.search(long.length > 0 ? long : tm.tokens, 'OR'));
    }
    scored = subtractPids(scored, excluded);
    if (anyPasses(filters, scored)) notice = NOTICE_PIECES;
  }

  const { facets, omitted } = facetsOf(ix, scored.pids, filters);

  // The hits: those passing every filter, with their rank keys.
  const terms = groups.flat();
  const whole = terms.length > 1 && groups.every((g) => g.length === 1)
    ? ix.mentionIndex.containing(terms.map((t) => t.nq).join(''), ix.norms)
    : terms.length === 1 ? terms[0]!.verbatim : new Int32Array(0);
  const counter = new Uint16Array(ix.paragraphs.length);
  countIn(terms.map((t) => t.verbatim), counter);
  const wholeMark = new Uint8Array(ix.paragraphs.length);
  for (const pid of whole) wholeMark[pid] = 1;
  const n = scored.pids.length;
  const pids = new Int32Array(n);
  const keys = new Float64Array(n);
  const scores = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const pid = scored.pids[i]!;
    if (filters.mask(pid) !== 0) continue;
    pids[total] = pid;
    keys[total] = wholeMark[pid]! * 1000 + counter[pid]!;
    scores[total++] = scored.scores[i]! * LEVEL_BOOST[ix.paragraphs[pid]!.level];
  }
  const from = (page - 1) * size;
  const order = from >= total ? [] : topRanked(keys.subarray(0, total), scores.subarray(0, total), pids.subarray(0, total), Math.min(total, page * size)).slice(from);

  // Built on the first hit that lacks a word verbatim: the pieces of words it holds are marked instead.
  let finder: PieceFinder | null = null;
  const hits: Hit[] = order.map((i) => {
    const pid = pids[i]!;
    const p = ix.paragraphs[pid]!;
    const d = ix.docs[ix.paraDoc[pid]!]!;
    const normText = ix.norms[pid]!;
    // From the verbatim lists, not by scanning the paragraph for each term.
    const holds = terms.map((tm) => tm.nq.length === 0 || holdsPid(tm.verbatim, pid));
    const held = terms.filter((_, t) => holds[t]);
    const focus = [...(wholeMark[pid] && terms.length > 1 ? [terms.map((t) => t.nq).join('')] : []), ...held.map((t) => t.nq)];
    const lacking = terms.flatMap((_, t) => (holds[t] ? [] : [t]));
    const pieces = lacking.length > 0 ? (finder ??= new PieceFinder(terms.map((t) => t.nq))).pieces(normText, lacking) : [];
    let k = 0;
    const marks = terms.flatMap((tm, t) => (holds[t] ? [tm.nq] : pieces[k++]!));
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
      snippet: makeSnippet(p.text, focus.length > 0 ? focus : marks, marks, normText),
      score: Math.round(scores[i]! * 1000) / 1000,
    };
  });

  return { query: q, total, page, size, ...(notice ? { notice } : {}), hits, facets, ...(omitted ? { facetsOmitted: omitted } : {}) };
}
