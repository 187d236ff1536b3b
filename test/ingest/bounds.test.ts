/**
 * What one file can put into the index is bounded: a paragraph longer than MAX_PARAGRAPH_CHARS is cut into several,
 * a document of more than MAX_DOC_PARAGRAPHS paragraphs is skipped, each with a warning naming the file.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundParagraphs, cutText, MAX_DOC_PARAGRAPHS, MAX_PARAGRAPH_CHARS } from '../../src/ingest/bounds.js';
import { ingestBuffer } from '../../src/ingest/index.js';
import type { Paragraph } from '../../src/core/types.js';

describe('cutText', () => {
  it('cuts at sentence ends, else clause ends, else anywhere', () => {
    expect(cutText('一二三。四五六。七', 4)).toEqual(['一二三。', '四五六。', '七']);
    expect(cutText('一二三，四五六，七', 4)).toEqual(['一二三，', '四五六，', '七']);
    expect(cutText('一二三四五六七', 4)).toEqual(['一二三四', '五六七']);
  });

  it('gives pieces no longer than the bound that join back into the text, never splitting a surrogate pair', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('中', '𠀀', '。', '，', 'a', ' '), { maxLength: 200 }), fc.integer({ min: 2, max: 30 }), (chars, max) => {
        const text = chars.join('');
        const pieces = cutText(text, max);
        expect(pieces.join('')).toBe(text);
        for (const p of pieces) {
          expect(p.length).toBeLessThanOrEqual(max);
          expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(p)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('boundParagraphs', () => {
  const para = (n: number, text: string, level: Paragraph['level'] = 0): Paragraph => ({ n, text, level, chapter: '一、总体要求', section: '' });

  it('leaves a document within the bounds as it is, without warnings', () => {
    const ps = [para(1, '一、总体要求', 1), para(2, '推进。')];
    expect(boundParagraphs(ps, 'a.txt')).toEqual({ paragraphs: ps, warnings: [] });
  });

  it('cuts a long paragraph into body paragraphs of the same chapter, numbers all again and says so once', () => {
    const long = '推进引黄入呼三期工程建设。'.repeat(4000);
    const r = boundParagraphs([para(1, '一、总体要求', 1), para(2, long), para(3, '完。')], 'big.txt');
    expect(r.paragraphs.map((p) => p.text).join('')).toBe(`一、总体要求${long}完。`);
    expect(r.paragraphs.map((p) => p.n)).toEqual(r.paragraphs.map((_, i) => i + 1));
    expect(r.paragraphs.every((p) => p.text.length <= MAX_PARAGRAPH_CHARS && p.chapter === '一、总体要求')).toBe(true);
    expect(r.warnings).toEqual([expect.objectContaining({ file: 'big.txt', skipped: false })]);
    expect(r.warnings[0]!.reason).toMatch(/^big\.txt: 1 paragraph\(s\) longer than 20,000 characters cut into shorter ones \(the longest had 52,000\)$/);
  });

  it('skips a document of more paragraphs than the bound', () => {
    const ps = Array.from({ length: MAX_DOC_PARAGRAPHS + 1 }, (_, i) => para(i + 1, '好。'));
    const r = boundParagraphs(ps, 'many.txt');
    expect(r.skip?.reason).toBe('many.txt: skipped, too many paragraphs (50,001; at most 50,000)');
  });
});

describe('ingestBuffer with hostile files', () => {
  it('turns a 20 MB single line into paragraphs of at most 20,000 characters, losing nothing', () => {
    const line = '新质生产力引黄入呼三期工程盛乐国际机场航线建设推进'.repeat(270_000);
    const r = ingestBuffer(Buffer.from(line, 'utf8'), 'line.txt');
    expect(Buffer.byteLength(line)).toBeGreaterThan(20_000_000);
    const ps = r.doc!.paragraphs;
    expect(Math.max(...ps.map((p) => p.text.length))).toBeLessThanOrEqual(MAX_PARAGRAPH_CHARS);
    expect(ps.map((p) => p.text).join('')).toBe(line);
    expect(r.warnings.some((w) => /cut into shorter ones/.test(w.reason))).toBe(true);
  });

  it('skips a file of a million one-sentence lines with a warning naming it', () => {
    const lines = Array.from({ length: 1_000_000 }, (_, i) => `第${i}行。`).join('\n');
    const r = ingestBuffer(Buffer.from(lines, 'utf8'), 'million.txt');
    expect(r.doc).toBeNull();
    expect(r.warnings.at(-1)).toMatchObject({ file: 'million.txt', skipped: true });
    expect(r.warnings.at(-1)!.reason).toMatch(/too many paragraphs \(1,000,000; at most 50,000\)/);
  });
});
