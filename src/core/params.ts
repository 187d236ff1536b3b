/**
 * The parameters of search and mentions, in one place for the HTTP API, the pages and the CLI: their limits and
 * defaults, the filter dimensions with their Chinese labels, and the zod schemas that turn raw string values into
 * typed parameters. Every failure is a {@link ParamError} naming the parameter and saying what is wrong. Past this
 * module, the engine takes typed parameters and checks nothing again.
 */
import { z } from 'zod';
import { CHAPTER_TYPES, KINDS, SORTS, type Filters, type MentionParams, type SearchParams, type Sort } from './types.js';
import { ParamError } from './errors.js';
import { parseSeries, usesSeriesSyntax } from './series.js';

/** The filter dimensions, which are also the facets, with the label a Chinese page gives each. */
export const DIMS = ['city', 'year', 'kind', 'chapter'] as const;
export type Dim = (typeof DIMS)[number];
export const DIM_LABELS: Record<Dim, string> = { city: '城市', year: '年份', kind: '类型', chapter: '章节' };
/** Most values one filter takes (`city=a&city=b…`). */
export const MAX_FILTER_VALUES = 20;

/** Hits per search page when the request does not say. */
export const DEFAULT_PAGE_SIZE = 20;
/** Most hits per search page. */
export const MAX_PAGE_SIZE = 100;
/** Most other paragraphs a hit grouped by document lists (`more` counts them all). */
export const MAX_GROUP_OTHERS = 5;
/** The Chinese names of the orders of ranked search, as the page offers them. */
export const SORT_LABELS: Record<Sort, string> = { relevance: '按相关度', newest: '按年份（新→旧）', oldest: '按年份（旧→新）' };

/** Parameter names as a Chinese page calls them. */
const ZH_NAMES: Record<string, string> = {
  q: '检索词', ...DIM_LABELS, district: '区县', chapter_type: '章节类型', year_from: '起始年份', year_to: '截止年份', page: '页码', size: '每页条数', sort: '排序', group: '分组', limit: '条数', offset: '起始位置', duplicates: '重复文件', from: '起始段落',
  timeline: '时间轴', stages: '阶段', per: '计数方式', terms: '词表', part: '部分', a: '年份甲', b: '年份乙',
};
const zhName = (name: string) => `${ZH_NAMES[name] ?? name}（${name}）`;

/** Longest accepted query, in characters. */
export const MAX_QUERY = 256;
/** Longest accepted filter value (city, kind, chapter), in characters. */
const MAX_FILTER = 100;
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
/** Most keyword-in-context lines listed per paragraph (its `count` is exact). */
export const MAX_CONTEXTS_PER_PARAGRAPH = 100;
/** Most paragraphs, and characters of text, one `/api/docs/:id` answer holds; `next` says where the rest starts. */
export const DOC_PAGE = { paragraphs: 2000, chars: 1_000_000 } as const;
/** The same for one document page (`/docs/:id`), which adds markup and a citation per paragraph. */
export const DOC_HTML_PAGE = { paragraphs: 1000, chars: 300_000 } as const;

// C0 and C1 controls except tab, line feed and carriage return (which norm() treats as whitespace).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// U+FFFD is what Node's query parser makes of invalid UTF-8; a user never types it.
const REPLACEMENT = /\uFFFD/;

/** A text parameter: no control characters, no lone surrogates, at most `max` characters. */
function text(name: string, max: number) {
  return z
    .string()
    .superRefine((s, ctx) => {
      if (s.length > max) {
        ctx.addIssue({ code: 'custom', message: `${name} must be at most ${max} characters, got ${s.length}`, params: { zh: `${zhName(name)}最多 ${max} 个字符，现为 ${s.length} 个` } });
      } else if (CONTROL.test(s)) {
        ctx.addIssue({ code: 'custom', message: `${name} must not contain control characters`, params: { zh: `${zhName(name)}不能包含控制字符` } });
      } else if (LONE_SURROGATE.test(s) || REPLACEMENT.test(s)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be valid UTF-8 text`, params: { zh: `${zhName(name)}不是有效的 UTF-8 文本` } });
      }
    });
}

/** An optional filter: absent or empty means "no filter". */
function filter(name: string, max = MAX_FILTER) {
  return text(name, max)
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()));
}

/** A decimal integer parameter within [min, max]; absent or empty gives `fallback`. */
function int(name: string, min: number, max: number, fallback?: number) {
  return z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return fallback;
      if (!/^\d{1,9}$/.test(s) || Number(s) < min || Number(s) > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be an integer from ${min} to ${max}, got "${clip(s)}"`,
          params: { zh: `${zhName(name)}应为 ${min} 到 ${max} 之间的整数，现为“${clip(s)}”` },
        });
        return z.NEVER;
      }
      return Number(s);
    });
}

const year = z
  .string()
  .optional()
  .transform((s, ctx) => {
    if (s === undefined || s === '') return undefined;
    if (!/^\d{4}$/.test(s)) {
      ctx.addIssue({
        code: 'custom',
        message: `year must be a 4-digit year such as 2025, got "${clip(s)}"`,
        params: { zh: `年份（year）应为四位数字，如 2025，现为“${clip(s)}”` },
      });
      return z.NEVER;
    }
    return Number(s);
  });

const kind = filter('kind').superRefine((s, ctx) => {
  if (s !== undefined && !(KINDS as readonly string[]).includes(s)) {
    ctx.addIssue({
      code: 'custom',
      message: `kind must be one of ${KINDS.join(', ')}, got "${clip(s)}"`,
      params: { zh: `类型（kind）应为 ${KINDS.join('、')} 之一，现为“${clip(s)}”` },
    });
  }
});

/** `duplicates=include`: count the documents marked as repeating another too. */
const duplicates = z
  .string()
  .optional()
  .transform((s, ctx) => {
    if (s === undefined || s === '') return undefined;
    if (s !== 'include') {
      ctx.addIssue({ code: 'custom', message: `duplicates must be "include" or absent, got "${clip(s)}"`, params: { zh: `重复文件（duplicates）只能为 include 或不填，现为“${clip(s)}”` } });
      return z.NEVER;
    }
    return true;
  });

/** A parameter that takes one of a few words; absent or empty gives undefined. */
function oneOf<T extends string>(name: string, values: readonly T[]) {
  return z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return undefined;
      if (!(values as readonly string[]).includes(s)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be one of ${values.join(', ')}, got "${clip(s)}"`, params: { zh: `${zhName(name)}应为 ${values.join('、')} 之一，现为“${clip(s)}”` } });
        return z.NEVER;
      }
      return s as T;
    });
}

const filters = {
  chapter: filter('chapter'),
  duplicates,
};

/** Filters that take several values (any of them matches), and the year range. */
const MULTI = ['city', 'district', 'year', 'kind', 'chapter_type'] as const;
const chapterType = filter('chapter_type').superRefine((s, ctx) => {
  if (s !== undefined && !(CHAPTER_TYPES as readonly string[]).includes(s)) {
    ctx.addIssue({
      code: 'custom',
      message: `chapter_type must be one of ${CHAPTER_TYPES.join(', ')}, got "${clip(s)}"`,
      params: { zh: `章节类型（chapter_type）应为 ${CHAPTER_TYPES.join('、')} 之一，现为“${clip(s)}”` },
    });
  }
});
const yearIn = (name: string) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '') return undefined;
      if (!/^\d{4}$/.test(s)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a 4-digit year such as 2025, got "${clip(s)}"`, params: { zh: `${zhName(name)}应为四位数字，如 2025，现为“${clip(s)}”` } });
        return z.NEVER;
      }
      return Number(s);
    });
const MULTI_SCHEMAS: Record<(typeof MULTI)[number], z.ZodType<string | number | undefined>> = {
  city: filter('city'),
  district: filter('district'),
  year,
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
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new ParamError(issue.message, (issue as { params?: { zh?: string } }).params?.zh ?? `参数${zhName(name)}有误`, name);
    }
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
  let from = values('year_from', yearIn('year_from'), raw.year_from)[0];
  let to = values('year_to', yearIn('year_to'), raw.year_to)[0];
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

/** A switch: `1` or `true` turns it on; absent, empty, `0` or `false` leave it off. */
function flag(name: string) {
  return z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s === '' || s === '0' || s === 'false') return undefined;
      if (s === '1' || s === 'true') return true;
      ctx.addIssue({ code: 'custom', message: `${name} must be 1 or 0, got "${clip(s)}"`, params: { zh: `${zhName(name)}只能为 1 或 0，现为“${clip(s)}”` } });
      return z.NEVER;
    });
}

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

/** Raw query values as Express's simple parser gives them: a string, or an array when a name is repeated. */
export type RawQuery = Record<string, unknown>;

/**
 * Rejects repeated parameters (`?q=a&q=b`), since a second value would be silently dropped or misread.
 * @example
 * singleValued({ q: ['a', 'b'] }) // throws 400 "parameter q is given more than once"
 */
function singleValued(raw: RawQuery, names: readonly string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    const v = raw[name];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw new ParamError(`parameter ${name} is given more than once`, `参数${zhName(name)}重复出现，只能给一次`, name);
    out[name] = v;
  }
  return out;
}

function parseWith<T>(schema: z.ZodType<T>, raw: RawQuery, names: readonly string[]): T {
  const result = schema.safeParse(singleValued(raw, names));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? '');
    const message = issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    const zh = (issue as { params?: { zh?: string } }).params?.zh ?? (name === 'q' ? '请输入检索词（q）' : `参数${zhName(name)}有误`);
    throw new ParamError(message, zh, name || undefined);
  }
  return result.data;
}

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

/** Cuts a user-supplied value for quoting in an error message. */
export function clip(s: string, max = 60): string {
  const safe = s.replace(/[\u0000-\u001F\u007F-\u009F]/g, '?');
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

/** Drops undefined fields, so that `exactOptionalPropertyTypes`-style consumers see absent filters as absent. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
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
  a: year,
  b: year,
});

/**
 * Validates the chapter comparison's parameters (`/compare`): place, kind, the part (`review`, `plan`) or a chapter
 * heading's text, and the two years.
 */
export function parseCompare(raw: RawQuery): { city?: string; kind?: string; part?: 'review' | 'plan'; chapter?: string; a?: number; b?: number } {
  return compact(parseWith(compareSchema, raw, ['city', 'kind', 'part', 'chapter', 'a', 'b']));
}
