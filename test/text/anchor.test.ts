import { describe, expect, it } from 'vitest';
import { isStableAnchor, paragraphAnchors } from '../../src/text/anchor.js';

describe('paragraphAnchors', () => {
  it('gives each paragraph an anchor from its normalised text, whatever its position', () => {
    const before = paragraphAnchors(['一、工作回顾', '引黄入呼三期工程开工。', '盛乐机场新开航线。']);
    // A rebuild that splits a heading off and renumbers everything after it.
    const after = paragraphAnchors(['政府工作报告', '一、工作回顾', '引黄入呼三期工程开工。', '盛乐机场新开航线。']);
    expect(after.slice(1)).toEqual(before);
    expect(before.every(isStableAnchor)).toBe(true);
  });

  it('treats width, spacing and traditional characters as the same text', () => {
    const [a, b] = paragraphAnchors(['跨境电商 ２０２５', '跨 境 電 商2025']);
    expect(b).toBe(`${a}-2`);
  });

  it('numbers repeats of one text so that every anchor of a document is distinct', () => {
    const anchors = paragraphAnchors(['专栏', '正文一', '专栏', '正文二', '专栏']);
    expect(new Set(anchors).size).toBe(5);
    expect(anchors[2]).toBe(`${anchors[0]}-2`);
    expect(anchors[4]).toBe(`${anchors[0]}-3`);
  });
});
