/**
 * What a document page shows (README, "Reading a report"): each paragraph with its positional and stable anchors,
 * its highlights and citation; the hits in reading order with their neighbours, so "上一处 / 下一处" are plain
 * links; the outline with its hit counts; the terms highlighted with their counts.
 */
import type { OutlineEntry } from '../core/outline.js';
import type { DocMeta, Paragraph } from '../core/types.js';
import { PieceFinder } from '../search/pieces.js';
import { parseQuery } from '../search/query.js';
import { paragraphAnchors } from '../text/anchor.js';
import { highlightTerms } from '../text/highlight.js';
import { norm } from '../text/normalize.js';
import { paragraphCitation, reportFacts, type ReportFacts } from './citation.js';

export interface ViewParagraph extends Paragraph {
  /** The stable anchor (`s-…`), from the paragraph's text. */
  anchor: string;
  html: string;
  /** Occurrences of the highlighted terms in it. */
  marks: number;
  citation: string;
  /** For a paragraph holding a hit: its place among the hits (1-based) and the hits before and after it. */
  hit?: { k: number; prev?: number; next?: number };
}

export interface OutlineView extends OutlineEntry {
  hits: number;
  sections: { n: number; text: string; hits: number }[];
}

export interface DocView {
  facts: ReportFacts;
  paragraphs: ViewParagraph[];
  /** Paragraph numbers holding a hit, in order. */
  hits: number[];
  /** Each highlighted term with its occurrences on the page; `from` is the query term it stands for when it is a piece of it. */
  terms: { text: string; count: number; from?: string }[];
  matches: number;
  outline: OutlineView[];
}

/** Non-overlapping occurrences of `needle` in `hay`, left to right. */
function occurrences(hay: string, needle: string): number {
  let c = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) c++;
  return c;
}

/**
 * The terms a document page highlights for query `q`: each word or phrase as typed; a word the document never
 * holds verbatim (`盛乐机场` in a report that says 盛乐国际机场) is marked by the pieces of it the text holds (two
 * characters or more, longest first), exactly as the search snippet that led here marked them. A phrase is never
 * loosened.
 * @example
 * highlightPlan('盛乐机场', ['…盛乐国际机场…']) //=> [{ text: '盛乐', from: '盛乐机场' }, { text: '机场', from: '盛乐机场' }]
 */
export function highlightPlan(q: string, normTexts: readonly string[]): { text: string; from?: string }[] {
  const out: { text: string; from?: string }[] = [];
  const seen = new Set<string>();
  const add = (text: string, from?: string): void => {
    const k = norm(text);
    if (k === '' || seen.has(k)) return;
    seen.add(k);
    out.push(from ? { text, from } : { text });
  };
  for (const t of parseQuery(q).groups.flat()) {
    const nt = norm(t.text);
    if (t.kind === 'phrase' || normTexts.some((s) => s.includes(nt))) {
      add(t.text);
      continue;
    }
    const finder = new PieceFinder([nt]);
    const words = [...new Set(normTexts.flatMap((s) => finder.pieces(s, [0])[0]!))].sort((a, b) => b.length - a.length);
    if (words.length === 0) add(t.text);
    for (const w of words) add(w, t.text);
  }
  return out;
}

/**
 * The document page's model for the paragraphs `page` of the whole document `all`.
 * @param url the link of a paragraph by its stable anchor, as a citation gives it
 * @param accessed the access date a citation names (`YYYY-MM-DD`)
 */
export function docView(doc: DocMeta, all: readonly Paragraph[], page: readonly Paragraph[], outline: readonly OutlineEntry[], q: string | undefined, url: (anchor: string) => string, accessed: string): DocView {
  const anchors = paragraphAnchors(all.map((p) => p.text));
  const facts = reportFacts(doc, all);
  const pageNorms = page.map((p) => norm(p.text));
  const plan = q ? highlightPlan(q, pageNorms) : [];
  const planNorms = plan.map((t) => norm(t.text));
  const counts = plan.map(() => 0);
  const offset = page.length > 0 ? page[0]!.n - all[0]!.n : 0;
  const paragraphs: ViewParagraph[] = page.map((p, i) => {
    let marks = 0;
    planNorms.forEach((t, j) => {
      const c = occurrences(pageNorms[i]!, t);
      counts[j]! += c;
      marks += c;
    });
    const anchor = anchors[offset + i]!;
    return { ...p, anchor, html: plan.length ? highlightTerms(p.text, plan.map((t) => t.text)) : p.text, marks, citation: paragraphCitation(doc, facts, p, url(anchor), accessed) };
  });
  const hits = paragraphs.filter((p) => p.marks > 0).map((p) => p.n);
  let k = 0;
  for (const p of paragraphs) {
    if (p.marks === 0) continue;
    p.hit = { k: k + 1, ...(k > 0 ? { prev: hits[k - 1]! } : {}), ...(k + 1 < hits.length ? { next: hits[k + 1]! } : {}) };
    k++;
  }
  // Hits per chapter and section, counted on the paragraphs of this page.
  const byChapter = new Map<string, number>();
  const bySection = new Map<string, number>();
  for (const p of paragraphs) {
    if (p.marks === 0) continue;
    byChapter.set(p.chapter, (byChapter.get(p.chapter) ?? 0) + p.marks);
    bySection.set(`${p.chapter}\u0000${p.section}`, (bySection.get(`${p.chapter}\u0000${p.section}`) ?? 0) + p.marks);
  }
  const outlineView = outline.map((c) => ({
    ...c,
    hits: c.text ? (byChapter.get(c.text) ?? 0) : 0,
    sections: c.sections.map((s) => ({ ...s, hits: bySection.get(`${c.text}\u0000${s.text}`) ?? 0 })),
  }));
  return {
    facts,
    paragraphs,
    hits,
    terms: plan.map((t, j) => ({ ...t, count: counts[j]! })),
    matches: paragraphs.reduce((s, p) => s + p.marks, 0),
    outline: outlineView,
  };
}
