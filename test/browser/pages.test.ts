import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { haveChromium, launchChromium, serve, watchedPage } from '../helpers/browser.js';
import { realEngine } from '../helpers/real-engine.js';
import { norm } from '../../src/text/normalize.js';

const SHOTS = path.resolve('test-results/screenshots');
const available = haveChromium();

let browser: Browser;
let context: BrowserContext;
let base: string;
let stop: () => Promise<void>;
/** Console errors, page errors and CSP violations seen on any page of the suite. */
const problems: string[] = [];

beforeAll(async () => {
  if (!available) return;
  const engine = await realEngine();
  ({ url: base, close: stop } = await serve(engine));
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stop?.();
});

/** A fresh page that records every console error, uncaught error, CSP violation and dialog. */
const open = (ctx: BrowserContext = context): Promise<Page> => watchedPage(ctx, problems);

/** True when the element's box lies within the viewport. */
function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0;
  });
}

describe.skipIf(!available)('searching', () => {
  it('finds a project, highlights it, narrows by city, and opens the cited paragraph on screen and marked', async () => {
    const page = await open();
    await page.goto(`${base}/`);
    await page.fill('input[name="q"]', '引黄入呼');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.press('input[name="q"]', 'Enter')]);
    // Grouped by document by default: 找到 N 篇文件（3 个段落）.
    expect(await page.textContent('.result-count')).toMatch(/（3 个段落）/);
    const marks = await page.$$eval('.snippet mark', (ms) => ms.map((m) => m.textContent));
    expect(marks.length).toBeGreaterThanOrEqual(3);
    expect(marks.every((m) => m === '引黄入呼')).toBe(true);

    await Promise.all([page.waitForURL(/city=/), page.click('.facet-link:has-text("呼和浩特")')]);
    expect(new URL(page.url()).searchParams.get('city')).toBe('呼和浩特');
    expect(new URL(page.url()).searchParams.get('q')).toBe('引黄入呼');
    expect(await page.textContent('.active-filters')).toContain('城市：呼和浩特');

    const link = (await page.getAttribute('.hit >> nth=0 >> .hit-actions a:has-text("查看原文")', 'href'))!;
    const n = /#p-(\d+)$/.exec(link)![1];
    await Promise.all([page.waitForURL(/\/docs\//), page.click('.hit >> nth=0 >> .hit-actions a:has-text("查看原文")')]);
    const target = `[id="p-${n}"]`;
    expect(await inViewport(page, target)).toBe(true);
    expect(await page.$eval(target, (el) => el.matches(':target'))).toBe(true);
    const bg = await page.$eval(target, (el) => getComputedStyle(el).backgroundColor);
    expect(bg).not.toBe('rgba(0, 0, 0, 0)');
    expect(norm((await page.textContent(`${target} .para-text`))!)).toContain('引黄入呼');
    expect(await page.$$eval(`${target} mark`, (ms) => ms.map((m) => m.textContent))).toEqual(['引黄入呼']);
    await page.close();
  });

  it('shows the fallback notice and the filters as links', async () => {
    const page = await open();
    await page.goto(`${base}/search?q=${encodeURIComponent('盛乐机场 航线')}`);
    expect(await page.textContent('.notice')).toMatch(/任一/);
    expect(await page.$$eval('.facet-link', (as) => as.length)).toBeGreaterThan(2);
    await page.close();
  });
});

describe.skipIf(!available)('reading a document', () => {
  it('jumps to a chapter from the sticky outline', async () => {
    const page = await open();
    await page.goto(`${base}/docs/001_34002d5d74df0e84`);
    const first = page.locator('.outline-list a').nth(1);
    const href = (await first.getAttribute('href'))!;
    await first.click();
    expect(page.url().endsWith(href)).toBe(true);
    expect(await inViewport(page, `[id="${href.slice(1)}"]`)).toBe(true);
    expect(await page.$eval('.outline', (el) => getComputedStyle(el).position)).toBe('sticky');
    await page.close();
  });

  it('gives a citation of a paragraph, with a copy button once the script has run', async () => {
    const page = await open();
    await page.goto(`${base}/docs/001_34002d5d74df0e84#p-45`);
    await page.click('[id="p-45"] .cite summary');
    const text = await page.textContent('[id="p-45"] .cite-text');
    expect(text).toContain('呼和浩特市2024年政府工作报告[R/OL]. [');
    expect(text).toMatch(new RegExp(`${base}/docs/001_34002d5d74df0e84#s-[0-9a-z]{7}\\. 引文位置：二、2024年工作安排 › .*，第 45 段。`));
    expect(await page.isVisible('[id="p-45"] .cite-copy[data-copy="cite"]')).toBe(true);
    expect(await page.isVisible('[id="p-45"] .cite-copy[data-copy="quote"]')).toBe(true);
    await page.close();
  });
});

describe.skipIf(!available)('mentions', () => {
  it('draws the bar charts in SVG and downloads one CSV row per occurrence', async () => {
    const page = await open();
    await page.goto(`${base}/mentions?q=${encodeURIComponent('机场')}`);
    // The chart by city; the chart by year is the timeline (test/browser/series.test.ts).
    expect(await page.$$eval('svg.chart', (s) => s.length)).toBe(1);
    expect(await page.$$eval('svg.timeline-chart', (s) => s.length)).toBe(1);
    expect(await page.$$eval('svg.chart rect.chart-bar', (r) => r.length)).toBeGreaterThanOrEqual(1);
    expect(await page.$$eval('svg.timeline-chart rect.tl-bar', (r) => r.length)).toBeGreaterThanOrEqual(2);
    expect(await page.$eval('svg.chart rect.chart-bar', (r) => r.getBoundingClientRect().width)).toBeGreaterThan(0);
    const total = (await (await page.request.get(`${base}/api/mentions?q=${encodeURIComponent('机场')}`)).json()).totalOccurrences as number;
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("下载 CSV")')]);
    const file = await download.path();
    const csv = fs.readFileSync(file!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n').filter(Boolean).length - 1).toBe(total);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    await page.close();
  });

  it('links each keyword-in-context line to its paragraph', async () => {
    const page = await open();
    await page.goto(`${base}/mentions?q=${encodeURIComponent('引黄入呼')}`);
    expect(await page.$$eval('.kwic-line', (l) => l.length)).toBe(3);
    await Promise.all([page.waitForURL(/#p-\d+$/), page.click('.kwic-line >> nth=0 >> a')]);
    const id = new URL(page.url()).hash.slice(1);
    expect(await inViewport(page, `[id="${id}"]`)).toBe(true);
    await page.close();
  });
});

describe.skipIf(!available)('hostile input', () => {
  it.each(['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'])('shows %s as text, with no dialog and no injected element', async (q) => {
    const page = await open();
    const before = problems.length;
    for (const route of ['/search', '/mentions', '/docs/000_cacabed7aa6ec20d']) {
      await page.goto(`${base}${route}?q=${encodeURIComponent(q)}`);
      expect(await page.inputValue('input[name="q"]')).toBe(q);
      expect(await page.$$eval('img', (i) => i.length)).toBe(0);
      expect(await page.$$eval('script:not([src])', (s) => s.length)).toBe(0);
    }
    await page.goto(`${base}/search?q=${encodeURIComponent(q)}`);
    expect(await page.textContent('.result-count')).toContain(q);
    expect(problems.slice(before).filter((p) => p.startsWith('dialog'))).toEqual([]);
    await page.close();
  });
});

describe.skipIf(!available)('keyboard', () => {
  it('reaches the search box, then the results, then the filters with Tab, with a visible focus ring', async () => {
    const page = await open();
    await page.goto(`${base}/search?q=${encodeURIComponent('引黄入呼')}`);
    const reached: string[] = [];
    let ring = '';
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const s = getComputedStyle(el);
        return { name: el.getAttribute('name') ?? '', cls: String(el.className), hit: !!el.closest('.hit'), outline: `${s.outlineStyle} ${s.outlineWidth}` };
      });
      const what = info.name === 'q' ? 'search box' : info.hit ? 'result' : info.cls.includes('facet-link') ? 'filter' : '';
      if (what && !reached.includes(what)) reached.push(what);
      if (what === 'filter') ring = info.outline;
    }
    // Results come before the filters in reading order (README, "Pages").
    expect(reached).toEqual(['search box', 'result', 'filter']);
    expect(ring).toMatch(/^solid [1-9]/);
    await page.close();
  });

  it('labels every form control', async () => {
    const page = await open();
    for (const route of ['/', '/search?q=x', '/mentions']) {
      await page.goto(`${base}${route}`);
      const unlabelled = await page.$$eval('input, select, textarea, button', (els) =>
        els.filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label') && !el.textContent?.trim()).length,
      );
      expect(unlabelled, route).toBe(0);
    }
    await page.close();
  });
});

describe.skipIf(!available)('screenshots', () => {
  const pages = {
    search: `/search?q=${encodeURIComponent('机场')}&year=2025`,
    doc: `/docs/001_34002d5d74df0e84?q=${encodeURIComponent('引黄入呼')}#p-45`,
    mentions: `/mentions?q=${encodeURIComponent('机场')}`,
    home: '/',
  };

  it('saves the pages at desktop and phone sizes, with CJK text rendered', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    for (const [name, route] of Object.entries(pages)) {
      for (const [size, ctx] of [['desktop', context], ['phone', phone]] as const) {
        const page = await open(ctx);
        await page.goto(`${base}${route}`);
        await page.screenshot({ path: path.join(SHOTS, `${name}-${size}.png`) });
        // Nothing wider than the screen on a phone: no sideways scrolling.
        if (size === 'phone') expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(390);
        await page.close();
      }
    }
    await phone.close();
    expect(fs.readdirSync(SHOTS).filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(6);
  });
});

describe.skipIf(!available)('every page', () => {
  it('logs no console error, page error or CSP violation', async () => {
    const page = await open();
    for (const route of ['/', '/search?q=%E6%9C%BA%E5%9C%BA', '/docs/003_acf836d61063524f', '/mentions?q=%E6%9C%BA%E5%9C%BA', '/mentions', '/nope']) {
      await page.goto(`${base}${route}`);
    }
    await page.close();
    // /nope answers 404 on purpose; Chromium logs the failed load of the page itself, which is not a page problem.
    expect(problems.filter((p) => !/status of 404 .*\/nope\)$/.test(p))).toEqual([]);
  });
});
