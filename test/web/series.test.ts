import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import request from 'supertest';
import type { Express } from 'express';
import type { MentionsResult } from '../../src/core/types.js';
import { createApp } from '../../src/web/app.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { PROJECTS, seriesEngine } from '../helpers/series-engine.js';
import { parseCsv } from '../helpers/csv.js';

let engine: SearchEngine;
let app: Express;

beforeAll(async () => {
  engine = await seriesEngine();
  app = createApp({ getEngine: () => engine });
});

/** Parses the BOM-led RFC 4180 CSV the routes send (CRLF records, quotes doubled). */
function csv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return parseCsv(text.slice(1));
}

const binary = (res: request.Response, cb: (err: Error | null, body: string) => void): void => {
  let data = '';
  res.setEncoding('utf8');
  res.on('data', (c: string) => (data += c));
  res.on('end', () => cb(null, data));
};

describe('GET /api/mentions with series', () => {
  it('answers each series with its totals, the timeline and the stages when asked', async () => {
    const res = await request(app).get('/api/mentions').query({ q: PROJECTS, timeline: '1', stages: '1', limit: '5' }).expect(200);
    const r = res.body as MentionsResult;
    expect(r.series!.map((s) => s.label)).toEqual(['南水北调', '三峡工程 = 长江三峡 = 三峡水利枢纽', '退耕还林']);
    expect(r.totalOccurrences).toBe(r.series!.reduce((n, s) => n + s.totalOccurrences, 0));
    const summed = r.timeline!.years.reduce((n, y) => n + y.counts.reduce((a, b) => a + b, 0), 0) + r.timeline!.unknown.counts.reduce((a, b) => a + b, 0);
    expect(summed).toBe(r.totalOccurrences);
    expect(r.stages!.length).toBeGreaterThan(10);
    expect(r.docs[0]!.paragraphs[0]!.contexts[0]!.stage).toHaveProperty('sentence');
  });

  it.each([
    ['南水北调 |', 'q: series 2 of 2 is empty'],
    ['= 盛乐国际机场', 'q: name 1 of the alias group'],
    ['南水北调 | 南水北调', 'is given twice'],
  ])('answers 400 to %s, saying what is wrong', async (q, message) => {
    const res = await request(app).get('/api/mentions').query({ q }).expect(400);
    expect(res.body.error).toContain(message);
  });

  it('answers 400 to a bad switch', async () => {
    const res = await request(app).get('/api/mentions').query({ q: '南水北调', timeline: 'yes' }).expect(400);
    expect(res.body.error).toContain('timeline must be 1 or 0');
  });
});

describe('GET /mentions with series', () => {
  it('draws one timeline with a column group per year, a legend, the switch and the stage lines', async () => {
    const res = await request(app).get('/mentions').query({ q: PROJECTS }).expect(200);
    expect(res.text).toMatch(/<svg class="timeline-chart"/);
    expect(res.text.match(/<ul class="legend"[\s\S]*?<\/ul>/)![0].match(/<li>/g)).toHaveLength(3);
    expect(res.text).toContain('aria-current="true" class="active">提及次数</a>');
    expect(res.text).toMatch(/href="\/mentions\?q=[^"]*&amp;per=report">每份报告<\/a>/);
    expect(res.text).toContain('<span class="stage-year">2014</span> <span class="stage-label">建成</span>');
    expect(res.text).toContain('<rect class="tl-none"');
    expect(res.text).toContain('>不详</text>');
  });

  it('shows per-report values in the data table when asked', async () => {
    const api = (await request(app).get('/api/mentions').query({ q: '南水北调', timeline: '1' })).body as MentionsResult;
    const y2014 = api.timeline!.years.find((y) => y.year === 2014)!;
    const res = await request(app).get('/mentions').query({ q: '南水北调', per: 'report' }).expect(200);
    expect(res.text).toContain(`<tr><th scope="row">2014</th><td>${y2014.reports}</td><td>${(y2014.counts[0]! / y2014.reports).toFixed(2)}</td></tr>`);
    expect(res.text).toContain('按年份（次/份报告）');
  });

  it('answers 400 with the page saying what is wrong', async () => {
    const res = await request(app).get('/mentions').query({ q: '南水北调 | | 三峡' }).expect(400);
    expect(res.text).toContain('第 2 个系列是空的');
    await request(app).get('/mentions').query({ q: '南水北调', per: 'x' }).expect(400);
  });
});

describe('GET /mentions/full.csv', () => {
  it('has Chinese headers and a row per occurrence with place, year, kind, stage, paragraph text and link', async () => {
    const api = (await request(app).get('/api/mentions').query({ q: PROJECTS })).body as MentionsResult;
    const res = await request(app).get('/mentions/full.csv').query({ q: PROJECTS }).buffer(true).parse(binary).expect(200);
    const rows = csv(res.body as string);
    expect(rows[0]).toEqual(['系列', '文件编号', '标题', '地区', '区县', '年份', '类型', '段落', '章', '节', '阶段', '阶段词', '目标或事实', '所在部分', '依据句', '前文', '匹配', '后文', '段落全文', '链接']);
    expect(rows).toHaveLength(api.totalOccurrences + 1);
    const tongshui = rows.find((r) => r[5] === '2015' && r[0] === '南水北调')!;
    expect(tongshui).toMatchObject({ 3: '全国', 6: '政府工作报告', 10: '建成', 11: '通水', 12: '事实' });
    expect(tongshui[18]).toContain(tongshui[16]);
    expect(tongshui[19]).toMatch(/^http:\/\/[^/]+\/docs\/[^#]+#p-\d+$/);
    expect(rows.some((r) => r[5] === '年份不详')).toBe(true);
  });
});

describe('GET /mentions/years.csv', () => {
  it('has a row per year of the axis with the reports indexed, and per series raw, per report and per 10,000 characters', async () => {
    const api = (await request(app).get('/api/mentions').query({ q: PROJECTS, timeline: '1' })).body as MentionsResult;
    const res = await request(app).get('/mentions/years.csv').query({ q: PROJECTS }).buffer(true).parse(binary).expect(200);
    const rows = csv(res.body as string);
    expect(rows[0]!.slice(0, 6)).toEqual(['年份', '收录报告数', '字数', '南水北调（次）', '南水北调（次/份报告）', '南水北调（次/万字）']);
    expect(rows).toHaveLength(1 + api.timeline!.years.length + 1);
    expect(rows.at(-1)![0]).toBe('年份不详');
    const r2014 = rows.find((r) => r[0] === '2014')!;
    const y = api.timeline!.years.find((x) => x.year === 2014)!;
    expect(r2014.slice(0, 4)).toEqual(['2014', String(y.reports), String(y.chars), String(y.counts[0])]);
    expect(rows.find((r) => r[0] === '1960')!.slice(1, 5)).toEqual(['0', '0', '0', '']);
  });
});

describe('/terms and /terms.csv', () => {
  it('counts each term in each report, raw and per 10,000 characters, with place, year and kind', async () => {
    const terms = '南水北调\n退耕还林\n新质生产力';
    const res = await request(app).get('/terms.csv').query({ terms, kind: '政府工作报告' }).buffer(true).parse(binary).expect(200);
    const rows = csv(res.body as string);
    expect(rows[0]).toEqual(['文件编号', '标题', '地区', '区县', '年份', '类型', '字数', '南水北调（次）', '退耕还林（次）', '新质生产力（次）', '南水北调（次/万字）', '退耕还林（次/万字）', '新质生产力（次/万字）']);
    expect(rows.slice(1).every((r) => r[5] === '政府工作报告')).toBe(true);
    const api = (await request(app).get('/api/mentions').query({ q: '退耕还林', kind: '政府工作报告' })).body as MentionsResult;
    expect(rows.slice(1).reduce((n, r) => n + Number(r[8]), 0)).toBe(api.totalOccurrences);
    const page = await request(app).post('/terms').type('form').send({ terms }).expect(200);
    expect(page.text).toContain('<th scope="col">退耕还林</th>');
    const posted = await request(app).post('/terms.csv').type('form').send({ terms, kind: '政府工作报告' }).buffer(true).parse(binary).expect(200);
    expect(posted.body).toBe(res.body);
  });

  it('answers 400 without terms or with too many', async () => {
    await request(app).get('/terms.csv').expect(400);
    const many = Array.from({ length: 201 }, (_, i) => `词${i}`).join('\n');
    const res = await request(app).post('/terms').type('form').send({ terms: many }).expect(400);
    expect(res.text).toContain('词表最多 200 个词');
  });
});

describe('GET /compare', () => {
  it('lines up the review chapter year by year and shows the sentences added and dropped between two years', async () => {
    const res = await request(app).get('/compare').query({ city: '示例市', kind: '政府工作报告', part: 'review', a: '2023', b: '2024' }).expect(200);
    expect(res.text).toContain('一、2022年工作回顾');
    expect(res.text).toContain('新增 <strong class="n-added">1</strong> 句，删去 <strong class="n-dropped">1</strong> 句，保留 <strong class="n-same">2</strong> 句');
    expect(res.text).toContain('<ins>示例机场主体完工。</ins>');
    expect(res.text).toContain('<del>示例水库开工建设。</del>');
  });

  it('answers 400 for a year without a report and for a bad part', async () => {
    const res = await request(app).get('/compare').query({ city: '示例市', a: '2019', b: '2024' }).expect(400);
    expect(res.text).toContain('示例市没有 2019 年的政府工作报告');
    await request(app).get('/compare').query({ part: 'middle' }).expect(400);
  });
});

describe('the series routes under random input', () => {
  it('never answer 5xx, and answer 400 with a reason when they refuse', async () => {
    const piece = fc.constantFrom('南水北调', '三峡', '|', '｜', '=', '＝', ' OR ', ' ', '"', '-', '<b>', '%', '的', '');
    const value = fc.array(piece, { maxLength: 8 }).map((a) => a.join(''));
    const route = fc.tuple(
      fc.constantFrom('/api/mentions', '/mentions', '/mentions/full.csv', '/mentions/years.csv', '/terms', '/terms.csv', '/compare'),
      fc.array(fc.tuple(fc.constantFrom('q', 'terms', 'per', 'timeline', 'stages', 'a', 'b', 'part', 'chapter', 'city', 'kind'), fc.oneof(value, fc.constantFrom('1', '0', 'report', '10k', '2014', 'review', 'plan', '全国'))), { maxLength: 4 }),
    );
    await fc.assert(
      fc.asyncProperty(route, async ([path, params]) => {
        const res = await request(app).get(path).query(Object.fromEntries(params));
        expect(res.status, `${path} ${JSON.stringify(params)}`).toBeLessThan(500);
        if (path.startsWith('/api/') && res.status === 400) expect(res.body.error).toEqual(expect.any(String));
      }),
      { numRuns: 300 },
    );
  });
});
