/**
 * Each cleaning and outline rule of SPEC §2 on a tiny input, through ingestBuffer.
 */
import { describe, expect, it } from 'vitest';
import { decode, ingestBuffer } from '../../src/ingest/index.js';
import type { Paragraph } from '../../src/core/types.js';

const paragraphs = (text: string): Paragraph[] => {
  const { doc } = ingestBuffer(Buffer.from(text, 'utf8'), 't.txt');
  if (!doc) throw new Error('no doc');
  return doc.paragraphs;
};
const texts = (text: string): string[] => paragraphs(text).map((p) => p.text);
const outline = (text: string): [number, string, string, string][] =>
  paragraphs(text).map((p) => [p.level, p.chapter, p.section, p.text]);

describe('decode', () => {
  it('turns \\r\\n and \\r into \\n and strips a BOM', () => {
    expect(decode(Buffer.from('\uFEFF一\r\n二\r三\n', 'utf8'))).toEqual({ ok: true, text: '一\n二\n三\n', encoding: 'utf-8' });
  });

  it('says why it refuses empty and binary input', () => {
    expect(decode(Buffer.alloc(0))).toEqual({ ok: false, reason: expect.stringMatching(/empty/) });
    expect(decode(Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3]))).toEqual({ ok: false, reason: expect.stringMatching(/binary/) });
  });
});

describe('page markers', () => {
  it('drops （上接第1版） (下转第4版) (下转第七版) and 上接第一版', () => {
    expect(texts('（上接第1版）全市经济稳中向好。\n\n(下转第4版)\n\n上接第一版各项工作有序推进。(下转第七版)')).toEqual([
      '全市经济稳中向好。',
      '各项工作有序推进。',
    ]);
  });

  it('joins a sentence that a page break cut, across the markers', () => {
    expect(texts('我们将加快建设现代化产业体系，推动\n（下转第2版）\n（上接第1版）\n制造业高质量发展。')).toEqual([
      '我们将加快建设现代化产业体系，推动制造业高质量发展。',
    ]);
  });
});

describe('markdown', () => {
  it('drops ** and leading # but keeps the text', () => {
    expect(texts('# 政府工作报告\n\n**一、总体要求**  \n\n今年**尤其**重要。')).toEqual(['政府工作报告', '一、总体要求', '今年尤其重要。']);
  });
});

describe('justification spaces', () => {
  it('drops spaces between CJK chars and between CJK and digits', () => {
    expect(texts('进 出 口 总 额 首 次 突 破 200 亿 元。')).toEqual(['进出口总额首次突破200亿元。']);
    expect(texts('比重突破 90%，增长 6.5％左右。')).toEqual(['比重突破90%，增长6.5％左右。']);
  });

  it('keeps spaces between Latin words and around them', () => {
    expect(texts('开通 TIR 国际班列，推广 AI 智能 and Big Data 应用。')).toEqual(['开通 TIR 国际班列，推广 AI 智能 and Big Data 应用。']);
  });
});

describe('line wraps', () => {
  const columns = [
    '全力推进以乳业、草种业为龙头的绿色',
    '农畜产品加工产业集群。建成投产伊利奶',
    '粉三期、奶酪三期，蒙牛乳铁蛋白深加工',
    '等项目，集群产值达到 500 亿元，把这',
    '',
    '个品牌擦得更亮，全力向“世界乳都”迈进。',
    '全力推进以绿色电力为引领的新能源产业',
    '集群。建成投产金山电厂三期等项目。',
  ].join('\n');

  it('joins hard wraps with no space between CJK characters', () => {
    expect(texts(columns)[0]).toBe(
      '全力推进以乳业、草种业为龙头的绿色农畜产品加工产业集群。建成投产伊利奶粉三期、奶酪三期，蒙牛乳铁蛋白深加工等项目，集群产值达到500亿元，把这个品牌擦得更亮，全力向“世界乳都”迈进。',
    );
  });

  it('joins a paragraph split by a column break (a blank line mid-sentence) and splits where a sentence ends a line', () => {
    expect(texts(columns)).toHaveLength(2);
    expect(texts(columns)[1]).toBe('全力推进以绿色电力为引领的新能源产业集群。建成投产金山电厂三期等项目。');
  });

  it('joins a long line cut mid-sentence to the next one, but not a short title', () => {
    const long = '持续推进污染防治攻坚，全面完成燃煤散烧治理，城市空气质量优良天数比例稳定在';
    expect(texts(`政府工作报告\n\n${long}\n\n90%以上。\n\n擘画蓝图 实干担当\n\n——访市发改委主任\n\n“全会擘画了宏伟蓝图。”`)).toEqual([
      '政府工作报告',
      `${long}90%以上。`,
      '擘画蓝图 实干担当',
      '——访市发改委主任',
      '“全会擘画了宏伟蓝图。”',
    ]);
  });
});

describe('full-width paragraph separators', () => {
  it('splits paragraphs that sit on one line separated by 　　', () => {
    expect(texts('　　第一段说明情况。　　第二段提出要求。　　第三段作出部署。')).toEqual([
      '第一段说明情况。',
      '第二段提出要求。',
      '第三段作出部署。',
    ]);
  });
});

describe('table of contents', () => {
  it('excludes a 目录 with tab leaders and page numbers, including wrapped entries', () => {
    const toc = '目 录\n第一章 总体要求\t(1)\n第一节 发展基础\t(2)\n第二章 推进产业转型升级，加快建设\t\n现代化产业体系\t(5)\n\n第一章 总体要求\n\n全区发展基础坚实。';
    expect(outline(toc)).toEqual([
      [1, '第一章 总体要求', '', '第一章 总体要求'],
      [0, '第一章 总体要求', '', '全区发展基础坚实。'],
    ]);
  });
});

describe('headings', () => {
  it('opens chapters with 一、 and sections with （一） and (一)', () => {
    expect(outline('一、总体要求\n\n（一）稳增长\n\n做好工作。\n\n(二)促改革\n\n二、重点任务\n\n深化改革。')).toEqual([
      [1, '一、总体要求', '', '一、总体要求'],
      [2, '一、总体要求', '（一）稳增长', '（一）稳增长'],
      [0, '一、总体要求', '（一）稳增长', '做好工作。'],
      [2, '一、总体要求', '(二)促改革', '(二)促改革'],
      [1, '二、重点任务', '', '二、重点任务'],
      [0, '二、重点任务', '', '深化改革。'],
    ]);
  });

  it('opens chapters with 第X章 (with or without a space) and sections with 第X节', () => {
    expect(outline('第一章总体要求\n\n第一节 指导思想\n\n坚持稳中求进。\n\n第二章\t产业发展\n\n加快转型。')).toEqual([
      [1, '第一章总体要求', '', '第一章总体要求'],
      [2, '第一章总体要求', '第一节 指导思想', '第一节 指导思想'],
      [0, '第一章总体要求', '第一节 指导思想', '坚持稳中求进。'],
      [1, '第二章 产业发展', '', '第二章 产业发展'],
      [0, '第二章 产业发展', '', '加快转型。'],
    ]);
  });

  it('keeps an inline heading paragraph at level 0 and opens its section', () => {
    const [p] = paragraphs('（二）现代服务业集聚升级。多元化消费场景不断丰富。');
    expect(p).toMatchObject({ level: 0, section: '（二）现代服务业集聚升级', text: '（二）现代服务业集聚升级。多元化消费场景不断丰富。' });
  });

  it('joins a heading that wraps over two lines into one heading', () => {
    expect(outline('第三章 锚定铸牢中华民族共同体意识主线，扎实推进\n\n中华民族共同体建设\n\n始终将铸牢中华民族共同体意识作为各项工作主线，有形有感有效推进中华民族共同体建设。')).toEqual([
      [1, '第三章 锚定铸牢中华民族共同体意识主线，扎实推进中华民族共同体建设', '', '第三章 锚定铸牢中华民族共同体意识主线，扎实推进中华民族共同体建设'],
      [0, '第三章 锚定铸牢中华民族共同体意识主线，扎实推进中华民族共同体建设', '', '始终将铸牢中华民族共同体意识作为各项工作主线，有形有感有效推进中华民族共同体建设。'],
    ]);
  });

  it('makes 1. and （1） level 3 only as short standalone heading lines', () => {
    const ps = paragraphs('一、总体要求\n\n1. 发展目标\n\n（1）经济增长\n\n1. 生态保护和修复工程：实施大青山生态系统质量提升工程。');
    expect(ps.map((p) => p.level)).toEqual([1, 3, 3, 0]);
    expect(ps.every((p) => p.chapter === '一、总体要求' && p.section === '')).toBe(true);
  });

  it('puts 一、 and （一） under 第X章 / 第X节 when a document uses both', () => {
    const ps = paragraphs('第一章 总体要求\n\n第一节 指导思想\n\n一、坚持党的领导\n\n（一）加强组织建设\n\n做好工作。');
    expect(ps.map((p) => [p.level, p.chapter, p.section])).toEqual([
      [1, '第一章 总体要求', ''],
      [2, '第一章 总体要求', '第一节 指导思想'],
      [3, '第一章 总体要求', '第一节 指导思想'],
      [3, '第一章 总体要求', '第一节 指导思想'],
      [0, '第一章 总体要求', '第一节 指导思想'],
    ]);
  });
});

describe('tables and 专栏 boxes', () => {
  it('keeps each table row as a searchable paragraph and never takes a row for a heading', () => {
    const ps = paragraphs('专栏 1 主要指标\n指 标\t单 位\t2025 年\t属 性\n1. 地区生产总值增长\t%\t5.7\t预期性\n2. 森林覆盖率\t%\t39.22\t约束性\n\n全区发展基础坚实。');
    expect(ps.map((p) => [p.level, p.text])).toEqual([
      [3, '专栏1主要指标'],
      [0, '指标 单位 2025年 属性'],
      [0, '1. 地区生产总值增长 % 5.7 预期性'],
      [0, '2. 森林覆盖率 % 39.22 约束性'],
      [0, '全区发展基础坚实。'],
    ]);
  });
});

describe('lists in hard-wrapped columns', () => {
  it('takes a full-width 1. line that goes on for a list item, not a heading', () => {
    const col = [
      '一、重点工程',
      '1. 生态保护和修复工程实施大青山生态',
      '系统质量和稳定性提升工程，推进辖区内',
      '重要生态系统保护和修复重大工程建设，',
      '加强生物多样性保护。',
      '2. 环境治理重点工程加强大气污染防治，',
      '推进水环境治理，实施污水管网更新改造',
      '和雨污分流改造，开展农业面源污染控制',
      '加强固体废物管理。',
    ].join('\n');
    expect(paragraphs(col).map((p) => [p.level, p.text])).toEqual([
      [1, '一、重点工程'],
      [0, '1. 生态保护和修复工程实施大青山生态系统质量和稳定性提升工程，推进辖区内重要生态系统保护和修复重大工程建设，加强生物多样性保护。'],
      [0, '2. 环境治理重点工程加强大气污染防治，推进水环境治理，实施污水管网更新改造和雨污分流改造，开展农业面源污染控制加强固体废物管理。'],
    ]);
  });
});

describe('a table of contents without a 目录 line', () => {
  it('is recognised by a run of numbered headings with leaders and page numbers', () => {
    const text = '第一章 总体要求……………3\n第一节 发展基础……………4\n第二章 重点任务……………9\n\n第一章 总体要求\n\n全区发展基础坚实。';
    expect(texts(text)).toEqual(['第一章 总体要求', '全区发展基础坚实。']);
  });
});

describe('speed on pathological input', () => {
  // Each is ~100k chars; a quadratic step anywhere (regex backtracking, string rebuilding) takes tens of seconds.
  const N = 100_000;
  const cases: Record<string, string> = {
    'a long run of spaces': `政府工作报告\n${' '.repeat(N)}x`,
    'a long run of tabs': `${'\t'.repeat(N)}x`,
    'justified single characters': `${'进 '.repeat(N / 2)}1`,
    'one paragraph of many short cut lines': 'a，\n\n'.repeat(N / 2),
    'many table-of-contents lines': '第一章 标题\t(1)\n\t续\t\n'.repeat(N / 20),
    'many page markers': '（上接第1版）'.repeat(N / 7),
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`stays linear on ${name}`, () => {
      const t = performance.now();
      ingestBuffer(Buffer.from(text, 'utf8'), 'x.txt');
      expect(performance.now() - t).toBeLessThan(2000);
    });
  }
});

describe('decode of damaged UTF-8', () => {
  it('reads UTF-8 with a stray invalid byte as UTF-8, not as GBK mojibake', () => {
    const text = '呼和浩特市政府工作报告\n\n二、2025年工作安排\n\n全力推进以乳业、草种业为龙头的绿色农畜产品加工产业集群。';
    const buf = Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0xff]), Buffer.from('完成投资。', 'utf8')]);
    const d = decode(buf);
    expect(d).toMatchObject({ ok: true, encoding: 'utf-8' });
    expect(d.ok && d.text.startsWith(text)).toBe(true);
  });
});

describe('decode of very short GBK', () => {
  it('does not take a two-byte GBK file for damaged UTF-8', async () => {
    const iconv = (await import('iconv-lite')).default;
    expect(decode(iconv.encode('中文报告', 'gbk'))).toEqual({ ok: true, text: '中文报告', encoding: 'gb18030' });
    expect(decode(iconv.encode('中', 'gbk'))).toEqual({ ok: true, text: '中', encoding: 'gb18030' });
  });
});

describe('indentation', () => {
  const lines = [
    '全力推进以乳业、草种业为龙头的绿色',
    '农畜产品加工产业集群，建成投产伊利奶',
    '粉三期、奶酪三期，蒙牛乳铁蛋白深加工',
    '等项目，集群产值达到 500 亿元，把这',
    '个品牌擦得更亮，全力向“世界乳都”迈进。',
    '全力推进以绿色电力为引领的新能源产业',
    '集群，建成投产金山电厂三期等项目，加',
    '快推进清水河抽水蓄能项目前期工作。',
  ];

  it('opens a paragraph at an indented line in hard-wrapped columns', () => {
    const text = lines.map((l, i) => (i === 0 || i === 5 ? `　　${l}` : l)).join('\n');
    expect(texts(text)).toHaveLength(2);
  });

  it('takes an indent on every line for a margin, not for paragraph starts', () => {
    for (const margin of ['　　', '    ']) {
      const ps = texts(lines.map((l) => margin + l).join('\n'));
      expect(ps, JSON.stringify(margin)).toEqual([
        '全力推进以乳业、草种业为龙头的绿色农畜产品加工产业集群，建成投产伊利奶粉三期、奶酪三期，蒙牛乳铁蛋白深加工等项目，集群产值达到500亿元，把这个品牌擦得更亮，全力向“世界乳都”迈进。',
        '全力推进以绿色电力为引领的新能源产业集群，建成投产金山电厂三期等项目，加快推进清水河抽水蓄能项目前期工作。',
      ]);
    }
  });
});
