/**
 * The outline of a document: its chapters and their sections, with the paragraph each starts at.
 */
import type { Paragraph } from './types.js';

export interface OutlineEntry {
  n: number;
  text: string;
  sections: { n: number; text: string }[];
}

/**
 * Chapters with their sections, as a document's table of contents shows them (the document page, `--inspect`). Built from where `chapter` and `section` change
 * rather than from heading paragraphs, so an inline heading (`（二）现代服务业集聚升级。多元化消费…`) is listed too.
 */
export function outlineOf(paragraphs: readonly Paragraph[]): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  let chapter = '';
  let section = '';
  for (const p of paragraphs) {
    if (p.chapter && p.chapter !== chapter) {
      out.push({ n: p.n, text: p.chapter, sections: [] });
      section = '';
    }
    chapter = p.chapter;
    if (p.section && p.section !== section && p.section !== p.chapter) {
      if (out.length === 0) out.push({ n: p.n, text: '', sections: [] });
      out[out.length - 1]!.sections.push({ n: p.n, text: p.section });
    }
    section = p.section;
  }
  return out;
}
