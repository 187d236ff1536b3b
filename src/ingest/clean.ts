/**
 * Text → paragraphs of clean display text. The sources are PDF and web extractions: page markers, markdown marks,
 * justification spaces, hard line wraps, paragraphs cut by page or column breaks, tables of contents (README, "How a report becomes paragraphs").
 */
import { markerStyle, matchHeading, SENTENCE_PUNCT, type Block } from './outline.js';
import { tocLines } from './contents.js';
import { RUN_ON } from './runon.js';

/** CJK ideographs, kana, CJK and full-width punctuation, and the general punctuation Chinese text uses. */
const CJK = '\\u2E80-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFFEF\\u2014\\u2018-\\u201D\\u2026\\u{20000}-\\u{3FFFF}';
/** Ideographs only: a run of them each followed by a space is text spread out by justification. */
const HAN = '\\u3400-\\u9FFF\\uF900-\\uFAFF\\u{20000}-\\u{3FFFF}';
/** Punctuation that sits between CJK words and never needs a space next to it. */
const PUNCT = '\\u3000-\\u303F\\uFF01-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65\\u2014\\u2018-\\u201D\\u2026';
const SP = '[ \\u00A0\\u3000]+';
const HAS_SPACE = /[ \u00A0\u3000]/;

/**
 * Spaces justification put into CJK text: next to a digit or CJK punctuation, or inside a run of single ideographs
 * (`进 出 口 总 额`). A single space between two CJK words (`擘画蓝图 实干展现担当作为`) and spaces around Latin
 * words (`街区 and 国家`) stay.
 */
const JUSTIFICATION = new RegExp(
  [
    `(?<=[${CJK}])${SP}(?=[0-9])`,
    `(?<=[0-9%])${SP}(?=[${CJK}])`,
    `(?<=[${PUNCT}])${SP}`,
    `${SP}(?=[${PUNCT}])`,
    `(?<=(?<![${HAN}])[${HAN}])${SP}(?=[${HAN}])`,
    `(?<=[${HAN}])${SP}(?=[${HAN}](?![${HAN}]))`,
  ].join('|'),
  'gu',
);

/** `（上接第1版）`, `(下转第4版)`, `(下转第七版)`, `上接第一版`. */
const PAGE_MARKER =
  /[（(]\s*(?:上接|下转|接|转|续)\s*第?\s*[0-9０-９一二三四五六七八九十百]+\s*版\s*[)）]|(?:上接|下转)第[0-9０-９一二三四五六七八九十百]+版/g;
/** A hard paragraph boundary in the line stream (an indent, a table of contents). */
const BOUNDARY = '\f';

/** Ends a sentence: a paragraph may end here. */
const SENTENCE_END = /[。！？!?…][”’」』）)】》"'』]*$/;
/** Ends a clause that may close a paragraph: a list item, a lead-in. */
const CLAUSE_END = /[。！？!?…；;：:][”’」』）)】》"'』]*$/;

/** Removes the spaces justification put into CJK text (see JUSTIFICATION). */
export function dropJustificationSpaces(s: string): string {
  if (!HAS_SPACE.test(s)) return s;
  // Runs collapse first: every match of JUSTIFICATION is then one char long, which keeps it linear.
  return s.replace(/[ \u00A0\u3000]{2,}/g, ' ').replace(JUSTIFICATION, '');
}

/** Removes page markers (`（上接第1版）`) from a line of text. */
export function dropPageMarkers(s: string): string {
  return s.replace(PAGE_MARKER, '');
}

/** Display width: CJK and full-width chars count 2, others 1. Justified PDF lines fill the column width. */
function displayWidth(s: string): number {
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    w += c >= 0x2e80 && c < 0xd800 ? 2 : c >= 0xf900 && c < 0xfff0 ? 2 : c >= 0xd800 && c < 0xdc00 ? 2 : c >= 0xdc00 && c < 0xe000 ? 0 : 1;
  }
  return w;
}

function stripMarkdown(s: string): string {
  let out = s.includes('**') ? s.replace(/\*\*/g, '') : s;
  if (out.includes('#')) out = out.replace(/^[ \t]*#{1,6}[ \t]+/, '');
  return out;
}

interface Line {
  text: string;
  /** Display width of the raw line, to tell full column lines from short ones. */
  width: number;
  kind: 'text' | 'heading' | 'table';
  /** A body line that starts with a heading (`（二）现代服务业集聚升级。多元化…`): it opens a paragraph. */
  opens: boolean;
}
type Item = Line | 'blank' | 'boundary';

/** One raw line → a cleaned line: markdown marks, tabs of tables, justification spaces. */
function cleanLine(raw: string): Line | 'blank' {
  const s = stripMarkdown(raw).trimEnd();
  if (s.trim() === '') return 'blank';
  const width = displayWidth(s.trim());
  if (s.includes('\t')) {
    const cells = s.split('\t').map((c) => dropJustificationSpaces(c.trim())).filter((c) => c !== '');
    const first = cells[0] ?? '';
    const style = markerStyle(first);
    // `第四节\t加快生态价值转化`: a tab after a heading marker, not a table.
    if (cells.length === 2 && style !== null && /^(第.{1,5}[章节]|[一二三四五六七八九十]+、|[（(].{1,3}[）)])$/.test(first)) {
      return classify(`${first} ${cells[1]}`, width);
    }
    if (cells.length === 0) return 'blank';
    if (cells.length === 1) return classify(cells[0]!, width);
    return { text: cells.join(' '), width, kind: 'table', opens: false };
  }
  const text = dropJustificationSpaces(s.trim());
  if (/^►/.test(text)) return { text, width, kind: 'table', opens: false };
  return classify(text, width);
}

function classify(text: string, width: number): Line {
  const h = matchHeading(text);
  return { text, width, kind: h && !h.inline ? 'heading' : 'text', opens: h !== null };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const isLatin = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Joins the lines of one paragraph: no space between CJK, one space between Latin words. */
function joinLines(lines: readonly Line[]): string {
  const parts: string[] = [lines[0]!.text];
  for (let k = 1; k < lines.length; k++) {
    const prev = lines[k - 1]!.text;
    const next = lines[k]!.text;
    if (isLatin(prev.charCodeAt(prev.length - 1)) && isLatin(next.charCodeAt(0))) parts.push(' ');
    parts.push(next);
  }
  return parts.join('');
}

/** Where each line after the first begins in the text `joinLines` made of them. */
function lineStarts(text: string, lines: readonly Line[]): number[] {
  const starts: number[] = [];
  let at = lines[0]!.text.length;
  for (let k = 1; k < lines.length; k++) {
    const next = lines[k]!.text;
    at = text.indexOf(next, at);
    starts.push(at);
    at += next.length;
  }
  return starts;
}

/**
 * Cleans a decoded report into paragraph blocks, each a standalone heading, a table row or a body paragraph.
 *
 * @example
 * toBlocks('（一）总体要求\n进 出 口 总 额 首 次 突 破 200 亿 元，\n同比增长 12%。\n').map((b) => b.text)
 * //=> ['（一）总体要求', '进出口总额首次突破200亿元，同比增长12%。']
 */
export function toBlocks(text: string): Block[] {
  // Paragraphs run together on one line are separated by full-width indents; an indented line opens a paragraph
  // unless every line is indented (a margin, not an indent). A page marker is a page break: like a blank line, the
  // paragraph around it is joined again when it was cut mid-sentence.
  const indent = /^[ \u3000]{2,}(?=\S)/gm;
  const indented = (text.match(indent) ?? []).length;
  const nonBlank = (text.match(/^.*\S.*$/gm) ?? []).length;
  let prepared = text.replace(PAGE_MARKER, '\n\n');
  prepared = prepared.replace(indent, indented < nonBlank * 0.5 ? `${BOUNDARY}\n` : '');
  prepared = prepared.replace(/\u3000{2,}/g, `\n${BOUNDARY}\n`);
  const rawLines = prepared.split('\n');
  const toc = tocLines(rawLines);
  const items: Item[] = [];
  for (let i = 0; i < rawLines.length; i++) {
    if (toc[i]) {
      items.push('boundary');
      continue;
    }
    const raw = rawLines[i]!;
    if (raw.includes(BOUNDARY)) {
      const rest = raw.replace(/\f/g, '');
      items.push('boundary');
      if (rest.trim() !== '') items.push(cleanLine(rest));
      continue;
    }
    items.push(cleanLine(raw));
  }

  const textLines = items.filter((it): it is Line => typeof it !== 'string' && it.kind === 'text');
  const widths = textLines.map((l) => l.width).sort((a, b) => a - b);
  const column = quantile(widths, 0.75);
  const clauseEnds = textLines.filter((l) => CLAUSE_END.test(l.text)).length;
  const atColumn = textLines.filter((l) => l.width >= column * 0.85 && l.width <= column * 1.15).length;
  // Hard-wrapped newspaper columns: short lines, most of one width, most of them ending mid-sentence.
  const hardWrapped =
    textLines.length >= 6 && column <= 90 && atColumn >= textLines.length * 0.5 && clauseEnds < textLines.length * 0.5;

  const blocks: Block[] = [];
  let cur: Line[] = [];
  const flush = (): void => {
    if (cur.length === 0) return;
    const text = joinLines(cur);
    blocks.push(text.length > RUN_ON && cur.length > 1 ? { text, kind: 'text', breaks: lineStarts(text, cur) } : { text, kind: 'text' });
    cur = [];
  };
  /** Index of the next line item after `i`, skipping blanks (not boundaries), or -1. */
  const nextLine = (i: number): number => {
    for (let k = i + 1; k < items.length; k++) {
      const it = items[k]!;
      if (it === 'blank') continue;
      return it === 'boundary' ? -1 : k;
    }
    return -1;
  };
  // A line cut by a page break reads as a sentence (or is long); a subtitle or dateline does not.
  const looksCut = (l: Line): boolean =>
    !l.text.startsWith('——') &&
    (hardWrapped ? l.width >= column * 0.6 : l.text.length >= 40 || SENTENCE_PUNCT.test(l.text));

  let blank = false;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    if (it === 'boundary') {
      flush();
      blank = false;
      continue;
    }
    if (it === 'blank') {
      blank = true;
      continue;
    }
    if (it.kind === 'table') {
      flush();
      blocks.push({ text: it.text, kind: 'table' });
      blank = false;
      continue;
    }
    // In columns, a full-width `1. …` line followed by more text is the first line of a list item, not a heading.
    if (
      it.kind === 'heading' &&
      hardWrapped &&
      markerStyle(it.text) === 'number' &&
      it.width >= column * 0.85 &&
      typeof items[i + 1] === 'object' &&
      (items[i + 1] as Line).kind === 'text'
    ) {
      flush();
      cur.push({ ...it, kind: 'text' });
      blank = false;
      continue;
    }
    if (it.kind === 'heading') {
      flush();
      let heading = it.text;
      // A heading that wraps over lines: a long heading line, then a short line with no sentence in it.
      const style = markerStyle(heading);
      if (style !== 'number' && style !== 'box' && heading.length >= 12 && !CLAUSE_END.test(heading)) {
        const k = nextLine(i);
        const next = k === -1 ? null : (items[k] as Line);
        if (
          next &&
          next.kind === 'text' &&
          next.text.length <= 20 &&
          !SENTENCE_PUNCT.test(next.text) &&
          markerStyle(next.text) === null &&
          (hardWrapped ? next.width < column * 0.8 : k + 1 >= items.length || typeof items[k + 1] === 'string')
        ) {
          heading += next.text;
          i = k;
        }
      }
      blocks.push({ text: heading, kind: 'heading' });
      blank = false;
      continue;
    }
    // Body text.
    if (cur.length > 0 && !it.opens) {
      const prev = cur[cur.length - 1]!;
      let join: boolean;
      // In columns every line of a paragraph but its last fills the width: a short line ends a paragraph or is a title.
      if (hardWrapped && !blank) join = !SENTENCE_END.test(prev.text) && prev.width >= column * 0.6;
      else join = !CLAUSE_END.test(prev.text) && looksCut(prev);
      if (!join) flush();
    } else {
      flush();
    }
    cur.push(it);
    blank = false;
  }
  flush();
  return blocks;
}
