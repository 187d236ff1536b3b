/**
 * The filters of a request as OpenSearch clauses, decided in Node by the project's own rules (`search/filters.ts`)
 * over what every backend keeps in memory — the reports' metadata and the distinct chapter and section texts — so
 * a filter means the same on both backends: city exact or a district's documents, year (or range), kind and district
 * exact, chapter contained in the chapter or section (normalised), chapter type that of the paragraph's chapter
 * (indexed as `chapterType`), duplicates out unless asked for. Reports are named by id (`docId`).
 */
import type { DocMeta, Filters } from '../core/types.js';
import { compileFilters, DIM_BIT, type FilterDim } from '../search/filters.js';

export type Clause = Record<string, unknown>;

const MATCH_NONE: Clause = { match_none: {} };

/** The clauses of a request's filters: all of them, or all but one dimension's (for that dimension's facet). */
export interface FilterClauses {
  /** The clauses of every filter but `except` (`undefined`: every filter). */
  clauses(except?: FilterDim): Clause[];
}

/**
 * Compiles the filters of a request against the reports and the headings.
 *
 * @param headings the distinct chapter and section texts of the corpus
 */
export function filterClauses(docs: readonly DocMeta[], headings: readonly string[], f: Filters): FilterClauses {
  // Report-level filters: each report is a "paragraph" of its own to compileFilters.
  const byDoc = compileFilters(
    { docs: docs as DocMeta[], paraDoc: Int32Array.from(docs.keys()), paraChapter: new Int32Array(docs.length), paraSection: new Int32Array(docs.length), headings: [''] },
    { ...f, chapter: undefined, chapterTypes: undefined },
  );
  const masks = Int32Array.from(docs.keys(), (di) => byDoc.mask(di));
  let chapter: Clause | undefined;
  if (f.chapter !== undefined) {
    // Each heading a "paragraph" whose chapter and section are itself.
    const byHeading = compileFilters(
      { docs: docs as DocMeta[], paraDoc: new Int32Array(headings.length), paraChapter: Int32Array.from(headings.keys()), paraSection: Int32Array.from(headings.keys()), headings: headings as string[] },
      { chapter: f.chapter },
    );
    if ((byHeading.active & DIM_BIT.chapter) !== 0) {
      const ok = headings.filter((_, h) => (byHeading.mask(h) & DIM_BIT.chapter) === 0);
      chapter = ok.length === 0 ? MATCH_NONE : { bool: { should: [{ terms: { chapter: ok } }, { terms: { section: ok } }], minimum_should_match: 1 } };
    }
  }
  const types: Clause | undefined = f.chapterTypes && f.chapterTypes.length > 0 ? { terms: { chapterType: f.chapterTypes } } : undefined;
  const docClause = (ignore: number): Clause | undefined => {
    const pass: string[] = [];
    for (let di = 0; di < masks.length; di++) if ((masks[di]! & ~ignore) === 0) pass.push(docs[di]!.id);
    if (pass.length === docs.length) return undefined;
    return pass.length === 0 ? MATCH_NONE : { terms: { docId: pass } };
  };
  return {
    clauses(except?: FilterDim): Clause[] {
      const d = docClause(except === undefined || except === 'chapter' || except === 'chapterType' ? 0 : DIM_BIT[except]);
      return [...(d ? [d] : []), ...(chapter && except !== 'chapter' ? [chapter] : []), ...(types && except !== 'chapterType' ? [types] : [])];
    },
  };
}
