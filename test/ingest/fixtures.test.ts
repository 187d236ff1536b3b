/**
 * The general rules on small fixtures of our own (test/fixtures/ingest) and on files generated here in other
 * encodings, line ends and broken forms, ingested together as one seeds directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBuffer, ingestDir, listSeedFiles, readCatalog } from '../../src/ingest/index.js';
import type { IngestResult, IngestedDoc } from '../../src/core/types.js';

const FIXTURES = path.resolve('test/fixtures/ingest');

/** A small report with Chinese only GBK can encode; the same text in every encoding must give the same doc. */
const REPORT = [
  '呼伦贝尔市政府工作报告',
  '',
  '二、2025年工作安排',
  '',
  '（一）推动跨境电商发展。满洲里口岸进出口总额增长 12%，新开通国际货运班列 3 条。',
  '',
  '（二）守护草原生态。完成沙化土地治理 80 万亩，草原综合植被盖度稳定在',
  '',
  '70%以上。',
].join('\n');

let dir: string;
let result: IngestResult;
const doc = (id: string): IngestedDoc => {
  const d = result.docs.find((x) => x.meta.id === id);
  if (!d) throw new Error(`no doc ${id}; got ${result.docs.map((x) => x.meta.id).join(', ')}`);
  return d;
};
const texts = (id: string): string[] => doc(id).paragraphs.map((p) => p.text);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-fixtures-'));
  for (const f of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
  const write = (name: string, data: Uint8Array | string): void => fs.writeFileSync(path.join(dir, name), data);
  write('utf8.txt', REPORT);
  write('utf8bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(REPORT, 'utf8')]));
  write('gbk.txt', iconv.encode(REPORT, 'gbk'));
  write('utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(REPORT, 'utf-16le')]));
  write('utf16be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(REPORT, 'utf-16be')]));
  write('crlf.txt', REPORT.replace(/\n/g, '\r\n'));
  write('cr.txt', REPORT.replace(/\n/g, '\r'));
  write('empty.txt', '');
  write('blank.md', ' \n\n\t\n');
  write('binary.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]));
  write('notes.xlsx', 'not a report');
  fs.symlinkSync(path.join(dir, 'does-not-exist'), path.join(dir, 'unreadable.txt'));
  write(
    'catalog.json',
    JSON.stringify({
      'utf8bom.txt': { title: '呼伦贝尔市2025年政府工作报告', year: 2026 },
      markdown: { kind: '其他', year: 'not a year' },
    }),
  );
  result = await ingestDir(dir);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ingestDir on a directory of fixtures', () => {
  it('ingests every report file (.txt and .md here) in file-name order and nothing else', () => {
    expect(listSeedFiles(dir)).toEqual([...listSeedFiles(dir)].sort());
    expect(listSeedFiles(dir)).not.toContain('notes.xlsx');
    expect(result.docs.map((d) => d.meta.id)).toEqual([
      'cr', 'crlf', 'district', 'fullwidth-one-line', 'gbk', 'hardwrap-plan', 'markdown', 'national', 'province',
      'utf16be', 'utf16le', 'utf8', 'utf8bom',
    ]);
  });

  it('skips the empty, blank, binary and unreadable files with warnings naming them, and goes on', () => {
    const skipped = result.warnings.filter((w) => w.skipped);
    expect(skipped.map((w) => w.file).sort()).toEqual(['binary.txt', 'blank.md', 'empty.txt', 'unreadable.txt']);
    expect(skipped.find((w) => w.file === 'unreadable.txt')!.reason).toMatch(/unreadable/);
    for (const w of skipped) expect(w.reason).toContain(w.file);
    expect(skipped.find((w) => w.file === 'binary.txt')!.reason).toMatch(/binary/);
    expect(skipped.find((w) => w.file === 'empty.txt')!.reason).toMatch(/empty/);
  });

  it('applies catalog.json over detection, field by field', () => {
    const m = doc('utf8bom').meta;
    expect([m.title, m.year, m.city]).toEqual(['呼伦贝尔市2025年政府工作报告', 2026, '呼伦贝尔']);
    expect(doc('utf8').meta.year).toBe(2025);
  });

  it('accepts catalog entries keyed by id and ignores fields of the wrong type', () => {
    expect([doc('markdown').meta.kind, doc('markdown').meta.year]).toEqual(['其他', 2025]);
  });
});

describe('decoding', () => {
  it('reads UTF-8 with and without BOM, GBK, UTF-16 LE and BE, CRLF and CR line ends alike', () => {
    const expected = doc('utf8').paragraphs;
    expect(expected.map((p) => p.text)).toEqual([
      '呼伦贝尔市政府工作报告',
      '二、2025年工作安排',
      '（一）推动跨境电商发展。满洲里口岸进出口总额增长12%，新开通国际货运班列3条。',
      '（二）守护草原生态。完成沙化土地治理80万亩，草原综合植被盖度稳定在70%以上。',
    ]);
    for (const id of ['utf8bom', 'gbk', 'utf16le', 'utf16be', 'crlf', 'cr']) {
      expect(doc(id).paragraphs, id).toEqual(expected);
    }
  });

  it('does not take GBK bytes for UTF-8 (they are detected, not assumed)', () => {
    expect(fs.readFileSync(path.join(dir, 'gbk.txt')).equals(Buffer.from(REPORT, 'utf8'))).toBe(false);
    expect(texts('gbk')[0]).toBe('呼伦贝尔市政府工作报告');
  });

  it('skips bytes that are neither UTF-8 nor GB18030, naming the file', () => {
    const junk = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 2 ? 0x80 : 0xff)));
    const r = ingestBuffer(junk, 'junk.txt');
    expect(r.doc).toBeNull();
    expect(r.warnings).toEqual([expect.objectContaining({ file: 'junk.txt', skipped: true })]);
  });
});

describe('metadata detected from the text', () => {
  it('gives a 国务院 government work report the place 全国', () => {
    const m = doc('national').meta;
    expect([m.city, m.district, m.year, m.kind]).toEqual(['全国', null, 2024, '政府工作报告']);
  });

  it('gives a district report its prefecture city and the district', () => {
    const m = doc('district').meta;
    expect([m.city, m.district, m.year, m.kind]).toEqual(['包头', '昆都仑区', 2024, '政府工作报告']);
    expect(m.title).toBe('包头市昆都仑区人民政府工作报告');
  });

  it('gives a province report the province short name', () => {
    const m = doc('province').meta;
    expect([m.city, m.district, m.year, m.kind]).toEqual(['云南', null, 2024, '政府工作报告']);
  });

  it('reads a plan outline: city without 市, the year of its date line, the kind from its title', () => {
    const m = doc('hardwrap-plan').meta;
    expect([m.city, m.district, m.year, m.kind]).toEqual(['赤峰', null, 2026, '规划纲要']);
    expect(m.title).toBe('赤峰市国民经济和社会发展第十五个五年规划纲要');
  });

  it('warns about each field it cannot detect and leaves it null', () => {
    const r = ingestBuffer(Buffer.from('会议纪要\n\n大家讨论了下一步工作。'), 'memo.txt');
    expect([r.doc!.meta.city, r.doc!.meta.year, r.doc!.meta.kind]).toEqual([null, null, null]);
    expect(r.warnings.map((w) => w.field).sort()).toEqual(['city', 'kind', 'year']);
    for (const w of r.warnings) expect(w).toMatchObject({ file: 'memo.txt', skipped: false });
    expect(r.doc!.meta.title).toBe('会议纪要');
  });
});

describe('cleaning and outline on fixtures', () => {
  it('reads a hard-wrapped report with 第X章 headings that have no space before the title', () => {
    const ps = doc('hardwrap-plan').paragraphs;
    const chapters = ps.filter((p) => p.level === 1).map((p) => p.text);
    expect(chapters).toEqual(['第一章发展基础', '第二章锚定目标任务，加快建设现代化区域中心城市']);
    expect(ps.find((p) => p.level === 2)).toMatchObject({
      text: '第一节 指导思想',
      chapter: '第二章锚定目标任务，加快建设现代化区域中心城市',
      section: '第一节 指导思想',
    });
  });

  it('joins hard wraps and a paragraph cut by a page break, dropping the page markers', () => {
    expect(texts('hardwrap-plan')).toContain(
      '全面建设社会主义现代化国家新征程上，全市将着力推进高质量发展，坚持创新驱动，加快建设现代化产业体系，推动制造业高端化、智能化、绿色化发展。',
    );
    expect(texts('hardwrap-plan')).toContain('坚持以习近平新时代中国特色社会主义思想为指导，完整准确全面贯彻新发展理念，服务和融入新发展格局。');
  });

  it('indexes nothing of a table of contents with dotted leaders', () => {
    const ps = doc('hardwrap-plan').paragraphs;
    expect(ps.filter((p) => p.text.startsWith('第一章'))).toHaveLength(1);
    expect(ps.some((p) => /…|目\s*录|（\d+）$/.test(p.text))).toBe(false);
  });

  it('splits paragraphs that sit on one long line separated by full-width spaces', () => {
    expect(doc('fullwidth-one-line').paragraphs.map((p) => [p.level, p.text])).toEqual([
      [0, '鄂尔多斯市政府工作报告'],
      [1, '一、总体要求'],
      [0, '今年是实施“十五五”规划的开局之年。我们要坚持稳中求进工作总基调。'],
      [1, '二、2026年重点工作'],
      [0, '（一）加快产业转型升级。推进新型工业化，培育新质生产力。'],
      [0, '（二）扩大有效投资。实施重点项目100个以上。'],
    ]);
    expect(doc('fullwidth-one-line').paragraphs[5]).toMatchObject({
      chapter: '二、2026年重点工作',
      section: '（二）扩大有效投资',
    });
  });

  it('drops markdown marks and keeps traditional characters as written', () => {
    const ps = doc('markdown').paragraphs;
    expect(ps.map((p) => [p.level, p.text])).toEqual([
      [0, '乌海市政府工作报告'],
      [1, '一、2025年工作安排'],
      [0, '（一）加快发展现代服务业。推进跨境電商综合试验区建设，發展數字經濟。'],
      [2, '（二）持续改善生态环境'],
      [0, '新增造林3万亩，黄河乌海段水质稳定保持Ⅱ类。'],
    ]);
    expect(ps[2]!.section).toBe('（一）加快发展现代服务业');
  });
});

describe('readCatalog', () => {
  it('returns {} when there is no catalog and names the file when it is broken', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-nocat-'));
    try {
      expect(readCatalog(empty)).toEqual({});
      fs.writeFileSync(path.join(empty, 'catalog.json'), '{ not json');
      expect(() => readCatalog(empty)).toThrow(/catalog\.json/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('lets a broken catalog warn without stopping the build', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ingest-badcat-'));
    try {
      fs.writeFileSync(path.join(d, 'catalog.json'), '[1, 2');
      fs.copyFileSync(path.join(FIXTURES, 'district.txt'), path.join(d, 'district.txt'));
      const r = await ingestDir(d);
      expect(r.docs.map((x) => x.meta.city)).toEqual(['包头']);
      expect(r.warnings).toEqual([expect.objectContaining({ file: 'catalog.json', skipped: false })]);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});
