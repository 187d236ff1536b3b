/**
 * The parameters of search, mentions and the pages, in one place for the HTTP API, the pages and the CLI: their
 * limits and defaults, the filters that take several values, and the schemas that turn raw string values into typed
 * parameters (built from the field readers of `fields.ts`). Every failure is a {@link ParamError} naming the
 * parameter and saying what is wrong. Past this module, the engine takes typed parameters and checks nothing again.
 */
import { z } from 'zod';
import { CHAPTER_TYPES, KINDS, SORTS, type Filters, type MentionParams, type SearchParams, type Sort } from './types.js';
import { ParamError } from './errors.js';
import { clip, compact, duplicates, filter, flag, int, issueError, memberOf, oneOf, parseWith, singleValued, text, year, zhName, type RawQuery } from './fields.js';
import { parseSeries, usesSeriesSyntax } from './series.js';

export { clip, DIM_LABELS, DIMS, type Dim, type RawQuery } from './fields.js';

/** Most values one filter takes (`city=a&city=b…`). */
export const MAX_FILTER_VALUES = 20;

/** Hits per search page when the request does not say. */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * What a search answers with when the request does not say, and the `sort`/`group` an answer echoes (only when
 * asked): one reading for both backends.
 */
export function searchSettings(params: SearchParams): { page: number; size: number; sort: Sort; group: 'doc' | 'none'; shape: { sort?: Sort; group?: 'doc' | 'none' } } {
  const sort = params.sort ?? 'relevance';
  const group = params.group ?? 'none';
  return { page: params.page ?? 1, size: params.size ?? DEFAULT_PAGE_SIZE, sort, group, shape: { ...(params.sort ? { sort } : {}), ...(params.group ? { group } : {}) } };
}
/** Most hits per search page. */
export const MAX_PAGE_SIZE = 100;
/** Most other paragraphs a hit grouped by document lists (`more` counts them all). */
export const MAX_GROUP_OTHERS = 5;
/** The Chinese names of the orders of ranked search, as the page offers them. */
export const SORT_LABELS: Record<Sort, string> = { relevance: '按相关度', newest: '按年份（新→旧）', oldest: '按年份（旧→新）' };


/** Longest accepted query, in characters. */
export const MAX_QUERY = 256;
/** Highest accepted page number: far beyond any real result, low enough to keep offsets small. */
const MAX_PAGE = 10_000;
/** Highest accepted mentions offset. */
const MAX_OFFSET = 1_000_000;

/**
 * Bounds on one answer, so that one request costs a bounded amount whatever the corpus; each answer cut by one says
 * where the rest is (`next`, `Link: rel=next`, `facetsOmitted`). Far above what real reports give.
 */
/** Most values listed per facet (by count); `facetsOmitted` says how many more there are. */
export const MAX_FACET_VALUES = 100;
/** Most paragraphs one mentions answer lists (`limit` is at most this; without it, this many and `next`). */
export const MAX_MENTION_PARAGRAPHS = 1000;
/** Most keyword-in-context lines one mentions answer lists, over all its paragraphs. */
export const MAX_MENTION_CONTEXTS = 20_000;
/** Stages are read for a query's mentions only up to this many paragraphs: past it the word names no one project. */
export const MAX_STAGED_PARAGRAPHS = 2_000;
/** …and up to this many occurrences: each is read in its sentence, and a word this frequent names no one project either. */
export const MAX_STAGED_OCCURRENCES = 20_000;
/** Most keyword-in-context lines listed per paragraph (its `count` is exact). */
export const MAX_CONTEXTS_PER_PARAGRAPH = 100;
/** Most paragraphs, and characters of text, one `/api/docs/:id` answer holds; `next` says where the rest starts. */
export const DOC_PAGE = { paragraphs: 2000, chars: 1_000_000 } as const;
/** The same for one document page (`/docs/:id`), which adds markup and a citation per paragraph. */
export const DOC_HTML_PAGE = { paragraphs: 1000, chars: 300_000 } as const;







/** The kinds of document. */
const kind = memberOf('kind', KINDS);

const filters = {
  chapter: filter('chapter'),
  duplicates,
};

/** Filters that take several values (any of them matches), and the year range. */
const MULTI = ['city', 'district', 'year', 'kind', 'chapter_type'] as const;
/** Chapter types (`工作回顾`…), from the outline's headings. */
const chapterType = memberOf('chapter_type', CHAPTER_TYPES);
const MULTI_SCHEMAS: Record<(typeof MULTI)[number], z.ZodType<string | number | undefined>> = {
  city: filter('city'),
  district: filter('district'),
  year: year('year'),
  kind,
  chapter_type: chapterType,
};

/** Every value of a filter that may be repeated, validated, each once, in the order given. */
function values<T>(name: string, schema: z.ZodType<T | undefined>, raw: unknown): T[] {
  const given = raw === undefined ? [] : Array.isArray(raw) ? (raw as unknown[]) : [raw];
  if (given.length > MAX_FILTER_VALUES) throw new ParamError(`${name} is given more than ${MAX_FILTER_VALUES} times`, `参数${zhName(name)}最多给 ${MAX_FILTER_VALUES} 个值`, name);
  const out: T[] = [];
  for (const v of given) {
    if (typeof v !== 'string') throw new ParamError(`${name} must be text`, `参数${zhName(name)}应为文本`, name);
    const r = schema.safeParse(v);
    if (!r.success) throw issueError(r.error.issues[0]!, name);
    if (r.data !== undefined && !out.includes(r.data)) out.push(r.data);
  }
  return out;
}

/**
 * The filters that take several values and the year range, from raw values: one value stays in `city`, `year` or
 * `kind` (what every backend reads), several go to `cities`, `years`, `kinds`; a range given backwards is turned
 * round.
 * @example
 * multiFilters({ city: ['呼和浩特', '乌兰察布'], year_from: '2020' }) //=> { cities: ['呼和浩特', '乌兰察布'], yearFrom: 2020 }
 */
function multiFilters(raw: RawQuery): Filters {
  const [city, district, years, kinds, types] = MULTI.map((name) => values(name, MULTI_SCHEMAS[name], raw[name]));
  const one = <T>(list: T[], single: string, plural: string): Record<string, T | T[]> => (list.length === 1 ? { [single]: list[0]! } : list.length > 1 ? { [plural]: list } : {});
  let from = values('year_from', year('year_from'), raw.year_from)[0];
  let to = values('year_to', year('year_to'), raw.year_to)[0];
  if (from !== undefined && to !== undefined && from > to) [from, to] = [to, from];
  return {
    ...one(city as string[], 'city', 'cities'),
    ...one(years as number[], 'year', 'years'),
    ...one(kinds as string[], 'kind', 'kinds'),
    ...(district!.length > 0 ? { districts: district as string[] } : {}),
    ...(types!.length > 0 ? { chapterTypes: types as string[] } : {}),
    ...(from !== undefined ? { yearFrom: from } : {}),
    ...(to !== undefined ? { yearTo: to } : {}),
  };
}

/** True when a request names any filter (then a page can list documents without a query). */
export function hasFilters(f: Filters): boolean {
  return Boolean(f.city || f.cities || f.year !== undefined || f.years || f.kind || f.kinds || f.districts || f.chapterTypes || f.yearFrom !== undefined || f.yearTo !== undefined || f.chapter);
}

/** Validates the filters alone (browsing documents without a query: `/search?city=呼和浩特`). */
export function parseFilters(raw: RawQuery): Filters {
  const { duplicates, ...p } = parseWith(z.object(filters), raw, ['chapter', 'duplicates']);
  return compact({ ...p, ...multiFilters(raw), includeDuplicates: duplicates });
}

/** The query: required, not blank. */
const query = text('q', MAX_QUERY).refine((s) => s.trim() !== '', { message: 'q is required', params: { zh: '请输入检索词（q）' } });

const searchSchema = z.object({
  q: z.string({ error: 'q is required' }).pipe(query),
  ...filters,
  page: int('page', 1, MAX_PAGE, 1),
  size: int('size', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  sort: oneOf('sort', SORTS),
  group: oneOf('group', ['doc', 'none'] as const),
});


const mentionsSchema = z.object({
  q: z.string({ error: 'q is required' }).pipe(query),
  ...filters,
  limit: int('limit', 0, MAX_MENTION_PARAGRAPHS),
  offset: int('offset', 0, MAX_OFFSET),
  timeline: flag('timeline'),
  stages: flag('stages'),
});

/** How a timeline counts (the mentions page): raw occurrences, per report indexed that year, or per 10,000 characters. */
export const PER_VALUES = ['raw', 'report', '10k'] as const;
export type Per = (typeof PER_VALUES)[number];

/**
 * Validates the timeline's `per` (the mentions page and its by-year CSV); absent or empty is `raw`.
 * @example
 * parsePer({ per: 'report' }) //=> 'report'
 */
export function parsePer(raw: RawQuery): Per {
  const { per } = singleValued(raw, ['per']);
  if (per === undefined || per === '') return 'raw';
  if (!(PER_VALUES as readonly string[]).includes(per)) {
    throw new ParamError(`per must be one of ${PER_VALUES.join(', ')}, got "${clip(per)}"`, `计数方式（per）应为 raw、report 或 10k，现为“${clip(per)}”`, 'per');
  }
  return per as Per;
}

/** Parameters of a document: an optional query to highlight (the page), the paragraph to start at. */
const docQuerySchema = z.object({ q: filter('q', MAX_QUERY), from: int('from', 1, 100_000_000) });




/**
 * Validates search parameters as raw strings (`/api/search`, `/search`, `npm run search`).
 * @example
 * parseSearch({ q: '引黄入呼', year: '2025' }) //=> { q: '引黄入呼', year: 2025, page: 1, size: 20 }
 */
export function parseSearch(raw: RawQuery): Required<Pick<SearchParams, 'q' | 'page' | 'size'>> & SearchParams {
  const { duplicates, ...p } = parseWith(searchSchema, raw, ['q', 'chapter', 'duplicates', 'page', 'size', 'sort', 'group']);
  return compact({ ...p, ...multiFilters(raw), includeDuplicates: duplicates, page: p.page ?? 1, size: p.size ?? DEFAULT_PAGE_SIZE });
}

/** Validates mentions parameters as raw strings (`/api/mentions`, `/mentions`, `/mentions.csv`, `npm run search -- --mentions`). */
export function parseMentions(raw: RawQuery): MentionParams {
  const { duplicates, ...p } = parseWith(mentionsSchema, raw, ['q', 'chapter', 'duplicates', 'limit', 'offset', 'timeline', 'stages']);
  // Several series or an alias group (`南水北调 | 三峡工程`, `呼和浩特新机场 = 盛乐国际机场`); a plain name stays one series.
  const series = usesSeriesSyntax(p.q) ? parseSeries(p.q) : undefined;
  return compact({ ...p, ...multiFilters(raw), includeDuplicates: duplicates, series });
}

/** The `?p` of a citation download: a stable paragraph anchor (`s-…`), optional. */
const citeQuerySchema = z.object({
  p: z
    .string()
    .optional()
    .refine((s) => s === undefined || s === '' || /^s-[0-9a-z]{7}(-\d{1,6})?$/.test(s), { message: 'p must be a paragraph anchor such as s-0a1b2c3', params: { zh: '段落锚点（p）应形如 s-0a1b2c3' } })
    .transform((s) => (s === '' ? undefined : s)),
});

/** Validates the `?p` of `/docs/:id/cite.bib` and `cite.ris`. */
export function parseCiteQuery(raw: RawQuery): { p?: string } {
  return compact(parseWith(citeQuerySchema, raw, ['p']));
}

/** Validates the `?q&from` of a document (both optional): the query to highlight, the paragraph to start at. */
export function parseDocQuery(raw: RawQuery): { q?: string; from?: number } {
  return compact(parseWith(docQuerySchema, raw, ['q', 'from']));
}



/** Longest accepted term list (the term × report table), in characters. */
const MAX_TERM_LIST = 20_000;

const termTableSchema = z.object({
  terms: z
    .string()
    .optional()
    .transform((s) => s ?? '')
    .pipe(text('terms', MAX_TERM_LIST)),
  ...filters,
});

/**
 * Validates the term × report table's parameters (`/terms`, `/terms.csv`): the list of terms as pasted (one a line),
 * and the filters.
 * @example
 * parseTermTable({ terms: '南水北调\n三峡工程', kind: '政府工作报告' }) //=> { terms: '南水北调\n三峡工程', kind: '政府工作报告' }
 */
export function parseTermTable(raw: RawQuery): Filters & { terms: string } {
  const { duplicates, chapter: _chapter, ...p } = parseWith(termTableSchema, raw, ['terms', 'duplicates']);
  return compact({ ...p, ...multiFilters(raw), includeDuplicates: duplicates });
}

const compareSchema = z.object({
  city: filter('city'),
  kind,
  part: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return undefined;
      if (s !== 'review' && s !== 'plan') {
        ctx.addIssue({ code: 'custom', message: `part must be review or plan, got "${clip(s)}"`, params: { zh: `部分（part）应为 review（工作回顾）或 plan（工作安排），现为“${clip(s)}”` } });
        return z.NEVER;
      }
      return s;
    }),
  chapter: filter('chapter'),
  a: year('a'),
  b: year('b'),
});

/**
 * Validates the chapter comparison's parameters (`/compare`): place, kind, the part (`review`, `plan`) or a chapter
 * heading's text, and the two years.
 */
export function parseCompare(raw: RawQuery): { city?: string; kind?: string; part?: 'review' | 'plan'; chapter?: string; a?: number; b?: number } {
  return compact(parseWith(compareSchema, raw, ['city', 'kind', 'part', 'chapter', 'a', 'b']));
}
