/**
 * Watching the seeds folder: a folder replaced (or missing for a while) is watched again, and a file still being
 * written is one change, rebuilt once it stops changing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createReloader, type Reloader } from '../../src/web/reload.js';
import type { SearchBackend } from '../../src/search/backend.js';
import { fakeDoc, fakeEngine } from '../helpers/fake-engine.js';

let engine: SearchBackend;
beforeAll(() => {
  engine = fakeEngine([fakeDoc('a', '报告', ['推进建设。'])]);
});

let tmp: string;
let reloader: Reloader | null = null;
afterEach(() => {
  reloader?.close();
  reloader = null;
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Reloader.watch', () => {
  it('keeps watching when the seeds folder is replaced by another, or removed and made again', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-watch-'));
    const seeds = path.join(tmp, 'seeds');
    fs.mkdirSync(seeds);
    const lines: string[] = [];
    let rebuilds = 0;
    reloader = createReloader({ initial: engine, rebuild: async () => (rebuilds++, { engine }), log: (l) => lines.push(l) });
    reloader.watch(seeds, { debounceMs: 30, settleMs: 60, pollMs: 50 });

    // Replaced: the new folder is renamed into place.
    const next = path.join(tmp, 'seeds.new');
    fs.mkdirSync(next);
    fs.writeFileSync(path.join(next, 'a.txt'), '报告');
    fs.renameSync(seeds, path.join(tmp, 'seeds.old'));
    fs.renameSync(next, seeds);
    await until('a rebuild after the replacement', () => rebuilds >= 1);
    expect(lines.join('\n')).toMatch(/was replaced; watching the new folder/);
    // Changes in the new folder are seen.
    const before = rebuilds;
    fs.writeFileSync(path.join(seeds, 'b.txt'), '报告');
    await until('a rebuild after a change in the new folder', () => rebuilds > before);

    // Removed, then made again.
    fs.rmSync(seeds, { recursive: true });
    await until('the log to say it is missing', () => lines.some((l) => /is missing/.test(l)));
    const during = rebuilds;
    fs.mkdirSync(seeds);
    fs.writeFileSync(path.join(seeds, 'c.txt'), '报告');
    await until('a rebuild once it is back', () => rebuilds > during);
  });

  it('rebuilds once for a slow upload, after the file stops changing', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-watch-'));
    const file = path.join(tmp, 'slow.txt');
    const sizes: number[] = [];
    reloader = createReloader({
      initial: engine,
      rebuild: async () => (sizes.push(fs.statSync(file).size), { engine }),
      log: () => {},
    });
    reloader.watch(tmp, { debounceMs: 100, settleMs: 600, pollMs: 1000 });
    // Six chunks, each after a pause longer than the debounce: seven rebuilds before the settle check.
    for (let i = 0; i < 6; i++) {
      fs.appendFileSync(file, '推进建设。'.repeat(1000));
      await new Promise((r) => setTimeout(r, 300));
    }
    await until('the rebuild', () => sizes.length >= 1);
    await new Promise((r) => setTimeout(r, 1000));
    expect(sizes).toEqual([fs.statSync(file).size]);
  });
});
