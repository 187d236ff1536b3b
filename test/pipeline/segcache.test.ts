/**
 * Segmentation-cache entries carry a checksum and are fsynced: an entry that does not verify is ignored and the
 * document segmented again, so a corrupted entry never reaches an index.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildIndex } from '../../src/pipeline/open.js';
import { cacheFile, readJoined, segcacheDir, writeJoined } from '../../src/pipeline/segcache.js';
import { SEEDS } from '../helpers/seed-docs.js';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-segcache-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const KEY = 'a'.repeat(40);
const JOINED = ['推进 引黄 入 呼', '', '盛乐 国际 机场'];

describe('writeJoined and readJoined', () => {
  it('round-trip an entry, fsynced before it is renamed into place', async () => {
    const file = cacheFile(tmp, KEY);
    const fsync = vi.spyOn(fs, 'fsyncSync');
    writeJoined(file, JOINED);
    expect(fsync).toHaveBeenCalledTimes(1);
    fsync.mockRestore();
    expect(await readJoined(file, 3)).toEqual(JOINED);
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('ignore an entry whose body was changed, even into valid JSON of the right shape', async () => {
    const file = cacheFile(tmp, KEY);
    writeJoined(file, JOINED);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('盛乐', '错误'));
    expect(await readJoined(file, 3)).toBeNull();
  });

  it('ignore an entry copied under another key, a truncated one, and one of the old layout (no checksum)', async () => {
    const file = cacheFile(tmp, KEY);
    writeJoined(file, JOINED);
    const other = cacheFile(tmp, 'b'.repeat(40));
    fs.copyFileSync(file, other);
    expect(await readJoined(other, 3)).toBeNull();
    fs.writeFileSync(other, fs.readFileSync(file).subarray(0, 80));
    expect(await readJoined(other, 3)).toBeNull();
    fs.writeFileSync(other, JSON.stringify(JOINED));
    expect(await readJoined(other, 3)).toBeNull();
  });
});

describe('a build over a corrupted segmentation cache', () => {
  it('segments the document of the corrupted entry again and answers as a clean build', async () => {
    const index = path.join(tmp, 'index');
    const log = (): void => {};
    const clean = await buildIndex({ seeds: SEEDS, out: index, log, workers: 1 });
    const dir = segcacheDir(index);
    const entry = path.join(dir, fs.readdirSync(dir).sort()[0]!);
    // Valid JSON of the right length, every paragraph's tokens replaced: what a silent corruption could leave.
    const [sum, body] = [fs.readFileSync(entry, 'utf8').slice(0, 65), fs.readFileSync(entry, 'utf8').slice(65)];
    fs.writeFileSync(entry, sum + JSON.stringify((JSON.parse(body) as string[]).map(() => '错误')));
    const again = await buildIndex({ seeds: SEEDS, out: index, log, workers: 1 });
    expect(again.segmented).toBe(1);
    for (const q of ['引黄入呼', '盛乐机场 航线', '错误']) expect(again.engine.search({ q, size: 50 })).toEqual(clean.engine.search({ q, size: 50 }));
  });
});
