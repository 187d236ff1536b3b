/**
 * Browser tests run in Debian's Chromium through playwright-core (never a downloaded browser), against the app
 * served in-process on an ephemeral port.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../src/web/app.js';
import type { SearchBackend } from '../../src/search/backend.js';

export const CHROMIUM = '/usr/bin/chromium';

/** True when Chromium is installed; otherwise says so once, so a skipped suite is never silent. */
export function haveChromium(): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  console.warn(`Chromium not found at ${CHROMIUM}: browser tests skipped`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Serves the app over `engine` on 127.0.0.1 and an ephemeral port. */
export async function serve(engine: SearchBackend): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(createApp({ getEngine: () => engine, log: () => {} }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A fresh page of `ctx` that records in `problems` every console error (bar those matching `ignoreConsole`),
 * uncaught error and dialog (dismissed), and, unless `csp` is false, every CSP violation as a console error.
 */
export async function watchedPage(ctx: BrowserContext, problems: string[], opts: { ignoreConsole?: RegExp; csp?: boolean } = {}): Promise<Page> {
  const page = await ctx.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !opts.ignoreConsole?.test(m.text())) problems.push(`console: ${m.text()} (${m.location().url || page.url()})`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message} (${page.url()})`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()} (${page.url()})`);
    void d.dismiss();
  });
  if (opts.csp !== false) {
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
  }
  return page;
}
