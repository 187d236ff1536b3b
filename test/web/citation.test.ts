import { describe, expect, it } from 'vitest';
import type { DocMeta } from '../../src/core/types.js';
import { bibtex, gbt7714, paragraphCitation, reportFacts, ris } from '../../src/web/citation.js';

const doc = (title: string, kind: DocMeta['kind'] = '政府工作报告'): DocMeta => ({
  id: 'gov_1991', title, city: '全国', district: null, year: 1991, kind, file: 'gov_1991.txt', paragraphs: 3, guessed: [], duplicateOf: null,
});
const paras = (...texts: string[]) => texts.map((text, i) => ({ n: i + 1, text, level: 0 as const, chapter: '', section: '' }));

describe('reportFacts', () => {
  it('reads the delivery line and the speaker’s office', () => {
    const facts = reportFacts(doc('1991年国务院政府工作报告'), paras('政府工作报告', '——1991年3月25日在第七届全国人民代表大会第四次会议上', '国务院总理 李鹏'));
    expect(facts).toEqual({ issuer: '国务院', date: '1991-03-25', meeting: '第七届全国人民代表大会第四次会议' });
  });

  it('reads Chinese-numeral dates and an adoption line', () => {
    const facts = reportFacts(doc('规划纲要', '规划纲要'), paras('（二〇二一年二月五日呼和浩特市第十五届人民代表大会第五次会议通过）'));
    expect(facts.date).toBe('2021-02-05');
    expect(facts.meeting).toBe('呼和浩特市第十五届人民代表大会第五次会议');
  });

  it('skips a second day or the speaker between the date and the meeting, and takes no office out of a run of text', () => {
    expect(reportFacts(doc('报告'), paras('——1955年7月5日至6日在第一届全国人民代表大会第二次会议上'))).toEqual({ date: '1955-07-05', meeting: '第一届全国人民代表大会第二次会议' });
    expect(reportFacts(doc('报告'), paras('——2025年1月14日自治区人民政府主席王莉霞在内蒙古自治区第十四届人民代表大会第三次会议上'))).toEqual({
      date: '2025-01-14',
      meeting: '内蒙古自治区第十四届人民代表大会第三次会议',
    });
    expect(reportFacts(doc('报告'), paras('海拉尔区人民政府区长 张天喜')).issuer).toBe('海拉尔区人民政府');
    expect(reportFacts(doc('报告'), paras('1954年政府工作报告——1954年5月23日在中华人民共和国第一届全国人民代表大会第一次会议上国务院总理周恩来')).issuer).toBe('国务院');
  });

  it('takes the issuer from a title such as 中共中央关于…的建议', () => {
    expect(reportFacts(doc('中共中央关于制定国民经济和社会发展第十四个五年规划的建议', '规划建议'), paras('正文')).issuer).toBe('中共中央');
  });

  it('finds nothing where the report says nothing, rather than guessing', () => {
    expect(reportFacts(doc('呼和浩特市2024年政府工作报告'), paras('一、2023年工作回顾', '过去一年，全市经济稳中向好。'))).toEqual({});
  });
});

describe('gbt7714', () => {
  it('gives issuer, title, type, date, access date and URL in GB/T 7714-2015 order', () => {
    expect(gbt7714(doc('政府工作报告'), { issuer: '国务院', date: '1991-03-25' }, 'http://x/docs/gov_1991', '2026-12-01')).toBe(
      '国务院. 政府工作报告[R/OL]. (1991-03-25)[2026-12-01]. http://x/docs/gov_1991.',
    );
  });

  it('leaves out issuer and date when unknown, and cites news as a web page', () => {
    expect(gbt7714(doc('访谈', '新闻报道'), {}, 'http://x/d', '2026-12-01')).toBe('访谈[EB/OL]. [2026-12-01]. http://x/d.');
  });

  it('adds where the paragraph stands to a paragraph citation', () => {
    const p = { n: 12, chapter: '二、2025年工作安排', section: '（一）持续做大做强优势特色产业集群' };
    expect(paragraphCitation(doc('报告'), {}, p, 'http://x/d#s-0a1b2c3', '2026-12-01')).toBe(
      '报告[R/OL]. [2026-12-01]. http://x/d#s-0a1b2c3. 引文位置：二、2025年工作安排 › （一）持续做大做强优势特色产业集群，第 12 段。',
    );
  });
});

describe('bibtex and ris', () => {
  it('write the known fields only, escaping BibTeX braces', () => {
    const b = bibtex(doc('关于{某}的报告'), { issuer: '国务院', date: '1991-03-25' }, 'http://x/d', '2026-12-01');
    expect(b).toContain('title = {关于\\{某\\}的报告}');
    expect(b).toContain('author = {{国务院}}');
    expect(b).toContain('date = {1991-03-25}');
    const r = ris(doc('报告'), {}, 'http://x/d', '2026-12-01', { n: 3, chapter: '', section: '' });
    expect(r).toBe('TY  - RPRT\r\nTI  - 报告\r\nPY  - 1991\r\nM3  - 政府工作报告\r\nCY  - 全国\r\nN1  - 第 3 段\r\nUR  - http://x/d\r\nY2  - 2026/12/01\r\nLA  - zh-CN\r\nER  -\r\n');
  });
});
