import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/web/app.js';
import { norm } from '../../src/text/normalize.js';
import type { MentionsResult } from '../../src/core/types.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { fakeDoc, fakeEngine } from '../helpers/fake-engine.js';
import { realEngine } from '../helpers/real-engine.js';

let engine: SearchEngine;
let app: Express;

beforeAll(async () => {
  engine = await realEngine();
  app = createApp({ getEngine: () => engine });
});

/** The href attributes of links matching `pattern` in a page. */
function links(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).filter((h) => pattern.test(h));
}

describe('GET /', () => {
  it('shows the search form with the query syntax in one line and the list of reports', async () => {
    const res = await request(app).get('/').expect(200).expect('Content-Type', /html/);
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.text).toMatch(/<form[^>]*action="\/search"[^>]*role="search"/);
    expect(res.text).toMatch(/<label[^>]*for="q-main"/);
    expect(res.text).toContain('空格分隔多个词');
    expect(res.text).toContain('精确短语');
    expect(res.text).toContain('排除');
    expect(res.text).toContain('表示任一');
    expect(res.text).toContain('呼和浩特市2025年政府工作报告');
    expect(res.text).toContain('href="/static/style.css"');
    expect(res.text).not.toContain('被跳过');
  });

  it('says how many files the build skipped, names them, and says when the index is stale', async () => {
    const warnings = ['a.txt', 'b<i>.txt', 'c.txt'].map((file) => ({ file, reason: `${file}: skipped, empty file`, skipped: true }));
    const shown = createApp({ getEngine: () => engine, status: () => ({ stale: 'the seeds folder holds no report', warnings }) });
    const res = await request(shown).get('/').expect(200);
    expect(res.text).toContain('3 个文件被跳过');
    expect(res.text).toContain('<code>b&lt;i&gt;.txt</code>');
    expect(res.text).toMatch(/上一次成功构建的索引.*the seeds folder holds no report/);
  });
});

describe('GET /search', () => {
  it('shows the count, the time, highlighted hits with their place in the document, and the filters', async () => {
    const res = await request(app).get('/search').query({ q: '引黄入呼' }).expect(200);
    // Grouped by document by default: the count is of documents, with the paragraphs beside it.
    expect(res.text).toMatch(/找到 <strong>\d<\/strong> 篇文件（3 个段落）/);
    expect(res.text).toMatch(/用时 \d+\.\d{3} 秒/);
    expect(res.text).toContain('<mark>引黄入呼</mark>');
    expect(res.text).toContain('二、2024年工作安排 › (六)始终把生态保护摆在前面,筑牢绿色发展底座');
    for (const name of ['城市', '年份', '类型', '章节']) expect(res.text).toMatch(new RegExp(`<h3 id="facet-[a-z]+">${name}</h3>`));
    expect(res.text).toMatch(/<span class="facet-value">2024年<\/span><span class="facet-count">1<\/span>/);
    expect(links(res.text, /^\/docs\//)).toContain('/docs/001_34002d5d74df0e84?q=%E5%BC%95%E9%BB%84%E5%85%A5%E5%91%BC#p-45');
    expect(res.text).toContain('查看原文');
    expect(links(res.text, /^\/mentions\?/)).toContain('/mentions?q=%E5%BC%95%E9%BB%84%E5%85%A5%E5%91%BC');
  });

  it('lands every result link on a paragraph that holds the query', async () => {
    for (const q of ['引黄入呼', '"盛乐国际机场"', '乳业', '跨境电商']) {
      const res = await request(app).get('/search').query({ q, size: 100 }).expect(200);
      const targets = links(res.text, /^\/docs\/[^?#]+\?q=.*#p-\d+$/);
      expect(targets.length, q).toBeGreaterThan(0);
      const term = norm(q.replace(/"/g, ''));
      for (const t of new Set(targets)) {
        const [, id, n] = /^\/docs\/([^?#]+)\?q=.*#p-(\d+)$/.exec(t)!;
        const doc = await request(app).get(`/api/docs/${id}`).expect(200);
        const p = doc.body.paragraphs.find((x: { n: number }) => x.n === Number(n));
        expect(norm(p.text), `${q} → ${t}`).toContain(term);
      }
    }
  });

  it('makes each filter a link that keeps the query and the other filters, and shows active filters as removable', async () => {
    const res = await request(app).get('/search').query({ q: '机场', year: '2024' }).expect(200);
    const cityLinks = links(res.text, /^\/search\?.*city=/);
    expect(cityLinks.length).toBeGreaterThan(0);
    for (const l of cityLinks) {
      const u = new URL(l, 'http://x');
      expect(u.searchParams.get('q')).toBe('机场');
      expect(u.searchParams.get('year')).toBe('2024');
      expect(u.searchParams.get('page')).toBeNull();
    }
    expect(res.text).toContain('已选：');
    expect(res.text).toMatch(/aria-label="移除筛选 年份：2024"/);
    expect(links(res.text, /^\/search\?q=[^&]*$/)).toContain('/search?q=%E6%9C%BA%E5%9C%BA');
  });

  it('shows the notice when falling back to any word', async () => {
    const res = await request(app).get('/search').query({ q: '盛乐机场 航线' }).expect(200);
    expect(res.text).toMatch(/class="notice"[^>]*>[^<]*任一/);
  });

  it('pages through long results with links to the next page', async () => {
    // One hit per paragraph (the seeds are five documents: grouped, 发展 fits one page).
    const res = await request(app).get('/search').query({ q: '发展', group: 'none' }).expect(200);
    expect(res.text).toContain('aria-label="分页"');
    expect(links(res.text, /page=2/).length).toBeGreaterThan(0);
    for (const l of links(res.text, /page=2/)) expect(l).toContain('group=none');
    const p2 = await request(app).get('/search').query({ q: '发展', page: 2, group: 'none' }).expect(200);
    expect(p2.text).toMatch(/<span class="current" aria-current="page">2<\/span>/);
  });

  it('groups hits by document, with the other paragraphs of each behind "本文另有 N 处", and a switch to list paragraphs', async () => {
    const res = await request(app).get('/search').query({ q: '新质生产力' }).expect(200);
    expect(res.text).toMatch(/<summary>本文另有 \d+ 处<\/summary>/);
    expect(links(res.text, /group=none/)).toContain('/search?q=%E6%96%B0%E8%B4%A8%E7%94%9F%E4%BA%A7%E5%8A%9B&group=none');
    const flat = await request(app).get('/search').query({ q: '新质生产力', group: 'none' }).expect(200);
    expect(flat.text).not.toContain('本文另有');
    expect(flat.text).toMatch(/找到 <strong>\d+<\/strong> 个段落/);
  });

  it('offers the orders by relevance and by year, keeping the other parameters', async () => {
    const res = await request(app).get('/search').query({ q: '黄河', year: '2025' }).expect(200);
    const newest = links(res.text, /sort=newest/);
    expect(newest).toHaveLength(1);
    expect(new URL(newest[0]!, 'http://x').searchParams.get('year')).toBe('2025');
    const sorted = await request(app).get('/search').query({ q: '黄河', sort: 'oldest', group: 'none' }).expect(200);
    expect(sorted.text).toMatch(/class="order-on"[^>]*>按年份（旧→新）/);
    await request(app).get('/search').query({ q: '黄河', sort: 'year' }).expect(400);
  });

  it('says where the hits holding only some of the words start', async () => {
    const res = await request(app).get('/search').query({ q: '乳业 盛乐国际机场', group: 'none' }).expect(200);
    expect(res.text).toMatch(/class="partial-note"[^>]*>[^<]*以下结果只包含部分词语/);
    expect(res.text).toContain('缺少：');
  });

  it('suggests the spelling the reports use for a typo', async () => {
    const res = await request(app).get('/search').query({ q: '新质生产立' }).expect(200);
    expect(res.text).toMatch(/您是不是要找：<a href="\/search\?q=%E6%96%B0%E8%B4%A8%E7%94%9F%E4%BA%A7%E5%8A%9B">新质生产力<\/a>/);
  });

  it('says when nothing is found and suggests dropping a filter or a word', async () => {
    const res = await request(app).get('/search').query({ q: '量子引力 黑洞', city: '乌兰察布' }).expect(200);
    expect(res.text).toContain('没有结果');
    expect(res.text).toContain('去掉一个筛选条件');
    expect(res.text).toContain('减少一个检索词');
  });

  it('sends a blank query back to the home page', async () => {
    await request(app).get('/search').query({ q: '' }).expect(303).expect('Location', '/');
  });

  it('shows a bad parameter on an error page in Chinese with status 400, keeping the search box', async () => {
    const res = await request(app).get('/search?q=%E6%9C%BA%E5%9C%BA&page=0').expect(400).expect('Content-Type', /html/);
    expect(res.text).toContain('请求参数有误');
    expect(res.text).toContain('页码（page）应为 1 到 10000 之间的整数，现为“0”');
    expect(res.text).toMatch(/<input[^>]*name="q"[^>]*value="机场"/);
  });
});

describe('error pages', () => {
  it.each([
    ['/search?q=%E4%B8', 400, '网址中的百分号编码有误'],
    ['/search?q=a&q=b', 400, '参数检索词（q）重复出现'],
    [`/search?q=${'a'.repeat(300)}`, 400, '检索词（q）最多 256 个字符，现为 300 个'],
    ['/mentions?q=x&year=24', 400, '年份（year）应为四位数字'],
    ['/docs/%E4%B8', 400, '网址路径中的百分号编码有误'],
    ['/no-such-page', 404, '没有这个页面：/no-such-page'],
  ])('%s answers %i with what is wrong, in Chinese', async (url, status, message) => {
    const res = await request(app).get(url).expect(status).expect('Content-Type', /html/);
    expect(res.text).toContain(message);
  });
});

describe('GET /docs/:id', () => {
  it('shows the whole report with headings, numbered paragraph anchors and an outline', async () => {
    const res = await request(app).get('/docs/001_34002d5d74df0e84').expect(200);
    const doc = engine.doc('001_34002d5d74df0e84')!;
    for (const p of doc.paragraphs) expect(res.text).toContain(`id="p-${p.n}"`);
    expect(res.text).toMatch(/<h2 class="para-text">二、2024年工作安排<\/h2>/);
    expect(res.text).toMatch(/<h3 class="para-text">\(六\)始终把生态保护摆在前面/);
    const chapter = doc.paragraphs.find((p) => p.level === 1)!;
    expect(res.text).toContain(`<a href="#p-${chapter.n}">${chapter.text}</a>`);
    expect(res.text).toContain('aria-labelledby="outline-title"');
  });

  it('names the file the document came from and its format', async () => {
    const res = await request(app).get('/docs/001_34002d5d74df0e84').expect(200);
    expect(res.text).toMatch(/<dt>来源文件<\/dt><dd><code>001_34002d5d74df0e84\.txt<\/code><\/dd>/);
    expect(res.text).toMatch(/<dt>格式<\/dt><dd>纯文本（TXT）<\/dd>/);
    const pdfApp = createApp({ getEngine: () => fakeEngine([fakeDoc('plan_2025', '某市规划', ['推进引黄入呼三期工程。'], { file: 'plan_2025.pdf' })]) });
    const pdf = await request(pdfApp).get('/docs/plan_2025').expect(200);
    expect(pdf.text).toMatch(/<dt>来源文件<\/dt><dd><code>plan_2025\.pdf<\/code><\/dd>/);
    expect(pdf.text).toMatch(/<dt>格式<\/dt><dd>PDF<\/dd>/);
  });

  it('highlights the query with exact-mention semantics (traditional characters find simplified text)', async () => {
    const res = await request(app).get('/docs/001_34002d5d74df0e84').query({ q: '引黃入呼' }).expect(200);
    expect(res.text).toContain('<mark>引黄入呼</mark>');
    expect(res.text).toMatch(/共出现 <strong>1<\/strong> 处/);
  });

  it('offers a ready citation of each paragraph: title, chapter, section, paragraph number and full link', async () => {
    const res = await request(app).get('/docs/001_34002d5d74df0e84').set('Host', 'example.org:3000').expect(200);
    expect(res.text).toContain(
      '《呼和浩特市2024年政府工作报告》，二、2024年工作安排，(六)始终把生态保护摆在前面,筑牢绿色发展底座，第45段。http://example.org:3000/docs/001_34002d5d74df0e84#p-45',
    );
    expect(res.text).toMatch(/<details class="cite">\s*<summary aria-label="引用第 45 段">/);
  });

  it('answers 404 with an error page for an unknown id, and 400 for a malformed one', async () => {
    const res = await request(app).get('/docs/999_nope').expect(404).expect('Content-Type', /html/);
    expect(res.text).toContain('页面或文件不存在');
    await request(app).get('/docs/..%2F..%2Fpackage').expect(400);
    await request(app).get('/docs/%E4%B8').expect(400);
  });
});

describe('GET /mentions', () => {
  it('offers the longer names the reports write a name in when it has no mention: 盛乐机场 → 盛乐国际机场', async () => {
    const res = await request(app).get('/mentions').query({ q: '盛乐机场' }).expect(200);
    const api = (await request(app).get('/api/mentions').query({ q: '盛乐国际机场' })).body as MentionsResult;
    expect(res.text).toContain(`>盛乐国际机场</a> ×${api.totalOccurrences}`);
    expect(links(res.text, /^\/mentions\?q=%E7%9B%9B%E4%B9%90%E5%9B%BD%E9%99%85%E6%9C%BA%E5%9C%BA$/)).toHaveLength(1);
  });

  it('shows totals, a timeline over every year with a column per year and the chart by city, and the CSV links', async () => {
    const res = await request(app).get('/mentions').query({ q: '机场' }).expect(200);
    const api = (await request(app).get('/api/mentions').query({ q: '机场', timeline: '1' })).body as MentionsResult;
    expect(res.text).toContain(`共 <strong>${api.totalOccurrences}</strong> 次`);
    expect(res.text).toContain(`<strong>${api.totalDocs}</strong> 份文件`);
    const timeline = res.text.match(/<svg class="timeline-chart"[\s\S]*?<\/svg>/g)!;
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatch(/role="img" aria-labelledby="by-year-title by-year-desc"/);
    // One hit area per year of the axis (2024, 2025, 2026 for the seeds), with the mentions of that year in its tooltip.
    expect(timeline[0]!.match(/<rect class="tl-hit"/g)).toHaveLength(api.timeline!.years.length);
    const bars = res.text.match(/<svg class="chart"[\s\S]*?<\/svg>/g)!;
    expect(bars).toHaveLength(1);
    expect(bars[0]!.match(/<rect class="chart-bar"/g)).toHaveLength(api.byCity.length);
    expect(res.text).toContain('href="/mentions.csv?q=%E6%9C%BA%E5%9C%BA"');
    expect(res.text).toContain('href="/mentions/full.csv?q=%E6%9C%BA%E5%9C%BA"');
    expect(res.text).toContain('href="/mentions/years.csv?q=%E6%9C%BA%E5%9C%BA"');
  });

  it('lists keyword-in-context lines grouped by document in year order, each linking to its paragraph', async () => {
    const res = await request(app).get('/mentions').query({ q: '引黄入呼' }).expect(200);
    const lines = [...res.text.matchAll(/<li class="kwic-line">[\s\S]*?<\/li>/g)].map((m) => m[0]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('href="/docs/001_34002d5d74df0e84?q=%E5%BC%95%E9%BB%84%E5%85%A5%E5%91%BC#p-45"');
    expect(lines[0]).toContain('<mark class="kwic-match">引黄入呼</mark>');
    const order = [...res.text.matchAll(/<section class="kwic-doc" aria-labelledby="kwic-([^"]+)"/g)].map((m) => m[1]);
    expect(order[0]).toBe('001_34002d5d74df0e84');
  });

  it('explains itself when there is no query', async () => {
    const res = await request(app).get('/mentions').expect(200);
    expect(res.text).toContain('提及统计');
    expect(res.text).toMatch(/<form[^>]*action="\/mentions"/);
  });
});

describe('GET /mentions.csv', () => {
  it('has exactly one row per occurrence that /api/mentions counts', async () => {
    for (const q of ['机场', '引黄入呼', '发展']) {
      const api = (await request(app).get('/api/mentions').query({ q })).body as MentionsResult;
      const res = await request(app).get('/mentions.csv').query({ q }).expect(200);
      const rows = res.text.split('\r\n').filter(Boolean);
      expect(rows.length - 1, q).toBe(api.totalOccurrences);
    }
  });

  it('is UTF-8 with a BOM and the SPEC header, sent as an attachment', async () => {
    const res = await request(app).get('/mentions.csv').query({ q: '引黄入呼' }).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('docId,title,city,year,n,chapter,section,before,match,after,url');
    expect(text).toContain('001_34002d5d74df0e84,呼和浩特市2024年政府工作报告,呼和浩特,2024,45,');
    expect(text).toMatch(/,引黄入呼,.*,http:\/\/127\.0\.0\.1:\d+\/docs\/001_34002d5d74df0e84#p-45\r\n/);
  });

  it('answers 400 without a query', async () => {
    await request(app).get('/mentions.csv').expect(400);
  });
});

describe('GET /docs/:id for a document with guessed metadata or a duplicate', () => {
  it('marks the guessed fields and links the report it repeats', async () => {
    const { fakeDoc, fakeEngine } = await import('../helpers/fake-engine.js');
    const { createApp } = await import('../../src/web/app.js');
    const guessed = fakeDoc('b_copy', '政府工作报告', ['今年要稳中求进。'], { guessed: ['year'], duplicateOf: 'a_first' });
    const app = createApp({ getEngine: () => fakeEngine([fakeDoc('a_first', '政府工作报告', ['今年要稳中求进。']), guessed]) });
    const res = await request(app).get('/docs/b_copy').expect(200);
    expect(res.text).toMatch(/<dt>年份<\/dt><dd>2025（推测）<\/dd>/);
    expect(res.text).toContain('<a href="/docs/a_first">a_first</a> 为同一报告');
    const plain = await request(app).get('/docs/a_first').expect(200);
    expect(plain.text).not.toContain('推测');
  });
});

describe('GET /search with duplicates=include', () => {
  it('keeps counting duplicates in the links it gives (filters, pages)', async () => {
    const { realEngine } = await import('../helpers/real-engine.js');
    const { createApp } = await import('../../src/web/app.js');
    const engine = await realEngine();
    const res = await request(createApp({ getEngine: () => engine })).get('/search').query({ q: '发展', duplicates: 'include' }).expect(200);
    const links = [...res.text.matchAll(/href="(\/search\?[^"]*)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const l of links) expect(l).toContain('duplicates=include');
  });
});
