import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as OpenCC from 'opencc-js';
import { norm, normWithMap } from '../../src/text/normalize.js';

const t2s = OpenCC.Converter({ from: 't', to: 'cn' });
/** SPEC §3 written out plainly: NFKC, lower case, t2s one char at a time, whitespace removed. */
const reference = (s: string): string =>
  [...s.normalize('NFKC').toLowerCase()].map((c) => t2s(c)).join('').replace(/\s/g, '');

/** Text shaped like the corpus: CJK (simplified and traditional), full-width forms, Latin, digits, all spaces. */
const corpusChar = fc.constantFrom(
  ...'跨境電商电商發展数字經濟呼和浩特（一）“”。，；：！？ＡＢｃ１２3abcXYZ%．　 \t\n\r\u00a0\ufeff㍿①Ⅱé'.split(''),
  'e\u0301',
  'ﾊﾟ',
);
const corpusText = fc.array(corpusChar, { maxLength: 40 }).map((a) => a.join(''));
const anyText = fc.oneof(corpusText, fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 }));

describe('norm', () => {
  it('turns traditional into simplified characters, so 跨境電商 finds 跨境电商', () => {
    expect(norm('跨境電商')).toBe('跨境电商');
    expect(norm('發展數字經濟')).toBe('发展数字经济');
  });

  it('removes every whitespace character, so 跨境 电商 finds 跨境电商', () => {
    expect(norm('跨境 电商')).toBe('跨境电商');
    expect(norm('跨\t境\n电\u3000商\u00a0')).toBe('跨境电商');
  });

  it('applies NFKC and lower case to full-width and Latin text', () => {
    expect(norm('ＧＤＰ增长１２％')).toBe('gdp增长12%');
    expect(norm('（一）ABC')).toBe('(一)abc');
  });

  it('equals the plain SPEC §3 pipeline on report-like text', () => {
    fc.assert(fc.property(corpusText, (s) => norm(s) === reference(s)), { numRuns: 2000 });
  });

  it('equals the plain SPEC §3 pipeline where chars compose with their neighbours (marks, jamo, kana voicing, astral)', () => {
    // norm skips most text one table lookup a char; what composes under NFKC must still come out as NFKC makes it.
    const composing = fc.constantFrom(...'跨境電商ＡＢ１ é가'.split(''), 'e\u0301', 'ﾊﾟ', '\u1100', '\u1161', '\u11A8', '\u0301', '\uFF9E', 'a\u{1D165}', '\u{1D165}', '\u{20000}', '\u3099', 'か\u3099');
    fc.assert(fc.property(fc.array(composing, { maxLength: 30 }).map((a) => a.join('')), (s) => norm(s) === reference(s)), { numRuns: 5000 });
  });

  it('leaves simplified text without spaces unchanged', () => {
    expect(norm('引黄入呼三期工程开工建设。')).toBe('引黄入呼三期工程开工建设。');
  });
});

describe('normWithMap', () => {
  it('maps each normalised char back to the char it came from', () => {
    const { text, map } = normWithMap('A 電商');
    expect(text).toBe('a电商');
    expect([...map]).toEqual([0, 2, 3, 4]);
  });

  it('gives the same text as norm, for any string', () => {
    fc.assert(fc.property(anyText, (s) => normWithMap(s).text === norm(s)), { numRuns: 2000 });
  });

  it('has a monotone map into the original string, ending at its length', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const { text, map } = normWithMap(s);
        expect(map.length).toBe(text.length + 1);
        expect(map[text.length]).toBe(s.length);
        for (let i = 0; i < text.length; i++) {
          expect(map[i]).toBeGreaterThanOrEqual(0);
          expect(map[i]).toBeLessThan(s.length);
          expect(map[i]).toBeLessThanOrEqual(map[i + 1]!);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('lets a match found in normalised text be cut out of the original text', () => {
    fc.assert(
      fc.property(corpusText, fc.nat(), fc.nat(), (s, a, b) => {
        const { text, map } = normWithMap(s);
        if (text.length === 0) return;
        // Cut at boundaries between source chars, as a highlighter does.
        const starts = [...Array(text.length + 1).keys()].filter((i) => i === 0 || i === text.length || map[i] !== map[i - 1]);
        const i = starts[a % starts.length]!;
        const j = starts[b % starts.length]!;
        const [lo, hi] = i <= j ? [i, j] : [j, i];
        expect(norm(s.slice(map[lo], map[hi]))).toBe(text.slice(lo, hi));
      }),
      { numRuns: 1000 },
    );
  });

  it('equals the SPEC pipeline on a paragraph longer than the chunks its output is assembled in', () => {
    const long = '跨境電商，ＡＢＣ㍿ 発展。\u3000e\u0301'.repeat(2000);
    expect(norm(long)).toBe(reference(long));
    expect(normWithMap(long).text).toBe(reference(long));
  });

  it('normalises a megabyte of report text quickly', () => {
    const para = '全力推进以乳业、草种业为龙头的绿色农畜产品加工产业集群。建成投产伊利奶粉三期，跨境電商 ABC 2025 年。';
    const big = para.repeat(Math.ceil(1_000_000 / para.length));
    const t = performance.now();
    const { text } = normWithMap(big);
    norm(big);
    expect(text.length).toBeGreaterThan(900_000);
    expect(performance.now() - t).toBeLessThan(3000);
  });
});
