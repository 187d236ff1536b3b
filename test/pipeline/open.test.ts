import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildIndex, openIndex } from '../../src/pipeline/open.js';
import { freshSeeds, tempRoot } from '../helpers/seed-folder.js';

const tmpRoot = tempRoot('ps-store-');

let seeds: string;
let index: string;
let lines: string[];
const log = (l: string): void => void lines.push(l);

beforeEach((ctx) => {
  ({ seeds, index } = freshSeeds(tmpRoot, ctx.task.name));
  lines = [];
});

const currentGen = (): string => fs.readFileSync(path.join(index, 'CURRENT'), 'utf8').trim();
const genFile = (name: string): string => path.join(index, currentGen(), name);

describe('openIndex', () => {
  it('builds a missing index, then loads it unchanged on restart without rebuilding', async () => {
    const first = await openIndex({ seeds, index, log });
    expect(first.rebuilt).toBe(true);
    expect(first.reason).toMatch(/^missing/);
    expect(lines.some((l) => l.includes('missing'))).toBe(true);
    const again = await openIndex({ seeds, index, log });
    expect(again.rebuilt).toBe(false);
    expect(again.engine.stats()).toEqual(first.engine.stats());
    expect(again.engine.mentions({ q: '呼包鄂乌' })).toEqual(first.engine.mentions({ q: '呼包鄂乌' }));
    expect(again.engine.search({ q: '马铃薯 OR 燕麦' })).toEqual(first.engine.search({ q: '马铃薯 OR 燕麦' }));
    // Every paragraph, its text and its normalised text, as built.
    for (const d of first.engine.docs()) expect(again.engine.doc(d.id)).toEqual(first.engine.doc(d.id));
    expect(again.engine.index.norms).toEqual(first.engine.index.norms);
  });

  it('adds a new seed incrementally, and segments only it', async () => {
    await openIndex({ seeds, index, log });
    fs.writeFileSync(path.join(seeds, '005_new.txt'), '一、总体要求\n推进引黄入呼四期工程。\n');
    lines = [];
    const r = await openIndex({ seeds, index, log });
    expect(r.rebuilt).toBe(true);
    expect(r.reason).toBe('stale: seed added: 005_new.txt');
    expect(lines.some((l) => l.includes('seed added: 005_new.txt'))).toBe(true);
    // Incremental: the loaded index gets the new report; the others are neither segmented nor re-added.
    expect(lines.at(-1)).toMatch(/incremental: 1 new report\(s\), .* 1 segmented/);
    expect(lines.some((l) => l.includes('rebuilding'))).toBe(false);
    expect(r.engine.mentions({ q: '引黄入呼' }).totalOccurrences).toBe(4);
  });

  it('rebuilds when a seed is removed or changed', async () => {
    await openIndex({ seeds, index, log });
    fs.rmSync(path.join(seeds, '004_5b71bd7820752359.txt'));
    expect((await openIndex({ seeds, index, log })).reason).toBe('stale: seed removed: 004_5b71bd7820752359.txt');
    fs.appendFileSync(path.join(seeds, '000_cacabed7aa6ec20d.txt'), '\n马铃薯。\n');
    const r = await openIndex({ seeds, index, log });
    expect(r.reason).toBe('stale: seed changed: 000_cacabed7aa6ec20d.txt');
    expect(r.engine.stats().docs).toBe(4);
  });

  it('rebuilds a truncated index file with a log line saying so', async () => {
    await openIndex({ seeds, index, log });
    const file = genFile('rank.ndjson');
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const r = await openIndex({ seeds, index, log });
    expect(r.rebuilt).toBe(true);
    expect(r.reason).toMatch(/^truncated: gen-.*\/rank\.ndjson/);
    expect(lines.some((l) => /rebuilding .*truncated/.test(l))).toBe(true);
    expect(r.engine.mentions({ q: '引黄入呼' }).totalOccurrences).toBe(3);
  });

  it('rebuilds a corrupted file (checksum), a foreign format and an unreadable manifest', async () => {
    await openIndex({ seeds, index, log });
    const docs = genFile('docs.json');
    const buf = fs.readFileSync(docs);
    buf[100] = buf[100]! ^ 1;
    fs.writeFileSync(docs, buf);
    expect((await openIndex({ seeds, index, log })).reason).toMatch(/^checksum mismatch: .*docs\.json/);

    const manifest = genFile('manifest.json');
    fs.writeFileSync(manifest, JSON.stringify({ ...JSON.parse(fs.readFileSync(manifest, 'utf8')), format: 'something-else' }));
    expect((await openIndex({ seeds, index, log })).reason).toBe('foreign format: something-else');

    fs.writeFileSync(genFile('manifest.json'), '{"format": "policy-sea');
    expect((await openIndex({ seeds, index, log })).reason).toMatch(/^unreadable: .*manifest\.json/);
    expect((await openIndex({ seeds, index, log })).rebuilt).toBe(false);
  });

  it('rebuilds an index stamped by other segmentation options', async () => {
    await openIndex({ seeds, index, log });
    const manifest = genFile('manifest.json');
    const m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    fs.writeFileSync(manifest, JSON.stringify({ ...m, stamp: m.stamp.replace(/seg-[0-9a-f]+/, 'seg-0000000000000000') }));
    const r = await openIndex({ seeds, index, log });
    expect(r.rebuilt).toBe(true);
    expect(r.reason).toMatch(/^format changed: index is .*seg-0000000000000000/);
  });

  it('says which seeds directory it cannot read', async () => {
    await expect(openIndex({ seeds: path.join(seeds, 'nope'), index, log })).rejects.toThrow(/cannot read the seeds directory .*nope: ENOENT/);
  });

  it('keeps serving the previous index when a build died half-way', async () => {
    await openIndex({ seeds, index, log });
    const before = currentGen();
    // What a crash leaves: a temporary directory with some files, and no switch of CURRENT.
    fs.mkdirSync(path.join(index, '.tmp-999999-dead'));
    fs.writeFileSync(path.join(index, '.tmp-999999-dead', 'docs.json'), '{"docs": [');
    const r = await openIndex({ seeds, index, log });
    expect(r.rebuilt).toBe(false);
    expect(currentGen()).toBe(before);
    // The next build clears the leftovers.
    await buildIndex({ seeds, out: index, log });
    expect(fs.existsSync(path.join(index, '.tmp-999999-dead'))).toBe(false);
  });

  it('lets two opens race: one builds, the other waits and loads it', async () => {
    const [a, b] = await Promise.all([openIndex({ seeds, index, log }), openIndex({ seeds, index, log })]);
    expect([a.rebuilt, b.rebuilt].sort()).toEqual([false, true]);
    expect(a.engine.stats()).toEqual(b.engine.stats());
    expect(fs.existsSync(path.join(index, 'build.lock'))).toBe(false);
  });

  it('takes over a stale lock left by a process that is gone', async () => {
    fs.mkdirSync(index, { recursive: true });
    fs.writeFileSync(path.join(index, 'build.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname() }));
    const longAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(index, 'build.lock'), longAgo, longAgo);
    const r = await openIndex({ seeds, index, log });
    expect(r.rebuilt).toBe(true);
    expect(lines.some((l) => l.includes('stale build lock'))).toBe(true);
  });
});

describe('buildIndex', () => {
  it('segments in child processes with the same result as in this process', async () => {
    const one = await buildIndex({ seeds, out: path.join(index, '..', 'one'), log, workers: 1 });
    const two = await buildIndex({ seeds, out: index, log, workers: 2, parallelThreshold: 0 });
    expect(lines.some((l) => l.includes('segmented in 2 child processes while this one indexed'))).toBe(true);
    expect(two.segmented).toBe(5);
    // The children wrote the segmentation cache: built again, nothing is segmented, and the answers are the same.
    const three = await buildIndex({ seeds, out: index, log, workers: 2, parallelThreshold: 0 });
    expect(three.segmented).toBe(0);
    expect(three.engine.search({ q: '发展', size: 50 })).toEqual(one.engine.search({ q: '发展', size: 50 }));
    for (const q of ['盛乐机场 航线', '"盛乐国际机场" -通航', '发展']) {
      expect(two.engine.search({ q, size: 50 })).toEqual(one.engine.search({ q, size: 50 }));
    }
    expect(two.docs).toBe(5);
    expect(two.paragraphs).toBe(one.paragraphs);
  });

  it('answers the same when the children remember paragraphs seen in an earlier report as when each is segmented', async () => {
    // A second copy of two reports with one line added: new documents whose other paragraphs the children have seen.
    for (const f of fs.readdirSync(seeds).filter((x) => /^00[03]_.*\.txt$/.test(x))) {
      fs.writeFileSync(path.join(seeds, `copy_${f}`), `${fs.readFileSync(path.join(seeds, f), 'utf8')}\n\n[copy]\n`);
    }
    const one = await buildIndex({ seeds, out: path.join(index, '..', 'one'), log, workers: 1 });
    const two = await buildIndex({ seeds, out: index, log, workers: 2, parallelThreshold: 0 });
    expect(two.segmented).toBe(7);
    for (const q of ['盛乐机场 航线', '"盛乐国际机场" -通航', '发展', '新城区 十五五']) {
      expect(two.engine.search({ q, size: 50, includeDuplicates: true })).toEqual(one.engine.search({ q, size: 50, includeDuplicates: true }));
    }
    expect(two.engine.index.norms).toEqual(one.engine.index.norms);
  });
});
