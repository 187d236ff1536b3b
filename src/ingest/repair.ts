/**
 * Heading markers an OCR pass damaged, repaired when the text around makes the right one certain: `〈一）` and `（一〉`
 * (angle brackets read for parentheses) become `（一）`; a chapter heading that lost its numeral (`、“八五”计划的基本
 * 任务`) gets the one between its neighbours (`三、` … `五、` → `四、`). Nothing is guessed: a heading whose
 * neighbours do not pin its numeral stays as it is.
 */
import type { Block } from './outline.js';

const CN_DIGITS = '零一二三四五六七八九';

/** `一` → 1, `十二` → 12, `二十` → 20, `二十三` → 23 (1–99); NaN otherwise. */
export function cnNumber(s: string): number {
  const m = /^([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)$/.exec(s);
  if (!m || s === '') return NaN;
  const [, tens, ten, ones] = m;
  if (!ten) return tens && !ones ? CN_DIGITS.indexOf(tens) : NaN;
  return (tens ? CN_DIGITS.indexOf(tens) : 1) * 10 + (ones ? CN_DIGITS.indexOf(ones) : 0);
}

/** 4 → `四`, 12 → `十二`, 20 → `二十` (1–99). */
export function cnNumeral(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return CN_DIGITS[ones]!;
  return `${tens > 1 ? CN_DIGITS[tens] : ''}十${ones > 0 ? CN_DIGITS[ones] : ''}`;
}

/** `〈一）`, `（一〉`, `<一)`: a numeral in brackets of which one was misread. */
const ANGLED = /^[〈<《〔（(]\s*([一二三四五六七八九十]{1,3})\s*[〉>》〕）)]/;
/** A chapter heading by its numeral: `四、…`. */
const CHAPTER = /^([一二三四五六七八九十]{1,3})、/;
/** A chapter heading without its numeral: a short line opening with `、`. */
const NUMERAL_LOST = /^、(?=\S)/;

/**
 * The blocks with damaged heading markers repaired.
 *
 * @example
 * repairMarkers([{ text: '三、…', kind: 'heading' }, { text: '、“八五”计划', kind: 'text' }, { text: '五、…', kind: 'heading' }])[1].text
 * //=> '四、“八五”计划'
 */
export function repairMarkers(blocks: readonly Block[]): { blocks: Block[]; repaired: number } {
  let repaired = 0;
  const out = blocks.map((b): Block => {
    const m = ANGLED.exec(b.text);
    if (!m || m[0].startsWith('（') && m[0].endsWith('）') || m[0].startsWith('(') && m[0].endsWith(')')) return b;
    repaired++;
    return { ...b, text: `（${m[1]}）${b.text.slice(m[0].length)}` };
  });
  const numbers = out.map((b) => {
    const m = CHAPTER.exec(b.text);
    return m ? cnNumber(m[1]!) : NaN;
  });
  const lost = out.map((b) => NUMERAL_LOST.test(b.text) && b.text.length <= 64 && !/[。！？]/.test(b.text));
  // Each group of headings that lost their numerals between two known ones (or the start of the list, 0): when the
  // gap between the known numerals is exactly the group's size, the numerals are certain.
  let prev = 0;
  let group: number[] = [];
  for (let i = 0; i <= out.length; i++) {
    const n = i < out.length ? numbers[i]! : NaN;
    if (i < out.length && lost[i]) {
      group.push(i);
      continue;
    }
    if (Number.isNaN(n)) continue;
    if (group.length > 0 && n - prev - 1 === group.length) {
      group.forEach((k, j) => {
        out[k] = { text: `${cnNumeral(prev + 1 + j)}${out[k]!.text}`, kind: 'heading' };
        repaired++;
      });
    }
    group = [];
    prev = n;
  }
  return { blocks: out, repaired };
}
