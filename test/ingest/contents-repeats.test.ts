/**
 * Contents lists and repeated lines as real files have them: a `目录` whose first entry is run onto it and whose
 * lines hold several headings each, and a title line printed twice in a row. Fixtures are short excerpts of real
 * files (test/fixtures/realworld).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { IngestedDoc, IngestWarning } from '../../src/core/types.js';
import { ingestBuffer } from '../../src/ingest/index.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/realworld');

function ingest(file: string): { doc: IngestedDoc; warnings: IngestWarning[] } {
  const r = ingestBuffer(fs.readFileSync(path.join(DIR, file)), file);
  expect(r.doc, file).not.toBeNull();
  return { doc: r.doc!, warnings: r.warnings };
}

describe('contents lists', () => {
  it('keeps out a contents list whose head carries its first entry (`目录序言`) and whose lines run headings together', () => {
    const texts = ingest('toc-run-together.txt').doc.paragraphs.map((p) => p.text);
    expect(texts.some((t) => t.startsWith('目录'))).toBe(false);
    expect(texts.filter((t) => /第[一二三四五六七八九十]+章.+第[一二三四五六七八九十]+章/.test(t))).toEqual([]);
    // The headings of the text stay, once each.
    expect(texts.filter((t) => t.startsWith('第一篇指导思想和发展目标'))).toHaveLength(1);
    expect(texts.filter((t) => t.startsWith('第二十一章积极扩大就业'))).toHaveLength(1);
    expect(texts.some((t) => t.startsWith('世纪之交'))).toBe(true);
  });
});

describe('a scanned contents page', () => {
  it('keeps out two columns of entries with the scan\'s debris, dropped numerals and damaged brackets between them', () => {
    const { doc } = ingest('toc-scanned-two-columns.txt');
    const texts = doc.paragraphs.map((p) => p.text);
    // Nothing of the contents page: no tabbed pair of entries, no stray `亠` or page number, no run-together line.
    expect(texts.some((t) => t.includes('国民收入的生产和分配'))).toBe(false);
    expect(texts.some((t) => t === '亠' || t.trim() === '374')).toBe(false);
    expect(texts.some((t) => t.includes('进出口贸易（一）文化建设'))).toBe(false);
    expect(texts.some((t) => t.includes('计划的基本任务和综合经济指标'))).toBe(false);
    // The report's own headings stay, once each, and its preface opens the text.
    for (const h of ['（一）奋斗目标和总体蓝图', '（二）基本指导方针', '（三）主要任务和重要指标']) expect(texts.filter((t) => t.replace(/\s/g, '') === h)).toHaveLength(1);
    expect(texts.filter((t) => t.includes('经济增长的规模和速度'))).toHaveLength(1);
    expect(texts.some((t) => t.startsWith('本世纪最后十年'))).toBe(true);
    expect(doc.paragraphs.find((p) => p.text === '序')).toBeDefined();
  });
});

describe('repeated lines', () => {
  it('keeps one of a line printed twice in a row (an export header over the document\'s own title), with a warning', () => {
    const { doc, warnings } = ingest('line-printed-twice.txt');
    const title = '包头市人民政府办公室关于印发《包头市2022年数字政府建设考评办法》的通知';
    expect(doc.paragraphs.filter((p) => p.text === title)).toHaveLength(1);
    expect(doc.meta.title).toBe(title);
    expect(warnings.some((w) => /line-printed-twice\.txt: 1 paragraphs repeating/.test(w.reason))).toBe(true);
  });
});
