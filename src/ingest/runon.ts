/**
 * Structure from run-on text: a scrape that lost its paragraph breaks comes out as one block of thousands of
 * characters. Such a block is cut before its inline headings (`一、…`, `（一）…`, `第X章…` after a sentence end) and
 * then at sentence ends into paragraphs of a readable length — never inside a sentence. A stretch that has no
 * sentence end (OCR that lost its full stops) is cut at semicolons, then where its source lines began, never inside
 * brackets or quotes nor after a comma. A block that is nothing but
 * a string of headings (a table of contents flattened onto one line) is not text of the report and is dropped.
 */
import type { Block } from './outline.js';

/** A text block longer than this is run-on text. */
export const RUN_ON = 1500;
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

/** Clause marks after which a source line goes on with the same sentence. */
const MID_SENTENCE = /[，、,：:（(“‘「『《]$/;

/**
 * Where a stretch without sentence ends may be cut (offsets into `text`): after a semicolon, or where a source line
 * began (`breaks`), if no bracket or quote is open there and the line before does not stop mid-sentence.
 */
function fallbackEnds(text: string, breaks: readonly number[]): number[] {
  const ends = new Set<number>();
  for (const m of text.matchAll(/[；;]/g)) ends.add(m.index + 1);
  const open = new Int32Array(text.length + 1);
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ('（(“‘「『《【'.includes(c)) depth++;
    else if ('）)”’」』》】'.includes(c)) depth = Math.max(0, depth - 1);
    open[i + 1] = depth;
  }
  for (const b of breaks) if (b > 0 && b < text.length && open[b] === 0 && !MID_SENTENCE.test(text.slice(0, b))) ends.add(b);
  return [...ends].sort((a, b) => a - b);
}

/** `text` cut at the first of `ends` past each `TARGET` characters; a short tail stays with the piece before it. */
function cutAtEnds(text: string, ends: readonly number[]): string[] {
  const cuts: number[] = [];
  let start = 0;
  for (const e of ends) {
    if (e - start >= TARGET && e < text.length) {
      cuts.push(e);
      start = e;
    }
  }
  if (cuts.length > 0 && text.length - start < TARGET / 4) cuts.pop();
  return [0, ...cuts].map((c, i) => text.slice(c, cuts[i] ?? text.length));
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
    let at = 0;
    for (const part of b.text.split(INLINE_HEADING)) {
      for (const piece of part.length > RUN_ON / 2 ? bySentences(part) : [part]) {
        // Still run-on: no sentence end in it.
        const local = (b.breaks ?? []).map((x) => x - at).filter((x) => x > 0 && x < piece.length);
        at += piece.length;
        for (const p of piece.length > RUN_ON ? cutAtEnds(piece, fallbackEnds(piece, local)) : [piece]) {
          if (p.trim() !== '') out.push({ text: p.trim(), kind: 'text' });
        }
      }
    }
  }
  return { blocks: out, split, tocs };
}
