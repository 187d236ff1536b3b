/**
 * Positioned text → the lines of a text file: the geometry of PDF extraction. Pure, no PDF library: the input is
 * each page's text runs with their position (as pdfjs gives them, in page space with y growing downwards).
 *
 * A page is read in column order (a two-column page left column first), its runs grouped into lines, raised
 * footnote markers dropped from the middle of sentences; running headers, footers and page numbers repeated on the
 * pages are dropped; a wider gap between lines, a change of font size or an indent becomes a paragraph break the way
 * a text file marks one (a blank line, a full-width indent), for cleaning to join hard wraps as it does for text.
 */

/** A run of text at a position: `x` its left edge, `y` its baseline, `w` its width, `size` its font size. */
export interface TextRun {
  str: string;
  x: number;
  y: number;
  w: number;
  size: number;
}

export interface PageRuns {
  /** Page height, to tell the top and bottom margins. */
  height: number;
  runs: TextRun[];
}

interface Line {
  text: string;
  x: number;
  right: number;
  /** Baseline. */
  y: number;
  size: number;
}

/** A marker of a footnote: digits or a symbol set smaller and raised. */
const FOOTNOTE_MARK = /^(?:\d{1,3}|[*†‡§¹²³⁰-⁹①-⑳]|[[(（]\d{1,3}[\])）])$/;
/** A bare page number, as headers and footers print it: `3`, `- 3 -`, `第3页`, `3 / 12`, `iv`. */
const PAGE_NUMBER = /^[-—–−·•\s]*(?:第\s*)?(?:\d{1,4}|[ivxlc]{1,6}|[IVXLC]{1,6})\s*页?(?:\s*[/／]\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–−·•\s]*$/;
/** Ideographs and CJK punctuation: no space is put between two of them. */
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201d\u2026\u2014]/;

function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
}

const median = (xs: readonly number[]): number => quantile(xs, 0.5);

const chars = (s: string): number => s.replace(/\s/g, '').length;

/** The strip between two columns, `[left, right]` in page space. */
interface Gutter {
  left: number;
  right: number;
}

/**
 * The gutter of a two-column page, or null: a vertical strip in the middle that far fewer runs cross than the
 * columns hold, with text filling both sides. Table columns are not read as text columns: on each side most lines
 * must fill it.
 */
function findGutter(runs: readonly TextRun[]): Gutter | null {
  if (runs.length < 20) return null;
  const left = Math.min(...runs.map((r) => r.x));
  const right = Math.max(...runs.map((r) => r.x + r.w));
  const width = Math.ceil(right - left);
  if (width < 200) return null;
  const cover = new Uint16Array(width + 1);
  for (const r of runs) {
    for (let b = Math.max(0, Math.floor(r.x - left)); b < Math.min(width, Math.ceil(r.x + r.w - left)); b++) cover[b]!++;
  }
  // A title or a note may span the gutter, and punctuation hanging past the edge of a justified line narrows it:
  // the gutter is where far fewer runs pass than inside the columns.
  const from = Math.floor(width * 0.3);
  const to = Math.ceil(width * 0.7);
  const allowed = Math.max(3, median(Array.from(cover.subarray(from, to))) * 0.25);
  const size = median(runs.map((r) => r.size));
  let best: [number, number] | null = null;
  for (let b = from; b <= to; ) {
    if (cover[b]! > allowed) {
      b++;
      continue;
    }
    let e = b;
    while (e <= to && cover[e]! <= allowed) e++;
    if (!best || e - b > best[1] - best[0]) best = [b, e];
    b = e + 1;
  }
  if (!best || best[1] - best[0] < size * 0.8) return null;
  const gutter = { left: left + best[0], right: left + best[1] };
  const mid = (gutter.left + gutter.right) / 2;
  const total = runs.reduce((s, r) => s + chars(r.str), 0);
  const inColumns = runs.filter((r) => !(r.x < gutter.left && r.x + r.w > gutter.right));
  for (const side of [inColumns.filter((r) => r.x + r.w / 2 < mid), inColumns.filter((r) => r.x + r.w / 2 >= mid)]) {
    if (side.reduce((s, r) => s + chars(r.str), 0) < total * 0.25) return null;
    const lines = groupRuns(side).map(toLine).filter((l): l is Line => l !== null);
    if (lines.length < 5) return null;
    // The column's edges, where most of its lines start and end: a title or a header is no edge.
    const l = median(lines.map((x) => x.x));
    const r = median(lines.map((x) => x.right));
    if (lines.filter((x) => x.right - x.x >= (r - l) * 0.8).length < lines.length * 0.5) return null;
  }
  return gutter;
}

/** What goes between two runs of one line, from the gap between them. */
function separator(prev: TextRun, next: TextRun): string {
  const gap = next.x - (prev.x + prev.w);
  const size = Math.max(prev.size, next.size);
  if (/\s$/.test(prev.str) || /^\s/.test(next.str)) return '';
  if (gap > size * 2.5) return '\t';
  const cjk = CJK.test(prev.str.slice(-1)) && CJK.test(next.str[0] ?? '');
  if (cjk) return gap > size ? ' ' : '';
  return gap > size * 0.15 ? ' ' : '';
}

/** Runs → rows: runs whose heights overlap by half are one row, top to bottom. */
function groupRuns(runs: readonly TextRun[]): TextRun[][] {
  const sorted = [...runs].sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: TextRun[][] = [];
  let top = 0;
  let bottom = 0;
  for (const r of sorted) {
    const row = rows[rows.length - 1];
    if (row) {
      const overlap = Math.min(bottom, r.y) - Math.max(top, r.y - r.size);
      if (overlap >= Math.min(r.size, bottom - top) * 0.5) {
        row.push(r);
        top = Math.min(top, r.y - r.size);
        bottom = Math.max(bottom, r.y);
        continue;
      }
    }
    rows.push([r]);
    top = r.y - r.size;
    bottom = r.y;
  }
  return rows;
}

/** A row of runs → a line, left to right, without the raised footnote markers in it. */
function toLine(group: readonly TextRun[]): Line | null {
  const size = Math.max(...group.map((r) => r.size));
  // The baseline of the line's full-size text; a footnote marker sits above it, set smaller.
  const base = median(group.filter((r) => r.size >= size * 0.9).map((r) => r.y));
  const runs = group
    .filter((r) => !(FOOTNOTE_MARK.test(r.str.trim()) && r.size <= size * 0.75 && r.y < base - size * 0.15))
    .sort((a, b) => a.x - b.x);
  if (runs.length === 0) return null;
  let text = runs[0]!.str;
  for (let i = 1; i < runs.length; i++) text += separator(runs[i - 1]!, runs[i]!) + runs[i]!.str;
  text = text.trim();
  if (text === '') return null;
  return { text, x: runs[0]!.x, right: Math.max(...runs.map((r) => r.x + r.w)), y: base, size };
}

/**
 * One page's lines in reading order, each block of lines (a column, a full-width band) apart: a two-column stretch
 * is read left column, then right column; a line across both (a title, a centred running header) stays where it
 * stands and cuts the columns into bands.
 */
function pageBlocks(runs: readonly TextRun[]): Line[][] {
  const rows = groupRuns(runs);
  const gutter = findGutter(runs);
  if (gutter === null) return [rows.map(toLine).filter((l): l is Line => l !== null)];
  const mid = (gutter.left + gutter.right) / 2;
  const pageLeft = Math.min(...runs.map((r) => r.x));
  const pageRight = Math.max(...runs.map((r) => r.x + r.w));
  const blocks: Line[][] = [];
  let left: Line[] = [];
  let right: Line[] = [];
  const endBand = (): void => {
    for (const col of [left, right]) if (col.length > 0) blocks.push(col);
    left = [];
    right = [];
  };
  for (const row of rows) {
    const crossing = row.some((r) => r.str.trim() !== '' && r.x < gutter.left && r.x + r.w > gutter.right);
    const l = toLine(row.filter((r) => r.x + r.w / 2 < mid));
    const r = toLine(row.filter((r) => r.x + r.w / 2 >= mid));
    // Two column lines side by side stand apart, at least by the gutter less the punctuation hanging into it, and
    // fill their columns; a line across the gutter (a title, a centred header, a page number) runs on over it.
    const wide = (x: Line | null, width: number): boolean => x !== null && x.right - x.x >= width * 0.6;
    const gap = l !== null && r !== null ? r.x - l.right : Infinity;
    const size = Math.max(l?.size ?? 0, r?.size ?? 0);
    const split = !crossing && (gap >= size * 2 || ((wide(l, mid - pageLeft) || wide(r, pageRight - mid)) && gap >= size * 0.3));
    if (split) {
      if (l) left.push(l);
      if (r) right.push(r);
      continue;
    }
    const whole = toLine(row);
    if (!whole) continue;
    endBand();
    blocks.push([whole]);
  }
  endBand();
  return blocks;
}

/** The text of a line with its digits taken out: a running header with its page number is one text on every page. */
const furnitureKey = (s: string): string => s.replace(/[\d\s０-９]/g, '');

/**
 * Drops what repeats in the margins of the pages: page numbers, and a running header or footer (the first or last
 * line of a page whose text, digits aside, comes back on at least half the pages).
 */
function dropFurniture(pages: Line[][][], heights: readonly number[]): Line[][][] {
  const edges = (blocks: Line[][]): Line[] => {
    const all = blocks.flat();
    if (all.length === 0) return [];
    const top = all.reduce((a, b) => (b.y < a.y ? b : a));
    const bottom = all.reduce((a, b) => (b.y > a.y ? b : a));
    return top === bottom ? [top] : [top, bottom];
  };
  const counts = new Map<string, number>();
  for (const blocks of pages) {
    for (const key of new Set(edges(blocks).map((l) => furnitureKey(l.text)))) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const repeated = (key: string): boolean => key.length >= 2 && pages.length >= 2 && (counts.get(key) ?? 0) >= Math.max(2, pages.length / 2);
  return pages.map((blocks, i) => {
    const drop = new Set<Line>();
    for (const l of edges(blocks)) {
      const inMargin = l.y < heights[i]! * 0.15 || l.y > heights[i]! * 0.85;
      if ((inMargin && PAGE_NUMBER.test(l.text)) || repeated(furnitureKey(l.text))) drop.add(l);
    }
    return blocks.map((b) => b.filter((l) => !drop.has(l))).filter((b) => b.length > 0);
  });
}

/** A line of a block with what the layout says of it. */
interface Piece {
  text: string;
  size: number;
  /** Starts a paragraph: indented, after a short line, a wider gap, a change of size, or a table row. */
  opens: boolean;
  /** Reaches the right edge of its column: the paragraph may go on in the next line, column or page. */
  full: boolean;
  /** Holds a tab (table cells, a table of contents entry): a row of its own. */
  row: boolean;
  indented: boolean;
}

/** A block's lines with what its layout says: its left and right edges, line spacing and font size. */
function pieces(lines: readonly Line[]): Piece[] {
  const left = quantile(lines.map((l) => l.x), 0.1);
  const right = quantile(lines.map((l) => l.right), 0.9);
  const leading = median(lines.slice(1).map((l, i) => l.y - lines[i]!.y).filter((g) => g > 0));
  return lines.map((l, i) => {
    const prev = lines[i - 1];
    const indented = l.x - left > l.size * 0.9;
    const row = l.text.includes('\t');
    const full = l.right >= right - l.size * 1.5;
    let opens = true;
    if (prev) {
      const resized = Math.abs(l.size - prev.size) > Math.min(l.size, prev.size) * 0.15;
      const gap = leading > 0 && l.y - prev.y > leading * 1.5;
      const prevFull = prev.right >= right - prev.size * 1.5;
      opens = indented || row || prev.text.includes('\t') || !prevFull || gap || resized;
    }
    return { text: l.text, size: l.size, opens, full, row, indented };
  });
}

/**
 * A ragged block (lines that do not fill the column: a text file laid out as it is, verse, a list) as the lines of a
 * text file, for cleaning to join as it joins hard wraps: a wider gap than the line spacing or a change of font size
 * is a blank line, an indented line starts with a full-width indent.
 */
function raggedLines(lines: readonly Line[]): string[] {
  const out: string[] = [];
  const left = quantile(lines.map((l) => l.x), 0.1);
  const leading = median(lines.slice(1).map((l, i) => l.y - lines[i]!.y).filter((g) => g > 0));
  lines.forEach((l, i) => {
    const prev = lines[i - 1];
    if (prev) {
      const resized = Math.abs(l.size - prev.size) > Math.min(l.size, prev.size) * 0.15;
      if (resized || (leading > 0 && l.y - prev.y > leading * 1.5)) out.push('');
    }
    out.push(l.x - left > l.size * 0.9 ? `\u3000\u3000${l.text}` : l.text);
  });
  return out;
}

/** Most lines of a justified block reach its right edge (all but the last line of each paragraph). */
function justified(lines: readonly Line[]): boolean {
  const right = quantile(lines.map((l) => l.right), 0.9);
  return lines.length >= 3 && lines.filter((l) => l.right >= right - l.size * 1.5).length >= lines.length * 0.6;
}

/** A block's trailing lines set smaller than its text: footnotes at the foot of a column or page. */
function splitNotes(lines: readonly Line[]): { body: Line[]; notes: Line[] } {
  const size = median(lines.map((l) => l.size));
  let k = lines.length;
  while (k > 1 && lines[k - 1]!.size < size * 0.85) k--;
  return { body: lines.slice(0, k), notes: lines.slice(k) };
}

const isLatin = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Joins the lines of one paragraph: no space between CJK, one space between Latin words. */
function join(a: string, b: string): string {
  return isLatin(a.charCodeAt(a.length - 1)) && isLatin(b.charCodeAt(0)) ? `${a} ${b}` : a + b;
}

/**
 * The pages' runs as the paragraphs of a text file, one a line: pages read in column order, running headers,
 * footers and page numbers dropped, the lines of a paragraph joined (within a column, and on into the next column
 * or page when the line before reaches the column's edge and the next is not indented), table rows one a line,
 * footnotes after the text.
 *
 * @example
 * layoutLines([{ height: 800, runs: [{ str: '一、总体要求', x: 50, y: 100, w: 72, size: 12 }] }]) //=> ['一、总体要求']
 */
export function layoutLines(pages: readonly PageRuns[]): string[] {
  const pagesBlocks = dropFurniture(
    pages.map((p) => pageBlocks(p.runs)),
    pages.map((p) => p.height),
  );
  const out: string[] = [];
  const notes: string[] = [];
  let last: Piece | null = null;
  for (const blocks of pagesBlocks) {
    for (const block of blocks) {
      const { body, notes: blockNotes } = splitNotes(block);
      notes.push(...blockNotes.map((l) => l.text));
      if (!justified(body)) {
        // Line breaks that are not the layout's: cleaning joins them as a text file's (a page break is a blank line).
        if (out.length > 0) out.push('');
        out.push(...raggedLines(body));
        last = null;
        continue;
      }
      if (last === null && out.length > 0) out.push('');
      pieces(body).forEach((p, i) => {
        // The first line of a column or page goes on with the paragraph the last one left open.
        const continues =
          last !== null &&
          (i > 0
            ? !p.opens
            : last.full && !last.row && !p.row && !p.indented && Math.abs(p.size - last.size) <= Math.min(p.size, last.size) * 0.15);
        if (continues && out.length > 0) out[out.length - 1] = join(out[out.length - 1]!, p.text);
        else out.push(p.text);
        last = p;
      });
    }
  }
  return notes.length > 0 ? [...out, '', ...notes] : out;
}
