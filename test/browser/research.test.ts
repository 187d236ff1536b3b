/**
 * Reading, navigating and citing like a researcher (issue 14), in Chromium at desktop (1366×900) and phone
 * (390×844) sizes: search → a hit → the next and previous hit → both copy buttons → the stable link after a
 * rebuild that renumbers paragraphs; a year range and two cities; browsing a district without a query; the home
 * page to a report in two clicks; the keyboard; and axe-core on every kind of page.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createApp } from '../../src/web/app.js';
import { openIndex } from '../../src/pipeline/open.js';
import type { SearchEngine } from '../../src/search/engine.js';
import { norm } from '../../src/text/normalize.js';
import { haveChromium, launchChromium, watchedPage } from '../helpers/browser.js';
import { freshSeeds, tempRoot } from '../helpers/seed-folder.js';

const SHOTS = path.resolve('test-results/screenshots');
const available = haveChromium();
const SIZES = {
  desktop: { viewport: { width: 1366, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} as const;
type Size = keyof typeof SIZES;

const root = available ? tempRoot('research-') : '';
let seeds: string;
let index: string;
let engine: SearchEngine;
let browser: Browser;
let base: string;
let server: http.Server;
const problems: string[] = [];

beforeAll(async () => {
  if (!available) return;
  ({ seeds, index } = freshSeeds(root, 'research'));
  engine = (await openIndex({ seeds, index, log: () => {} })).engine;
  server = http.createServer(createApp({ getEngine: () => engine, log: () => {} }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  fs.mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function contextFor(size: Size): Promise<BrowserContext> {
  const ctx = await browser.newContext({ ...SIZES[size], acceptDownloads: true });
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  return ctx;
}

const open = (ctx: BrowserContext): Promise<Page> => watchedPage(ctx, problems, { ignoreConsole: /status of 404/, csp: false });

/** True when the element's top lies within the viewport, below the sticky bar of a document page. */
function onScreen(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0;
  });
}

/** The paragraph number (`p-<n>`) of the hit on screen as the bar names it. */
async function barPosition(page: Page): Promise<string> {
  return (await page.textContent('.doc-bar .hit-pos'))!.trim();
}

describe.skipIf(!available)('a researcher’s journey', () => {
  // The rebuild changes the seeds, so the sizes run one after the other, each undoing its change.
  for (const size of ['desktop', 'phone'] as const) {
    it(`searches, opens a hit, goes hit to hit, copies the citation both ways, and follows the stable link after a rebuild renumbers paragraphs (${size})`, async () => {
      const ctx = await contextFor(size);
      const page = await open(ctx);
      await page.goto(`${base}/`);
      await page.fill('#q-main', '引黄入呼');
      await Promise.all([page.waitForURL(/\/search\?q=/), page.press('#q-main', 'Enter')]);
      await page.screenshot({ path: path.join(SHOTS, `i14-search-${size}.png`) });
      await Promise.all([page.waitForURL(/\/docs\//), page.click('.hit >> nth=0 >> .hit-title a')]);
      const landed = new URL(page.url()).hash.slice(1);
      expect(await onScreen(page, `[id="${landed}"]`)).toBe(true);
      expect(await page.textContent('.doc-hits')).toMatch(/共 <?\d|共 \d+ 处命中/);

      // Next and previous hit: the bar moves, the paragraph is on screen, and it holds the term.
      const hits = await page.$$eval('.para.has-hit', (els) => els.map((e) => e.id));
      expect(hits.length).toBeGreaterThanOrEqual(1);
      await page.click('.doc-bar .hit-next');
      const after = new URL(page.url()).hash.slice(1);
      expect(hits).toContain(after);
      expect(await onScreen(page, `[id="${after}"]`)).toBe(true);
      expect(await barPosition(page)).toMatch(/^第 \d+\/\d+ 处/);
      await page.keyboard.press('p');
      const back = new URL(page.url()).hash.slice(1);
      expect(hits).toContain(back);
      expect(norm((await page.textContent(`[id="${back}"] .para-text`))!)).toContain('引黄入呼');
      await page.screenshot({ path: path.join(SHOTS, `i14-doc-hit-${size}.png`) });

      // Cite: both copy buttons put text on the clipboard.
      const para = `[id="${back}"]`;
      await page.click(`${para} .cite summary`);
      const citation = (await page.textContent(`${para} .cite-text`))!.trim();
      expect(citation).toMatch(/\[(?:R|EB)\/OL\]\. \[\d{4}-\d\d-\d\d\]\. http:\/\/127\.0\.0\.1:\d+\/docs\/[^#]+#s-[0-9a-z]{7}\. 引文位置：.*第 \d+ 段。$/);
      await page.click(`${para} .cite-copy[data-copy="cite"]`);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(citation);
      await page.click(`${para} .cite-copy[data-copy="quote"]`);
      const quoted = await page.evaluate(() => navigator.clipboard.readText());
      expect(quoted.startsWith('“')).toBe(true);
      expect(norm(quoted)).toContain(norm('引黄入呼'));
      expect(quoted.endsWith(citation)).toBe(true);
      await page.screenshot({ path: path.join(SHOTS, `i14-doc-cite-${size}.png`) });

      // A rebuild that puts two paragraphs in front renumbers every paragraph; the stable link still lands on it.
      const stable = citation.match(/(http:\/\/\S+#s-[0-9a-z]{7}(?:-\d+)?)\./)![1]!;
      const text = norm((await page.textContent(`${para} .para-text`))!);
      const docId = new URL(stable).pathname.split('/').pop()!;
      const file = fs.readdirSync(seeds).find((f) => f.startsWith(docId))!;
      const original = fs.readFileSync(path.join(seeds, file));
      fs.writeFileSync(path.join(seeds, file), Buffer.concat([Buffer.from('编者按：本报今日全文刊发政府工作报告。\n\n本版责任编辑：某某。\n\n'), original]));
      try {
        const reopened = await openIndex({ seeds, index, log: () => {} });
        expect(reopened.rebuilt).toBe(true);
        engine = reopened.engine;
        await page.goto(stable);
        const anchor = new URL(stable).hash.slice(1);
        const target = await page.$eval(`[id="${anchor}"]`, (a) => a.closest('.para')!.id);
        expect(target).not.toBe(back);
        expect(Number(target.slice(2))).toBeGreaterThan(Number(back.slice(2)));
        expect(norm((await page.textContent(`[id="${target}"] .para-text`))!)).toBe(text);
        expect(await onScreen(page, `[id="${target}"]`)).toBe(true);
        expect(await page.$eval(`[id="${target}"]`, (el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
        await page.screenshot({ path: path.join(SHOTS, `i14-doc-stable-${size}.png`) });
      } finally {
        fs.writeFileSync(path.join(seeds, file), original);
        engine = (await openIndex({ seeds, index, log: () => {} })).engine;
      }
      await ctx.close();
    }, 60_000);

    it(`filters by a year range and two cities, and browses a district without a query (${size})`, async () => {
      const ctx = await contextFor(size);
      const page = await open(ctx);
      await page.goto(`${base}/search?q=${encodeURIComponent('建设')}`);
      await page.selectOption('select[name="year_from"]', '2024');
      await page.selectOption('select[name="year_to"]', '2025');
      await Promise.all([page.waitForURL(/year_to=2025/), page.click('.year-range button')]);
      await Promise.all([page.waitForURL(/city=/), page.click('#filters .facet-link:has-text("呼和浩特")')]);
      await Promise.all([page.waitForURL(/city=.*city=/), page.click('#filters .facet-link:has-text("乌兰察布")')]);
      const url = new URL(page.url());
      expect(url.searchParams.getAll('city').sort()).toEqual(['乌兰察布', '呼和浩特']);
      expect(url.searchParams.get('year_from')).toBe('2024');
      expect(url.searchParams.get('q')).toBe('建设');
      const api = await (await page.request.get(`${base}/api/search?${url.searchParams}`)).json();
      expect(await page.textContent('.result-count')).toContain(`（${api.total.toLocaleString('en-US')} 个段落）`);
      expect(await page.$$eval('.active-filters .chip', (c) => c.length)).toBe(4);
      await page.screenshot({ path: path.join(SHOTS, `i14-search-filtered-${size}.png`), fullPage: size === 'phone' });

      await page.goto(`${base}/`);
      await Promise.all([page.waitForURL(/district=/), page.click('.coverage a:has-text("新城区")')]);
      expect(await page.textContent('.result-count')).toContain('符合条件的文件 1 份');
      await page.screenshot({ path: path.join(SHOTS, `i14-browse-${size}.png`) });
      // Home page to a report in two clicks: the district, then the report.
      await Promise.all([page.waitForURL(/\/docs\/003_acf836d61063524f/), page.click('.doc-table a >> nth=0')]);
      expect(await page.textContent('h1')).toContain('新城区');
      await ctx.close();
    }, 60_000);
  }
});

describe.skipIf(!available)('reading on a phone', () => {
  it('keeps the report’s title and chapter in a sticky bar and opens the outline behind 目录', async () => {
    const ctx = await contextFor('phone');
    const page = await open(ctx);
    await page.goto(`${base}/docs/003_acf836d61063524f?q=${encodeURIComponent('产业')}`);
    // The title comes before the outline.
    expect(await page.$eval('#doc-title', (h) => h.getBoundingClientRect().top)).toBeLessThan(await page.$eval('.doc-body', (b) => b.getBoundingClientRect().top));
    await page.click('.doc-bar .hit-next');
    await page.waitForTimeout(100);
    expect(await page.$eval('.doc-bar', (b) => b.getBoundingClientRect().top)).toBe(0);
    expect(await page.isVisible('.doc-bar .bar-title')).toBe(true);
    expect((await page.textContent('.doc-bar .bar-chapter'))!.trim()).not.toBe('');
    expect(await onScreen(page, '.outline')).toBe(false);
    await page.click('.bar-outline');
    expect(await page.isVisible('.outline.open')).toBe(true);
    expect(await page.$$eval('.outline a[aria-current="location"]', (a) => a.length)).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, `i14-doc-outline-phone.png`) });
    await page.click('.outline.open .outline-list a >> nth=2');
    expect(await page.isVisible('.outline.open')).toBe(false);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await ctx.close();
  });
});

describe.skipIf(!available)('keyboard', () => {
  it('reaches the first result in a few Tab presses after the skip link, and / focuses the search box', async () => {
    const ctx = await contextFor('desktop');
    const page = await open(ctx);
    await page.goto(`${base}/search?q=${encodeURIComponent('机场')}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到检索结果');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    let presses = 1;
    while (!(await page.evaluate(() => !!document.activeElement?.closest('.hit'))) && presses < 10) {
      await page.keyboard.press('Tab');
      presses++;
    }
    expect(await page.evaluate(() => !!document.activeElement?.closest('.hit'))).toBe(true);
    expect(presses).toBeLessThanOrEqual(6);
    await page.keyboard.press('Escape');
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
    await ctx.close();
  });
});

describe.skipIf(!available)('axe-core', () => {
  const routes = {
    home: '/',
    search: `/search?q=${encodeURIComponent('机场')}&city=${encodeURIComponent('呼和浩特')}`,
    browse: `/search?kind=${encodeURIComponent('政府工作报告')}`,
    document: `/docs/000_cacabed7aa6ec20d?q=${encodeURIComponent('机场')}`,
    mentions: `/mentions?q=${encodeURIComponent('机场')}`,
    // A common word: paragraphs with more occurrences than the page lists, each with its link to the rest.
    'mentions-common': `/mentions?q=${encodeURIComponent('发展')}`,
    error: '/docs/999_nope',
  };
  for (const size of ['desktop', 'phone'] as const) {
    it(`finds no serious or critical violation on home, search, browse, document, mentions and error pages (${size})`, async () => {
      const ctx = await contextFor(size);
      const found: string[] = [];
      for (const [name, route] of Object.entries(routes)) {
        const page = await open(ctx);
        await page.goto(`${base}${route}`);
        const result = await new AxeBuilder({ page }).analyze();
        for (const v of result.violations) {
          if (v.impact === 'serious' || v.impact === 'critical') found.push(`${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
        }
        await page.screenshot({ path: path.join(SHOTS, `i14-${name}-${size}.png`) });
        if (size === 'phone') expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(390);
        await page.close();
      }
      expect(found).toEqual([]);
      await ctx.close();
    }, 90_000);
  }

  it('logs no page error or console error on the way', () => {
    expect(problems).toEqual([]);
  });
});
