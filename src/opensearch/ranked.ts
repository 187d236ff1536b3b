/**
 * Ranked search on OpenSearch (README, "Query syntax"): the project's query parser, its terms as bool queries, BM25
 * over jieba's tokens scored by OpenSearch, facets from `terms` aggregations, snippets by the project's highlighter.
 *
 * The order is the in-process engine's as far as one score can carry it: paragraphs holding the whole query verbatim
 * (a constant 10⁷), then by the number of terms held verbatim (10⁴ each), then BM25 with the heading boost.
 * What differs: BM25 statistics are OpenSearch's (per shard), and the corpus lexicon of names kept whole is not
 * added to the tokens.
 */
import type { Client } from '@opensearch-project/opensearch';
import { DEFAULT_PAGE_SIZE, DIMS, MAX_FACET_VALUES, type Dim } from '../core/params.js';
import type { DocMeta, FacetValue, Facets, Hit, Kind, SearchParams, SearchResult } from '../core/types.js';
import { PieceFinder } from '../search/pieces.js';
import { parseQuery, type Term } from '../search/query.js';
import { HEADING_ALONE } from '../search/ranking.js';
// The in-process engine's notices, for the fallbacks it shares.
import { NOTICE_ANY_WORD, NOTICE_NOTHING_TO_FIND, NOTICE_PIECES } from '../search/search.js';
import { makeSnippet } from '../search/snippet.js';
import { norm } from '../text/normalize.js';
import { segment } from '../text/segment.js';
import { searchAll, type SearchBody } from './cluster.js';
import type { Clause, FilterClauses } from './filters.js';
import { PARAGRAPH_FIELDS, type ParagraphSource } from './schema.js';

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
        functions: ([1, 2, 3] as const).map((level) => ({ filter: { term: { level } }, weight: HEADING_ALONE })),
        score_mode: 'first',
        boost_mode: 'multiply',
      },
    });
  }
  for (const nq of new Set(terms.map((t) => t.nq))) out.push({ constant_score: { filter: phrase(nq), boost: VERBATIM_BOOST } });
  if (whole !== undefined) out.push({ constant_score: { filter: phrase(whole), boost: WHOLE_BOOST } });
  return out;
}

function facetAggs(filters: FilterClauses): Record<string, unknown> {
  const field: Record<Dim, string> = { city: 'city', year: 'year', kind: 'kind', chapter: 'chapter' };
  return Object.fromEntries(DIMS.map((dim) => [dim, {
    filter: { bool: { filter: filters.clauses(dim) } },
    aggs: { values: { terms: { field: field[dim], size: FACET_BUCKETS } } },
  }]));
}

/** Facet values by count, then value (as the in-process engine orders them), cut to `MAX_FACET_VALUES`. */
function readFacets(aggs: Record<string, unknown> | undefined): { facets: Facets; omitted?: Partial<Record<keyof Facets, number>> } {
  const facets: Facets = { city: [], year: [], kind: [], chapter: [] };
  let omitted: Partial<Record<keyof Facets, number>> | undefined;
  for (const dim of DIMS) {
    const buckets = ((aggs?.[dim] as { values?: { buckets?: { key: string | number; count?: number; doc_count: number }[] } } | undefined)?.values?.buckets) ?? [];
    const values: FacetValue<string | number>[] = buckets
      .filter((b) => b.key !== '')
      .map((b) => ({ value: b.key, count: b.doc_count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    if (values.length > MAX_FACET_VALUES) {
      (omitted ??= {})[dim] = values.length - MAX_FACET_VALUES;
      values.length = MAX_FACET_VALUES;
    }
    (facets as unknown as Record<Dim, FacetValue<string | number>[]>)[dim] = values;
  }
  return omitted ? { facets, omitted } : { facets };
}

/**
 * Answers `/api/search` from the cluster, given validated parameters.
 *
 * @param index the alias of the paragraphs
 * @param metas the reports, in corpus order (a hit's `doc` is its place here)
 */
export async function rankedSearch(client: Client, index: string, metas: readonly DocMeta[], filters: FilterClauses, params: SearchParams): Promise<SearchResult> {
  const q = params.q;
  const page = params.page ?? 1;
  const size = params.size ?? DEFAULT_PAGE_SIZE;
  const parsed = parseQuery(q);
  const emptyFacets: Facets = { city: [], year: [], kind: [], chapter: [] };
  if (parsed.groups.length === 0) return { query: q, total: 0, page, size, notice: NOTICE_NOTHING_TO_FIND, hits: [], facets: emptyFacets };

  const prepare = (term: Term): PreparedTerm => ({ term, nq: norm(term.text), tokens: term.kind === 'word' ? [...new Set(segment(term.text))] : [] });
  const groups = parsed.groups.map((g) => g.map(prepare));
  const terms = groups.flat();
  const excluded = parsed.exclude.map((t) => phrase(norm(t.text)));
  const whole = terms.length > 1 && groups.every((g) => g.length === 1) ? terms.map((t) => t.nq).join('') : undefined;
  const should = scoring(terms, whole);

  const run = (match: Clause[]): Promise<SearchBody> => searchAll(client, `search ${q}`, index, {
    query: { bool: { filter: match, must_not: excluded, should } },
    post_filter: { bool: { filter: filters.clauses() } },
    aggs: facetAggs(filters),
    sort: [{ _score: 'desc' }, { pid: 'asc' }],
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
  const hits: Hit[] = res.hits.hits.map((h) => {
    const p = h._source as unknown as ParagraphSource;
    const d = metas[p.doc]!;
    const normText = norm(p.text);
    const holds = terms.map((t) => t.nq.length === 0 || normText.includes(t.nq));
    const held = terms.filter((_, i) => holds[i]);
    const focus = [...(whole !== undefined && normText.includes(whole) ? [whole] : []), ...held.map((t) => t.nq)];
    const lacking = terms.flatMap((_, i) => (holds[i] ? [] : [i]));
    const pieces = lacking.length > 0 ? (finder ??= new PieceFinder(terms.map((t) => t.nq))).pieces(normText, lacking) : [];
    let k = 0;
    const marks = terms.flatMap((t, i) => (holds[i] ? [t.nq] : pieces[k++]!));
    return {
      docId: d.id,
      n: p.n,
      url: `/docs/${encodeURIComponent(d.id)}#p-${p.n}`,
      title: d.title,
      city: d.city,
      year: d.year,
      kind: d.kind as Kind | null,
      chapter: p.chapter,
      section: p.section,
      snippet: makeSnippet(p.text, focus.length > 0 ? focus : marks, marks, normText),
      score: Math.round((h._score ?? 0) * 1000) / 1000,
    };
  });
  return { query: q, total: res.hits.total!.value, page, size, ...(notice ? { notice } : {}), hits, facets, ...(omitted ? { facetsOmitted: omitted } : {}) };
}
