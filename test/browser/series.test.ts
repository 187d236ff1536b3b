/**
 * Following projects through the years, in Chromium: two series in one chart, an alias group, the per-report switch,
 * the stage line linking to its evidence, the term × report CSV and a chapter compared across two years; screenshots
 * at desktop (1366×900) and phone (390×844) sizes in test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { haveChromium, launchChromium, serve, watchedPage } from '../helpers/browser.js';
import { PROJECTS, seriesEngine } from '../helpers/series-engine.js';

const SHOTS = path.resolve('test-results/screenshots');
const available = haveChromium();

let browser: Browser;
let context: BrowserContext;
let base: string;
let stop: () => Promise<void>;
const problems: string[] = [];

beforeAll(async () => {
  if (!available) return;
  ({ url: base, close: stop } = await serve(await seriesEngine()));
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stop?.();
});

const open = (ctx: BrowserContext = context): Promise<Page> => watchedPage(ctx, problems);

const mentionsOf = (q: string): string => `${base}/mentions?q=${encodeURIComponent(q)}`;

describe.skipIf(!available)('series on the mentions page', () => {
  it('draws two series in one timeline, each in its own colour, with a legend', async () => {
    const page = await open();
    await page.goto(mentionsOf('南水北调 | 三峡工程 = 长江三峡 = 三峡水利枢纽'));
    expect(await page.$$eval('ul.legend li', (l) => l.map((x) => x.textContent?.trim()))).toEqual(['南水北调', '三峡工程 = 长江三峡 = 三峡水利枢纽']);
    for (const cls of ['tl-s0', 'tl-s1']) {
      const bars = await page.$$(`svg.timeline-chart rect.tl-bar.${cls}`);
      expect(bars.length, cls).toBeGreaterThan(5);
      expect((await bars[0]!.boundingBox())!.height).toBeGreaterThan(0);
    }
    const colours = await page.$$eval('svg.timeline-chart rect.tl-bar', (rs) => [...new Set(rs.map((r) => getComputedStyle(r).fill))]);
    expect(colours).toHaveLength(2);
    await page.close();
  });

  it('counts an alias group as one project, every name found', async () => {
    const page = await open();
    await page.goto(mentionsOf('呼和浩特新机场 = 盛乐国际机场'));
    const api = await (await page.request.get(`${base}/api/mentions?q=${encodeURIComponent('呼和浩特新机场 = 盛乐国际机场')}`)).json();
    const matches = await page.$$eval('.kwic-match', (m) => m.map((x) => x.textContent));
    expect(matches).toHaveLength(api.totalOccurrences);
    expect(new Set(matches)).toEqual(new Set(['呼和浩特新机场', '盛乐国际机场']));
    expect(await page.textContent('.totals')).toContain(`共 ${api.totalOccurrences} 次`);
    await page.close();
  });

  it('switches the timeline between raw counts and counts per report', async () => {
    const page = await open();
    await page.goto(mentionsOf('南水北调'));
    expect(await page.textContent('#timeline-cap')).toBe('按年份（次）');
    await Promise.all([page.waitForURL(/per=report/), page.click('.per-switch a:has-text("每份报告")')]);
    expect(await page.textContent('#timeline-cap')).toBe('按年份（次/份报告）');
    expect(await page.getAttribute('.per-switch a.active', 'aria-current')).toBe('true');
    await page.click('details.timeline-data summary');
    const row = await page.$$eval('details.timeline-data tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent)).find((c) => c[0] === '1960'));
    expect(row).toEqual(['1960', '0', '无报告']);
    await page.close();
  });

  it('links each step of the stage line to the paragraph that says it', async () => {
    const page = await open();
    await page.goto(mentionsOf(PROJECTS));
    const step = page.locator('.stage-line-box', { hasText: '南水北调 · 全国' }).locator('.stage-step', { hasText: '2015' }).locator('a');
    expect(await step.textContent()).toContain('建成');
    await Promise.all([page.waitForURL(/\/docs\/.+#p-\d+$/), step.click()]);
    const id = new URL(page.url()).hash.slice(1);
    const target = page.locator(`[id="${id}"]`);
    expect(await target.textContent()).toContain('南水北调中线一期工程正式通水');
    const box = (await target.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeLessThan(900);
    await page.close();
  });
});

describe.skipIf(!available)('term × report table', () => {
  it('reads a list from a file, shows the table and downloads the CSV', async () => {
    const page = await open();
    await page.goto(`${base}/terms`);
    await page.setInputFiles('#terms-file', { name: 'terms.txt', mimeType: 'text/plain', buffer: Buffer.from('南水北调\n退耕还林\n') });
    await page.waitForFunction(() => (document.getElementById('terms-input') as HTMLTextAreaElement).value.includes('退耕还林'));
    await page.selectOption('select[name="kind"]', '政府工作报告');
    await Promise.all([page.waitForURL(/\/terms$/), page.click('button:has-text("生成表格")')]);
    expect(await page.$$eval('table.terms-table thead th', (t) => t.map((x) => x.textContent))).toEqual(['报告', '地区', '年份', '类型', '字数', '南水北调', '退耕还林']);
    const rows = await page.$$eval('table.terms-table tbody tr', (r) => r.length);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button:has-text("下载 CSV")')]);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('\uFEFF文件编号,标题,地区,区县,年份,类型,字数,南水北调（次）,退耕还林（次）,南水北调（次/万字）,退耕还林（次/万字）');
    expect(lines).toHaveLength(rows + 1);
    await page.close();
  });
});

describe.skipIf(!available)('same chapter across years', () => {
  it('compares the review chapter of two years, added and dropped sentences marked', async () => {
    const page = await open();
    await page.goto(`${base}/compare`);
    await page.selectOption('select[name="city"]', '示例市');
    await Promise.all([page.waitForURL(/city=/), page.click('button:has-text("对比")')]);
    await page.selectOption('select[name="a"]', '2023');
    await page.selectOption('select[name="b"]', '2024');
    await Promise.all([page.waitForURL(/a=2023&b=2024/), page.click('button:has-text("对比")')]);
    expect(await page.$$eval('.diff li.added', (l) => l.map((x) => x.textContent))).toEqual(['新增示例机场主体完工。']);
    expect(await page.$$eval('.diff li.dropped', (l) => l.map((x) => x.textContent))).toEqual(['删去示例水库开工建设。']);
    await page.close();
  });
});

describe.skipIf(!available)('screenshots of the series pages', () => {
  const pages = {
    'series-mentions': `/mentions?q=${encodeURIComponent(PROJECTS)}`,
    'series-per-report': `/mentions?q=${encodeURIComponent('南水北调')}&per=report`,
    terms: `/terms?terms=${encodeURIComponent('南水北调\n退耕还林\n新质生产力')}&kind=${encodeURIComponent('政府工作报告')}`,
    compare: `/compare?city=${encodeURIComponent('示例市')}&a=2023&b=2024`,
  };

  it('saves them at 1366×900 and 390×844, with nothing wider than a phone screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    for (const [name, route] of Object.entries(pages)) {
      for (const [size, ctx] of [['desktop', context], ['phone', phone]] as const) {
        const page = await open(ctx);
        await page.goto(`${base}${route}`);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${size}.png`) });
        // The whole page too, for looking at what lies below the fold (the chart and the stage lines on a phone).
        await page.screenshot({ path: path.join(SHOTS, `${name}-${size}-full.png`), fullPage: true });
        if (size === 'phone') expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(390);
        await page.close();
      }
    }
    await phone.close();
    expect(problems).toEqual([]);
  });
});
