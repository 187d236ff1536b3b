import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeHtml } from '../../src/text/escape.js';
import { highlight, stripMarks } from '../../src/text/highlight.js';
import { keepsPositions } from '../../src/text/positions.js';
import { norm, normWithMap } from '../../src/text/normalize.js';
import { makeSnippet, SNIPPET_CHARS } from '../../src/search/snippet.js';

describe('escapeHtml', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('highlight', () => {
  it('marks normalised terms in the original text', () => {
    expect(highlight('发展跨境 電商。', [norm('跨境电商')])).toBe('发展<mark>跨境 電商</mark>。');
    expect(highlight('<盛乐国际机场>', ['盛乐'])).toBe('&lt;<mark>盛乐</mark>国际机场&gt;');
  });

  it('merges overlapping ranges', () => {
    expect(highlight('abcdef', [[1, 3], [2, 5]])).toBe('a<mark>bcde</mark>f');
  });

  it('only ever adds marks: stripMarks(highlight(t, q)) === escapeHtml(t)', () => {
    const text = fc.string({ unit: fc.constantFrom(...'<>&"\' a电電商跨境 　\n北京大学ＡＢ①'), maxLength: 40 });
    fc.assert(
      fc.property(text, fc.array(fc.string({ unit: fc.constantFrom(...'<&a电商跨境北京'), minLength: 1, maxLength: 3 }), { maxLength: 3 }), (t, terms) => {
        expect(stripMarks(highlight(t, terms.map(norm).filter((x) => x !== '')))).toBe(escapeHtml(t));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.nat(45), fc.nat(45)), { maxLength: 4 }), (t, ranges) => {
        expect(stripMarks(highlight(t, ranges))).toBe(escapeHtml(t));
      }),
      { numRuns: 300 },
    );
  });
});

describe('keepsPositions', () => {
  it('is true only when normalisation maps every char to one char in place', () => {
    expect(keepsPositions('发展跨境电商，增长6.5%。')).toBe(true);
    expect(keepsPositions('跨境 电商')).toBe(false);
    expect(keepsPositions('e\u0301')).toBe(false);
    const unit = fc.constantFrom(...'电電商，。 　\tAaＡ①㎡ﬁ\u0301\u3099か가ᄀ𝐀-%'.split(''), '𝐀', '\ud835');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }).map((a) => a.join('')), (t) => {
        if (!keepsPositions(t)) return;
        const { text, map } = normWithMap(t);
        expect(text.length).toBe(t.length);
        expect([...map]).toEqual(Array.from({ length: t.length + 1 }, (_, i) => i));
      }),
      { numRuns: 500 },
    );
  });
});

describe('makeSnippet', () => {
  const long = '第一句话讲别的事情，内容很长很长。'.repeat(12) + '这里提到盛乐国际机场建成通航，旅客吞吐量大幅增长。' + '后面还有很多其他内容，说的都是别的。'.repeat(12);

  it('cuts about 160 characters around the match at sentence edges', () => {
    const s = makeSnippet(long, ['盛乐国际机场'], ['盛乐国际机场']);
    expect(s).toContain('<mark>盛乐国际机场</mark>');
    const plain = stripMarks(s).replace(/^…|…$/g, '');
    expect(plain.length).toBeLessThanOrEqual(SNIPPET_CHARS + 20);
    expect(plain.length).toBeGreaterThan(100);
    expect(plain.startsWith('这里提到')).toBe(true);
    expect(s.startsWith('…')).toBe(true);
    expect(s.endsWith('…')).toBe(true);
  });

  it('keeps a short paragraph whole', () => {
    expect(makeSnippet('盛乐国际机场建成通航。', ['机场'], ['机场'])).toBe('盛乐国际<mark>机场</mark>建成通航。');
  });
});
