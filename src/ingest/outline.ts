/**
 * The document's own outline: which blocks are chapter (level 1), section (level 2) or lower (level 3) headings, and
 * the chapter and section every paragraph sits in (README, "How a report becomes paragraphs").
 */
import type { Level, Paragraph } from '../core/types.js';

/** The heading styles Chinese policy documents use, from the outermost. */
export type HeadingStyle = 'chapter' | 'cnList' | 'section' | 'cnParen' | 'number' | 'box';

const NUM = '[一二三四五六七八九十百零〇两]+';
const MARKERS: { style: HeadingStyle; re: RegExp }[] = [
  { style: 'chapter', re: new RegExp(`^第${NUM}章|^第\\d{1,3}章`) },
  { style: 'section', re: new RegExp(`^第${NUM}节|^第\\d{1,3}节`) },
  { style: 'cnList', re: new RegExp(`^${NUM}、`) },
  { style: 'cnParen', re: new RegExp(`^[（(]\\s*${NUM}\\s*[）)]`) },
  { style: 'number', re: /^(?:\d{1,2}[.．、](?![\d.．])|[（(]\d{1,2}[）)]|[①-⑳])/ },
  { style: 'box', re: /^专栏\s*\d{1,3}(?!\d)/ },
];

/** The first chars any marker can start with: most lines are rejected by this one test. */
const MARKER_START = /^[第一二三四五六七八九十百零〇两（(\d①-⑳专]/;

/** Where a heading's own text ends inside a paragraph that goes on (`（二）现代服务业集聚升级。多元化消费…`). */
const HEAD_END = /[。！？!?]/;
/** Punctuation that makes a line read as a sentence rather than a (lower) heading. */
export const SENTENCE_PUNCT = /[，。；：！？,;:!?]/;

/** Longest standalone chapter/section heading, in chars; longer marked lines are body text. */
const MAX_HEADING = 64;
const MAX_LOWER_HEADING = 30;
const MAX_INLINE_HEAD = 48;

export interface HeadingMatch {
  style: HeadingStyle;
  /** The heading text: the whole line, or the part before its first sentence end for an inline heading. */
  title: string;
  /** True when the line goes on after the heading: it stays a body paragraph (level 0). */
  inline: boolean;
}

/** The style of the marker a line starts with, if any. */
export function markerStyle(line: string): HeadingStyle | null {
  if (!MARKER_START.test(line)) return null;
  for (const m of MARKERS) if (m.re.test(line)) return m.style;
  return null;
}

/**
 * Classifies one cleaned line or paragraph as a heading.
 *
 * @example
 * matchHeading('（二）现代服务业集聚升级。多元化消费') //=> { style: 'cnParen', title: '（二）现代服务业集聚升级', inline: true }
 * matchHeading('第三章加快建设现代化产业体系') //=> { style: 'chapter', title: '第三章加快建设现代化产业体系', inline: false }
 */
export function matchHeading(line: string): HeadingMatch | null {
  const style = markerStyle(line);
  if (style === null || line.includes('\t')) return null;
  const end = line.search(HEAD_END);
  if (style === 'number' || style === 'box') {
    // Lower headings only as short standalone lines: `1. 总体要求`, not a numbered list item of sentences.
    if (line.length > MAX_LOWER_HEADING) return null;
    if (style === 'number' && SENTENCE_PUNCT.test(line)) return null;
    if (style === 'box' && end !== -1) return null;
    return { style, title: line, inline: false };
  }
  if (end === -1) return line.length <= MAX_HEADING ? { style, title: line, inline: false } : null;
  const rest = line.slice(end + 1).replace(/^[”’」』）)】》"'\s]+/, '');
  const title = line.slice(0, end);
  if (title.length > MAX_INLINE_HEAD) return null;
  if (rest.length === 0) return { style, title, inline: false };
  return { style, title, inline: true };
}

export interface Block {
  text: string;
  /** `heading`: a standalone heading line (possibly joined from a wrapped heading); `table`: a table or box row. */
  kind: 'text' | 'heading' | 'table';
  /** The level the file itself gives a heading (a Word heading style, an `<h2>`): it wins over the text's marker. */
  level?: Level;
  /** Of a long text block joined from source lines: where in `text` each joined line began (run-on text is cut there last). */
  breaks?: readonly number[];
}

/**
 * Levels by the styles a document uses: `一、` and `（一）` move down a level under `第X章` / `第X节`.
 */
function levelsFor(styles: Set<HeadingStyle>): Record<HeadingStyle, Level> {
  const hasChapter = styles.has('chapter');
  const hasSection = styles.has('section');
  return {
    chapter: 1,
    section: 2,
    cnList: hasChapter ? (hasSection ? 3 : 2) : 1,
    cnParen: hasChapter && (hasSection || styles.has('cnList')) ? 3 : 2,
    number: 3,
    box: 3,
  };
}

/**
 * Turns cleaned blocks into numbered paragraphs with level, chapter and section.
 * A standalone heading gets its level; a paragraph opening with an inline heading opens that chapter or section and
 * stays level 0.
 */
export function buildOutline(blocks: readonly Block[]): Paragraph[] {
  const matches = blocks.map((b) => (b.kind === 'table' ? null : matchHeading(b.text)));
  const styles = new Set<HeadingStyle>();
  for (const m of matches) if (m) styles.add(m.style);
  const levels = levelsFor(styles);
  const out: Paragraph[] = [];
  let chapter = '';
  let section = '';
  for (let i = 0; i < blocks.length; i++) {
    const text = blocks[i]!.text;
    const given = blocks[i]!.level;
    const m = given ? { level: given, title: text, inline: false } : matches[i] && { ...matches[i]!, level: levels[matches[i]!.style] };
    let level: Level = 0;
    if (m) {
      const l = m.level;
      if (l === 1) {
        chapter = m.title;
        section = '';
      } else if (l === 2) {
        section = m.title;
      }
      if (!m.inline) level = l;
    }
    out.push({ n: out.length + 1, text, level, chapter, section });
  }
  return out;
}
