/**
 * Documents built in memory to push an answer to its bounds: many paragraphs, many chapters, many occurrences.
 */
import type { IngestedDoc, Paragraph } from '../../src/core/types.js';

/** A document of the given paragraph texts; `chapter(i)` names the chapter of paragraph i. */
export function docOf(id: string, texts: readonly string[], chapter: (i: number) => string = () => '一、总体要求'): IngestedDoc {
  const paragraphs: Paragraph[] = texts.map((text, i) => ({ n: i + 1, text, level: 0, chapter: chapter(i), section: '' }));
  return {
    meta: { id, title: `${id}报告`, city: '呼和浩特', district: null, year: 2025, kind: '政府工作报告', file: `${id}.txt`, paragraphs: paragraphs.length, guessed: [], duplicateOf: null },
    paragraphs,
  };
}
