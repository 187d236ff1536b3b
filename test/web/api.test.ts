import { beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/web/app.js';
import { norm } from '../../src/text/normalize.js';
import type { MentionsResult, SearchResult } from '../../src/core/types.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { realEngine } from '../helpers/real-engine.js';

let engine: SearchEngine;
let app: Express;

beforeAll(async () => {
  engine = await realEngine();
  app = createApp({ getEngine: () => engine });
});

describe('GET /api/health', () => {
  it('says ok with the number of documents and paragraphs', async () => {
    const res = await request(app).get('/api/health').expect(200).expect('Content-Type', /json/);
    expect(res.body).toEqual({ ok: true, docs: 5, paragraphs: engine.stats().paragraphs });
    expect(res.body.paragraphs).toBeGreaterThan(100);
  });

  it('says whether the index served is stale and why, and names each file its build skipped', async () => {
    const warnings = [
      { file: 'dup.txt', reason: 'dup.txt: skipped, it has the same document id "dup" as dup.md; rename one of them', skipped: true },
      { file: 'x.txt', field: 'year' as const, reason: 'x.txt: could not detect year; set it in catalog.json', skipped: false },
    ];
    const current = createApp({ getEngine: () => engine, status: () => ({ stale: null, warnings: [] }) });
    expect((await request(current).get('/api/health').expect(200)).body).toEqual({ ok: true, docs: 5, paragraphs: engine.stats().paragraphs, stale: false, skipped: [], warnings: 0 });
    const stale = createApp({ getEngine: () => engine, status: () => ({ stale: 'the last rebuild failed: ENOSPC', warnings }) });
    expect((await request(stale).get('/api/health').expect(200)).body).toEqual({
      ok: true, docs: 5, paragraphs: engine.stats().paragraphs, stale: true, staleReason: 'the last rebuild failed: ENOSPC',
      skipped: [{ file: 'dup.txt', reason: warnings[0]!.reason }], warnings: 2,
    });
  });
});

describe('GET /api/docs', () => {
  it('lists the five reports with their metadata', async () => {
    const res = await request(app).get('/api/docs').expect(200);
    expect(res.body.docs).toHaveLength(5);
    const ids = res.body.docs.map((d: { id: string }) => d.id);
    expect(ids).toContain('000_cacabed7aa6ec20d');
    for (const d of res.body.docs) {
      expect(Object.keys(d).sort()).toEqual(['city', 'district', 'duplicateOf', 'file', 'guessed', 'id', 'kind', 'paragraphs', 'title', 'year']);
    }
    const district = res.body.docs.find((d: { id: string }) => d.id === '003_acf836d61063524f');
    expect(district).toMatchObject({ city: '呼和浩特', district: '新城区', year: 2026, kind: '规划纲要' });
  });
});

describe('GET /api/docs/:id', () => {
  it('returns the document and its numbered paragraphs', async () => {
    const res = await request(app).get('/api/docs/000_cacabed7aa6ec20d').expect(200);
    expect(res.body.doc).toMatchObject({ id: '000_cacabed7aa6ec20d', city: '呼和浩特', year: 2025, kind: '政府工作报告' });
    expect(res.body.paragraphs.length).toBe(res.body.doc.paragraphs);
    res.body.paragraphs.forEach((p: { n: number }, i: number) => expect(p.n).toBe(i + 1));
    expect(Object.keys(res.body.paragraphs[0]).sort()).toEqual(['chapter', 'level', 'n', 'section', 'text']);
  });

  it('answers 404 with an error naming the unknown id', async () => {
    const res = await request(app).get('/api/docs/999_nope').expect(404).expect('Content-Type', /json/);
    expect(res.body).toEqual({ error: 'no document with id "999_nope"' });
  });

  it('answers 400 for an id that could walk out of the seeds directory', async () => {
    for (const id of ['..%2F..%2Fetc%2Fpasswd', '.env', '..', '%2e%2e']) {
      const res = await request(app).get(`/api/docs/${id}`);
      expect(res.status, id).toBe(400);
      expect(res.body.error).toMatch(/document id/);
    }
  });
});

describe('GET /api/search', () => {
  it('answers the SPEC shape with highlighted snippets and facets', async () => {
    const res = await request(app).get('/api/search').query({ q: '引黄入呼' }).expect(200);
    const body = res.body as SearchResult;
    expect(body).toMatchObject({ query: '引黄入呼', page: 1, size: 20 });
    expect(body.total).toBe(3);
    expect(Object.keys(body.facets).sort()).toEqual(['chapter', 'chapterType', 'city', 'district', 'kind', 'year']);
    for (const hit of body.hits) {
      expect(hit.url).toBe(`/docs/${hit.docId}#p-${hit.n}`);
      expect(hit.snippet).toContain('<mark>引黄入呼</mark>');
      expect(Object.keys(hit).sort()).toEqual(['chapter', 'city', 'docId', 'kind', 'n', 'score', 'section', 'snippet', 'title', 'url', 'year']);
    }
  });

  it('narrows by city, year, kind and chapter', async () => {
    const all = (await request(app).get('/api/search').query({ q: '机场', size: 100 })).body as SearchResult;
    const y = (await request(app).get('/api/search').query({ q: '机场', year: '2024', size: 100 })).body as SearchResult;
    expect(y.total).toBeGreaterThan(0);
    expect(y.total).toBeLessThan(all.total);
    expect(y.hits.every((h) => h.year === 2024)).toBe(true);
    const k = (await request(app).get('/api/search').query({ q: '机场', kind: '新闻报道' })).body as SearchResult;
    expect(k.hits.every((h) => h.kind === '新闻报道')).toBe(true);
    const c = (await request(app).get('/api/search').query({ q: '机场', city: '乌兰察布' })).body as SearchResult;
    expect(c.hits.every((h) => h.city === '乌兰察布')).toBe(true);
    const ch = (await request(app).get('/api/search').query({ q: '机场', chapter: '工作安排' })).body as SearchResult;
    expect(ch.total).toBeGreaterThan(0);
    expect(ch.hits.every((h) => h.chapter.includes('工作安排') || h.section.includes('工作安排'))).toBe(true);
  });

  it('pages with page and size', async () => {
    const p1 = (await request(app).get('/api/search').query({ q: '发展', size: 5 })).body as SearchResult;
    const p2 = (await request(app).get('/api/search').query({ q: '发展', size: 5, page: 2 })).body as SearchResult;
    expect(p1.hits).toHaveLength(5);
    expect(p2.page).toBe(2);
    expect(p2.hits).toHaveLength(5);
    expect(p2.hits[0]!.url).not.toBe(p1.hits[0]!.url);
  });

  it('answers one hit per paragraph by default and one per document with group=doc', async () => {
    const flat = (await request(app).get('/api/search').query({ q: '新质生产力', size: 100 }).expect(200)).body as SearchResult;
    expect(flat.group).toBeUndefined();
    expect(flat.hits.every((h) => h.more === undefined)).toBe(true);
    const grouped = (await request(app).get('/api/search').query({ q: '新质生产力', group: 'doc', size: 100 }).expect(200)).body as SearchResult;
    expect(grouped.group).toBe('doc');
    expect(new Set(grouped.hits.map((h) => h.docId)).size).toBe(grouped.hits.length);
    expect(grouped.hits.reduce((n, h) => n + 1 + h.more!, 0)).toBe(flat.paragraphs);
    expect(grouped.total).toBe(new Set(flat.hits.map((h) => h.docId)).size);
  });

  it('sorts by year with sort=newest or sort=oldest, and refuses any other order', async () => {
    const newest = (await request(app).get('/api/search').query({ q: '黄河', sort: 'newest', size: 100 }).expect(200)).body as SearchResult;
    const years = newest.hits.map((h) => h.year ?? 0);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    expect(newest.sort).toBe('newest');
    const oldest = (await request(app).get('/api/search').query({ q: '黄河', sort: 'oldest', size: 100 }).expect(200)).body as SearchResult;
    const up = oldest.hits.map((h) => h.year ?? 0);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    expect(up[0]).toBeLessThan(years[0]!);
    const bad = await request(app).get('/api/search').query({ q: '黄河', sort: 'date' }).expect(400);
    expect(bad.body.error).toMatch(/sort must be one of relevance, newest, oldest/);
    await request(app).get('/api/search').query({ q: '黄河', group: 'city' }).expect(400);
  });

  it('says so in a notice when no paragraph holds every word', async () => {
    const res = await request(app).get('/api/search').query({ q: '盛乐机场 航线' }).expect(200);
    expect(res.body.notice).toMatch(/任一/);
    expect(res.body.total).toBeGreaterThan(0);
  });

  it.each([
    ['q is missing', '', /q is required/],
    ['q is blank', 'q=%20%20', /q is required/],
    ['q is longer than 256 characters', `q=${'a'.repeat(257)}`, /q must be at most 256 characters, got 257/],
    ['q is repeated', 'q=a&q=b', /parameter q is given more than once/],
    ['q is given as an array', 'q[]=a', /q is required/],
    ['q holds a control character', 'q=a%00b', /q must not contain control characters/],
    ['q holds a lone surrogate', 'q=%ED%A0%80', /malformed percent-encoding/],
    ['q is malformed percent-encoding', 'q=%E4%B8', /malformed percent-encoding/],
    ['q has a stray percent sign', 'q=100%', /malformed percent-encoding/],
    ['page is 0', 'q=a&page=0', /page must be an integer from 1 to 10000, got "0"/],
    ['page is not a number', 'q=a&page=two', /page must be an integer/],
    ['page is fractional', 'q=a&page=1.5', /page must be an integer/],
    ['size is 101', 'q=a&size=101', /size must be an integer from 1 to 100, got "101"/],
    ['size is negative', 'q=a&size=-1', /size must be an integer from 1 to 100/],
    ['year has two digits', 'q=a&year=24', /year must be a 4-digit year/],
    ['a repeated year is malformed', 'q=a&year=2024&year=20x', /year must be a 4-digit year/],
    ['q is repeated', 'q=a&q=b', /parameter q is given more than once/],
    ['a chapter type is unknown', 'q=a&chapter_type=序言', /chapter_type must be one of/],
    ['a filter is given more than 20 times', `q=a${'&city=x'.repeat(21)}`, /city is given more than 20 times/],
    ['kind is not a known kind', 'q=a&kind=小说', /kind must be one of/],
    ['city is overlong', `q=a&city=${'呼'.repeat(101)}`, /city must be at most 100 characters/],
  ])('answers 400 when %s', async (_what, qs, message) => {
    const res = await request(app).get(`/api/search?${qs}`).expect(400).expect('Content-Type', /json/);
    expect(res.body.error).toMatch(message);
  });

  it('accepts a 256-character query', async () => {
    await request(app).get('/api/search').query({ q: '发'.repeat(256) }).expect(200);
  });
});

describe('GET /api/mentions', () => {
  it('counts every exact mention, whatever the width, case or script', async () => {
    const a = (await request(app).get('/api/mentions').query({ q: '引黄入呼' })).body as MentionsResult;
    expect(a.totalOccurrences).toBe(3);
    expect(a.totalParagraphs).toBe(3);
    const b = (await request(app).get('/api/mentions').query({ q: '引黃入呼' })).body as MentionsResult;
    const c = (await request(app).get('/api/mentions').query({ q: '引黄 入呼' })).body as MentionsResult;
    expect(b.totalOccurrences).toBe(3);
    expect(c.totalOccurrences).toBe(3);
  });

  it('agrees with a brute-force scan of every paragraph', async () => {
    const q = '机场';
    let expected = 0;
    for (const d of engine.docs()) {
      for (const p of engine.doc(d.id)!.paragraphs) expected += norm(p.text).split(norm(q)).length - 1;
    }
    const res = (await request(app).get('/api/mentions').query({ q })).body as MentionsResult;
    expect(res.totalOccurrences).toBe(expected);
    expect(res.byYear.reduce((s, y) => s + y.count, 0)).toBe(expected);
    expect(res.byCity.reduce((s, y) => s + y.count, 0)).toBe(expected);
  });

  it('orders documents by year and pages paragraphs with limit and offset while the totals count all', async () => {
    const all = (await request(app).get('/api/mentions').query({ q: '机场' })).body as MentionsResult;
    const years = all.docs.map((d) => d.year ?? 0);
    expect(years).toEqual([...years].sort((x, y) => x - y));
    const page = (await request(app).get('/api/mentions').query({ q: '机场', limit: 2, offset: 1 })).body as MentionsResult;
    expect(page.totalOccurrences).toBe(all.totalOccurrences);
    expect(page.docs.reduce((s, d) => s + d.paragraphs.length, 0)).toBe(2);
  });

  it.each([
    ['q is missing', 'limit=1', /q is required/],
    ['limit is negative', 'q=a&limit=-1', /limit must be an integer/],
    ['offset is not a number', 'q=a&offset=x', /offset must be an integer/],
    ['offset is repeated', 'q=a&offset=1&offset=2', /given more than once/],
  ])('answers 400 when %s', async (_what, qs, message) => {
    const res = await request(app).get(`/api/mentions?${qs}`).expect(400);
    expect(res.body.error).toMatch(message);
  });
});

describe('GET /api/<unknown>', () => {
  it('answers 404 as JSON', async () => {
    const res = await request(app).get('/api/nothing-here').expect(404).expect('Content-Type', /json/);
    expect(res.body.error).toBeTruthy();
  });
});
