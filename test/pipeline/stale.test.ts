/**
 * When the index must be rebuilt and cannot be (a full disk, an empty or missing seeds folder), the last good index is
 * served, stale, and says why; an empty seeds folder never replaces an index that holds reports.
 */
import fs from 'node:fs';
import type fsp from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { buildIndex, openIndex } from '../../src/pipeline/open.js';
import { freshSeeds, tempRoot } from '../helpers/seed-folder.js';

/** While true, every file the store writes through node:fs/promises fails as on a full disk. */
const disk = vi.hoisted(() => ({ full: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const orig = await importOriginal<typeof fsp>();
  const enospc = (): Error => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  const open: typeof orig.open = async (...args: Parameters<typeof orig.open>) => {
    const fh = await orig.open(...args);
    if (!disk.full || !/w/.test(String(args[1] ?? ''))) return fh;
    return new Proxy(fh, {
      get: (target, prop, receiver) => (prop === 'writeFile' || prop === 'write' ? async () => { throw enospc(); } : Reflect.get(target, prop, receiver)),
    });
  };
  const patched = { ...orig, open };
  return { ...patched, default: patched };
});

const tmpRoot = tempRoot('ps-stale-');

let seeds: string;
let index: string;
let lines: string[];
const log = (l: string): void => void lines.push(l);

beforeEach((ctx) => {
  ({ seeds, index } = freshSeeds(tmpRoot, ctx.task.name));
  lines = [];
  disk.full = false;
});

describe('openIndex when the rebuild cannot be written', () => {
  it('serves the last good index on a full disk, stale, saying so in the log and in `stale`', async () => {
    await buildIndex({ seeds, out: index, log });
    fs.writeFileSync(path.join(seeds, '900_new.txt'), '包头市2026年政府工作报告\n\n推进稀土新材料产业集群建设。\n');
    fs.appendFileSync(path.join(seeds, '000_cacabed7aa6ec20d.txt'), '\n新增一段。\n');
    disk.full = true;
    const r = await openIndex({ seeds, index, log });
    expect(r.engine.stats().docs).toBe(5);
    expect(r.rebuilt).toBe(false);
    expect(r.stale).toMatch(/^stale: seed added: 900_new\.txt; seed changed: 000_cacabed7aa6ec20d\.txt; the index could not be rebuilt: ENOSPC/);
    expect(lines.join('\n')).toMatch(/serving the last good index \(5 documents, built .*\), which is stale: .*ENOSPC/);
    // Once the disk has room again, the next open rebuilds.
    disk.full = false;
    const again = await openIndex({ seeds, index, log });
    expect(again.stale).toBeUndefined();
    expect(again.engine.stats().docs).toBe(6);
  });

  it('throws instead when told not to serve a stale index (a server already serving it keeps it)', async () => {
    await buildIndex({ seeds, out: index, log });
    fs.writeFileSync(path.join(seeds, '900_new.txt'), '包头市2026年政府工作报告\n\n推进稀土新材料产业集群建设。\n');
    disk.full = true;
    await expect(openIndex({ seeds, index, log, serveStale: false })).rejects.toThrow(/ENOSPC/);
  });

  it('fails as before when there is no good index to fall back on', async () => {
    disk.full = true;
    await expect(openIndex({ seeds, index, log })).rejects.toThrow(/ENOSPC/);
  });
});

describe('an empty or missing seeds folder', () => {
  const empty = (): void => {
    for (const f of fs.readdirSync(seeds)) fs.rmSync(path.join(seeds, f));
  };

  it('never replaces an index that holds reports: the build refuses, open serves the last index, stale', async () => {
    await buildIndex({ seeds, out: index, log });
    empty();
    await expect(buildIndex({ seeds, out: index, log })).rejects.toMatchObject({ code: 'empty_seeds' });
    const r = await openIndex({ seeds, index, log });
    expect(r.engine.stats().docs).toBe(5);
    expect(r.stale).toMatch(/seed removed: .*; the index could not be rebuilt: the seeds folder .* holds no report to index; keeping the index of 5 documents/);
  });

  it('counts a folder whose every entry is skipped as empty', async () => {
    await buildIndex({ seeds, out: index, log });
    empty();
    fs.symlinkSync('/etc/passwd', path.join(seeds, 'passwd.txt'));
    const r = await openIndex({ seeds, index, log });
    expect(r.engine.stats().docs).toBe(5);
    expect(r.stale).toMatch(/holds no report to index \(1 skipped\)/);
    expect(r.warnings.map((w) => w.file)).toContain('passwd.txt');
  });

  it('builds an empty index when there was none, with a warning saying the folder is empty', async () => {
    empty();
    const r = await openIndex({ seeds, index, log });
    expect(r.engine.stats().docs).toBe(0);
    expect(r.warnings.map((w) => w.reason)).toEqual([`the seeds folder ${seeds} holds no report to index`]);
  });

  it('serves the last good index when the seeds folder is missing (an unmounted volume)', async () => {
    await buildIndex({ seeds, out: index, log });
    fs.rmSync(seeds, { recursive: true });
    const r = await openIndex({ seeds, index, log });
    expect(r.engine.stats().docs).toBe(5);
    expect(r.stale).toMatch(/^the seeds could not be checked: cannot read the seeds directory .*: ENOENT$/);
  });
});
