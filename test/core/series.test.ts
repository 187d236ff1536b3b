import { describe, expect, it } from 'vitest';
import { ParamError } from '../../src/core/errors.js';
import { MAX_SERIES, parseSeries, usesSeriesSyntax } from '../../src/core/series.js';

describe('parseSeries', () => {
  it('reads series separated by |, ｜ or OR, and alias groups joined by = or ＝', () => {
    expect(parseSeries('南水北调 | 三峡工程')).toEqual([{ label: '南水北调', aliases: ['南水北调'] }, { label: '三峡工程', aliases: ['三峡工程'] }]);
    expect(parseSeries('南水北调 OR 三峡工程｜西气东输').map((s) => s.label)).toEqual(['南水北调', '三峡工程', '西气东输']);
    expect(parseSeries('呼和浩特新机场 = 盛乐国际机场 | 引黄入呼三期＝引黄入呼三期工程')).toEqual([
      { label: '呼和浩特新机场 = 盛乐国际机场', aliases: ['呼和浩特新机场', '盛乐国际机场'] },
      { label: '引黄入呼三期 = 引黄入呼三期工程', aliases: ['引黄入呼三期', '引黄入呼三期工程'] },
    ]);
  });

  it('tells a plain name from the series syntax', () => {
    expect(usesSeriesSyntax('盛乐国际机场')).toBe(false);
    expect(usesSeriesSyntax('ORDOS OR 包头')).toBe(true);
    expect(usesSeriesSyntax('a=b')).toBe(true);
  });

  it.each([
    ['南水北调 |', 'series 2 of 2 is empty'],
    ['| 南水北调', 'series 1 of 2 is empty'],
    ['南水北调 | | 三峡', 'series 2 of 3 is empty'],
    ['= 盛乐国际机场', 'name 1 of the alias group "= 盛乐国际机场" is empty'],
    ['呼和浩特新机场 =', 'name 2 of the alias group'],
    ['南水北调 | 南水北调', '"南水北调" is given twice'],
    ['南水北调 = 南水 北调', 'is given twice'],
    [Array.from({ length: MAX_SERIES + 1 }, (_, i) => `名${i}`).join('|'), `at most ${MAX_SERIES} series`],
  ])('refuses %s, saying what is wrong', (q, message) => {
    let error: unknown;
    try {
      parseSeries(q);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParamError);
    expect((error as ParamError).message).toContain(message);
    expect((error as ParamError).param).toBe('q');
    expect((error as ParamError).zh).toMatch(/[\u4e00-\u9fff]/);
  });
});
