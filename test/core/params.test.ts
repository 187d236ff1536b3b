import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors.js';
import { MAX_MENTION_PARAGRAPHS, parseMentions, parseSearch } from '../../src/core/params.js';

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
    expect((err as AppError).code).toBe('bad_param');
    expect((err as AppError).message).toMatch(message);
  });

  it('accepts tabs and line breaks, which norm() treats as spaces', () => {
    expect(parseSearch({ q: '盛乐\t机场\n' }).q).toBe('盛乐\t机场\n');
  });
});

describe('parseSearch with several values per filter', () => {
  it('keeps one value in city, year and kind and several in cities, years and kinds', () => {
    expect(parseSearch({ q: 'a', city: '呼和浩特', year: '2025' })).toMatchObject({ city: '呼和浩特', year: 2025 });
    const p = parseSearch({ q: 'a', city: ['呼和浩特', '乌兰察布', '呼和浩特'], year: ['2024', '2025'], district: '新城区', chapter_type: ['工作安排'] });
    expect(p).toMatchObject({ cities: ['呼和浩特', '乌兰察布'], years: [2024, 2025], districts: ['新城区'], chapterTypes: ['工作安排'] });
    expect(p.city).toBeUndefined();
  });

  it('takes a year range, turned round when given backwards', () => {
    expect(parseSearch({ q: 'a', year_from: '2025', year_to: '2020' })).toMatchObject({ yearFrom: 2020, yearTo: 2025 });
    expect(() => parseSearch({ q: 'a', year_from: '20' })).toThrow(/year_from must be a 4-digit year/);
  });
});

describe('parseMentions', () => {
  it('reads limit and offset as integers ≥ 0', () => {
    expect(parseMentions({ q: 'x', limit: '0', offset: '5' })).toEqual({ q: 'x', limit: 0, offset: 5 });
  });

  it('takes a limit of at most MAX_MENTION_PARAGRAPHS: one answer is bounded', () => {
    expect(parseMentions({ q: 'x', limit: String(MAX_MENTION_PARAGRAPHS) }).limit).toBe(MAX_MENTION_PARAGRAPHS);
    expect(() => parseMentions({ q: 'x', limit: String(MAX_MENTION_PARAGRAPHS + 1) })).toThrowError(/limit must be an integer from 0 to 1000/);
  });
});

describe('the engine takes only what these accept', () => {
  it('refuses bad paging and an empty query, saying what is wrong', () => {
    expect(() => parseSearch({ q: '发展', page: '0' })).toThrowError(/page/);
    expect(() => parseSearch({ q: '发展', size: '101' })).toThrowError(/size/);
    for (const raw of [{ q: '发展', size: '0' }, { q: '发展', page: '1.5' }, { q: '  ' }]) {
      expect(() => parseSearch(raw)).toThrowError(expect.objectContaining({ code: 'bad_param' }));
    }
    for (const q of ['', '   ', '\u3000\n']) {
      expect(() => parseMentions({ q })).toThrowError(expect.objectContaining({ code: 'bad_param' }));
    }
  });
});
