/**
 * Extracted lines → the blocks the outline is built from: the body text goes through the same cleaning as a text
 * file (`clean.ts`), and the headings the file marks keep the level it gives them.
 */
import { dropChrome } from '../chrome.js';
import { dropJustificationSpaces, dropPageMarkers, toBlocks } from '../clean.js';
import type { Block } from '../outline.js';
import type { SourceLine } from './extracted.js';

/**
 * Cleans extracted lines into blocks. The body lines between two marked headings are cleaned as one text file
 * would be (hard wraps joined, page markers and justification spaces dropped, tables of contents left out); a
 * marked heading becomes a heading block with its level.
 *
 * @example
 * linesToBlocks([{ heading: '总体要求', level: 1 }, '推进引黄入呼', '三期工程。'])
 * //=> [{ text: '总体要求', kind: 'heading', level: 1 }, { text: '推进引黄入呼三期工程。', kind: 'text' }]
 */
export function linesToBlocks(lines: readonly SourceLine[]): Block[] {
  const out: Block[] = [];
  let body: string[] = [];
  const flush = (): void => {
    // Page chrome out first, as from a text file: what an extractor lets through (a page number, a share line).
    if (body.length > 0) out.push(...toBlocks(dropChrome(body.join('\n')).text));
    body = [];
  };
  for (const line of lines) {
    if (typeof line === 'string') {
      body.push(line);
      continue;
    }
    flush();
    const text = dropJustificationSpaces(dropPageMarkers(line.heading).replace(/\s+/g, ' ').trim());
    if (text !== '') out.push({ text, kind: 'heading', level: line.level });
  }
  flush();
  return out;
}
