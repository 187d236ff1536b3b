/**
 * PDF ingestion (src/ingest/formats/pdf.ts, pdf-layout.ts) through ingestFile: seed 000 typeset in two columns with
 * a running header, page numbers and a footnote, a real plan outline, and the PDFs that cannot be read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { norm } from '../../../src/text/normalize.js';
import type { IngestedDoc } from '../../../src/core/types.js';
import { coverage, ingestFixture, ingestText, outline, SEED_000 } from '../../helpers/formats.js';
import { SEEDS } from '../../helpers/seed-docs.js';

const TXT = path.join(SEEDS, `${SEED_000}.txt`);
let pdf: IngestedDoc;

beforeAll(async () => {
  const r = await ingestFixture(`${SEED_000}.pdf`);
  // Seed 000 has no title line (its report from page 2 on): its city comes from the body, a guess, said so.
  expect(r.warnings.map((w) => w.reason)).toEqual([expect.stringMatching(/city 呼和浩特 is a guess from the body/)]);
  pdf = r.doc!;
});

describe('a PDF of seed 000 typeset in two columns', () => {
  it('holds at least 99.5% of the clauses of the .txt', () => {
    const { share, missing } = coverage(fs.readFileSync(TXT, 'utf8'), pdf.paragraphs);
    expect(share, `missing:\n${missing.join('\n')}`).toBeGreaterThanOrEqual(0.995);
  });

  it('has the chapters and sections of the .txt, in the same order', () => {
    expect(outline(pdf.paragraphs)).toEqual(outline(ingestText(TXT).paragraphs));
  });

  it('gets the metadata the text gives: 呼和浩特, 2025, 政府工作报告', () => {
    expect([pdf.meta.city, pdf.meta.year, pdf.meta.kind, pdf.meta.file]).toEqual(['呼和浩特', 2025, '政府工作报告', `${SEED_000}.pdf`]);
    expect(pdf.meta.id).toBe(SEED_000);
  });

  it('drops the running header and the page numbers of every page', () => {
    const texts = pdf.paragraphs.map((p) => p.text);
    expect(texts.filter((t) => t.includes('呼和浩特日报'))).toEqual([]);
    expect(texts.filter((t) => /^[-\s\d]+$/.test(t))).toEqual([]);
  });

  it('reads the left column before the right one: a paragraph running across the columns is whole', () => {
    const all = pdf.paragraphs.map((p) => norm(p.text));
    // These sentences run from the foot of the left column into the right one on the first page.
    expect(all.some((t) => t.includes(norm('新登记经营主体 7.8 万户，增长 8.9%；获评 2024 年十大最具投资价值城市')))).toBe(true);
    expect(all.some((t) => t.includes(norm('一廊两轴五带')) && t.includes(norm('马鬃山滑雪场')))).toBe(true);
  });

  it('keeps the footnote marker out of the sentence and the footnote after the text', () => {
    const all = pdf.paragraphs.map((p) => norm(p.text));
    expect(all.some((t) => t.includes(norm('国家乳业技术创新中心取得 10 项全球领先成果')))).toBe(true);
    const last = pdf.paragraphs[pdf.paragraphs.length - 1]!;
    expect(last.text).toBe('1国家乳业技术创新中心于2021年获批建设。');
  });
});

describe('a real plan outline PDF (pages 1–3 of the 云南 十五 plan, a CNKI newspaper scan with its text layer)', () => {
  it('reads its title, table of contents and preface as paragraphs with the chapters of the text', async () => {
    const { doc } = await ingestFixture('real/云南省国民经济和社会发展第十个五年计划纲要（第1-3页）.pdf');
    expect(doc!.meta.city).toBe('云南');
    const texts = doc!.paragraphs.map((p) => p.text);
    expect(texts).toContain('序言');
    expect(doc!.paragraphs.filter((p) => p.level === 1).map((p) => p.text)).toContain('第一章经济社会发展的指导思想');
    // The lines of a paragraph are joined across the column's width: the preface's first sentence is one paragraph.
    expect(texts.some((t) => norm(t).includes(norm('人民生活总体上开始进入小康, 综合经济实力明显增强。')))).toBe(true);
  });
});

describe('PDFs that cannot be read', () => {
  it.each([
    ['scan.pdf', /scan\.pdf: skipped, no text layer .*needs OCR/],
    ['encrypted.pdf', /encrypted\.pdf: skipped, encrypted PDF: it needs a password/],
    ['word97-named.pdf', /word97-named\.pdf: skipped, not a \.pdf file: it is a Word 97–2003 document \(\.doc\)/],
  ])('skips %s with one warning that names it and says why', async (name, reason) => {
    const r = await ingestFixture(name);
    expect(r.doc).toBeNull();
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ file: name, skipped: true });
    expect(r.warnings[0]!.reason).toMatch(reason);
  });

  it('indexes the text pages of a partly scanned PDF, with a warning listing the pages that need OCR', async () => {
    const r = await ingestFixture('part-scanned.pdf');
    expect(r.doc!.paragraphs.map((p) => p.text)).toEqual(['一、总体要求', '推进引黄入呼三期工程。']);
    expect(r.warnings.map((w) => [w.skipped, w.reason])).toContainEqual([false, 'part-scanned.pdf: 1 of 2 pages have no text layer (scanned?) and are not indexed: page 2']);
  });

  it('skips bytes that are no PDF at all, and a truncated PDF, with a warning', async () => {
    const { ingestFile } = await import('../../../src/ingest/index.js');
    const junk = await ingestFile(Buffer.from('not a report'), 'notes.pdf');
    expect(junk.warnings[0]!.reason).toMatch(/notes\.pdf: skipped, not a \.pdf file/);
    const cut = fs.readFileSync(path.join('test/fixtures/formats', `${SEED_000}.pdf`)).subarray(0, 2000);
    const truncated = await ingestFile(cut, 'cut.pdf');
    expect(truncated.doc).toBeNull();
    expect(truncated.warnings[0]!.reason).toMatch(/^cut\.pdf: skipped, /);
  });
});
