import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseQuery, queryTerms } from '../../src/search/query.js';

describe('parseQuery', () => {
  it('parses words, phrases, exclusions and OR groups', () => {
    expect(parseQuery('"盛乐国际机场" -通航 马铃薯 OR 燕麦')).toEqual({
      groups: [[{ kind: 'phrase', text: '盛乐国际机场' }], [{ kind: 'word', text: '马铃薯' }, { kind: 'word', text: '燕麦' }]],
      exclude: [{ kind: 'word', text: '通航' }],
    });
  });

  it('treats | (also without spaces) like OR, and -"phrase" as an excluded phrase', () => {
    expect(parseQuery('马铃薯|燕麦 -"光伏产业"')).toEqual({
      groups: [[{ kind: 'word', text: '马铃薯' }, { kind: 'word', text: '燕麦' }]],
      exclude: [{ kind: 'phrase', text: '光伏产业' }],
    });
  });

  it('accepts Chinese quotes and makes a phrase of an unbalanced quote', () => {
    expect(parseQuery('“引黄入呼三期”').groups).toEqual([[{ kind: 'phrase', text: '引黄入呼三期' }]]);
    expect(parseQuery('机场 "盛乐 国际').groups).toEqual([[{ kind: 'word', text: '机场' }], [{ kind: 'phrase', text: '盛乐 国际' }]]);
  });

  it('ignores operators that join nothing', () => {
    for (const q of ['', '-', 'OR', 'OR OR', '| |', '""', '- OR -']) expect(parseQuery(q)).toEqual({ groups: [], exclude: [] });
    expect(parseQuery('OR 马铃薯 OR').groups).toEqual([[{ kind: 'word', text: '马铃薯' }]]);
  });

  it('parses any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'"“”-|OR 马铃薯\t　－｜'), maxLength: 30 }), (q) => {
        const r = parseQuery(q);
        for (const t of [...r.groups.flat(), ...r.exclude]) expect(t.text.trim().length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
    fc.assert(fc.property(fc.string(), (q) => void parseQuery(q)), { numRuns: 1000 });
  });
});

describe('queryTerms', () => {
  it('keeps the positive words and phrases without operators', () => {
    expect(queryTerms('盛乐机场 "引黄入呼三期" -光伏 马铃薯 OR 燕麦|莜麦')).toEqual(['盛乐机场', '引黄入呼三期', '马铃薯', '燕麦', '莜麦']);
    expect(queryTerms('-"光伏产业" OR')).toEqual([]);
  });

  it('reads 或 standing alone as OR, and keeps it inside a word', () => {
    expect(queryTerms('马铃薯 或 燕麦')).toEqual(['马铃薯', '燕麦']);
    expect(queryTerms('或者')).toEqual(['或者']);
    expect(queryTerms('或')).toEqual([]);
  });
});
