/**
 * The same chapter across years (README, "Same chapter across years"): the part of a report a researcher lines up
 * year by year — its review (工作回顾) or its plan (工作安排), or any chapter or section named by its text — cut into
 * sentences, and what changed between two years, by the `diff` library's array diff over those sentences.
 */
import { diffArrays } from 'diff';
import type { Paragraph, StagePart } from '../core/types.js';
import { norm } from '../text/normalize.js';
import { partOf } from './stages.js';

/** Which part of a report: a review or plan part, or a chapter or section whose heading contains `chapter`. */
export interface PartChoice {
  part?: StagePart;
  chapter?: string;
}

/**
 * The paragraphs of a report in the part chosen (headings included).
 * @example
 * partParagraphs(paragraphs, { part: 'review' }) // the paragraphs under "一、2024年工作回顾"
 */
export function partParagraphs(paragraphs: readonly Paragraph[], choice: PartChoice): Paragraph[] {
  if (choice.chapter !== undefined && choice.chapter !== '') {
    const c = norm(choice.chapter);
    return paragraphs.filter((p) => norm(p.chapter).includes(c) || norm(p.section).includes(c));
  }
  return paragraphs.filter((p) => choice.part !== undefined && partOf(p.chapter, p.section) === choice.part);
}

/** The headings (chapter, then sections) that a part's paragraphs sit under, in order. */
export function headingsOf(paragraphs: readonly Paragraph[]): string[] {
  const out: string[] = [];
  for (const p of paragraphs) for (const h of [p.chapter, p.section]) if (h !== '' && !out.includes(h)) out.push(h);
  return out;
}

/**
 * The sentences of body paragraphs, each ending with its mark (。！？；).
 * @example
 * sentencesOf([{ text: '一是稳增长。二是保就业；三是防风险', level: 0, … }]) //=> ['一是稳增长。', '二是保就业；', '三是防风险']
 */
export function sentencesOf(paragraphs: readonly Paragraph[]): string[] {
  const out: string[] = [];
  for (const p of paragraphs) {
    if (p.level !== 0) continue;
    for (const s of p.text.match(/[^。！？；!?;]+[。！？；!?;]*/g) ?? []) {
      const t = s.trim();
      if (t !== '') out.push(t);
    }
  }
  return out;
}

export interface ChangeBlock {
  /** `same`: in both years (numbers may differ); `added`: only in the later year; `dropped`: only in the earlier. */
  change: 'same' | 'added' | 'dropped';
  sentences: string[];
}

/** A sentence's form for comparison: normalised, every number a `#`, so "增长5.2%" and "增长5%" are the same sentence. */
function shape(s: string): string {
  return norm(s).replace(/[0-9]+(\.[0-9]+)?/g, '#');
}

/**
 * What changed from the sentences of one year to another's: blocks in the later year's order, as the array diff
 * gives them.
 * @example
 * compareSentences(['甲。', '乙。'], ['乙。', '丙。']) //=> [{ change: 'dropped', sentences: ['甲。'] }, { change: 'same', sentences: ['乙。'] }, { change: 'added', sentences: ['丙。'] }]
 */
export function compareSentences(before: readonly string[], after: readonly string[]): ChangeBlock[] {
  const a = before.map(shape);
  const b = after.map(shape);
  const blocks: ChangeBlock[] = [];
  let ia = 0;
  let ib = 0;
  for (const part of diffArrays(a, b)) {
    const n = part.count ?? part.value.length;
    if (part.added) {
      blocks.push({ change: 'added', sentences: after.slice(ib, ib + n) });
      ib += n;
    } else if (part.removed) {
      blocks.push({ change: 'dropped', sentences: before.slice(ia, ia + n) });
      ia += n;
    } else {
      blocks.push({ change: 'same', sentences: after.slice(ib, ib + n) });
      ia += n;
      ib += n;
    }
  }
  return blocks;
}
