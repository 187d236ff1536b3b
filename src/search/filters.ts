/**
 * The filters of a request, compiled once per request into a per-paragraph mask, so facets can count each
 * dimension with the other filters applied.
 */
import { CHAPTER_TYPES, type DocMeta, type Filters } from '../core/types.js';
import type { CorpusIndex } from '../index/corpus.js';
import { chapterType } from '../text/chapter-type.js';
import { norm } from '../text/normalize.js';

/** The filter dimensions a mask tells apart, which are also the facets. */
export type FilterDim = 'city' | 'year' | 'kind' | 'chapter' | 'district' | 'chapterType';

/** Bits of a paragraph's filter mask: which filters it fails. */
export const DIM_BIT: Record<FilterDim, number> = { city: 1, year: 2, kind: 4, chapter: 8, district: 16, chapterType: 32 };
/** The bit of a paragraph of a document that repeats another: out of every count unless duplicates are asked for. */
const DUPLICATE_BIT = 64;

/**
 * The filters of a request, compiled (README, "HTTP API"): city exact, also matching a district's documents; year
 * exact or within a range; kind and district exact; several values of one filter match any of them; chapter
 * contained in the paragraph's chapter or section (compared normalised); chapter type that of the paragraph's
 * chapter. `mask(pid)` says which filters a paragraph fails, so facets can count each dimension with the other
 * filters applied.
 */
export interface CompiledFilters {
  /** Bits (`DIM_BIT`) of the filters given. */
  active: number;
  mask(pid: number): number;
}

/** The values of a filter given once (`city`) or several times (`cities`), as a set; null when not given. */
function anyOf<T>(one: T | undefined | null, many: readonly T[] | undefined): Set<T> | null {
  const all = [...(one !== undefined && one !== null && one !== '' ? [one] : []), ...(many ?? [])];
  return all.length > 0 ? new Set(all) : null;
}

/**
 * The document-level filters (place, district, year or year range, kind) as a function giving the bits (`DIM_BIT`)
 * of those a document fails; 0 when it passes them all. Duplicates and chapters are the caller's.
 */
export function docFilter(f: Filters): (d: DocMeta) => number {
  const cities = anyOf(f.city, f.cities);
  const kinds = anyOf(f.kind, f.kinds);
  const years = anyOf(f.year, f.years);
  const districts = anyOf(undefined, f.districts);
  const from = f.yearFrom ?? -Infinity;
  const to = f.yearTo ?? Infinity;
  const ranged = f.yearFrom !== undefined || f.yearTo !== undefined;
  return (d) => {
    let m = 0;
    if (cities && !(d.city !== null && cities.has(d.city)) && !(d.district !== null && cities.has(d.district))) m |= DIM_BIT.city;
    if ((years && !(d.year !== null && years.has(d.year))) || (ranged && (d.year === null || d.year < from || d.year > to))) m |= DIM_BIT.year;
    if (kinds && !(d.kind !== null && kinds.has(d.kind))) m |= DIM_BIT.kind;
    if (districts && !(d.district !== null && districts.has(d.district))) m |= DIM_BIT.district;
    return m;
  };
}

export function compileFilters(
  ix: Pick<CorpusIndex, 'docs' | 'paraDoc' | 'paraChapter' | 'paraSection' | 'headings'>,
  f: Filters,
): CompiledFilters {
  let active = 0;
  const cities = anyOf(f.city, f.cities);
  const kinds = anyOf(f.kind, f.kinds);
  const years = anyOf(f.year, f.years);
  const districts = anyOf(undefined, f.districts);
  const types = anyOf(undefined, f.chapterTypes);
  const ranged = f.yearFrom !== undefined || f.yearTo !== undefined;
  const chapter = f.chapter !== undefined ? norm(f.chapter) : '';
  if (cities) active |= DIM_BIT.city;
  if (years || ranged) active |= DIM_BIT.year;
  if (kinds) active |= DIM_BIT.kind;
  if (chapter !== '') active |= DIM_BIT.chapter;
  if (districts) active |= DIM_BIT.district;
  if (types) active |= DIM_BIT.chapterType;
  // A document marked as repeating another counts once, through the other, unless both are asked for.
  const skipDuplicates = !f.includeDuplicates && ix.docs.some((d) => d.duplicateOf !== null);
  if (active === 0 && !skipDuplicates) return { active, mask: () => 0 };
  const docMask = new Uint8Array(ix.docs.length);
  const fails = docFilter(f);
  ix.docs.forEach((d, i) => {
    docMask[i] = (skipDuplicates && d.duplicateOf !== null ? DUPLICATE_BIT : 0) | fails(d);
  });
  if (chapter === '' && !types) return { active, mask: (pid) => docMask[ix.paraDoc[pid]!]! };
  const ok = chapter === '' ? null : Uint8Array.from(ix.headings, (h) => (h !== '' && normCached(h).includes(chapter) ? 1 : 0));
  const typeOf = types ? headingTypes(ix.headings) : null;
  const wanted = types ? Uint8Array.from(CHAPTER_TYPES, (t) => (types.has(t) ? 1 : 0)) : null;
  const typed = typeOf && wanted ? Uint8Array.from(typeOf, (t) => (t > 0 && wanted[t - 1] ? 1 : 0)) : null;
  return {
    active,
    mask: (pid) =>
      docMask[ix.paraDoc[pid]!]! |
      (ok && !(ok[ix.paraChapter[pid]!] || ok[ix.paraSection[pid]!]) ? DIM_BIT.chapter : 0) |
      (typed && !typed[ix.paraChapter[pid]!] ? DIM_BIT.chapterType : 0),
  };
}

const typeCache = new WeakMap<readonly string[], Uint8Array>();

/**
 * Per heading of an index, its chapter type as 1 + its place in `CHAPTER_TYPES`, or 0 when untyped; computed once
 * per index.
 */
export function headingTypes(headings: readonly string[]): Uint8Array {
  let t = typeCache.get(headings);
  // An index that grew in place (a report appended) has more headings than were typed.
  if (!t || t.length !== headings.length) {
    t = Uint8Array.from(headings, (h) => {
      const type = chapterType(h);
      return type === null ? 0 : CHAPTER_TYPES.indexOf(type) + 1;
    });
    typeCache.set(headings, t);
  }
  return t;
}

const normCache = new Map<string, string>();
function normCached(s: string): string {
  let v = normCache.get(s);
  if (v === undefined) {
    v = norm(s);
    if (normCache.size > 100_000) normCache.clear();
    normCache.set(s, v);
  }
  return v;
}

/** Per index, the paragraphs passing no filter but the one on duplicates, with and without it (null: all pass). */
const passingCache = new WeakMap<object, Map<boolean, Int32Array | null>>();

/**
 * The paragraphs that pass the filters, ascending; null when all do. Kept per index when only the rule on
 * duplicates applies (the usual request); computed per request otherwise.
 */
export function passingPids(ix: Pick<CorpusIndex, 'paragraphs'>, filters: CompiledFilters, includeDuplicates: boolean): Int32Array | null {
  const compute = (): Int32Array | null => {
    const out = new Int32Array(ix.paragraphs.length);
    let n = 0;
    for (let pid = 0; pid < ix.paragraphs.length; pid++) if (filters.mask(pid) === 0) out[n++] = pid;
    return n === ix.paragraphs.length ? null : out.subarray(0, n);
  };
  if (filters.active !== 0) return compute();
  let m = passingCache.get(ix);
  if (!m) passingCache.set(ix, (m = new Map()));
  if (!m.has(includeDuplicates)) m.set(includeDuplicates, compute());
  return m.get(includeDuplicates)!;
}
