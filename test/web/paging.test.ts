/**
 * Every answer is bounded and says where the rest is: a long document comes in pages (`next`, the pager, links to
 * paragraphs on other pages), mentions and their CSV stop at their bounds with `next` and `Link: rel=next`.
 */
import request from 'supertest';
import type { Express } from 'express';
import { beforeAll, describe, expect, it } from 'vitest';
import { DOC_HTML_PAGE, DOC_PAGE, MAX_MENTION_PARAGRAPHS, MAX_STAGED_OCCURRENCES } from '../../src/core/params.js';
import { createEngine } from '../../src/search/engine.js';
import { createApp } from '../../src/web/app.js';
import { docPage } from '../../src/web/paging.js';
import { docOf } from '../helpers/big-docs.js';
import { paragraphAnchors } from '../../src/text/anchor.js';

let app: Express;
const LONG = 4500;
beforeAll(() => {
  const texts = Array.from({ length: LONG }, (_, i) => `第${i + 1}段推进测绘工程建设。`);
  const engine = createEngine([docOf('long', texts, (i) => `第${Math.floor(i / 100) + 1}章`)]);
  app = createApp({ getEngine: () => engine });
});

describe('docPage', () => {
  const ps = docOf('x', ['一'.repeat(10), '二'.repeat(10), '三'.repeat(10)]).paragraphs;
  it('holds up to the paragraphs and characters allowed, at least one, and says where the next page starts', () => {
    expect(docPage(ps, 1, { paragraphs: 2, chars: 100 })).toEqual({ paragraphs: ps.slice(0, 2), next: 3 });
    expect(docPage(ps, 1, { paragraphs: 10, chars: 15 })).toEqual({ paragraphs: ps.slice(0, 1), next: 2 });
    expect(docPage(ps, 2, { paragraphs: 10, chars: 5 })).toEqual({ paragraphs: ps.slice(1, 2), next: 3 });
    expect(docPage(ps, 3, { paragraphs: 10, chars: 100 })).toEqual({ paragraphs: ps.slice(2) });
  });
});

describe('GET /docs/:id/at/:anchor', () => {
  it('sends a stable link to the page of a long document that holds its paragraph', async () => {
    const texts = Array.from({ length: LONG }, (_, i) => `第${i + 1}段推进测绘工程建设。`);
    const anchor = paragraphAnchors(texts)[2500]!;
    const res = await request(app).get(`/docs/long/at/${anchor}`).query({ q: '测绘' }).expect(302);
    const to = new URL(res.headers.location!, 'http://x');
    const from = Number(to.searchParams.get('from'));
    expect(to.hash).toBe(`#${anchor}`);
    expect(to.searchParams.get('q')).toBe('测绘');
    const page = await request(app).get(`${to.pathname}${to.search}`).expect(200);
    expect(page.text).toContain(`<span class="anchor" id="${anchor}"></span>`);
    expect(from).toBeLessThanOrEqual(2501);
    expect((await request(app).get(`/docs/long/at/${paragraphAnchors(texts)[0]}`).expect(302)).headers.location).toBe(`/docs/long#${paragraphAnchors(texts)[0]}`);
    await request(app).get('/docs/long/at/s-0000000').expect(404);
    await request(app).get('/docs/long/at/nonsense').expect(400);
  });
});

describe('GET /api/docs/:id of a long document', () => {
  it('answers a page at a time, each with the URL of the next, until the last', async () => {
    let url: string | undefined = '/api/docs/long';
    const seen: number[] = [];
    while (url) {
      const res: request.Response = await request(app).get(url).expect(200);
      expect(res.body.paragraphs.length).toBeLessThanOrEqual(DOC_PAGE.paragraphs);
      seen.push(...res.body.paragraphs.map((p: { n: number }) => p.n));
      url = res.body.next;
    }
    expect(seen).toEqual(Array.from({ length: LONG }, (_, i) => i + 1));
  });

  it('answers 404 for a paragraph past the end', async () => {
    expect((await request(app).get('/api/docs/long?from=4501').expect(404)).body.error).toMatch(/has 4500 paragraphs, no paragraph 4501/);
  });
});

describe('GET /docs/:id of a long document', () => {
  it('shows one page of paragraphs with a pager, and links the outline to the pages its chapters are on', async () => {
    const res = await request(app).get('/docs/long').expect(200);
    expect(res.text).toContain(`data-first="1" data-last="${DOC_HTML_PAGE.paragraphs}"`);
    expect(res.text).toContain('id="p-1"');
    expect(res.text).not.toContain(`id="p-${DOC_HTML_PAGE.paragraphs + 1}"`);
    expect(res.text).toContain(`第 1–${DOC_HTML_PAGE.paragraphs.toLocaleString('en-US')} 段 / 共 4,500 段`);
    expect(res.text).toContain(`rel="next" href="/docs/long?from=${DOC_HTML_PAGE.paragraphs + 1}"`);
    expect(res.text).toContain('href="#p-101"');
    expect(res.text).toContain(`href="/docs/long?from=4401#p-4401"`);
  });

  it('starts a page at any paragraph, keeping the query it highlights', async () => {
    const res = await request(app).get('/docs/long?from=4401&q=测绘').expect(200);
    expect(res.text).toContain('id="p-4401"');
    expect(res.text).toContain('id="p-4500"');
    expect(res.text).toContain('本页共 <strong>100</strong> 处命中，已高亮：“<mark>测绘</mark>” 100 处');
    expect(res.text).toMatch(/rel="prev" href="\/docs\/long\?q=[^"]*&amp;from=3401"/);
    await request(app).get('/docs/long?from=9999').expect(404);
    await request(app).get('/docs/long?from=0').expect(400);
  });
});

describe('mentions beyond their bounds', () => {
  it('/api/mentions without a limit lists MAX_MENTION_PARAGRAPHS paragraphs and gives the URL of the rest', async () => {
    const res = await request(app).get(`/api/mentions?q=${encodeURIComponent('测绘')}`).expect(200);
    expect(res.body.docs.reduce((n: number, d: { paragraphs: unknown[] }) => n + d.paragraphs.length, 0)).toBe(MAX_MENTION_PARAGRAPHS);
    expect(res.body.next).toBe(`/api/mentions?q=${encodeURIComponent('测绘')}&offset=${MAX_MENTION_PARAGRAPHS}`);
    expect(res.body).not.toHaveProperty('nextOffset');
    const rest = await request(app).get(res.body.next).expect(200);
    expect(rest.body.docs[0].paragraphs[0].n).toBe(MAX_MENTION_PARAGRAPHS + 1);
  });

  it('/mentions.csv streams a row per occurrence of the first paragraphs and links the rest with rel=next', async () => {
    const res = await request(app).get(`/mentions.csv?q=${encodeURIComponent('测绘')}`).expect(200);
    expect(res.text.split('\r\n').filter(Boolean)).toHaveLength(1 + MAX_MENTION_PARAGRAPHS);
    expect(res.headers.link).toBe(`</mentions.csv?q=${encodeURIComponent('测绘')}&offset=${MAX_MENTION_PARAGRAPHS}>; rel="next"`);
    expect(res.headers['content-length']).toBeUndefined();
  });
});

describe('the mentions page of a very common word', () => {
  // 600 paragraphs of 20 occurrences each: 12,000 contexts, far more than a page lists.
  const texts = Array.from({ length: 600 }, (_, i) => `第${i + 1}段${'发展的'.repeat(20)}。`);
  const engine = createEngine([docOf('common', texts)]);
  const page = createApp({ getEngine: () => engine });
  const lines = (html: string): number => (html.match(/<li class="kwic-line">/g) ?? []).length;

  it('lists a few contexts per paragraph with a link to the rest, stops at its own bound, and pages on from where it stopped', async () => {
    const res = await request(page).get(`/mentions?q=${encodeURIComponent('的')}&limit=500`).expect(200);
    // Five contexts of each paragraph, then one line to the paragraph for its other fifteen.
    expect(res.text).toContain('<a href="/docs/common?q=%E7%9A%84#p-1">第 1 段另有 15 处，查看全段</a>');
    // 2,000 contexts at most: 400 of the 500 paragraphs asked for, and the next page starts at the 401st.
    expect(lines(res.text)).toBe(2000);
    expect(res.text).toContain('（本页列出第 1–400 个段落）');
    // The next page starts at the 401st paragraph (at the page's usual length).
    const nextHref = res.text.match(/rel="next" href="([^"]*)"/)?.[1]?.replace(/&amp;/g, '&');
    expect(nextHref).toBe('/mentions?q=%E7%9A%84&offset=400');
    const next = await request(page).get(nextHref!).expect(200);
    expect(next.text).toContain('（本页列出第 401–500 个段落）');
    expect(lines(next.text)).toBe(500);
    expect(next.text).toContain('第 401 段另有 15 处');
    // Totals count every occurrence whatever the page lists; the API keeps its own bounds.
    expect(res.text).toContain('共 <strong>12,000</strong> 次');
    const api = await request(page).get(`/api/mentions?q=${encodeURIComponent('的')}&limit=5`).expect(200);
    expect(api.body.docs[0].paragraphs[0].contexts).toHaveLength(20);
  });
});

describe('stages of a word too common to name a project', () => {
  const staged = (texts: string[]): Express => createApp({ getEngine: () => createEngine([docOf('w', texts)]) });

  it('are not read past MAX_STAGED_OCCURRENCES occurrences, however few the paragraphs, and the page says so', async () => {
    // 30 paragraphs, 21,000 occurrences: past the bound on occurrences, far inside the one on paragraphs.
    const app = staged(Array.from({ length: 30 }, () => `${'建成的'.repeat(700)}。`));
    const api = await request(app).get(`/api/mentions?q=${encodeURIComponent('的')}&limit=1&stages=1`).expect(200);
    expect(api.body.totalOccurrences).toBe(MAX_STAGED_OCCURRENCES + 1000);
    expect(api.body.stages).toEqual([]);
    expect(api.body.stagesOmitted).toBe(30);
    const html = await request(app).get(`/mentions?q=${encodeURIComponent('的')}`).expect(200);
    expect(html.text).toContain('提及达 21,000 次、30 个段落，超过阶段分析的上限（2,000 个段落或 20,000 次）');
  });

  it('are read up to the bound', async () => {
    const app = staged(Array.from({ length: 20 }, () => `${'建成的'.repeat(1000)}。`));
    const api = await request(app).get(`/api/mentions?q=${encodeURIComponent('的')}&limit=1&stages=1`).expect(200);
    expect(api.body.totalOccurrences).toBe(MAX_STAGED_OCCURRENCES);
    expect(api.body).not.toHaveProperty('stagesOmitted');
    expect(api.body.stages).toHaveLength(1);
    expect(api.body.stages[0].tag.stage).toBe('completion');
  });
});
