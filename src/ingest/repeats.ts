/**
 * Repeated text inside one file: a page saved with the report several times over, or the same report pasted twice
 * (once as one long line, once in paragraphs). A run of paragraphs whose sentences were all seen before in the file
 * is a copy and is dropped, and so is a line printed twice in a row; a sentence a report repeats on purpose (`各位代表！`, a closing call) is too short or too
 * alone to make a run, and stays.
 */
import { norm } from '../text/normalize.js';
import type { Block } from './outline.js';

/** A sentence this long (normalised) counts as evidence of a copy; shorter ones may repeat on purpose. */
const MIN_SENTENCE = 8;
/** A copy is a run of at least this many repeated paragraphs, or this many characters. */
const MIN_RUN_BLOCKS = 3;
const MIN_RUN_CHARS = 200;

const SENTENCE = /[。！？；!?;]/;

function sentences(normText: string): string[] {
  return normText.split(SENTENCE).filter((s) => s.length >= MIN_SENTENCE);
}

/**
 * The blocks without the copies of earlier ones.
 *
 * @returns the blocks kept, and the runs dropped (each a copy, or the part of one that repeats)
 * @example
 * dropRepeats(blocks).copies //=> 5, for a report saved six times in one page
 */
export function dropRepeats(blocks: readonly Block[]): { blocks: Block[]; copies: number; dropped: number } {
  const seen = new Set<string>();
  // Per block: 1 when every sentence of it was seen before, 0 when it brings one of its own, -1 when it holds none
  // long enough to tell (a heading, `各位代表：`): such blocks go with the run around them.
  const repeated = blocks.map((b): number => {
    const n = norm(b.text);
    const ss = sentences(n);
    if (ss.length === 0) {
      if (n.length >= MIN_SENTENCE && seen.has(n)) return 1;
      if (n.length >= MIN_SENTENCE) seen.add(n);
      return -1;
    }
    const old = ss.every((s) => seen.has(s));
    for (const s of ss) seen.add(s);
    return old ? 1 : 0;
  });
  const drop = new Uint8Array(blocks.length);
  let copies = 0;
  for (let i = 0; i < blocks.length; ) {
    if (repeated[i] !== 1) {
      i++;
      continue;
    }
    // A run: repeated blocks with undecided ones between them (a copy's headings and salutations); undecided blocks
    // at its edges stay, since they may close or open the text around the copy.
    let j = i;
    let last = i;
    let count = 0;
    let chars = 0;
    while (j < blocks.length && repeated[j] !== 0) {
      if (repeated[j] === 1) {
        last = j;
        count++;
        chars += blocks[j]!.text.length;
      }
      j++;
    }
    if (count >= MIN_RUN_BLOCKS || chars >= MIN_RUN_CHARS) {
      copies++;
      for (let k = i; k <= last; k++) drop[k] = 1;
    }
    i = last + 1;
  }
  // A line printed twice in a row (a page's label over the same title, an export's header over the document's own
  // first line) is one line.
  let prev = '';
  for (let i = 0; i < blocks.length; i++) {
    if (drop[i]) continue;
    const n = norm(blocks[i]!.text);
    if (n === prev && n.length >= MIN_SENTENCE) {
      drop[i] = 1;
      copies++;
    }
    prev = n;
  }
  const kept = blocks.filter((_, i) => !drop[i]);
  return { blocks: kept, copies, dropped: blocks.length - kept.length };
}
