/**
 * Word 97–2003 ingestion (src/ingest/formats/doc.ts) through ingestFile: seed 000 saved as .doc, and a real notice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverage, ingestFixture, ingestText, outline, SEED_000 } from '../../helpers/formats.js';
import { SEEDS } from '../../helpers/seed-docs.js';

const TXT = path.join(SEEDS, `${SEED_000}.txt`);

describe('seed 000 saved as .doc by LibreOffice', () => {
  it('gives the paragraphs of the .txt: 99.5% of its clauses, the same chapters and sections', async () => {
    const { doc, warnings } = await ingestFixture(`${SEED_000}.doc`);
    // Seed 000 has no title line (it is its report from page 2 on): its city comes from the body, a guess, said so.
    expect(warnings.map((w) => w.reason)).toEqual([expect.stringMatching(/city 呼和浩特 is a guess from the body/)]);
    const { share, missing } = coverage(fs.readFileSync(TXT, 'utf8'), doc!.paragraphs);
    expect(share, `missing:\n${missing.join('\n')}`).toBeGreaterThanOrEqual(0.995);
    expect(outline(doc!.paragraphs)).toEqual(outline(ingestText(TXT).paragraphs));
  });

  it('keeps curly quotes and dashes as written', async () => {
    const { doc } = await ingestFixture(`${SEED_000}.doc`);
    const all = doc!.paragraphs.map((p) => p.text).join('\n');
    expect(all).toContain('“六大产业集群”');
    expect(all).toContain('“天津港—呼和浩特”');
  });
});

describe('a real notice saved as .doc (南京市人民政府办公厅, 宁政办发〔2019〕55号)', () => {
  it('indexes its text, its outline and the place it is from', async () => {
    const { doc } = await ingestFixture('real/市政府办公厅关于印发南京市打造软件和信息服务产业地标行动计划的通知.doc');
    const ps = doc!.paragraphs;
    expect(doc!.meta.city).toBe('南京');
    expect(ps.map((p) => p.text)).toContain('宁政办发〔2019〕55号');
    expect(ps.filter((p) => p.level === 1).map((p) => p.text)[0]).toBe('一、总体思路和目标');
    // Page numbers live in the footer: they are not text of the report.
    expect(ps.some((p) => /^- ?\d+ ?-$/.test(p.text))).toBe(false);
  });
});
