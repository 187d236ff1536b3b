/** Five-year plans and congress sessions as evidence of a year; titles broken over lines and notices. */
import { describe, expect, it } from 'vitest';
import { cnNumber, npcSessionYear, planNumber, planStart, planYear } from '../../src/ingest/plans.js';
import { issuedDocument, joinTitleLines, selfNamedPlan } from '../../src/ingest/titles.js';
import { ingestBuffer } from '../../src/ingest/index.js';

const meta = (text: string) => ingestBuffer(Buffer.from(text, 'utf8'), 'doc.txt').doc!.meta;

describe('five-year plans', () => {
  it('reads Chinese numerals up to 九十九', () => {
    expect([cnNumber('九'), cnNumber('十'), cnNumber('十一'), cnNumber('二十'), cnNumber('十五')]).toEqual([9, 10, 11, 20, 15]);
    expect(cnNumber('十十')).toBeNull();
  });

  it('takes the latest plan a text discusses at length, not the one it reviews or one it names in passing', () => {
    expect(planNumber('“六五”期间成绩显著。“六五”计划完成。“六五”。第七个五年计划时期。“七五”计划的任务。')).toBe(7);
    expect(planNumber('第一个五年计划。第一个五年计划。第一个五年计划。第一个五年计划。为第二个五年计划准备。')).toBe(1);
    expect(planNumber('没有计划。')).toBeNull();
  });

  it('dates a plan by its first year and a proposal by the year before; the national plans adopted late by theirs', () => {
    expect([planStart(1), planStart(2), planStart(3), planStart(14)]).toEqual([1953, 1958, 1966, 2021]);
    expect(planYear(14, '规划纲要', false)).toBe(2021);
    expect(planYear(15, '规划建议', false)).toBe(2025);
    expect([planYear(1, '规划纲要', true), planYear(6, '规划纲要', true), planYear(2, '规划建议', true)]).toEqual([1955, 1982, 1956]);
  });

  it('dates a session of the National People\'s Congress', () => {
    expect(npcSessionYear('十三届全国人大三次会议在人民大会堂开幕')).toBe(2020);
    expect(npcSessionYear('——在第十一届全国人民代表大会第四次会议上')).toBe(2011);
    expect(npcSessionYear('第一届全国人民代表大会第一次会议')).toBe(1954);
    expect(npcSessionYear('市第十五届人民代表大会第三次会议')).toBeNull();
  });

  it('dates a local plan whose title has no year by the plan it names, not by its targets', () => {
    const m = meta('包头市国民经济和社会发展第十四个五年规划纲要\n\n第一章 发展基础\n\n到2025年主要目标\n\n经济稳定增长。');
    expect([m.year, m.kind]).toEqual([2021, '规划纲要']);
  });
});

describe('titles', () => {
  const place = (l: string): boolean => /^(?:云南|中华人民共和国)/.test(l);

  it('joins the lines after a title until it ends with a kind of document, and only then', () => {
    expect(joinTitleLines(['关于印发2021年重点工作', '责任分解的通知', '各镇人民政府：'], 0, '关于印发2021年重点工作', place)).toBe('关于印发2021年重点工作责任分解的通知');
    expect(joinTitleLines(['关于印发重点工作', '各镇人民政府'], 0, '关于印发重点工作', place)).toBe('关于印发重点工作');
  });

  it('joins a line before that opens the title (`关于…`, or a first line naming an issuer or a place), never a document number', () => {
    expect(joinTitleLines(['重庆市人民政府办公厅', '关于印发方案的通知'], 1, '关于印发方案的通知', place)).toBe('重庆市人民政府办公厅关于印发方案的通知');
    expect(joinTitleLines(['云南省国民经济和社会发展', '第十个五年计划纲要'], 1, '第十个五年计划纲要', place)).toBe('云南省国民经济和社会发展第十个五年计划纲要');
    expect(joinTitleLines(['宁政办发〔2019〕55号', '市政府办公厅关于印发南京市打造软件', '和信息服务产业地标行动计划的通知'], 2, '和信息服务产业地标行动计划的通知', place)).toBe('市政府办公厅关于印发南京市打造软件和信息服务产业地标行动计划的通知');
    expect(joinTitleLines(['各位代表', '政府工作报告'], 1, '政府工作报告', place)).toBe('政府工作报告');
  });

  it('does not join a title that already ends with a kind of document and a bracketed note', () => {
    expect(joinTitleLines(['1964年国务院政府工作报告（摘要）', '1964年国务院政府工作报告（摘要）'], 0, '1964年国务院政府工作报告（摘要）', place)).toBe('1964年国务院政府工作报告（摘要）');
  });

  it('reads what a notice issues: a report or plan as itself, anything else as 其他', () => {
    expect(issuedDocument('关于印发《呼和浩特市“十四五”发展规划纲要》的通知')).toEqual({ title: '呼和浩特市“十四五”发展规划纲要', kind: '规划纲要' });
    expect(issuedDocument('关于印发2021年政府工作报告重点工作责任分解的通知')?.kind).toBe('其他');
    expect(issuedDocument('2025年政府工作报告')).toBeNull();
  });

  it('takes the name a plan gives itself in its first sentence', () => {
    expect(selfNamedPlan('呼和浩特市国民经济和社会发展第十四个五年规划纲要，根据《建议》编制。')).toBe('呼和浩特市国民经济和社会发展第十四个五年规划纲要');
    expect(selfNamedPlan('“十四五”时期是关键时期，要编制好规划纲要。')).toBeNull();
  });
});
