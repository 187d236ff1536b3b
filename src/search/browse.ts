/**
 * Browsing the reports without a query (`/search?city=呼和浩特`): the documents the filters keep, with facets counted
 * in documents. It reads only the documents' metadata, so every backend answers it alike.
 */
import type { DocMeta, FacetValue, Filters } from '../core/types.js';

/** Facets of a browse: documents per value, each dimension counted with the other filters applied. */
export interface DocFacets {
  city: FacetValue<string>[];
  district: FacetValue<string>[];
  /** Newest first. */
  year: FacetValue<number>[];
  kind: FacetValue<string>[];
}

type DocDim = keyof DocFacets;
const DOC_DIMS: DocDim[] = ['city', 'district', 'year', 'kind'];

/** Which of the document-level filters a document fails, per dimension. */
function fails(d: DocMeta, f: Filters): Record<DocDim, boolean> {
  const has = <T>(one: T | undefined, many: readonly T[] | undefined, v: T | null): boolean | null => {
    const all = [...(one !== undefined && one !== '' ? [one] : []), ...(many ?? [])];
    return all.length === 0 ? null : v !== null && all.includes(v);
  };
  const city = has(f.city, f.cities, d.city);
  const cityByDistrict = has(f.city, f.cities, d.district);
  const year = has(f.year, f.years, d.year);
  const ranged = f.yearFrom !== undefined || f.yearTo !== undefined;
  const inRange = d.year !== null && d.year >= (f.yearFrom ?? -Infinity) && d.year <= (f.yearTo ?? Infinity);
  return {
    city: city === false && cityByDistrict !== true,
    district: has(undefined, f.districts, d.district) === false,
    year: year === false || (ranged && !inRange),
    kind: has(f.kind, f.kinds, d.kind) === false,
  };
}

/**
 * The documents that pass the filters (duplicates left out unless asked for), newest first, then by place; with
 * facets counted in documents.
 * @example
 * browseDocs(docs, { cities: ['呼和浩特', '乌兰察布'], yearFrom: 2024 }).docs.map((d) => d.id)
 * //=> ['003_acf836d61063524f', '000_cacabed7aa6ec20d', '002_3c2085c3029b20c0', '001_34002d5d74df0e84', '004_5b71bd7820752359']
 */
export function browseDocs(docs: readonly DocMeta[], f: Filters): { docs: DocMeta[]; facets: DocFacets } {
  const counted = docs.filter((d) => f.includeDuplicates || d.duplicateOf === null);
  const failed = counted.map((d) => fails(d, f));
  const kept = counted.filter((_, i) => DOC_DIMS.every((dim) => !failed[i]![dim]));
  const facet = <T extends string | number>(dim: DocDim, value: (d: DocMeta) => T | null): FacetValue<T>[] => {
    const m = new Map<T, number>();
    counted.forEach((d, i) => {
      if (DOC_DIMS.some((other) => other !== dim && failed[i]![other])) return;
      const v = value(d);
      if (v !== null && v !== '') m.set(v, (m.get(v) ?? 0) + 1);
    });
    return [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([v, count]) => ({ value: v, count }));
  };
  return {
    docs: kept.sort((a, b) => (b.year ?? -Infinity) - (a.year ?? -Infinity) || (a.city ?? '').localeCompare(b.city ?? '', 'zh') || a.id.localeCompare(b.id)),
    facets: {
      city: facet('city', (d) => d.city),
      district: facet('district', (d) => d.district),
      year: facet('year', (d) => d.year).sort((a, b) => b.value - a.value),
      kind: facet('kind', (d) => d.kind),
    },
  };
}
