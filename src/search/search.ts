/**
 * Ranked search (README, "Query syntax" and "Ranking"): which paragraphs match a query, their one score, identical
 * texts collapsed, grouping by document, the orders by relevance and by year, filters, facets counted with the
 * other filters applied, paging and highlighted snippets.
 */
import { MAX_GROUP_OTHERS, searchSettings } from '../core/params.js';
import type { Hit, SearchParams, SearchResult } from '../core/types.js';
import type { CorpusIndex } from '../index/corpus.js';
import { constScored, EMPTY_SCORED, hasPid, intersectPids, intersectScored, subtractPids, unionPids, unionScored, type Scored } from '../index/pids.js';
import { norm } from '../text/normalize.js';
import { firstCopyOf } from './copies.js';
import { facetsOf } from './facets.js';
import { compileFilters, passingPids, type CompiledFilters } from './filters.js';
import { piecesOf, scoreGroup, type Matcher } from './matchers.js';
import { parseQuery } from './query.js';
import { idf, LATE_BOUND, nearBound, nearFactor, NEWS_SHARE, rankHeadings, rankTop, VERBATIM_WEIGHT, WHOLE_BOOST, type NearWord } from './ranking.js';
import { PieceFinder } from './pieces.js';
import { pidsOfDocs, placeDocs } from './places.js';
import { makeSnippet } from './snippet.js';
import { didYouMean } from './suggest.js';
import { keepsScores, prepareTerm, zeroScored } from './terms.js';
import { groupedParagraph, makeHit } from './hit.js';

/** Shown when no paragraph holds every word and the hits hold some of them. */
export const NOTICE_ANY_WORD = '没有同时包含全部词语的段落，以下为包含任一词语的结果';
/** Shown when some word is held by no paragraph and its pieces are looked for instead. */
export const NOTICE_PIECES = '有的词语没有段落包含，改为查找其中的部分字词';
/** Shown when the query has only exclusions. */
export const NOTICE_NOTHING_TO_FIND = '查询中只有排除词，没有要查找的词语';
/** Shown when nothing is left of the query once operators, empty quotes and blanks are read (`OR`, `""`, `或`). */
const NOTICE_EMPTY = '检索词中只有运算符、空引号或空白，没有要查找的词语';
/** A word held verbatim by fewer paragraphs than this gets a "did you mean" when the corpus spells it otherwise. */
const FEW_HITS = 3;
/**
 * Bounds on what a query of many words costs (a pasted sentence cut at every space): beyond this many words and
 * alternatives, no partial matches are listed after the full ones (a paragraph holding most of twenty words is
 * rarely what was meant, and each word would be scored over the whole corpus)…
 */
const MAX_PARTIAL_WORDS = 12;
/** …and beyond this many, how close the words stand is not weighed (one pass per word and occurrence). */
const MAX_NEAR_WORDS = 8;
/** A word naming a document's place, held through the document, weighs this share of its verbatim bonus. */
const PLACE_SHARE = 0.5;

/** How many paragraphs of `s` pass the filters. */
function countPassing(filters: CompiledFilters, s: Scored): number {
  let n = 0;
  for (const pid of s.pids) if (filters.mask(pid) === 0) n++;
  return n;
}

/** Adds 1 per list to each pid's counter. */
function countIn(lists: readonly Int32Array[], counter: Uint16Array): void {
  for (const l of lists) for (let i = 0; i < l.length; i++) counter[l[i]!]!++;
}

/** Per index, one score per pid, kept zeroed between searches (see `rankHeadings`). */
const scratches = new WeakMap<CorpusIndex, Float64Array>();
/** Per index, the verbatim bonus of each pid while a search adds it up, kept zeroed between searches. */
const bonuses = new WeakMap<CorpusIndex, Float64Array>();

/**
 * Answers `/api/search`, given validated parameters (`core/params.ts`).
 *
 * Matching: paragraphs holding every word (a word by its tokens or verbatim) come first; when fewer than a page
 * hold them all, those holding some of the words follow, most words first (`allWords` says where they start, each
 * such hit lists what it is `missing`). A word no paragraph holds is looked for by its pieces. `"phrases"` and
 * exclusions are exact mentions, and a phrase is never dropped. Ranking: one score (see `ranking.ts`); paragraphs
 * with the same text are one hit (`also`); `group: 'doc'` makes one hit per document; `sort` orders by year.
 */
export function search(ix: CorpusIndex, params: SearchParams, opts: { suggest?: boolean } = {}): SearchResult {
  const q = params.q;
  const { page, size, sort, group, shape } = searchSettings(params);
  const filters = compileFilters(ix, params);
  const empty: SearchResult = { query: q, total: 0, page, size, ...shape, paragraphs: 0, hits: [], facets: { city: [], year: [], kind: [], chapter: [], district: [], chapterType: [] } };

  const parsed = parseQuery(q);
  if (parsed.groups.length === 0) return { ...empty, notice: parsed.exclude.length > 0 ? NOTICE_NOTHING_TO_FIND : NOTICE_EMPTY };
  const excluded = unionPids(parsed.exclude.map((t) => ix.mentionIndex.containing(norm(t.text), ix.norms)));

  const groups: Matcher[][] = parsed.groups.map((g) =>
    g.map((t) => {
      const tm = prepareTerm(ix, t);
      // A word no paragraph holds, verbatim or by all its tokens: its pieces stand in for it. Never a phrase.
      if (tm.reach.length > 0 || t.kind === 'phrase') return { tm, reach: tm.reach, pieces: null };
      const pieces = piecesOf(ix, tm.nq).map((p) => prepareTerm(ix, { kind: 'phrase', text: p }));
      return { tm, reach: unionPids(pieces.map((p) => p.reach)), pieces };
    }),
  );
  const G = groups.length;
  const pieced = groups.some((g) => g.some((m) => m.pieces !== null));
  const required = groups.map((g) => g.every((m) => m.tm.term.kind === 'phrase'));
  const groupReach = groups.map((g) => unionPids(g.map((m) => m.reach)));
  // A word naming a document's place is held by all its paragraphs, worth a share of the word's verbatim bonus;
  // only in a query of several words (alone, the word is looked for in the text).
  const places = groups.map((g) => (G > 1 && g.length === 1 && g[0]!.pieces === null && g[0]!.tm.term.kind === 'word' ? placeDocs(ix, g[0]!.tm.nq) : null));
  const placeBonus = groups.map((g) => PLACE_SHARE * VERBATIM_WEIGHT * idf(g[0]!.tm.verbatim.length, ix.paragraphs.length));
  const placeReach = places.map((marks, g) => (marks ? unionPids([groupReach[g]!, pidsOfDocs(ix, marks)]) : groupReach[g]!));
  const byPlace = (g: number, s: Scored, within: Int32Array): Scored =>
    places[g] ? unionScored(s, constScored(subtractPids(zeroScored(intersectPids([pidsOfDocs(ix, places[g]!), within])), s.pids).pids, placeBonus[g]!)) : s;

  // Without kept scores, only the paragraphs passing the filters are scored (a corpus holding a report many times
  // over is mostly filtered out); with them, a term is scored whole once and narrowed by later requests.
  const passing = keepsScores() ? null : passingPids(ix, filters, params.includeDuplicates === true);

  // Every word first: only a paragraph every group reaches can hold them all, so only those are scored.
  const allReach = subtractPids(zeroScored(intersectPids(passing ? [...placeReach, passing] : placeReach)), excluded).pids;
  let scored = groups.map((g, gi) => byPlace(gi, scoreGroup(ix, g, allReach), allReach)).sort((a, b) => a.pids.length - b.pids.length).reduce(intersectScored);
  let partial = false;
  let held: Uint16Array | undefined;
  if (G > 1 && groups.flat().length <= MAX_PARTIAL_WORDS && countPassing(filters, scored) < size && required.some((r) => !r)) {
    // Fewer than a page hold every word: those holding some follow, most first. A phrase stays required; the
    // pieces of a word that some paragraph holds are never looked for.
    const mustLists = [...groupReach.filter((_, g) => required[g]), ...(passing ? [passing] : [])];
    const must = mustLists.length > 0 ? intersectPids(mustLists) : undefined;
    const perGroup = groups.map((g) => scoreGroup(ix, g, must));
    const textHeld = unionPids(perGroup.map((x) => x.pids));
    // A place word is held by the paragraphs of its documents that hold some word of the query in their text.
    for (let g = 0; g < G; g++) perGroup[g] = byPlace(g, perGroup[g]!, textHeld);
    held = new Uint16Array(ix.paragraphs.length);
    countIn(perGroup.map((x) => x.pids), held);
    scored = subtractPids(perGroup.reduce(unionScored, EMPTY_SCORED), excluded);
    partial = true;
  }

  const { facets, omitted } = facetsOf(ix, scored.pids, filters);

  // The words verbatim, and the whole query verbatim.
  const verbatimCount = new Uint16Array(ix.paragraphs.length);
  let bonus = bonuses.get(ix);
  if (!bonus || bonus.length !== ix.paragraphs.length) bonuses.set(ix, (bonus = new Float64Array(ix.paragraphs.length)));
  const verbatimLists = groups.map((g) => unionPids(g.filter((m) => m.pieces === null).map((m) => m.tm.verbatim)));
  for (const list of verbatimLists) {
    const w = VERBATIM_WEIGHT * idf(list.length, ix.paragraphs.length);
    // Only the candidates' counts and bonuses are read: a common word's list holds every copy of every report.
    const mine = intersectPids([list, scored.pids]);
    for (let i = 0; i < mine.length; i++) {
      const pid = mine[i]!;
      verbatimCount[pid]!++;
      bonus[pid]! += w;
    }
  }
  const single = groups.every((g) => g.length === 1 && g[0]!.pieces === null);
  const whole = G > 1 && single ? ix.mentionIndex.containing(groups.map((g) => g[0]!.tm.nq).join(''), ix.norms) : new Int32Array(0);
  const wholeMark = new Uint8Array(ix.paragraphs.length);
  for (const pid of whole) wholeMark[pid] = 1;

  // The candidates (passing every filter), with their eager scores.
  const n = scored.pids.length;
  const pids = new Int32Array(n);
  const eager = new Float64Array(n);
  const tier = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const pid = scored.pids[i]!;
    if (filters.mask(pid) !== 0) continue;
    pids[total] = pid;
    tier[total] = held ? held[pid]! : G;
    const news = ix.docs[ix.paraDoc[pid]!]!.kind === '新闻报道';
    eager[total++] = (scored.scores[i]! + bonus[pid]!) * (wholeMark[pid] ? 1 + WHOLE_BOOST : 1) * (news ? NEWS_SHARE : 1);
  }
  for (let i = 0; i < n; i++) bonus[scored.pids[i]!] = 0;
  const cPids = pids.subarray(0, total);
  const cEager = eager.subarray(0, total);
  const cTier = tier.subarray(0, total);
  let scratch = scratches.get(ix);
  if (!scratch || scratch.length !== ix.paragraphs.length) scratches.set(ix, (scratch = new Float64Array(ix.paragraphs.length)));
  rankHeadings(ix, cPids, cEager, scratch);

  const firstCopy = firstCopyOf(ix);
  if (G === 1 && groups[0]!.length === 1 && groups[0]![0]!.pieces === null) tenVerbatimFirst(cPids, cEager, verbatimCount, firstCopy);

  // The order: all words before some (most first), then by year when asked, then the score.
  const keys = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    const y = ix.docs[ix.paraDoc[cPids[i]!]!]!.year;
    const yearKey = sort === 'newest' ? (y ?? 0) : sort === 'oldest' ? (y === null ? 0 : 10_000 - y) : 0;
    keys[i] = cTier[i]! * 100_000 + yearKey;
  }
  const unitOf = group === 'doc' ? (i: number) => ix.paraDoc[cPids[i]!]! : (i: number) => firstCopy[cPids[i]!]!;
  const units = countUnits(cPids, cTier, G, unitOf, group === 'doc' ? ix.docs.length : ix.paragraphs.length);

  const words: NearWord[][] = groups.map((g) => g.map((m) => ({ nq: m.tm.nq, tokens: m.pieces ? [] : m.tm.tokens.map((t) => norm(t)) })));
  const late = (i: number): number => {
    const pid = cPids[i]!;
    const near: NearWord[] = [];
    const how: number[] = [];
    for (let g = 0; g < G; g++) {
      let h = 0;
      let w = 0;
      for (let t = 0; t < groups[g]!.length && h === 0; t++) {
        const m = groups[g]![t]!;
        if (m.pieces) continue;
        h = hasPid(m.tm.verbatim, pid) ? 2 : hasPid(m.tm.reach, pid) ? 1 : 0;
        w = t;
      }
      near.push(words[g]![w]!);
      how.push(h);
    }
    return nearFactor(ix.norms[pid]!, near, how);
  };

  // The most the closeness factors can give each: the words held by tokens only, and whether two words are held.
  const upper = new Float64Array(total);
  for (let i = 0; i < total; i++) {
    const pid = cPids[i]!;
    upper[i] = G > MAX_NEAR_WORDS ? cEager[i]! : cEager[i]! * nearBound(G, Math.max(0, cTier[i]! - verbatimCount[pid]!), cTier[i]!);
  }
  const from = (page - 1) * size;
  const final = (i: number): number => (G > MAX_NEAR_WORDS ? cEager[i]! : cEager[i]! * late(i));
  const { order, finals } = from >= units.total ? { order: [], finals: new Map<number, number>() } : rankTop(keys, upper, cPids, final, unitOf, Math.min(units.total, page * size));
  const shown = order.slice(from);
  const display = sort === 'relevance' && partial ? tierScales(cTier, cEager) : undefined;
  const scoreOf = (i: number): number => Math.round((finals.get(i) ?? cEager[i]!) * (display?.get(cTier[i]!) ?? 1) * 1000) / 1000;

  // Built on the first hit that lacks a word verbatim: the pieces of words it holds are marked instead.
  const terms = groups.flat().map((m) => m.tm);
  let finder: PieceFinder | null = null;
  const snippetOf = (pid: number): string => {
    const normText = ix.norms[pid]!;
    // From the verbatim lists, not by scanning the paragraph for each term.
    const holds = terms.map((tm) => tm.nq.length === 0 || hasPid(tm.verbatim, pid));
    const heldTerms = terms.filter((_, t) => holds[t]);
    const focus = [...(wholeMark[pid] ? [terms.map((t) => t.nq).join('')] : []), ...heldTerms.map((t) => t.nq)];
    const lacking = terms.flatMap((_, t) => (holds[t] ? [] : [t]));
    const pieces = lacking.length > 0 ? (finder ??= new PieceFinder(terms.map((t) => t.nq))).pieces(normText, lacking) : [];
    let k = 0;
    const marks = terms.flatMap((tm, t) => (holds[t] ? [tm.nq] : pieces[k++]!));
    return makeSnippet(ix.paragraphs[pid]!.text, focus.length > 0 ? focus : marks, marks, normText);
  };

  const shownUnits = new Map<number, number[]>(shown.map((i) => [unitOf(i), []]));
  for (let i = 0; i < total; i++) shownUnits.get(unitOf(i))?.push(i);

  const hits: Hit[] = shown.map((i) => {
    const pid = cPids[i]!;
    const p = ix.paragraphs[pid]!;
    const d = ix.docs[ix.paraDoc[pid]!]!;
    const missing = cTier[i]! < G ? parsed.groups.flatMap((g, gi) => (groups[gi]!.some((m) => hasPid(m.reach, pid)) || places[gi]?.[ix.paraDoc[pid]!] ? [] : [g.map((t) => t.text).join(' | ')])) : [];
    const mates = shownUnits.get(unitOf(i))!.filter((j) => j !== i);
    const hit = makeHit(d, p, snippetOf(pid), scoreOf(i));
    if (missing.length > 0) hit.missing = missing;
    if (group === 'doc') {
      hit.more = mates.length;
      const best = mates.sort((a, b) => cTier[b]! - cTier[a]! || cEager[b]! - cEager[a]! || cPids[a]! - cPids[b]!).slice(0, MAX_GROUP_OTHERS);
      hit.others = best.map((j) => groupedParagraph(d.id, ix.paragraphs[cPids[j]!]!, snippetOf(cPids[j]!), scoreOf(j)));
      const copies = countCopies(cPids, firstCopy, firstCopy[pid]!);
      if (copies > 1) hit.also = copies - 1;
    } else if (mates.length > 0) hit.also = mates.length;
    return hit;
  });

  const result: SearchResult = {
    query: q,
    total: units.total,
    page,
    size,
    ...shape,
    paragraphs: total,
    ...(partial ? { allWords: units.all } : {}),
    ...(partial && units.all === 0 && units.total > 0 ? { notice: NOTICE_ANY_WORD } : pieced && units.total > 0 ? { notice: NOTICE_PIECES } : {}),
    hits,
    facets,
    ...(omitted ? { facetsOmitted: omitted } : {}),
  };
  // "Did you mean": for no hit, or a word the corpus (nearly) never writes (a name written that way in many
  // paragraphs, though they be copies of one or filtered out, is not corrected).
  const rare = groups.some((g) => g.every((m) => m.tm.verbatim.length < FEW_HITS));
  if (opts.suggest !== false && (units.total === 0 || rare)) {
    const better = didYouMean(ix, parsed);
    if (better !== null) {
      const other = search(ix, { ...params, q: better, page: 1, size: 1 }, { suggest: false });
      // The correction is written in several times as many paragraphs as the word (see `correctWord`).
      if (other.total > 0) result.suggestion = { q: better, total: other.total };
    }
  }
  return result;
}

/**
 * How many units (copies of a text, or documents) the candidates make, and how many of them hold every word
 * (`tier` = the number of groups).
 */
function countUnits(pids: Int32Array, tier: Float64Array, groups: number, unitOf: (i: number) => number, space: number): { total: number; all: number } {
  const seen = new Uint8Array(space);
  let total = 0;
  let all = 0;
  for (let i = 0; i < pids.length; i++) {
    const u = unitOf(i);
    if (!(seen[u]! & 1)) {
      seen[u] = seen[u]! | 1;
      total++;
    }
    if (tier[i] === groups && !(seen[u]! & 2)) {
      seen[u] = seen[u]! | 2;
      all++;
    }
  }
  return { total, all };
}

/** How many candidates have the text of copy `first`. */
function countCopies(pids: Int32Array, firstCopy: Int32Array, first: number): number {
  let n = 0;
  for (let i = 0; i < pids.length; i++) if (firstCopy[pids[i]!] === first) n++;
  return n;
}

/**
 * The one-word rule: when ten or more texts hold the word verbatim, the ten best of them come first. The hits that
 * hold it only by its tokens are scaled down, all alike, just enough for that (their order among themselves stays).
 */
function tenVerbatimFirst(pids: Int32Array, eager: Float64Array, verbatim: Uint16Array, firstCopy: Int32Array): void {
  const best: number[] = [];
  const seen = new Set<number>();
  let maxOther = 0;
  for (let i = 0; i < pids.length; i++) {
    const pid = pids[i]!;
    if (verbatim[pid] === 0) {
      if (eager[i]! > maxOther) maxOther = eager[i]!;
      continue;
    }
    // One score per text (its copies score alike).
    if (seen.has(firstCopy[pid]!)) continue;
    seen.add(firstCopy[pid]!);
    best.push(eager[i]!);
  }
  if (best.length < 10 || maxOther === 0) return;
  best.sort((a, b) => b - a);
  const tenth = best[9]!;
  if (maxOther * LATE_BOUND < tenth) return;
  const f = (0.99 * tenth) / (maxOther * LATE_BOUND);
  for (let i = 0; i < pids.length; i++) if (verbatim[pids[i]!] === 0) eager[i]! *= f;
}

/**
 * The factor each tier's scores are shown with, so that the score of a partial match stays below every score of
 * the tier before it (most words first) and `score` is the order: each tier scaled, all alike, below the lowest
 * score of the one before.
 */
function tierScales(tier: Float64Array, eager: Float64Array): Map<number, number> {
  const range = new Map<number, { lo: number; hi: number }>();
  for (let i = 0; i < tier.length; i++) {
    const r = range.get(tier[i]!);
    if (!r) range.set(tier[i]!, { lo: eager[i]!, hi: eager[i]! });
    else {
      if (eager[i]! < r.lo) r.lo = eager[i]!;
      if (eager[i]! > r.hi) r.hi = eager[i]!;
    }
  }
  const scales = new Map<number, number>();
  let floor = Infinity;
  for (const t of [...range.keys()].sort((a, b) => b - a)) {
    const r = range.get(t)!;
    const s = floor === Infinity || r.hi === 0 ? 1 : Math.min(1, (0.99 * floor) / (r.hi * LATE_BOUND));
    scales.set(t, s);
    floor = r.lo * s;
  }
  return scales;
}
