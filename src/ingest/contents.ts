/**
 * Tables of contents, recognised so that they are not indexed (README, "How a report becomes paragraphs"): after a
 * `目录` line, or as a run of numbered headings with page numbers — with page numbers or without, flattened onto one
 * line, headings run together, or a scanned page in two tabbed columns with the scan's debris between its entries.
 */
import { markerStyle } from './outline.js';

/** The longest line read as a contents entry (entries are short; also bounds the backtracking regex below). */
const MAX_TOC_LINE = 160;
/** A line ending with a page number. */
const ENDS_WITH_PAGE = /\d[)）]?[ \t]*$/;
/** An entry: a title, then a tab, wide spacing or a leader, then its page number. */
const TOC_ENTRY = /^(.+?)(?:\t+|[ \u3000]{2,}|[ \t]*(?:[.．·•_]{3,}|[…⋯]{2,})[ \t]*)[(（]?\d{1,4}[)）]?[ \t]*$/;

/** `目录`, or `目录` with its first entry run onto it (`目录序言`). */
function isTocHead(s: string): boolean {
  if (s.length > 12) return false;
  const t = s.replace(/[\s\u3000]/g, '');
  return /^(?:目录|目次)(?:[^\d\p{P}]{1,4})?$/u.test(t);
}

/**
 * Headings run together on one contents line (`第三章巩固…第四章继续…`, `六、…交流（一）进出口贸易（一）文化建设`): a
 * heading first, two markers or more after it, and no sentence end.
 */
function headingsRunTogether(s: string): boolean {
  const t = s.trim();
  if (t.length > MAX_TOC_LINE || /[。；！？]/.test(t)) return false;
  if (/^第/.test(t)) return (t.match(/第[一二三四五六七八九十百零〇\d]{1,4}[篇章节]/g)?.length ?? 0) >= 2;
  return /^[一二三四五六七八九十]{1,3}、/.test(t) && (t.slice(2).match(/[（(〈][一二三四五六七八九十]{1,3}[）)〉]/g)?.length ?? 0) >= 2;
}

/** An entry of a contents list that no heading marker names: `序言`, `结束语`, `第一篇指导思想和发展目标`. */
const plainEntry = (s: string): boolean => /^(?:[\p{Script=Han}]{2,6}|第[一二三四五六七八九十百零〇\d]{1,4}[篇章节][^。；！？]{1,40})$/u.test(s.trim());

/** A line of a table of contents: a title and a page number after a tab, a leader or wide spacing. */
function tocEntry(s: string): boolean {
  // TOC entries are short; the length check also keeps the backtracking regex away from long runs of spaces.
  if (s.length > MAX_TOC_LINE || !ENDS_WITH_PAGE.test(s)) return false;
  const m = TOC_ENTRY.exec(s);
  if (!m) return false;
  const title = m[1]!.replace(/^(第[^\t]{1,5}[章节])\t+/, '$1 ');
  return !title.includes('\t') && /[^\d\s]/.test(title);
}

/** A wrapped TOC title: the line ends (or starts) with the tab before a page number that is on the next line. */
function tocContinuation(s: string): boolean {
  if (s.length > MAX_TOC_LINE) return false;
  const t = s.trim();
  return (s.endsWith('\t') || /\t\s*$/.test(s) || s.startsWith('\t')) && t.length <= 40 && !t.includes('\t\t');
}

/** A line as a heading is compared with its entry in a table of contents: no spaces, no export escapes. */
const headingKey = (s: string): string =>
  s.replace(/<U\+[0-9A-Fa-f]{4,5}>/g, '').replace(/[\s\u3000]/g, '').replace(/[〈〔(]/g, '（').replace(/[〉〕)]/g, '）');

/** A numbered heading, short and not a sentence: what a contents list without page numbers lists. */
function headingShaped(s: string): boolean {
  const t = s.replace(/<U\+[0-9A-Fa-f]{4,5}>/g, '').trim();
  // A scan's damaged brackets (`〈一）`, `（五〕`) still mark a numbered heading.
  return t.length <= 40 && !/[。；！？]$/.test(t) && markerStyle(t.replace(/^[〈〔]/, '（').replace(/^(（[^）〉〕]{1,3})[〉〕]/, '$1）')) !== null;
}

/**
 * Marks the lines of tables of contents: after a `目录` line (entries with page numbers, numbered or short plain
 * headings that stand again as headings further on, or lines of headings run together), or a run of three or more
 * numbered headings with page numbers.
 */
export function tocLines(lines: readonly string[]): Uint8Array {
  const toc = new Uint8Array(lines.length);
  let lastAt: Map<string, number> | null = null;
  const reappears = (k: number): boolean => {
    if (lastAt === null) {
      lastAt = new Map();
      lines.forEach((l, at) => {
        if (l.length <= MAX_TOC_LINE) lastAt!.set(headingKey(l), at);
      });
    }
    return (lastAt.get(headingKey(lines[k]!)) ?? -1) > k;
  };
  const cellReappears = (cell: string, k: number): boolean => {
    reappears(k);
    return (lastAt!.get(headingKey(cell)) ?? -1) > k;
  };
  // A contents page in two columns: a tab between an entry of each (`序\t（四）国民收入的生产和分配`).
  const twoColumns = (k: number): boolean =>
    lines[k]!.includes('\t') && lines[k]!.length <= MAX_TOC_LINE &&
    lines[k]!.split('\t').some((c) => (headingShaped(c) || plainEntry(c)) && cellReappears(c.trim(), k));
  for (let i = 0; i < lines.length; i++) {
    const headed = isTocHead(lines[i]!);
    const entryAt = (k: number): boolean =>
      (tocEntry(lines[k]!) && (headed || markerStyle(lines[k]!.trim()) !== null)) ||
      (headed && (headingShaped(lines[k]!) || plainEntry(lines[k]!)) && reappears(k)) ||
      (headed && (headingsRunTogether(lines[k]!) || twoColumns(k)));
    // Under a `目录` line: a scanned page's debris (a stray quote, a bare page number), or, when an entry follows
    // within three lines, a line of entry-shaped cells that is none: a numeral the scan dropped (`、“八五”计划的基本
    // 任务`), a lone character (`亠`), a column's entry without its page (`序\t（四）国民收入的生产和分配`).
    const debris = (k: number): boolean => headed && /^(?:\d{1,4}|[^\p{Script=Han}\d]{1,2})$/u.test(lines[k]!.trim());
    const damaged = (k: number): boolean => {
      const cells = lines[k]!.split('\t').map((c) => c.trim()).filter((c) => c !== '');
      const entryLike = (c: string): boolean => headingShaped(c) || /^\p{Script=Han}{1,6}$/u.test(c) || plainEntry(c) || /^[、，.．]\S{2,40}$/u.test(c);
      if (!headed || lines[k]!.length > MAX_TOC_LINE || cells.length === 0 || !cells.every(entryLike)) return false;
      for (let n = k + 1, seen = 0; n < lines.length && seen < 3; n++) {
        if (lines[n]!.trim() === '') continue;
        if (entryAt(n)) return true;
        seen++;
      }
      return false;
    };
    if (!headed && !entryAt(i)) continue;
    let j = headed ? i + 1 : i;
    let last = headed ? i : -1;
    let entries = 0;
    while (j < lines.length) {
      const l = lines[j]!;
      if (l.trim() === '') {
        j++;
        continue;
      }
      if (entryAt(j)) entries++;
      else if (!tocContinuation(l) && !debris(j) && !damaged(j)) break;
      last = j;
      j++;
    }
    if (headed ? entries >= 1 : entries >= 3) {
      for (let k = i; k <= last; k++) toc[k] = 1;
      i = last;
    } else if (!headed) {
      // A run starting later inside this one holds fewer entries still: skip it (keeps the scan linear).
      i = Math.max(i, last);
    }
  }
  return toc;
}
