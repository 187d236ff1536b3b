/**
 * Structure from run-on text: a scrape that lost its paragraph breaks comes out as one block of thousands of
 * characters. Such a block is cut before its inline headings (`一、…`, `（一）…`, `第X章…` after a sentence end) and
 * then at sentence ends into paragraphs of a readable length — never inside a sentence. A block that is nothing but
 * a string of headings (a table of contents flattened onto one line) is not text of the report and is dropped.
 */
import type { Block } from './outline.js';

/** A text block longer than this is run-on text. */
const RUN_ON = 1500;
/** Run-on text is cut into paragraphs of about this many characters. */
const TARGET = 400;

const NUM = '[一二三四五六七八九十百零〇]+';
/** Where a heading starts inside run-on text: after a sentence end, a marker of a chapter, section or list heading. */
const INLINE_HEADING = new RegExp(`(?<=[。！？；：”」])(?=(?:第${NUM}[篇章节]|${NUM}、|[（(]${NUM}[）)]))`, 'g');
/** A sentence end, with the closing quotes and brackets that go with it. */
const SENTENCE_END = /[。！？!?][”’」』）)】》"']*/g;
/** Heading markers, to recognise a table of contents run together on one line. */
const MARKER = new RegExp(`第${NUM}[篇章节]|(?:^|[^\\p{Script=Han}])${NUM}、`, 'gu');

/** True when a block is a string of headings with no sentence in it: a table of contents on one line. */
function isFlatToc(text: string): boolean {
  // A list inside a sentence (`包括：一、…；二、…`) has its punctuation; a table of contents has none.
  if (/[，。；！？,;!?]/.test(text)) return false;
  return (text.match(MARKER)?.length ?? 0) >= 3;
}

/** Cuts text at sentence ends into pieces of about `TARGET` characters. */
function bySentences(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  let cut = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    const end = m.index + m[0].length;
    if (end - from >= TARGET) {
      out.push(text.slice(from, end));
      from = end;
    }
    cut = end;
  }
  if (from < text.length) {
    // What follows the last full piece: a short tail joins it, so no stub paragraph is left.
    const tail = text.slice(from);
    if (out.length > 0 && tail.length < TARGET / 4 && cut === text.length) out[out.length - 1] += tail;
    else out.push(tail);
  }
  return out;
}

/**
 * The blocks with run-on text cut into paragraphs and flattened tables of contents dropped.
 *
 * @example
 * splitRunOn([{ text: '…。一、2013年工作回顾过去一年…。（一）…', kind: 'text' }]).length //=> several blocks
 */
export function splitRunOn(blocks: readonly Block[]): { blocks: Block[]; split: number; tocs: number } {
  const out: Block[] = [];
  let split = 0;
  let tocs = 0;
  for (const b of blocks) {
    if (b.kind !== 'table' && b.text.length <= 600 && isFlatToc(b.text)) {
      tocs++;
      continue;
    }
    if (b.kind !== 'text' || b.text.length <= RUN_ON) {
      out.push(b);
      continue;
    }
    split++;
    for (const part of b.text.split(INLINE_HEADING)) {
      for (const piece of part.length > RUN_ON / 2 ? bySentences(part) : [part]) {
        if (piece.trim() !== '') out.push({ text: piece.trim(), kind: 'text' });
      }
    }
  }
  return { blocks: out, split, tocs };
}
