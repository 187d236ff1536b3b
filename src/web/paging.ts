/**
 * Pages of a document: the paragraphs one answer holds, so that a document of any size costs one request a bounded
 * amount. A page starts at a paragraph number (`?from=n`, 1-based) and holds up to a number of paragraphs and of
 * characters of text (always at least one paragraph).
 */
import type { Paragraph } from '../core/types.js';

/**
 * The page of `paragraphs` starting at paragraph `from`, and the number of the first paragraph after it (absent when
 * it reaches the end).
 * @example
 * docPage(paragraphs, 1, { paragraphs: 2000, chars: 1_000_000 }) //=> { paragraphs: [all of a report] }
 */
export function docPage(paragraphs: readonly Paragraph[], from: number, page: { paragraphs: number; chars: number }): { paragraphs: Paragraph[]; next?: number } {
  const start = Math.max(0, from - 1);
  let end = start;
  let chars = 0;
  while (end < paragraphs.length && end - start < page.paragraphs) {
    chars += paragraphs[end]!.text.length;
    if (end > start && chars > page.chars) break;
    end++;
  }
  const out = paragraphs.slice(start, end);
  return end < paragraphs.length ? { paragraphs: out, next: end + 1 } : { paragraphs: out };
}
