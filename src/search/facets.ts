/**
 * Facets of a result set: counts per city, year, kind, chapter, district and chapter type, each dimension counted
 * with the other filters applied.
 */
import { CHAPTER_TYPES, type FacetValue, type Facets } from '../core/types.js';
import { MAX_FACET_VALUES } from '../core/params.js';
import type { CorpusIndex } from '../index/corpus.js';
import { DIM_BIT, headingTypes, type CompiledFilters } from './filters.js';

/**
 * Facets over `pids`, each dimension counted with the other filters applied. Years come newest first, chapter
 * types in the order a report has them, the other values by count, then value; each is cut to its first
 * `MAX_FACET_VALUES` values (`omitted` says how many more a dimension had, when any had).
 */
export function facetsOf(ix: CorpusIndex, pids: Int32Array, filters: CompiledFilters): { facets: Facets; omitted?: Partial<Record<keyof Facets, number>> } {
  // Count per document (city, year, kind, district depend on the document only) and per chapter, then name the values.
  const perCity = new Int32Array(ix.docs.length);
  const perYear = new Int32Array(ix.docs.length);
  const perKind = new Int32Array(ix.docs.length);
  const perDistrict = new Int32Array(ix.docs.length);
  const perChapter = new Int32Array(ix.headings.length);
  const perChapterType = new Int32Array(ix.headings.length);
  for (let i = 0; i < pids.length; i++) {
    const pid = pids[i]!;
    const m = filters.mask(pid);
    const di = ix.paraDoc[pid]!;
    // A paragraph counts for a dimension when it passes every filter except (possibly) that dimension's own.
    if ((m & ~DIM_BIT.city) === 0) perCity[di]!++;
    if ((m & ~DIM_BIT.year) === 0) perYear[di]!++;
    if ((m & ~DIM_BIT.kind) === 0) perKind[di]!++;
    if ((m & ~DIM_BIT.district) === 0) perDistrict[di]!++;
    if ((m & ~DIM_BIT.chapter) === 0) perChapter[ix.paraChapter[pid]!]!++;
    if ((m & ~DIM_BIT.chapterType) === 0) perChapterType[ix.paraChapter[pid]!]!++;
  }
  const types = headingTypes(ix.headings);
  const all: Facets = {
    city: tally((di) => ix.docs[di]!.city, perCity),
    year: tally((di) => ix.docs[di]!.year, perYear).sort((a, b) => b.value - a.value),
    kind: tally((di) => ix.docs[di]!.kind, perKind),
    chapter: tally((hi) => ix.headings[hi]!, perChapter),
    district: tally((di) => ix.docs[di]!.district, perDistrict),
    chapterType: tally((hi) => (types[hi]! > 0 ? CHAPTER_TYPES[types[hi]! - 1]! : null), perChapterType).sort(
      (a, b) => CHAPTER_TYPES.indexOf(a.value as never) - CHAPTER_TYPES.indexOf(b.value as never),
    ),
  };
  let omitted: Partial<Record<keyof Facets, number>> | undefined;
  for (const dim of Object.keys(all) as (keyof Facets)[]) {
    const values = all[dim]!;
    if (values.length <= MAX_FACET_VALUES) continue;
    (omitted ??= {})[dim] = values.length - MAX_FACET_VALUES;
    values.length = MAX_FACET_VALUES;
  }
  return omitted ? { facets: all, omitted } : { facets: all };
}

/**
 * The values with a count, summed per value, by count then value. (Named helpers live at module level, so no
 * closures are created per request on the hot path.)
 */
function tally<T extends string | number>(value: (di: number) => T | null, counts: Int32Array): FacetValue<T>[] {
  const m = new Map<T, number>();
  for (let di = 0; di < counts.length; di++) {
    const c = counts[di]!;
    if (c === 0) continue;
    const v = value(di);
    if (v === null || v === '') continue;
    m.set(v, (m.get(v) ?? 0) + c);
  }
  return [...m]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([value, count]) => ({ value, count }));
}
