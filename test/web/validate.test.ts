import { describe, expect, it } from 'vitest';
import { checkQueryString, parseDocId } from '../../src/web/validate.js';

describe('parseDocId', () => {
  it.each(['000_cacabed7aa6ec20d', '报告-2025.v2', 'with space', 'hash#1', '-leading', '全角（括号）', 'l'.repeat(240)])('accepts %s', (id) => expect(parseDocId(id)).toBe(id));
  it.each(['..', '../x', '.env', 'a/b', 'a\\b', '', 'a\u0000'])('rejects %j', (id) => expect(() => parseDocId(id)).toThrow(/document id/));
});

describe('checkQueryString', () => {
  it.each(['q=%E8%B7%A8', 'q=a+b&c=', '', 'q=%25'])('accepts %j', (qs) => expect(() => checkQueryString(qs)).not.toThrow());
  it.each(['q=%E4%B8', 'q=%ZZ', 'q=%', 'q=%ED%A0%80'])('rejects %j', (qs) => expect(() => checkQueryString(qs)).toThrow(/malformed percent-encoding/));
});
