/**
 * Linear-time piece matching against the quadratic scan it replaced (the reference), on random words and texts, and
 * its time on a very long paragraph.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PieceFinder } from '../../src/search/pieces.js';

/** The scan `search.ts` used: for each start, try every end with `includes`. */
function reference(word: string, normText: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length - 1;) {
    let best = 0;
    for (let j = word.length; j >= i + 2; j--) {
      if (normText.includes(word.slice(i, j))) {
        best = j;
        break;
      }
    }
    if (best > 0) {
      out.push(word.slice(i, best));
      i = best;
    } else i++;
  }
  return out;
}

describe('PieceFinder', () => {
  it('finds the longest stretches of a word a text holds', () => {
    expect(new PieceFinder(['盛乐机场']).pieces('盛乐国际机场', [0])).toEqual([['盛乐', '机场']]);
    expect(new PieceFinder(['引黄入呼三期', '盛乐机场']).pieces('推进引黄入呼工程，三期开工。', [0, 1])).toEqual([['引黄入呼', '三期'], []]);
  });

  it('agrees with the quadratic scan on any words and text', () => {
    const char = fc.constantFrom('a', 'b', 'c', '中', '国', '\uD840', '\uDC00');
    const str = (max: number) => fc.array(char, { maxLength: max }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(str(12), { minLength: 1, maxLength: 5 }), str(60), (words, text) => {
        const finder = new PieceFinder(words);
        expect(finder.pieces(text, words.map((_, i) => i))).toEqual(words.map((w) => reference(w, text)));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes milliseconds on a 20,000-character paragraph with 85 two-character words and a 256-character one', () => {
    const text = '的发展建设推进工作'.repeat(2300);
    const words = [...Array.from({ length: 85 }, (_, i) => `建${String.fromCharCode(0x4e00 + i)}`), '的'.repeat(256)];
    const finder = new PieceFinder(words);
    const started = performance.now();
    for (let k = 0; k < 100; k++) finder.pieces(text, words.map((_, i) => i));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
