import { beforeAll, describe, expect, it } from 'vitest';
import { paragraphAnchors } from '../../src/text/anchor.js';
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

  it('says what the corpus covers, each year span, place and kind a link to its reports, and names the page once', async () => {
    const res = await request(app).get('/').expect(200);
    expect(res.text).toContain('<title>政策报告全文检索</title>');
    expect(res.text).toMatch(/收录 2024–2026 年的 <strong>5<\/strong> 份政府工作报告、规划纲要与相关文件，/);
    expect(res.text).toContain('<a href="/search?city=%E5%91%BC%E5%92%8C%E6%B5%A9%E7%89%B9">呼和浩特<span class="pill-count">4</span></a>');
    expect(res.text).toContain('<a href="/search?district=%E6%96%B0%E5%9F%8E%E5%8C%BA">新城区<span class="pill-count">1</span></a>');
    expect(res.text).toContain('<a href="/search?year_from=2020&amp;year_to=2029">2020 年代');
    // Two labelled ways in, each with an example.
    expect(res.text).toMatch(/<h2 id="way-search">查找段落<\/h2>[\s\S]*action="\/search"[\s\S]*例如：<a href="\/search\?q=/);
    expect(res.text).toMatch(/<h2 id="way-mentions">追踪项目提及<\/h2>[\s\S]*action="\/mentions"[\s\S]*例如：<a href="\/mentions\?q=/);
  });

  it('lists the reports newest first, or in the order asked for, and answers 400 to an unknown order', async () => {
    const ids = (html: string) => [...html.matchAll(/<td><a href="\/docs\/([^"]+)">/g)].map((m) => m[1]);
    const byYear = ids((await request(app).get('/').expect(200)).text);
    expect(byYear[0]).toBe('003_acf836d61063524f');
    expect(byYear.slice(-2).sort()).toEqual(['001_34002d5d74df0e84', '004_5b71bd7820752359']);
    const byParagraphs = (await request(app).get('/?sort=paragraphs').expect(200)).text;
    const counts = [...byParagraphs.matchAll(/<td class="num">([\d,]+)<\/td>/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(byParagraphs).toContain('aria-sort="descending"');
    await request(app).get('/?sort=nope').expect(400);
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
    for (const name of ['城市', '年份', '类型', '章节类型', '章节标题']) expect(res.text).toMatch(new RegExp(`<h3 id="facet-[A-Za-z]+">${name}</h3>`));
    expect(res.text).toMatch(/<span class="facet-value">2024年<\/span><span class="facet-count">1<span class="visually-hidden"> 段<\/span><\/span>/);
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

  it('puts the results before the filters in reading order, with a skip link to the results', async () => {
    const res = await request(app).get('/search').query({ q: '机场' }).expect(200);
    expect(res.text.indexOf('id="results"')).toBeGreaterThan(0);
    expect(res.text.indexOf('id="results"')).toBeLessThan(res.text.indexOf('id="filters"'));
    expect(res.text).toContain('<a class="skip-link" href="#results">跳到检索结果</a>');
  });

  it('lists years newest first and takes several values per filter, a year range, districts and chapter types', async () => {
    const plain = await request(app).get('/search').query({ q: '机场' }).expect(200);
    const years = [...plain.text.matchAll(/<span class="facet-value">(?:<span[^>]*>✓<\/span>)?(\d{4})年<\/span>/g)].map((m) => Number(m[1]));
    expect(years.length).toBeGreaterThan(1);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    const res = await request(app).get('/search?q=%E6%9C%BA%E5%9C%BA&city=%E5%91%BC%E5%92%8C%E6%B5%A9%E7%89%B9&city=%E4%B9%8C%E5%85%B0%E5%AF%9F%E5%B8%83&year_from=2024&year_to=2025').expect(200);
    const api = await request(app).get('/api/search?q=%E6%9C%BA%E5%9C%BA&city=%E5%91%BC%E5%92%8C%E6%B5%A9%E7%89%B9&city=%E4%B9%8C%E5%85%B0%E5%AF%9F%E5%B8%83&year_from=2024&year_to=2025&size=100').expect(200);
    expect(api.body.total).toBeGreaterThan(0);
    for (const h of api.body.hits) {
      expect(['呼和浩特', '乌兰察布']).toContain(h.city);
      expect(h.year).toBeGreaterThanOrEqual(2024);
      expect(h.year).toBeLessThanOrEqual(2025);
    }
    const each = await Promise.all(['呼和浩特', '乌兰察布'].map((city) => request(app).get('/api/search').query({ q: '建设', city, year_from: 2024, year_to: 2025 })));
    const both = await request(app).get('/api/search?q=%E5%BB%BA%E8%AE%BE&city=%E5%91%BC%E5%92%8C%E6%B5%A9%E7%89%B9&city=%E4%B9%8C%E5%85%B0%E5%AF%9F%E5%B8%83&year_from=2024&year_to=2025');
    expect(each.every((r) => r.body.total > 0)).toBe(true);
    expect(both.body.total).toBe(each[0]!.body.total + each[1]!.body.total);
    // The page groups by document and says how many paragraphs that is; the API lists paragraphs.
    expect(res.text).toContain(`（${api.body.total} 个段落）`);
    // Both cities are on, each link takes its own value out and keeps the other.
    expect(res.text).toContain('aria-label="移除筛选 城市：呼和浩特"');
    expect(res.text).toContain('href="/search?q=%E6%9C%BA%E5%9C%BA&amp;city=%E4%B9%8C%E5%85%B0%E5%AF%9F%E5%B8%83&amp;year_from=2024&amp;year_to=2025" aria-current="true"');
    expect(res.text).toMatch(/<select name="year_from">.*<option value="2024" selected>/s);
    const wide = await request(app).get('/search').query({ q: '建设' }).expect(200);
    expect(wide.text).toMatch(/<h3 id="facet-district">区县<\/h3>/);
    expect(wide.text).toMatch(/<h3 id="facet-chapterType">章节类型<\/h3>/);
    // Heading texts are one filter at a time, folded away until one is chosen.
    expect(wide.text).toMatch(/<details class="facet-fold"><summary><h3 id="facet-chapter">章节标题<\/h3>/);
    const chosen = await request(app).get('/search').query({ q: '建设', chapter: '工作安排' }).expect(200);
    expect(chosen.text).toMatch(/<details class="facet-fold" open>/);
    for (const [, href] of chosen.text.matchAll(/<a class="facet-link[^"]*" href="([^"]*chapter=[^"]*)"/g)) expect(href!.match(/chapter=/g)).toHaveLength(1);
    const typed = await request(app).get('/api/search').query({ q: '机场', chapter_type: '工作安排', size: 100 }).expect(200);
    expect(typed.body.total).toBeGreaterThan(0);
    for (const h of typed.body.hits) expect(h.chapter).toMatch(/工作安排|重点工作|主要任务/);
  });

  it('lists the documents a filter keeps when there is no query, with filters counted in documents', async () => {
    const res = await request(app).get('/search').query({ district: '新城区' }).expect(200);
    expect(res.text).toContain('符合条件的文件 <strong>1</strong> 份');
    expect(res.text).toContain('<a href="/docs/003_acf836d61063524f">');
    expect(res.text).toContain('aria-label="移除筛选 区县：新城区"');
    const two = await request(app).get('/search?city=%E5%91%BC%E5%92%8C%E6%B5%A9%E7%89%B9&city=%E4%B9%8C%E5%85%B0%E5%AF%9F%E5%B8%83&year_from=2024&year_to=2025').expect(200);
    expect([...two.text.matchAll(/<td><a href="\/docs\/([^"]+)">/g)].map((m) => m[1])).toEqual(['000_cacabed7aa6ec20d', '002_3c2085c3029b20c0', '001_34002d5d74df0e84', '004_5b71bd7820752359']);
    // A query typed here keeps the filters.
    expect(two.text).toMatch(/<input type="hidden" name="year_from" value="2024">/);
  });

  it('explains a query with nothing to find as empty, and reads 或 as OR', async () => {
    for (const q of ['OR', '""', '或', '|']) {
      const res = await request(app).get('/search').query({ q }).expect(200);
      expect(res.text, q).toContain('没有可查找的词语');
      expect(res.text, q).not.toContain('只有排除词');
    }
    const either = await request(app).get('/api/search').query({ q: '马铃薯 或 燕麦' }).expect(200);
    const or = await request(app).get('/api/search').query({ q: '马铃薯 OR 燕麦' }).expect(200);
    expect(either.body.total).toBe(or.body.total);
    expect(either.body.total).toBeGreaterThan(0);
  });

  it('offers the last page past the end instead of an impossible range', async () => {
    const res = await request(app).get('/search').query({ q: '机场', page: 99 }).expect(200);
    expect(res.text).not.toMatch(/显示第 \d+–\d+ 条/);
    expect(res.text).toMatch(/没有第 99 页/);
    expect(res.text).toMatch(/回到第 1 页|到最后一页/);
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
    expect(res.text).toContain(`<a href="#p-${chapter.n}" data-chapter="${chapter.text}"><span>${chapter.text}</span></a>`);
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
    expect(res.text).toMatch(/本文共 <strong>1<\/strong> 处命中，已高亮：“<mark>引黃入呼<\/mark>” 1 处/);
  });

  it('marks the same pieces of an unquoted word the snippet marked, and counts them per term', async () => {
    const search = await request(app).get('/api/search').query({ q: '盛乐机场' }).expect(200);
    const hit = search.body.hits[0];
    const snippetMarks = new Set([...hit.snippet.matchAll(/<mark>(.*?)<\/mark>/g)].map((m: RegExpMatchArray) => m[1]));
    const res = await request(app).get(hit.url.replace(/#.*/, '')).query({ q: '盛乐机场' }).expect(200);
    const pageMarks = new Set([...res.text.matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]));
    for (const m of snippetMarks) expect(pageMarks).toContain(m);
    expect(res.text).toMatch(/“<mark>盛乐<\/mark>” \d+ 处（“盛乐机场”的组成词）/);
    expect(res.text).not.toMatch(/共 <strong>0<\/strong> 处/);
  });

  it('links each hit to the one before and after it, and the bar to the first and last', async () => {
    const res = await request(app).get('/docs/000_cacabed7aa6ec20d').query({ q: '机场' }).expect(200);
    const hits = [...res.text.matchAll(/id="p-(\d+)"[^>]*data-hit="(\d+)"/g)].map((m) => Number(m[1]));
    expect(hits.length).toBeGreaterThan(2);
    expect(res.text).toContain(`<a class="hit-next" href="#p-${hits[0]}"`);
    expect(res.text).toContain(`<a class="hit-prev" href="#p-${hits[hits.length - 1]}"`);
    expect(res.text).toContain(`第 2/${hits.length} 处 · <a href="#p-${hits[0]}">上一处</a> · <a href="#p-${hits[2]}">下一处</a>`);
    // The outline counts the hits of each chapter, and they add up.
    const counts = [...res.text.matchAll(/<li><a href="#p-\d+" data-chapter="[^"]*"><span>[^<]*<\/span><span class="outline-hits" aria-label="(\d+) 处命中">/g)].map((m) => Number(m[1]));
    const inChapters = engine.doc('000_cacabed7aa6ec20d')!.paragraphs.filter((p) => p.chapter !== '').reduce((sum, p) => sum + norm(p.text).split('机场').length - 1, 0);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(inChapters);
  });

  it('gives every paragraph a stable anchor from its text, beside #p-<n>', async () => {
    const res = await request(app).get('/docs/001_34002d5d74df0e84').expect(200);
    const doc = engine.doc('001_34002d5d74df0e84')!;
    const anchors = paragraphAnchors(doc.paragraphs.map((p) => p.text));
    for (const [i, p] of doc.paragraphs.entries()) {
      expect(res.text).toContain(`id="p-${p.n}"`);
      expect(res.text).toContain(`<span class="anchor" id="${anchors[i]}"></span>`);
    }
  });

  it('offers a ready citation of each paragraph: title, chapter, section, paragraph number and full link', async () => {
    const res = await request(app).get('/docs/001_34002d5d74df0e84').set('Host', 'example.org:3000').expect(200);
    const doc = engine.doc('001_34002d5d74df0e84')!;
    const anchor = paragraphAnchors(doc.paragraphs.map((p) => p.text))[44];
    const accessed = new Date().toISOString().slice(0, 10);
    expect(res.text).toContain(
      `呼和浩特市2024年政府工作报告[R/OL]. [${accessed}]. http://example.org:3000/docs/001_34002d5d74df0e84#${anchor}. 引文位置：二、2024年工作安排 › (六)始终把生态保护摆在前面,筑牢绿色发展底座，第 45 段。`,
    );
    expect(res.text).toMatch(/<details class="cite">\s*<summary aria-label="引用第 45 段">/);
    expect(res.text).toContain(`<a href="/docs/001_34002d5d74df0e84/cite.bib?p=${anchor}" download>BibTeX</a>`);
    expect(res.text).toContain('<button type="button" class="cite-copy" data-copy="quote" hidden>复制引文与原文</button>');
  });

  it('downloads BibTeX and RIS of the document or of a paragraph by its stable anchor, leaving out what it cannot know', async () => {
    const doc = engine.doc('001_34002d5d74df0e84')!;
    const anchor = paragraphAnchors(doc.paragraphs.map((p) => p.text))[44];
    const bib = await request(app).get('/docs/001_34002d5d74df0e84/cite.bib').query({ p: anchor }).set('Host', 'example.org').expect(200).expect('Content-Type', /bibtex/);
    expect(bib.headers['content-disposition']).toMatch(/attachment/);
    expect(bib.text).toMatch(/^@techreport\{001_34002d5d74df0e84_p45,/);
    expect(bib.text).toContain('title = {呼和浩特市2024年政府工作报告}');
    expect(bib.text).toContain(`url = {http://example.org/docs/001_34002d5d74df0e84#${anchor}}`);
    expect(bib.text).toContain('note = {二、2024年工作安排 › (六)始终把生态保护摆在前面,筑牢绿色发展底座，第 45 段}');
    // The excerpt names no issuer or delivery date: none is made up.
    expect(bib.text).not.toMatch(/author|institution|^\s+date = /m);
    const ris = await request(app).get('/docs/001_34002d5d74df0e84/cite.ris').expect(200);
    expect(ris.text).toMatch(/^TY {2}- RPRT\r\nTI {2}- 呼和浩特市2024年政府工作报告\r\n/);
    expect(ris.text).not.toMatch(/^AU /m);
    expect(ris.text).toMatch(/ER {2}-\r\n$/);
    await request(app).get('/docs/001_34002d5d74df0e84/cite.ris').query({ p: 's-0000000' }).expect(404);
    await request(app).get('/docs/001_34002d5d74df0e84/cite.ris').query({ p: '<x>' }).expect(400);
    await request(app).get('/docs/001_34002d5d74df0e84/cite.pdf').expect(404);
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
    expect(timeline[0]).toMatch(/role="(?:img|group)" aria-labelledby="by-year-title by-year-desc"/);
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
    // The link is the paragraph's stable anchor, which survives a rebuild that renumbers paragraphs.
    const anchor = paragraphAnchors(engine.doc('001_34002d5d74df0e84')!.paragraphs.map((p) => p.text))[44];
    expect(text).toMatch(new RegExp(`,引黄入呼,.*,http://127\\.0\\.0\\.1:\\d+/docs/001_34002d5d74df0e84#${anchor}\r\n`));
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
