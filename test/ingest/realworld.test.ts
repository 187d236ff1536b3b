/**
 * Ingestion of reports as they are found in the wild, one rule per fixture. The fixtures are short excerpts of real
 * files from public corpora of 政府工作报告 and 五年规划 (bench/realworld.md says where the full ones come from), kept in
 * their original encoding.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { IngestedDoc, IngestWarning } from '../../src/core/types.js';
import { ingestBuffer } from '../../src/ingest/index.js';
import { dropChrome, isFurniture } from '../../src/ingest/chrome.js';
import { decode } from '../../src/ingest/decode.js';
import { dropRepeats } from '../../src/ingest/repeats.js';
import { repairMarkers } from '../../src/ingest/repair.js';
import { splitRunOn } from '../../src/ingest/runon.js';
import { plainYears } from '../../src/ingest/metadata.js';
import { norm } from '../../src/text/normalize.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/realworld');

function ingest(file: string): { doc: IngestedDoc; warnings: IngestWarning[] } {
  const r = ingestBuffer(fs.readFileSync(path.join(DIR, file)), file);
  expect(r.doc, file).not.toBeNull();
  return { doc: r.doc!, warnings: r.warnings };
}

const texts = (d: IngestedDoc): string[] => d.paragraphs.map((p) => p.text);

describe('page chrome', () => {
  it('drops a portal page\'s furniture and keeps the report: breadcrumbs, masthead, font switch, editor and share lines, export escapes, HTML comments', () => {
    const { doc } = ingest('portal-page-twice.txt');
    const all = texts(doc).join('\n');
    for (const chrome of ['当前位置', '字体', '责任编辑', 'E-mail推荐', 'www.gov.cn', '<!--', '<U+00A0>', '来源：人民网']) {
      expect(all, chrome).not.toContain(chrome);
    }
    expect(texts(doc)).toContain('1954年国务院政府工作报告');
    expect(all).toContain('我们第一届全国人民代表大会第一次会议');
  });

  it('reads the text of HTML saved inside a text file, tags out and entities decoded', () => {
    const { doc } = ingest('html-in-text.txt');
    expect(texts(doc).join('')).not.toMatch(/<\/?(p|h\d|div)\b/);
    expect(texts(doc)[0]).toBe('各位代表：');
    expect(doc.paragraphs.find((p) => p.level === 1)?.text).toBe('一、2013年工作回顾');
  });

  it('takes lines of furniture by their shape, never a sentence that only mentions such a word', () => {
    for (const line of ['当前位置： 首页>> 中国概况', '【字体：大 中 小】', '（责任编辑： 郭桢', '【E-mail推荐', ' 375 ', '- 3 -', '第 12 页',
      '中央政府门户网站　www.gov.cn　　 2006年02月23日 14时43分　　 来源：人民网', '云南日报 / 2 0 0 1年 / 0 2月 / 2 0日 / 第 A0 1版 /', '分类号:BH6 6',
      '©1994-2016 China Academic Journal Electronic Publishing House. All rights reserved.']) {
      expect(isFurniture(line), line).toBe(true);
    }
    for (const line of ['2025年全市生产总值增长6%。', '编辑出版《呼和浩特年鉴》，记录城市发展。', '首页设计大赛在呼和浩特举办。', '2025', '来源广泛的资金渠道进一步拓宽，民间投资增长12%，占全部投资的比重达到55%以上，创历史新高。']) {
      expect(isFurniture(line), line).toBe(false);
    }
  });

  it('joins a sentence that a bare page number cut', () => {
    const { text } = dropChrome('我们要坚定不移推进改革开放，\n 375 \n不断增强发展的动力和活力。\n');
    const doc = ingestBuffer(Buffer.from(text), 'x.txt').doc!;
    expect(texts(doc)).toEqual(['我们要坚定不移推进改革开放，不断增强发展的动力和活力。']);
  });
});

describe('repeated text', () => {
  it('indexes a report saved twice in one page once, and says how much it dropped', () => {
    const { doc, warnings } = ingest('portal-page-twice.txt');
    const seen = new Set<string>();
    for (const t of texts(doc).filter((x) => norm(x).length > 16)) {
      expect(seen.has(norm(t)), t).toBe(false);
      seen.add(norm(t));
    }
    expect(warnings).toEqual([expect.objectContaining({ file: 'portal-page-twice.txt', reason: expect.stringMatching(/paragraphs repeating earlier text of the file dropped/) })]);
  });

  it('keeps a short line a report repeats on purpose, and a long paragraph said twice apart', () => {
    const blocks = ['各位代表：', '一、回顾', '过去一年，经济运行稳中向好，居民收入稳步增长。', '各位代表：', '二、安排', '今年要坚持稳中求进，推动高质量发展。'].map((text) => ({ text, kind: 'text' as const }));
    expect(dropRepeats(blocks).blocks).toHaveLength(6);
    const again = [...blocks, { text: '过去一年，经济运行稳中向好，居民收入稳步增长。', kind: 'text' as const }];
    expect(dropRepeats(again).dropped).toBe(0);
  });
});

describe('run-on text', () => {
  it('cuts a report scraped onto one line into paragraphs at its headings and sentence ends', () => {
    const { doc } = ingest('run-on-line.txt');
    const source = fs.readFileSync(path.join(DIR, 'run-on-line.txt'), 'utf8');
    expect(doc.paragraphs.length).toBeGreaterThan(5);
    for (const p of doc.paragraphs) {
      expect(p.text.length).toBeLessThanOrEqual(1500);
      // Never inside a sentence: every paragraph but the last ends a sentence.
      if (p !== doc.paragraphs.at(-1)) expect(p.text, p.text.slice(-20)).toMatch(/[。！？：][”’」』）)]*$/);
    }
    expect(doc.paragraphs.some((p) => p.chapter.startsWith('一、2013年工作回顾'))).toBe(true);
    expect(norm(texts(doc).join(''))).toBe(norm(dropChrome(source).text));
  });

  it('keeps a table of contents run together on one line out of the text', () => {
    const { doc } = ingest('plan-flat-toc.txt');
    expect(texts(doc).some((t) => /第一章经济社会发展的指导思想第二章/.test(t))).toBe(false);
    const blocks = splitRunOn([{ text: '第一章经济社会发展的指导思想第二章经济社会发展的主要目标第二篇调整经济结构', kind: 'text' }]);
    expect(blocks).toMatchObject({ blocks: [], tocs: 1 });
    // A list inside a sentence is text.
    expect(splitRunOn([{ text: '主要任务包括：一、加强基础设施；二、推进产业升级；三、改善民生', kind: 'text' }]).blocks).toHaveLength(1);
  });
});

describe('metadata from evidence', () => {
  it('reads years written in full-width digits, with spaces, or in Chinese numerals', () => {
    expect(plainYears('——２０１０年３月５日在第十一届全国人民代表大会第三次会议上')).toContain('2010年3月5日');
    expect(plainYears('(2 0 0 1年2月1 6日云南省第九届人民代表大会第四次会议通过)')).toContain('2001年2月16日');
    expect(plainYears('——一九九二年三月二十日在第七届全国人民代表大会第五次会议上')).toContain('1992年');
    expect(plainYears('二〇三五年远景目标')).toContain('2035年');
  });

  it('takes the year of a portal page from its title and delivery line, never from the posting date', () => {
    const { doc } = ingest('portal-page-twice.txt');
    expect([doc.meta.year, doc.meta.city, doc.meta.kind]).toEqual([1954, '全国', '政府工作报告']);
    expect(doc.meta.guessed).toEqual([]);
  });

  it('gives a national report 全国 whatever cities its body names', () => {
    expect(ingest('run-on-line.txt').doc.meta.city).toBe('全国');
  });

  it('names a report with a generic title by its place and year, and keeps the district of its delivery line', () => {
    const { doc } = ingest('district-generic-title.txt');
    expect([doc.meta.title, doc.meta.city, doc.meta.district, doc.meta.year, doc.meta.kind]).toEqual(['海拉尔区2012年政府工作报告', '呼伦贝尔', '海拉尔区', 2012, '政府工作报告']);
  });

  it('reads a plan\'s approval line and its title, past a newspaper header', () => {
    const { doc } = ingest('plan-flat-toc.txt');
    expect([doc.meta.title, doc.meta.city, doc.meta.year, doc.meta.kind]).toEqual(['云南省国民经济和社会发展第十个五年计划纲要', '云南', 2001, '规划纲要']);
  });

  it('uses front matter as weak evidence, marks what it guessed and warns naming the file and field', () => {
    const { doc, warnings } = ingest('front-matter.md');
    expect(doc.meta.title).toBe('中國兩會的三大重點');
    expect(doc.meta.year).toBe(2019);
    expect(doc.meta.guessed).toEqual(expect.arrayContaining(['title', 'year']));
    expect(texts(doc).join('')).not.toContain('original_url');
    expect(warnings.some((w) => w.field === 'year' && w.reason.startsWith('front-matter.md: year 2019 is a guess'))).toBe(true);
  });
});

describe('encodings the fast rules do not settle', () => {
  const report = fs.readFileSync(path.join(DIR, 'district-generic-title.txt'), 'utf8');

  it('reads UTF-16 without a byte order mark, in either byte order', () => {
    const le = Buffer.from(report, 'utf16le');
    for (const [buf, enc] of [[le, 'utf-16le'], [Buffer.from(le).swap16(), 'utf-16be']] as const) {
      const d = decode(buf);
      expect(d).toMatchObject({ ok: true, encoding: enc });
      expect(ingestBuffer(buf, 'x.txt').doc!.meta.title).toBe('海拉尔区2012年政府工作报告');
    }
  });

  it('asks a detector (chardet) when the bytes are neither UTF-8 nor plainly GB text: Big5 from Taiwan and Hong Kong', () => {
    const trad = '一、總體要求\n今年要穩中求進，推動高質量發展。政府工作報告提出，要堅持穩中求進工作總基調。\n'.repeat(4);
    const d = decode(iconv.encode(trad, 'big5'));
    expect(d).toMatchObject({ ok: true, encoding: 'big5' });
    expect(d.ok && norm(d.text)).toContain('政府工作报告');
  });

  it('keeps the fast path for GBK text of simplified characters', () => {
    expect(decode(fs.readFileSync(path.join(DIR, 'portal-page-twice.txt')))).toMatchObject({ ok: true, encoding: 'gb18030' });
  });
});

describe('OCR damage to heading markers', () => {
  const block = (text: string, kind: 'text' | 'heading' = 'text') => ({ text, kind });

  it('reads angle brackets an OCR pass put for parentheses (〈一）, （一〉, （五〕)', () => {
    const { blocks } = repairMarkers([block('〈一）基本任务'), block('（一〉完善以公有制为主体的所有制结构'), block('（五〕原材料工业')]);
    expect(blocks.map((b) => b.text)).toEqual(['（一）基本任务', '（一）完善以公有制为主体的所有制结构', '（五）原材料工业']);
  });

  it('restores the numerals of chapter headings that lost them when the neighbouring headings pin them', () => {
    const lines = ['、1991一2000年的主要目标和指导方针', '今后十年的奋斗目标是……。', '、“八五”计划的基本任务和综合经济指标', '“八五”期间……。',
      '、“八五”期间主要经济部门发展的任务和政策', '农业是……。', '四、“八五”期间地区经济发展的布局和政策'];
    const { blocks, repaired } = repairMarkers(lines.map((t) => block(t)));
    expect(repaired).toBe(3);
    expect(blocks.filter((b) => b.kind === 'heading').map((b) => b.text.slice(0, 2))).toEqual(['一、', '二、', '三、']);
  });

  it('leaves a numeral it cannot be sure of', () => {
    const { repaired } = repairMarkers([block('二、总体要求'), block('、主要任务'), block('五、保障措施')]);
    expect(repaired).toBe(0);
  });
});

describe('titles, notices and plans', () => {
  const meta = (file: string) => ingest(file).doc.meta;

  it('joins a notice title set over three lines: the issuer, `关于…`, `…的通知`, and keeps the district it names', () => {
    const m = meta('notice-title-three-lines.txt');
    expect(m.title).toBe('舟山市普陀区人民政府办公室关于印发2021年政府工作报告重点工作责任分解的通知');
    expect([m.city, m.district, m.kind]).toEqual(['舟山', '普陀区', '其他']);
  });

  it('joins a plan title whose place stands on the line above, and takes the place from it', () => {
    const m = meta('plan-title-two-lines.txt');
    expect([m.title, m.city, m.year, m.kind]).toEqual(['云南省国民经济和社会发展第十个五年计划纲要', '云南', 2001, '规划纲要']);
  });

  it('gives a notice that issues a plan the plan\'s title and kind, dated by the plan\'s number', () => {
    const m = meta('notice-issuing-plan.txt');
    expect([m.title, m.city, m.year, m.kind]).toEqual(['南京市文化创意产业“十一五”发展规划纲要', '南京', 2006, '规划纲要']);
  });

  it('keeps the place of the issuer a title opens with, though it names a national report', () => {
    const m = meta('issuer-names-national-report.txt');
    expect([m.city, m.year, m.kind]).toEqual(['天津', 2020, '其他']);
    expect(m.title).toBe('天津市人民政府印发关于落实国务院《政府工作报告》重点工作任务分工的通知');
  });

  it('takes the title a plan gives itself in its first sentence, without its period, and dates it by its number', () => {
    const m = meta('plan-names-itself.txt');
    expect([m.title, m.city, m.year, m.kind]).toEqual(['中华人民共和国国民经济和社会发展第十二个五年规划纲要', '全国', 2011, '规划纲要']);
  });

  it('dates a national report led by a news paragraph by the session of the National People\'s Congress it names', () => {
    const m = meta('news-led-national-report.txt');
    expect([m.city, m.year]).toEqual(['全国', 2020]);
    expect(m.guessed).toContain('year');
  });
});

describe('contents without page numbers', () => {
  it('keeps out a contents list under 目录 whose entries stand again as headings, and keeps those headings', () => {
    const { doc } = ingest('toc-without-pages.txt');
    const headings = doc.paragraphs.filter((p) => p.level > 0).map((p) => p.text);
    expect(headings).toEqual(['一、国家在过渡时期的总任务', '二、第一个五年计划概要', '三、第一个五年计划的若干问题', '（一）关于工业和运输业的基本建设问题', '（二）关于工业的生产问题']);
    // The salutation comes before every heading: nothing of the contents list stands above it.
    const firstHeading = doc.paragraphs.findIndex((p) => p.level > 0);
    expect(texts(doc).slice(0, firstHeading)).toContain('各位代表：');
    expect(texts(doc)).not.toContain('目录');
  });
});
