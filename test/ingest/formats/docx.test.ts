/**
 * Word ingestion (src/ingest/formats/docx.ts, docx-numbering.ts) through ingestFile: seed 000 saved as .docx,
 * chapters 1–2 of seed 003 with heading styles and Word-generated numbering, a real provincial report, and the
 * .docx files that cannot be read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { norm } from '../../../src/text/normalize.js';
import { coverage, FORMATS, ingestFixture, ingestText, outline, SEED_000 } from '../../helpers/formats.js';
import { SEEDS } from '../../helpers/seed-docs.js';

const TXT = path.join(SEEDS, `${SEED_000}.txt`);
const PLAN_TXT = path.join(FORMATS, '003-plan-excerpt.txt');

describe('seed 000 saved as .docx by LibreOffice', () => {
  it('gives the paragraphs of the .txt: 99.5% of its clauses, the same chapters and sections', async () => {
    const { doc, warnings } = await ingestFixture(`${SEED_000}.docx`);
    // Seed 000 has no title line (it is its report from page 2 on): its city comes from the body, a guess, said so.
    expect(warnings.map((w) => w.reason)).toEqual([expect.stringMatching(/city 呼和浩特 is a guess from the body/)]);
    const { share, missing } = coverage(fs.readFileSync(TXT, 'utf8'), doc!.paragraphs);
    expect(share, `missing:\n${missing.join('\n')}`).toBeGreaterThanOrEqual(0.995);
    expect(outline(doc!.paragraphs)).toEqual(outline(ingestText(TXT).paragraphs));
    expect([doc!.meta.city, doc!.meta.year, doc!.meta.kind]).toEqual(['呼和浩特', 2025, '政府工作报告']);
  });
});

describe('a plan outline with Heading 1 / Heading 2 styles numbered by Word (chapters 1–2 of seed 003)', () => {
  it('writes the generated 第一章 / 第一节 into the headings and gives the chapters and sections of the text', async () => {
    const { doc } = await ingestFixture('003-plan.docx');
    const ps = doc!.paragraphs;
    expect(ps.filter((p) => p.level === 1).map((p) => p.text)).toEqual([
      '第一章 聚力高质量发展，夯实现代化首府强区根基',
      '第二章 擘画发展新蓝图，迈入现代化首府强区新征程',
    ]);
    expect(ps.filter((p) => p.level === 2).map((p) => p.text)).toEqual([
      '第一节 发展成就', '第二节 面临形势', '第一节 指导思想', '第二节 基本原则', '第三节 主要目标',
    ]);
    expect(outline(ps)).toEqual(outline(ingestText(PLAN_TXT).paragraphs));
  });

  it('holds 99.5% of the clauses of the text, and its table row by row', async () => {
    const { doc } = await ingestFixture('003-plan.docx');
    const { share, missing } = coverage(fs.readFileSync(PLAN_TXT, 'utf8'), doc!.paragraphs);
    expect(share, `missing:\n${missing.join('\n')}`).toBeGreaterThanOrEqual(0.995);
    const rows = doc!.paragraphs.map((p) => norm(p.text));
    expect(rows).toContain(norm('1. 地区生产总值增长 % 5.7 — 5.5左右 预期性'));
    expect(rows.some((r) => r.startsWith(norm('15. 粮食综合生产能力')))).toBe(true);
  });
});

describe('a real report saved as .docx (2025年北京市政府工作报告)', () => {
  it('indexes with its metadata, chapters and sections', async () => {
    const { doc, warnings } = await ingestFixture('real/2025年北京市政府工作报告.docx');
    expect(warnings).toEqual([]);
    expect([doc!.meta.title, doc!.meta.city, doc!.meta.year, doc!.meta.kind]).toEqual(['2025年北京市政府工作报告', '北京', 2025, '政府工作报告']);
    expect(new Set(doc!.paragraphs.map((p) => p.section).filter(Boolean)).size).toBeGreaterThanOrEqual(10);
    expect(doc!.paragraphs.every((p) => p.text.trim() === p.text && p.text !== '')).toBe(true);
  });
});

describe('.docx files that cannot be read', () => {
  it.each([
    ['corrupt.docx', /corrupt\.docx: skipped, corrupt \.docx: not a readable zip archive/],
    ['password.docx', /password\.docx: skipped, password-protected Word document/],
  ])('skips %s with one warning that names it and says why', async (name, reason) => {
    const r = await ingestFixture(name);
    expect(r.doc).toBeNull();
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ file: name, skipped: true });
    expect(r.warnings[0]!.reason).toMatch(reason);
  });
});
