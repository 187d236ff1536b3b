/**
 * Titles and kinds of real reports that carry no clean title line: portal labels, slogans, OCR text that lost its
 * full stops, plans and proposals that only name themselves, and news that quotes a report. One fixture per rule,
 * each a short excerpt of a real file (test/fixtures/realworld); and OCR text that lost its full stops, cut into
 * paragraphs at its source lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DocMeta } from '../../src/core/types.js';
import { ingestBuffer } from '../../src/ingest/index.js';
import { asTitle } from '../../src/ingest/titles.js';
import { RUN_ON, splitRunOn } from '../../src/ingest/runon.js';
import { toBlocks } from '../../src/ingest/clean.js';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/realworld');

function meta(file: string): DocMeta {
  const r = ingestBuffer(fs.readFileSync(path.join(DIR, file)), file);
  expect(r.doc, file).not.toBeNull();
  return r.doc!.meta;
}

describe('titles', () => {
  it('takes the speech\'s own title when a portal label is glued to its front', () => {
    const m = meta('portal-label-glued-to-title.txt');
    expect([m.title, m.year, m.kind]).toEqual(['关于1955年国家决算和1956年国家预算的报告', 1956, '政府工作报告']);
  });

  it('never takes a slogan beside the delivery line for the title: the report keeps its label', () => {
    expect(meta('slogan-beside-delivery.txt').title).toBe('1960年国务院政府工作报告');
  });

  it('reads a label naming who delivered the report as no title, and names the generic report by place and year', () => {
    const m = meta('speaker-label.txt');
    expect([m.title, m.city, m.year, m.kind]).toEqual(['国务院2010年政府工作报告', '全国', 2010, '政府工作报告']);
  });

  it('joins a slogan title over two lines with the speech subtitle under it, and reads the speech as 其他', () => {
    const m = meta('slogan-speech-subtitle.txt');
    expect([m.title, m.city, m.year, m.kind]).toEqual(['决胜全面建成小康社会 夺取新时代中国特色社会主义伟大胜利——在中国共产党第十九次全国代表大会上的报告', '全国', 2017, '其他']);
  });

  it('reads an OCR line that lost its full stop as a sentence, not a title: it dates an event or says what a thing is', () => {
    const lines = fs.readFileSync(path.join(DIR, 'ocr-sentence-not-title.txt'), 'utf8').split('\n');
    expect(asTitle(lines[0]!)).toBeNull();
    expect(asTitle('第二个五年计划是实现我国过渡时期总任务的一个极其重要的关键')).toBeNull();
    expect(asTitle('《纲要》是在发展社会主义市场经济条件下的第一个中长期规划')).toBeNull();
    expect(asTitle('关于1955年国家决算和1956年国家预算的报告')).toBe('关于1955年国家决算和1956年国家预算的报告');
    expect(meta('ocr-sentence-not-title.txt').title).not.toBe(lines[0]!.trim());
  });

  it('takes the name a plan shortens (`制定《…纲要》（以下简称《纲要》）`) as its title, in its own words', () => {
    const m = meta('plan-short-name.txt');
    expect([m.title, m.city, m.year, m.kind]).toEqual(['中华人民共和国国民经济和社会发展“九五”计划和二○一○年远景目标纲要', '全国', 1996, '规划纲要']);
  });
});

describe('kinds', () => {
  it('reads a text that says it proposes a plan (`提出关于…计划的建议`) as 规划建议, dated the year before the plan', () => {
    const m = meta('proposal-names-itself.txt');
    expect([m.title, m.city, m.year, m.kind]).toEqual(['全国1956年规划建议', '全国', 1956, '规划建议']);
  });

  it('reads a text without a title laid out in 第N章 chapters and naming its plan as that plan', () => {
    const m = meta('plan-chapters-untitled.txt');
    expect([m.kind, m.year]).toEqual(['规划纲要', 1986]);
  });

  it('reads a text whose first part reviews the year\'s work (`一、2019年…工作回顾`) as a government work report', () => {
    const m = meta('news-led-national-report.txt');
    expect([m.title, m.kind]).toEqual(['国务院2020年政府工作报告', '政府工作报告']);
  });

  it('reads a posted article with a byline whose headline quotes a report as news, not as that report', () => {
    const m = meta('news-headline-quotes-report.md');
    expect([m.kind, m.city, m.year]).toEqual(['新闻报道', '全国', 2020]);
  });

  it('places news whose lead is about the Premier at 全国, reading traditional characters', () => {
    const m = meta('news-premier-lead.md');
    expect([m.kind, m.city, m.year]).toEqual(['新闻报道', '全国', 2021]);
  });
});

describe('run-on OCR text without full stops', () => {
  it('cuts a stretch with no sentence end where its source lines began, never inside brackets or quotes', () => {
    const lines = fs.readFileSync(path.join(DIR, 'ocr-lines-without-stops.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    const text = lines.join('');
    expect(text.length).toBeGreaterThan(RUN_ON);
    expect(text).not.toMatch(/[。！？]/);
    const breaks: number[] = [];
    let at = 0;
    for (const l of lines) {
      if (at > 0) breaks.push(at);
      at += l.length;
    }
    const { blocks } = splitRunOn([{ text, kind: 'text', breaks }]);
    expect(blocks.length).toBeGreaterThan(2);
    expect(blocks.map((b) => b.text).join('')).toBe(text);
    for (const b of blocks) {
      expect(b.text.length).toBeLessThanOrEqual(RUN_ON);
      // Each piece ends where a source line ended, and no quote or bracket is left open.
      expect(lines.some((l) => b.text.endsWith(l))).toBe(true);
      expect((b.text.match(/[“（]/g) ?? []).length).toBe((b.text.match(/[”）]/g) ?? []).length);
    }
  });

  it('keeps the line structure through cleaning: a long joined block records where its lines began', () => {
    const text = fs.readFileSync(path.join(DIR, 'ocr-lines-without-stops.txt'), 'utf8').replace(/^[\u3000 ]+/gm, '');
    const long = toBlocks(text).filter((b) => b.text.length > RUN_ON);
    expect(long.length).toBeGreaterThan(0);
    for (const b of long) expect(b.breaks?.length).toBeGreaterThan(10);
  });
});

describe('kinds of posted articles', () => {
  it('keeps a posted copy of a report, headlined with the report\'s title and `全文`, a report', () => {
    const text = '---\ntitle: "2020年政府工作报告全文"\ndate: "2020-05-22"\nauthor: "编辑部"\n---\n\n# 2020年政府工作报告全文\n\n各位代表：\n\n现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\n';
    const r = ingestBuffer(Buffer.from(text), 'posted-report.md');
    expect(r.doc!.meta.kind).toBe('政府工作报告');
  });
});
