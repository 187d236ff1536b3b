/**
 * Byte-identical answers over the seed reports: the JSON of search pages 1–2 (with facets), mentions with their
 * contexts, the document list, every document and the mentions CSV, recorded once in
 * `test/fixtures/golden/seeds.json` and compared byte for byte. A refactoring that changes any answer fails here.
 *
 * The same answers are asked of an engine built in memory and of one saved by a build and loaded back from disk.
 * To record a new baseline on purpose (a change of behaviour, said in its commit): `GOLDEN_UPDATE=1 npx vitest run
 * test/web/golden.test.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../src/web/app.js';
import { buildIndex, openIndex } from '../../src/pipeline/open.js';
import { realEngine, SEEDS } from '../helpers/real-engine.js';

const GOLDEN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/golden/seeds.json');

/** Plain searches, the query syntax, traditional and spaced forms, and each filter. */
const SEARCHES = [
  '新质生产力', '引黄入呼三期', '盛乐国际机场', '南水北调', '盛乐机场 航线', '"引黄入呼三期"', '马铃薯 OR 燕麦', '马铃薯 | 燕麦',
  '光伏 -氢能', '新能源 -"光伏产业"', '跨境電商', '跨境 电商', '乡村振兴', '营商环境', '数字经济', '黄河流域生态保护', '呼和浩特',
  '建设', '绿电 算力', '十五五 规划', '-光伏', '工作安排', '乳业', '人工智能 大模型', '老旧小区改造',
];
const FILTERS = ['', '&city=呼和浩特', '&year=2025', '&kind=政府工作报告', '&chapter=工作安排', '&city=新城区&size=5'];
const MENTIONS = ['引黄入呼', '盛乐国际机场', '新质生产力', '跨境電商', '呼和浩特', '的', '黄河', '乌兰察布'];

function urls(docIds: readonly string[]): string[] {
  const out = ['/api/health', '/api/docs'];
  for (const q of SEARCHES) {
    for (const f of FILTERS) for (const page of [1, 2]) out.push(`/api/search?q=${encodeURIComponent(q)}${encodeFilters(f)}&page=${page}`);
  }
  for (const q of MENTIONS) {
    for (const f of FILTERS) out.push(`/api/mentions?q=${encodeURIComponent(q)}${encodeFilters(f)}`);
    out.push(`/api/mentions?q=${encodeURIComponent(q)}&limit=3&offset=2`);
    out.push(`/mentions.csv?q=${encodeURIComponent(q)}`);
  }
  for (const id of docIds) out.push(`/api/docs/${id}`);
  return out;
}

function encodeFilters(f: string): string {
  return f.replace(/=([^&]*)/g, (_, v: string) => `=${encodeURIComponent(v)}`);
}

async function answers(app: Express, list: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const url of list) {
    // A fixed Host: the CSV's links are absolute, and supertest listens on a new port each time.
    const res = await request(app).get(url).set('Host', 'localhost:3000');
    out[url] = `${res.status} ${res.text}`;
  }
  return out;
}

let inMemory: Express;
let saved: Express;
let tmp: string;
let list: string[];

beforeAll(async () => {
  const engine = await realEngine();
  inMemory = createApp({ getEngine: () => engine });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-'));
  await buildIndex({ seeds: SEEDS, out: tmp, log: () => {} });
  const opened = await openIndex({ seeds: SEEDS, index: tmp, log: () => {} });
  saved = createApp({ getEngine: () => opened.engine });
  list = urls(engine.docs().map((d) => d.id));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('answers over the seed reports', () => {
  it('are byte-identical to the recorded baseline (engine built in memory)', async () => {
    const got = await answers(inMemory, list);
    if (process.env.GOLDEN_UPDATE) {
      fs.mkdirSync(path.dirname(GOLDEN), { recursive: true });
      fs.writeFileSync(GOLDEN, `${JSON.stringify(got, null, 1)}\n`);
    }
    const want = JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as Record<string, string>;
    expect(Object.keys(got)).toEqual(Object.keys(want));
    for (const url of list) expect(got[url], url).toBe(want[url]);
  });

  it('are byte-identical to the recorded baseline (index saved by a build and loaded from disk)', async () => {
    const got = await answers(saved, list);
    const want = JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as Record<string, string>;
    for (const url of list) expect(got[url], url).toBe(want[url]);
  });
});
