import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvCell, csvRow, mentionsCsv, BOM } from '../../src/csv.js';
import { barChart, escapeXml } from '../../src/chart.js';
import { checkQueryString, parseDocId, parseMentions, parseSearch } from '../../src/validate.js';
import { AppError } from '../../src/errors.js';
import { queryTerms } from '../../src/routes/terms.js';
import type { MentionsResult } from '../../src/types.js';

/** Parses RFC 4180 CSV text (the reference to check our writer against). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  return rows;
}

describe('csvCell', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+86 10', "'+86 10"],
    ['-光伏', "'-光伏"],
    ['@cmd', "'@cmd"],
    ['呼和浩特', '呼和浩特'],
    ['a,b', '"a,b"'],
    ['说"好"', '"说""好"""'],
    ['line\nbreak', '"line\nbreak"'],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes null as an empty cell and numbers as they are', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(2025)).toBe('2025');
  });

  it('round-trips any row through an RFC 4180 reader, formulas neutralised', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 6 }), (cells) => {
        const [parsed] = parseCsv(csvRow(cells));
        expect(parsed).toEqual(cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('mentionsCsv', () => {
  it('writes a BOM, the header, and one row per context with the full link', () => {
    const result: MentionsResult = {
      query: 'x', totalParagraphs: 1, totalOccurrences: 2, byYear: [], byCity: [],
      docs: [{ docId: 'd', title: 'T,1', city: null, year: 2024, count: 2, paragraphs: [
        { n: 3, url: '/docs/d#p-3', chapter: '一、', section: '', count: 2, contexts: [
          { before: '=a', match: 'x', after: 'b' }, { before: 'c', match: 'x', after: '-d' },
        ] },
      ] }],
    };
    const text = mentionsCsv(result, 'http://h');
    expect(text.startsWith(BOM)).toBe(true);
    expect(parseCsv(text.slice(1))).toEqual([
      ['docId', 'title', 'city', 'year', 'n', 'chapter', 'section', 'before', 'match', 'after', 'url'],
      ['d', 'T,1', '', '2024', '3', '一、', '', "'=a", 'x', 'b', 'http://h/docs/d#p-3'],
      ['d', 'T,1', '', '2024', '3', '一、', '', 'c', 'x', "'-d", 'http://h/docs/d#p-3'],
    ]);
  });
});

describe('barChart', () => {
  it('draws one bar per value, scaled to the largest, with an accessible title and description', () => {
    const svg = barChart({ id: 'y', title: '按年份', unit: '次', bars: [{ label: '2024年', value: 2 }, { label: '2025年', value: 4, href: '/m?year=2025' }] });
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="y-title y-desc"/);
    expect(svg).toContain('<title id="y-title">按年份</title>');
    expect(svg).toContain('<desc id="y-desc">2024年：2次；2025年：4次</desc>');
    const widths = [...svg.matchAll(/<rect class="chart-bar"[^>]*width="(\d+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[1]).toBeCloseTo(widths[0]! * 2, -1);
    expect(svg).toContain('<a href="/m?year=2025"');
  });

  it('escapes labels, titles and links', () => {
    const svg = barChart({ id: 'x"><script>', title: '<script>alert(1)</script>', bars: [{ label: '"><img onerror=1>', value: 1, href: '/m?a="b"' }] });
    expect(svg).not.toMatch(/<script|<img/);
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('href="/m?a=&quot;b&quot;"');
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });

  it('draws an empty chart without failing', () => {
    expect(barChart({ id: 'e', title: '空', bars: [] })).toMatch(/<svg[\s\S]*<\/svg>$/);
  });
});

describe('parseSearch', () => {
  it('gives defaults and numbers', () => {
    expect(parseSearch({ q: '机场' })).toEqual({ q: '机场', page: 1, size: 20 });
    expect(parseSearch({ q: '机场', year: '2024', page: '2', size: '5', city: ' 呼和浩特 ', kind: '' })).toEqual({
      q: '机场', year: 2024, page: 2, size: 5, city: '呼和浩特',
    });
  });

  it.each([
    [{ q: '\uD800' }, /valid UTF-8/],
    [{ q: 'a\uDC00b' }, /valid UTF-8/],
    [{ q: 'a\u0007' }, /control characters/],
    [{ q: 'a\u009F' }, /control characters/],
    [{ q: ['a', 'b'] }, /more than once/],
    [{ q: 'x', page: '99999999999' }, /page must be an integer/],
  ])('rejects %j with a 400', (raw, message) => {
    let err: unknown;
    try { parseSearch(raw); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    expect((err as AppError).message).toMatch(message);
  });

  it('accepts tabs and line breaks, which norm() treats as spaces', () => {
    expect(parseSearch({ q: '盛乐\t机场\n' }).q).toBe('盛乐\t机场\n');
  });
});

describe('parseMentions', () => {
  it('reads limit and offset as integers ≥ 0', () => {
    expect(parseMentions({ q: 'x', limit: '0', offset: '5' })).toEqual({ q: 'x', limit: 0, offset: 5 });
  });
});

describe('parseDocId', () => {
  it.each(['000_cacabed7aa6ec20d', '报告-2025.v2'])('accepts %s', (id) => expect(parseDocId(id)).toBe(id));
  it.each(['..', '../x', '.env', 'a/b', 'a\\b', '', 'a\u0000'])('rejects %j', (id) => expect(() => parseDocId(id)).toThrow(/document id/));
});

describe('checkQueryString', () => {
  it.each(['q=%E8%B7%A8', 'q=a+b&c=', '', 'q=%25'])('accepts %j', (qs) => expect(() => checkQueryString(qs)).not.toThrow());
  it.each(['q=%E4%B8', 'q=%ZZ', 'q=%', 'q=%ED%A0%80'])('rejects %j', (qs) => expect(() => checkQueryString(qs)).toThrow(/malformed percent-encoding/));
});

describe('queryTerms', () => {
  it('keeps the positive words and phrases without operators', () => {
    expect(queryTerms('盛乐机场 "引黄入呼三期" -光伏 马铃薯 OR 燕麦|莜麦')).toEqual(['盛乐机场', '引黄入呼三期', '马铃薯', '燕麦', '莜麦']);
    expect(queryTerms('-"光伏产业" OR')).toEqual([]);
  });
});
