/**
 * Snippets of long paragraphs are cut from a window around the focus: the same snippet the whole paragraph gives,
 * at a cost that does not grow with it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSnippet } from '../../src/search/snippet.js';
import { stripMarks } from '../../src/text/highlight.js';

const inner = (s: string): string => s.replace(/^…|…$/g, '');

describe('makeSnippet on a long paragraph', () => {
  it('gives the snippet the stretch around its focus gives', () => {
    const filler = fc.array(fc.constantFrom('发', '展', '建', '设', '。', '，', 'a', ' '), { minLength: 6000, maxLength: 9000 }).map((a) => a.join(''));
    fc.assert(
      fc.property(filler, filler, fc.nat(5), (before, after, extra) => {
        const text = `${before}盛乐国际机场${'航线。'.repeat(extra)}新增航线${after}`;
        const f = before.length;
        const around = text.slice(f - 1500, f + 1500);
        const got = makeSnippet(text, ['盛乐国际机场'], ['盛乐国际机场', '航线']);
        expect(inner(got)).toBe(inner(makeSnippet(around, ['盛乐国际机场'], ['盛乐国际机场', '航线'])));
        expect(got.startsWith('…') && got.endsWith('…')).toBe(true);
        expect(text).toContain(stripMarks(inner(got)).replace(/&amp;/g, '&'));
      }),
      { numRuns: 50 },
    );
  });

  it('cuts around the earliest mark when no focus term is there, and around the start when nothing is', () => {
    const text = `${'发展'.repeat(5000)}机场${'建设'.repeat(10)}盛乐${'发展'.repeat(5000)}`;
    expect(makeSnippet(text, ['没有'], ['盛乐', '机场'])).toContain('<mark>机场</mark>');
    expect(makeSnippet(text, [], [])).toMatch(/^发展发展.*…$/);
  });

  it('costs about the same for a 20,000-character paragraph as for a short one', () => {
    const text = '推进新质生产力发展，'.repeat(2000);
    const marks = Array.from({ length: 120 }, (_, i) => `质${String.fromCharCode(0x4e00 + i)}`);
    const started = performance.now();
    for (let k = 0; k < 100; k++) makeSnippet(text, ['生产力'], ['生产力', ...marks]);
    expect(performance.now() - started).toBeLessThan(1500);
  });
});
