import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvRow, mentionsCsv, BOM } from '../../src/web/csv.js';
import type { MentionsResult } from '../../src/core/types.js';
import { parseCsv } from '../helpers/csv.js';


describe('csvRow', () => {
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
    expect(csvRow([value])).toBe(`${cell}\r\n`);
  });

  it('writes null as an empty cell and numbers as they are', () => {
    expect(csvRow([null, 2025])).toBe(',2025\r\n');
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
