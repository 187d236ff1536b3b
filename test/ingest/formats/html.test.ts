/**
 * Saved web pages (src/ingest/formats/html.ts, html-lines.ts) through ingestFile: seed 000 saved as .html, a real
 * government page with its navigation and chrome, and small pages made here for one rule each.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../../src/ingest/index.js';
import { coverage, ingestFixture, ingestText, outline, SEED_000 } from '../../helpers/formats.js';
import { SEEDS } from '../../helpers/seed-docs.js';

const TXT = path.join(SEEDS, `${SEED_000}.txt`);
const page = (body: string, head = '<title>测试页面</title>'): Buffer =>
  Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`);

describe('seed 000 saved as .html by LibreOffice', () => {
  it('gives the paragraphs of the .txt: 99.5% of its clauses, the same chapters and sections', async () => {
    const { doc, warnings } = await ingestFixture(`${SEED_000}.html`);
    // Seed 000 has no title line (it is its report from page 2 on): its city comes from the body, a guess, said so.
    expect(warnings.map((w) => w.reason)).toEqual([expect.stringMatching(/city 呼和浩特 is a guess from the body/)]);
    const { share, missing } = coverage(fs.readFileSync(TXT, 'utf8'), doc!.paragraphs);
    expect(share, `missing:\n${missing.join('\n')}`).toBeGreaterThanOrEqual(0.995);
    expect(outline(doc!.paragraphs)).toEqual(outline(ingestText(TXT).paragraphs));
  });
});

describe('a real government page saved from a browser (宜春市2022年统计公报, an excerpt)', () => {
  it('reads the main text only: the title, the 一、二、 chapters and the body, none of the site chrome', async () => {
    const { doc } = await ingestFixture('real/宜春市2022年国民经济和社会发展统计公报 _ 中国宜春.html');
    const texts = doc!.paragraphs.map((p) => p.text);
    expect(doc!.meta.title).toBe('宜春市2022年国民经济和社会发展统计公报');
    expect(doc!.meta.city).toBe('宜春');
    expect(texts[0]).toBe('宜春市2022年国民经济和社会发展统计公报');
    expect(doc!.paragraphs.filter((p) => p.level === 1).map((p) => p.text).slice(0, 2)).toEqual(['一、综合', '二、农业']);
    for (const chrome of ['当前位置', '网站首页', '字体', '打印', '关闭', '分享', '访问量', 'jQuery', 'function']) {
      expect(texts.filter((t) => t.includes(chrome)), chrome).toEqual([]);
    }
  });
});

describe('pages made for one rule each', () => {
  it('gives <h2>/<h3> the chapter and section levels and keeps the page title as the first line', async () => {
    const html = page(
      `<nav><a href="/">首页</a> › <a href="/x">政策文件</a></nav><h1>某市2025年工作要点</h1><h2>总体要求</h2><p>坚持稳中求进。</p><h3>重点任务</h3><p>推进引黄入呼三期工程。</p>`.repeat(1),
      '<title>某市2025年工作要点 - 某市人民政府</title>',
    );
    const { doc } = await ingestFile(html, 'page.html');
    expect(doc!.paragraphs.map((p) => [p.level, p.text, p.chapter, p.section])).toEqual([
      [0, '某市2025年工作要点', '', ''],
      [1, '总体要求', '总体要求', ''],
      [0, '坚持稳中求进。', '总体要求', ''],
      [2, '重点任务', '总体要求', '重点任务'],
      [0, '推进引黄入呼三期工程。', '总体要求', '重点任务'],
    ]);
  });

  it('decodes entities, reads <br> as a line break and a run of them as a paragraph break', async () => {
    const html = page('<div>一、总体要求<br>推进&ldquo;引黄入呼&rdquo;三期工程，<br>&#24314;成后供水。<br><br>二、保障措施<br>加强组织领导。</div>');
    const { doc } = await ingestFile(html, 'br.html');
    expect(doc!.paragraphs.map((p) => p.text)).toEqual(['一、总体要求', '推进“引黄入呼”三期工程，建成后供水。', '二、保障措施', '加强组织领导。']);
  });

  it('keeps a table searchable row by row', async () => {
    const html = page('<p>主要指标如下。</p><table><tr><th>指标</th><th>2025年</th></tr><tr><td>地区生产总值</td><td>4000亿元</td></tr></table>');
    const { doc } = await ingestFile(html, 'table.html');
    expect(doc!.paragraphs.map((p) => p.text)).toEqual(['主要指标如下。', '指标 2025年', '地区生产总值 4000亿元']);
  });

  it('reads a page in the GBK its <meta> declares', async () => {
    const html = iconv.encode('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>报告</title></head><body><p>一、总体要求</p><p>推进乌兰察布跨境電商发展。</p></body></html>', 'gbk');
    const { doc } = await ingestFile(html, 'gbk.htm');
    expect(doc!.paragraphs.map((p) => p.text)).toEqual(['一、总体要求', '推进乌兰察布跨境電商发展。']);
    expect(doc!.meta.file).toBe('gbk.htm');
  });

  it('skips a page with no text, and a binary file named .html, with a warning', async () => {
    const empty = await ingestFile(page('<script>var x = 1;</script>'), 'empty.html');
    expect(empty.doc).toBeNull();
    expect(empty.warnings[0]!.reason).toMatch(/^empty\.html: skipped, /);
    const pdf = await ingestFile(fs.readFileSync(path.join('test/fixtures/formats/encrypted.pdf')), 'report.html');
    expect(pdf.warnings[0]!.reason).toMatch(/^report\.html: skipped, not a web page: it is a PDF/);
  });
});
