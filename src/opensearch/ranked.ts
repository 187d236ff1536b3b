/**
 * Ranked search on OpenSearch (README, "Query syntax"): the project's query parser, its terms as bool queries, BM25
 * over jieba's tokens scored by OpenSearch, facets from `terms` aggregations, snippets by the project's highlighter.
 *
 * The order is the in-process engine's as far as one score can carry it: paragraphs holding the whole query verbatim
 * (a constant 10⁷), then by the number of terms held verbatim (10⁴ each), then BM25 with the heading boost.
 * Identical texts are one hit (a field collapse on `copy`, the others counted in `also`); `group: 'doc'` collapses on
 * the report instead; `sort` orders by year first. What differs is in README, "OpenSearch backend".
 */
import type { Client } from '@opensearch-project/opensearch';
import { MAX_FACET_VALUES, MAX_GROUP_OTHERS, searchSettings } from '../core/params.js';
import { CHAPTER_TYPES, type DocMeta, type FacetValue, type Facets, type Hit, type SearchParams, type SearchResult } from '../core/types.js';
import type { FilterDim } from '../search/filters.js';
import { PieceFinder } from '../search/pieces.js';
import { parseQuery, type Term } from '../search/query.js';
import { HEADING_ALONE, NEWS_SHARE } from '../search/ranking.js';
// The in-process engine's notices, for the fallbacks it shares.
import { NOTICE_ANY_WORD, NOTICE_NOTHING_TO_FIND, NOTICE_PIECES } from '../search/search.js';
import { makeSnippet } from '../search/snippet.js';
import { norm } from '../text/normalize.js';
import { segment } from '../text/segment.js';
import { searchAll, type SearchBody } from './cluster.js';
import type { Clause, FilterClauses } from './filters.js';
import { hiddenClause, PARAGRAPH_FIELDS, type ParagraphSource } from './schema.js';
import { groupedParagraph, makeHit } from '../search/hit.js';

const WHOLE_BOOST = 1e7;
const VERBATIM_BOOST = 1e4;
/** Distinct values asked of a facet's `terms` aggregation: enough to count those past `MAX_FACET_VALUES`. */
const FACET_BUCKETS = 10_000;

interface PreparedTerm {
  term: Term;
  nq: string;
  tokens: string[];
}

const phrase = (nq: string): Clause => ({ match_phrase: { chars: nq } });
const allTokens = (tokens: readonly string[], operator: 'and' | 'or'): Clause => ({ match: { tokens: { query: tokens.join(' '), operator } } });

/** A term matches verbatim, or (a word) by all its tokens. */
function termClause(t: PreparedTerm): Clause {
  if (t.term.kind === 'phrase' || t.tokens.length === 0) return phrase(t.nq);
  return { bool: { should: [phrase(t.nq), allTokens(t.tokens, 'and')], minimum_should_match: 1 } };
}

const anyOf = (clauses: Clause[]): Clause => (clauses.length === 1 ? clauses[0]! : { bool: { should: clauses, minimum_should_match: 1 } });

/** BM25 over every token of the query with the heading boost, plus the verbatim keys. */
function scoring(terms: readonly PreparedTerm[], whole: string | undefined): Clause[] {
  const tokens = [...new Set(terms.flatMap((t) => t.tokens))];
  const out: Clause[] = [];
  if (tokens.length > 0) {
    out.push({
      function_score: {
        query: allTokens(tokens, 'or'),
        // A heading weighs what the in-process engine gives a heading alone: it never outranks content for being one.
        // A news paragraph's tokens weigh the in-process engine's news share (the verbatim keys stay tiers here).
        functions: [
          ...([1, 2, 3] as const).map((level) => ({ filter: { term: { level } }, weight: HEADING_ALONE })),
          { filter: { term: { kind: '新闻报道' } }, weight: NEWS_SHARE },
        ],
        score_mode: 'multiply',
        boost_mode: 'multiply',
      },
    });
  }
  for (const nq of new Set(terms.map((t) => t.nq))) out.push({ constant_score: { filter: phrase(nq), boost: VERBATIM_BOOST } });
  if (whole !== undefined) out.push({ constant_score: { filter: phrase(whole), boost: WHOLE_BOOST } });
  return out;
}

/** The facet dimensions, each the keyword field it is counted on. */
const FACET_FIELDS: Record<FilterDim, string> = { city: 'city', year: 'year', kind: 'kind', chapter: 'chapter', district: 'district', chapterType: 'chapterType' };
const FACET_DIMS = Object.keys(FACET_FIELDS) as FilterDim[];
/** Below this many distinct values, OpenSearch's `cardinality` count is exact (its maximum precision threshold). */
const EXACT_CARDINALITY = 40_000;

function facetAggs(filters: FilterClauses, unit: string): Record<string, unknown> {
  return {
    ...Object.fromEntries(FACET_DIMS.map((dim) => [dim, {
      filter: { bool: { filter: filters.clauses(dim) } },
      aggs: { values: { terms: { field: FACET_FIELDS[dim], size: FACET_BUCKETS } } },
    }])),
    // The hits once collapsed (texts or reports), as `total` counts them.
    units: { filter: { bool: { filter: filters.clauses() } }, aggs: { n: { cardinality: { field: unit, precision_threshold: EXACT_CARDINALITY } } } },
  };
}

/**
 * Facet values as the in-process engine orders them: years newest first, chapter types in a report's order, the
 * others by count, then value; each cut to `MAX_FACET_VALUES`.
 */
function readFacets(aggs: Record<string, unknown> | undefined): { facets: Facets; omitted?: Partial<Record<keyof Facets, number>> } {
  const out: Record<string, FacetValue<string | number>[]> = {};
  let omitted: Partial<Record<keyof Facets, number>> | undefined;
  for (const dim of FACET_DIMS) {
    const buckets = ((aggs?.[dim] as { values?: { buckets?: { key: string | number; doc_count: number }[] } } | undefined)?.values?.buckets) ?? [];
    const values: FacetValue<string | number>[] = buckets
      .filter((b) => b.key !== '')
      .map((b) => ({ value: b.key, count: b.doc_count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    if (dim === 'year') values.sort((a, b) => (b.value as number) - (a.value as number));
    if (dim === 'chapterType') values.sort((a, b) => CHAPTER_TYPES.indexOf(a.value as never) - CHAPTER_TYPES.indexOf(b.value as never));
    if (values.length > MAX_FACET_VALUES) {
      (omitted ??= {})[dim] = values.length - MAX_FACET_VALUES;
      values.length = MAX_FACET_VALUES;
    }
    out[dim] = values;
  }
  const facets = out as unknown as Facets;
  return omitted ? { facets, omitted } : { facets };
}

interface SearchHit {
  _source: Record<string, unknown>;
  _score: number | null;
  inner_hits?: Record<string, { hits: { total: { value: number }; hits: { _source: Record<string, unknown>; _score: number | null }[] } }>;
}

/**
 * Answers `/api/search` from the cluster, given validated parameters.
 *
 * @param index the alias of the paragraphs
 * @param metas the reports, in corpus order (a hit's `doc` is its place here)
 */
export async function rankedSearch(
  client: Client, index: string, byId: ReadonlyMap<string, number>, metas: readonly DocMeta[], filters: FilterClauses, params: SearchParams,
): Promise<SearchResult> {
  const q = params.q;
  const { page, size, sort, group, shape } = searchSettings(params);
  const parsed = parseQuery(q);
  const emptyFacets: Facets = { city: [], year: [], kind: [], chapter: [], district: [], chapterType: [] };
  if (parsed.groups.length === 0) return { query: q, total: 0, page, size, ...shape, paragraphs: 0, notice: NOTICE_NOTHING_TO_FIND, hits: [], facets: emptyFacets };

  const prepare = (term: Term): PreparedTerm => ({ term, nq: norm(term.text), tokens: term.kind === 'word' ? [...new Set(segment(term.text))] : [] });
  const groups = parsed.groups.map((g) => g.map(prepare));
  const terms = groups.flat();
  const excluded = parsed.exclude.map((t) => phrase(norm(t.text)));
  const whole = terms.length > 1 && groups.every((g) => g.length === 1) ? terms.map((t) => t.nq).join('') : undefined;
  const should = scoring(terms, whole);

  // One hit per text (its copies counted in `also`), or per report (its other paragraphs in `more` and `others`).
  const unit = group === 'doc' ? 'docId' : 'copy';
  const inner = group === 'doc'
    ? { name: 'others', size: MAX_GROUP_OTHERS + 1, sort: [{ _score: 'desc' }, { n: 'asc' }], _source: PARAGRAPH_FIELDS }
    : { name: 'others', size: 0 };
  const year = sort === 'relevance' ? [] : [{ year: { order: sort === 'newest' ? 'desc' : 'asc', missing: '_last' } }];
  const run = (match: Clause[]): Promise<SearchBody> => searchAll(client, `search ${q}`, index, {
    query: { bool: { filter: match, must_not: [...excluded, hiddenClause(index)], should } },
    post_filter: { bool: { filter: filters.clauses() } },
    aggs: facetAggs(filters, unit),
    collapse: { field: unit, inner_hits: inner },
    sort: [...year, { _score: 'desc' }, { docId: 'asc' }, { n: 'asc' }],
    from: (page - 1) * size,
    size,
    track_total_hits: true,
    _source: PARAGRAPH_FIELDS,
  });

  // All words; else any word; else pieces of words (the tokens of two characters or more).
  const groupClauses = groups.map((g) => anyOf(g.map(termClause)));
  let notice: string | undefined;
  let res = await run(groupClauses);
  if (res.hits.total!.value === 0 && groups.length > 1) {
    res = await run([anyOf(groupClauses)]);
    if (res.hits.total!.value > 0) notice = NOTICE_ANY_WORD;
  }
  if (res.hits.total!.value === 0) {
    const tokens = terms.flatMap((t) => {
      const long = t.tokens.filter((x) => x.length > 1);
      return long.length > 0 ? long : t.tokens;
    });
    if (tokens.length > 0) {
      const pieces = await run([allTokens([...new Set(tokens)], 'or')]);
      if (pieces.hits.total!.value > 0) {
        res = pieces;
        notice = NOTICE_PIECES;
      }
    }
  }
  const { facets, omitted } = readFacets(res.aggregations);

  let finder: PieceFinder | null = null;
  const snippetOf = (p: ParagraphSource): string => {
    const normText = norm(p.text);
    const holds = terms.map((t) => t.nq.length === 0 || normText.includes(t.nq));
    const held = terms.filter((_, i) => holds[i]);
    const focus = [...(whole !== undefined && normText.includes(whole) ? [whole] : []), ...held.map((t) => t.nq)];
    const lacking = terms.flatMap((_, i) => (holds[i] ? [] : [i]));
    const pieces = lacking.length > 0 ? (finder ??= new PieceFinder(terms.map((t) => t.nq))).pieces(normText, lacking) : [];
    let k = 0;
    const marks = terms.flatMap((t, i) => (holds[i] ? [t.nq] : pieces[k++]!));
    return makeSnippet(p.text, focus.length > 0 ? focus : marks, marks, normText);
  };
  const round = (score: number | null): number => Math.round((score ?? 0) * 1000) / 1000;
  // A report this backend does not know (written by another process since it opened) is left out.
  const known = (res.hits.hits as SearchHit[]).filter((h) => byId.has((h._source as unknown as ParagraphSource).docId));
  const hits: Hit[] = known.map((h) => {
    const p = h._source as unknown as ParagraphSource;
    const d = metas[byId.get(p.docId)!]!;
    const copies = h.inner_hits?.others?.hits;
    const hit = makeHit(d, p, snippetOf(p), round(h._score));
    if (group === 'doc') {
      const others = (copies?.hits ?? []).filter((o) => (o._source as unknown as ParagraphSource).n !== p.n).slice(0, MAX_GROUP_OTHERS);
      hit.more = Math.max(0, (copies?.total.value ?? 1) - 1);
      hit.others = others.map((o) => {
        const op = o._source as unknown as ParagraphSource;
        return groupedParagraph(d.id, op, snippetOf(op), round(o._score));
      });
    } else if (copies && copies.total.value > 1) hit.also = copies.total.value - 1;
    return hit;
  });
  const units = (res.aggregations?.units as { n?: { value: number } } | undefined)?.n?.value ?? 0;
  return {
    query: q, total: units, page, size, ...shape, paragraphs: res.hits.total!.value, ...(notice ? { notice } : {}), hits, facets, ...(omitted ? { facetsOmitted: omitted } : {}),
  };
}
