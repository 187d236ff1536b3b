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

describe('repeated lines', () => {
  it('keeps one of a line printed twice in a row (an export header over the document\'s own title), with a warning', () => {
    const { doc, warnings } = ingest('line-printed-twice.txt');
    const title = '包头市人民政府办公室关于印发《包头市2022年数字政府建设考评办法》的通知';
    expect(doc.paragraphs.filter((p) => p.text === title)).toHaveLength(1);
    expect(doc.meta.title).toBe(title);
    expect(warnings.some((w) => /line-printed-twice\.txt: 1 paragraphs repeating/.test(w.reason))).toBe(true);
  });
});
