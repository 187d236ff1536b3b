/**
 * The geometry of PDF extraction (src/ingest/formats/pdf-layout.ts) on small pages built by hand: lines, columns,
 * margins and footnote markers.
 */
import { describe, expect, it } from 'vitest';
import { layoutLines, type PageRuns, type TextRun } from '../../../src/ingest/formats/pdf-layout.js';

const SIZE = 10;
/** A line of `text` at (x, y), one run a character as typesetters often emit them. */
function line(text: string, x: number, y: number, size = SIZE): TextRun[] {
  return [...text].map((ch, i) => ({ str: ch, x: x + i * size, y, w: size, size }));
}
/** A column of lines of `width` characters, starting at (x, y). */
function column(lines: string[], x: number, y: number): TextRun[] {
  return lines.flatMap((t, i) => line(t, x, y + i * 14));
}
const page = (runs: TextRun[]): PageRuns => ({ height: 800, runs });

describe('layoutLines', () => {
  it('joins the lines of a justified paragraph and starts one at an indent', () => {
    const runs = column(['　　第一段第一行文字满行满行满行', '第一段第二行文字满行满行满行满', '第一段结束。', '　　第二段第一行文字满行满行满行', '第二段结束。'], 50, 100);
    expect(layoutLines([page(runs.filter((r) => r.str !== '　'))])).toEqual([
      '第一段第一行文字满行满行满行第一段第二行文字满行满行满行满第一段结束。',
      '第二段第一行文字满行满行满行第二段结束。',
    ]);
  });

  it('reads a two-column page left column first, with a title across both columns where it stands', () => {
    const left = Array.from({ length: 8 }, (_, i) => `左栏第${'一二三四五六七八'[i]}行文字满行满行`);
    const right = Array.from({ length: 8 }, (_, i) => `右栏第${'一二三四五六七八'[i]}行文字满行满行`);
    const runs = [...line('标题横跨两栏的大标题文字横跨两栏', 120, 60, 20), ...column(left, 50, 100), ...column(right, 300, 100)];
    const out = layoutLines([page(runs)]);
    expect(out[0]).toBe('标题横跨两栏的大标题文字横跨两栏');
    expect(out.slice(1).join('')).toBe(left.join('') + right.join(''));
  });

  it('drops a running header and page numbers repeated on every page, and keeps the body', () => {
    const pages = [1, 2, 3].map((n) =>
      page([...line('某某日报', 250, 30), ...column([`第${n}页正文满行满行满行满行满行。`], 50, 100), ...line(`- ${n} -`, 280, 780)]),
    );
    expect(layoutLines(pages)).toEqual(['第1页正文满行满行满行满行满行。', '', '第2页正文满行满行满行满行满行。', '', '第3页正文满行满行满行满行满行。']);
  });

  it('drops a raised, smaller footnote marker from the middle of a sentence and puts the footnote after the text', () => {
    const body = line('中心取得成果', 50, 100);
    const marker: TextRun = { str: '1', x: 110, y: 96, w: 4, size: 6 };
    const rest = line('并全部产业化。', 114, 100);
    const note = line('1中心于2021年获批建设。', 50, 700, 7);
    const out = layoutLines([page([...body, marker, ...rest, ...note])]);
    expect(out[0]).toBe('中心取得成果并全部产业化。');
    expect(out[out.length - 1]).toBe('1中心于2021年获批建设。');
  });

  it('keeps ragged lines (a text file printed as it is) apart for cleaning to join, a gap as a blank line', () => {
    const runs = [...line('短行一', 50, 100), ...line('稍长一些的短行二', 50, 114), ...line('行三。', 50, 128), ...line('隔开的行四。', 50, 170)];
    expect(layoutLines([page(runs)])).toEqual(['短行一', '稍长一些的短行二', '行三。', '', '隔开的行四。']);
  });

  it('puts a tab between runs far apart on one line, as table cells and contents entries are', () => {
    const runs = [...line('第一章总体要求', 50, 100), ...line('1', 400, 100)];
    expect(layoutLines([page(runs)])).toEqual(['第一章总体要求\t1']);
  });
});
