/**
 * Filters as the links of a page give them again: the query-string form of {@link Filters}, lists for the filters
 * that take several values, so that a filter link keeps every other filter (and `duplicates=include`) of the page.
 */
import type { Filters } from '../core/types.js';

export type FilterQuery = Record<string, string | number | (string | number)[] | undefined>;

/** The same filter given once or several times, as one list; undefined when not given. */
function list<T>(one: T | undefined, many: readonly T[] | undefined): T[] | undefined {
  const all = [...(one !== undefined ? [one] : []), ...(many ?? [])];
  return all.length > 0 ? all : undefined;
}

/**
 * @example
 * filterQuery({ cities: ['呼和浩特', '乌兰察布'], yearFrom: 2020, includeDuplicates: true })
 * //=> { city: ['呼和浩特', '乌兰察布'], year_from: 2020, duplicates: 'include', … (the others undefined) }
 */
export function filterQuery(f: Filters): FilterQuery {
  return {
    city: list(f.city, f.cities),
    district: f.districts,
    year: list(f.year, f.years),
    year_from: f.yearFrom,
    year_to: f.yearTo,
    kind: list(f.kind, f.kinds),
    chapter_type: f.chapterTypes,
    chapter: f.chapter,
    duplicates: f.includeDuplicates ? 'include' : undefined,
  };
}

/** The query-string names of the filters, in the order a page lists them, with their Chinese labels. */
export const FILTER_NAMES: [string, string][] = [
  ['year', '年份'],
  ['year_from', '起始年份'],
  ['year_to', '截止年份'],
  ['city', '城市'],
  ['district', '区县'],
  ['kind', '类型'],
  ['chapter_type', '章节类型'],
  ['chapter', '章节'],
];
