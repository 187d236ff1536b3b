/**
 * What the home page says of the corpus (README, "Pages"): the years, places and kinds it covers, each a way into
 * the reports, and the list of reports in the order asked for.
 */
import { ParamError } from '../core/errors.js';
import type { DocMeta, FacetValue } from '../core/types.js';

export interface CorpusSummary {
  /** Documents, those repeating another left out. */
  docs: number;
  /** Documents marked as repeating another. */
  duplicates: number;
  /** First and last year, when any document has one. */
  years?: { from: number; to: number };
  /** Documents per decade, newest first: `{ from: 2020, to: 2029, count }`. */
  decades: { from: number; to: number; count: number }[];
  /** Documents per city (province, `全国`), most first. */
  places: FacetValue<string>[];
  /** Documents per district, most first. */
  districts: FacetValue<string>[];
  kinds: FacetValue<string>[];
  /** Documents without a year. */
  undated: number;
}

function tally(values: (string | null)[]): FacetValue<string>[] {
  const m = new Map<string, number>();
  for (const v of values) if (v) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh')).map(([value, count]) => ({ value, count }));
}

/**
 * The corpus in a few lines; duplicates of another report counted once.
 * @example
 * corpusSummary(seedDocs).years //=> { from: 2024, to: 2026 }
 */
export function corpusSummary(all: readonly DocMeta[]): CorpusSummary {
  const docs = all.filter((d) => d.duplicateOf === null);
  const years = docs.map((d) => d.year).filter((y): y is number => y !== null);
  const decades = new Map<number, number>();
  for (const y of years) decades.set(Math.floor(y / 10) * 10, (decades.get(Math.floor(y / 10) * 10) ?? 0) + 1);
  return {
    docs: docs.length,
    duplicates: all.length - docs.length,
    ...(years.length > 0 ? { years: { from: Math.min(...years), to: Math.max(...years) } } : {}),
    decades: [...decades].sort((a, b) => b[0] - a[0]).map(([from, count]) => ({ from, to: from + 9, count })),
    places: tally(docs.map((d) => d.city)),
    districts: tally(docs.map((d) => d.district)),
    kinds: tally(docs.map((d) => d.kind)),
    undated: docs.length - years.length,
  };
}

/** The orders the list of reports can be sorted in. */
export const DOC_SORTS = ['year', 'year-asc', 'place', 'title', 'paragraphs'] as const;
export type DocSort = (typeof DOC_SORTS)[number];

/** Validates `?sort` of the home page (absent: newest first). */
export function parseDocSort(raw: unknown): DocSort {
  if (raw === undefined || raw === '') return 'year';
  if (typeof raw === 'string' && (DOC_SORTS as readonly string[]).includes(raw)) return raw as DocSort;
  throw new ParamError(`sort must be one of ${DOC_SORTS.join(', ')}`, `排序（sort）应为 ${DOC_SORTS.join('、')} 之一`, 'sort');
}

const byPlace = (a: DocMeta, b: DocMeta): number => (a.city ?? '\uffff').localeCompare(b.city ?? '\uffff', 'zh') || (a.district ?? '').localeCompare(b.district ?? '', 'zh');
const newest = (a: DocMeta, b: DocMeta): number => (b.year ?? -Infinity) - (a.year ?? -Infinity);

/** The reports in the order `sort` names; ties by place, then id, so the order is stable. */
export function sortDocs(docs: readonly DocMeta[], sort: DocSort): DocMeta[] {
  const cmp: Record<DocSort, (a: DocMeta, b: DocMeta) => number> = {
    year: (a, b) => newest(a, b) || byPlace(a, b),
    'year-asc': (a, b) => (a.year ?? Infinity) - (b.year ?? Infinity) || byPlace(a, b),
    place: (a, b) => byPlace(a, b) || newest(a, b),
    title: (a, b) => a.title.localeCompare(b.title, 'zh'),
    paragraphs: (a, b) => b.paragraphs - a.paragraphs,
  };
  return [...docs].sort((a, b) => cmp[sort](a, b) || a.id.localeCompare(b.id));
}
