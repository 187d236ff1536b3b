/**
 * A ranked hit and the other paragraphs of a grouped one, as both backends answer them (README, "HTTP API").
 */
import { paragraphUrl } from '../core/ids.js';
import type { DocMeta, GroupedParagraph, Hit } from '../core/types.js';

/** The place of a paragraph in its document. */
interface Where {
  n: number;
  chapter: string;
  section: string;
}

/** A hit: the paragraph at `p` of document `d`, with its snippet and score. */
export function makeHit(d: Pick<DocMeta, 'id' | 'title' | 'city' | 'year' | 'kind'>, p: Where, snippet: string, score: number): Hit {
  return { docId: d.id, n: p.n, url: paragraphUrl(d.id, p.n), title: d.title, city: d.city, year: d.year, kind: d.kind, chapter: p.chapter, section: p.section, snippet, score };
}

/** Another paragraph of a document grouped into one hit. */
export function groupedParagraph(docId: string, p: Where, snippet: string, score: number): GroupedParagraph {
  return { n: p.n, url: paragraphUrl(docId, p.n), chapter: p.chapter, section: p.section, snippet, score };
}
