/**
 * Browser tests run in Debian's Chromium through playwright-core (never a downloaded browser), against the app
 * served in-process on an ephemeral port.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
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
