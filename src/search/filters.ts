/**
 * The filters of a request, compiled once per request into a per-paragraph mask, so facets can count each
 * dimension with the other filters applied.
 */
import type { Dim } from '../core/params.js';
import type { Filters } from '../core/types.js';
import type { CorpusIndex } from '../index/corpus.js';
import { norm } from '../text/normalize.js';

/** Bits of a paragraph's filter mask: which filters it fails. */
export const DIM_BIT: Record<Dim, number> = { city: 1, year: 2, kind: 4, chapter: 8 };
/** The bit of a paragraph of a document that repeats another: out of every count unless duplicates are asked for. */
const DUPLICATE_BIT = 16;

/**
 * The filters of a request, compiled (README, "HTTP API"): city exact, also matching a district's documents; year and kind
 * exact; chapter contained in the paragraph's chapter or section (compared normalised). `mask(pid)` says which
 * filters a paragraph fails, so facets can count each dimension with the other filters applied.
 */
export interface CompiledFilters {
  /** Bits (`DIM_BIT`) of the filters given. */
  active: number;
  mask(pid: number): number;
}

export function compileFilters(
  ix: Pick<CorpusIndex, 'docs' | 'paraDoc' | 'paraChapter' | 'paraSection' | 'headings'>,
  f: Filters,
): CompiledFilters {
  let active = 0;
  const city = f.city !== undefined && f.city !== '' ? f.city : undefined;
  const kind = f.kind !== undefined && f.kind !== '' ? f.kind : undefined;
  const year = f.year !== undefined && f.year !== null ? f.year : undefined;
  const chapter = f.chapter !== undefined ? norm(f.chapter) : '';
  if (city !== undefined) active |= DIM_BIT.city;
  if (year !== undefined) active |= DIM_BIT.year;
  if (kind !== undefined) active |= DIM_BIT.kind;
  if (chapter !== '') active |= DIM_BIT.chapter;
  // A document marked as repeating another counts once, through the other, unless both are asked for.
  const skipDuplicates = !f.includeDuplicates && ix.docs.some((d) => d.duplicateOf !== null);
  if (active === 0 && !skipDuplicates) return { active, mask: () => 0 };
  const docMask = new Uint8Array(ix.docs.length);
  ix.docs.forEach((d, i) => {
    let m = skipDuplicates && d.duplicateOf !== null ? DUPLICATE_BIT : 0;
    if (city !== undefined && d.city !== city && d.district !== city) m |= DIM_BIT.city;
    if (year !== undefined && d.year !== year) m |= DIM_BIT.year;
    if (kind !== undefined && d.kind !== kind) m |= DIM_BIT.kind;
    docMask[i] = m;
  });
  if (chapter === '') return { active, mask: (pid) => docMask[ix.paraDoc[pid]!]! };
  const ok = Uint8Array.from(ix.headings, (h) => (h !== '' && normCached(h).includes(chapter) ? 1 : 0));
  return {
    active,
    mask: (pid) => docMask[ix.paraDoc[pid]!]! | (ok[ix.paraChapter[pid]!] || ok[ix.paraSection[pid]!] ? 0 : DIM_BIT.chapter),
  };
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
