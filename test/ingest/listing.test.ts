/**
 * The seeds folder entry by entry: symbolic links of every kind, special files, odd and clashing names, files over
 * the size bound. Each bad entry is skipped with a warning naming it; the listing, the fingerprint and ingestion go
 * on, and nothing blocks or reads outside the folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDir, listSeeds, MAX_SEED_BYTES, readCatalog } from '../../src/ingest/index.js';
import { fingerprintSeeds, fingerprintSeedsWith } from '../../src/store/fingerprint.js';
import { Hasher } from '../../src/store/hasher.js';

const REPORT = '呼和浩特市2025年政府工作报告\n\n二、2025年工作安排\n\n推进引黄入呼三期工程建设。\n';

let tmp: string;
let seeds: string;
const outside = (): string => path.join(tmp, 'outside.txt');

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'listing-'));
  seeds = path.join(tmp, 'seeds');
  fs.mkdirSync(path.join(seeds, 'sub'), { recursive: true });
  const at = (name: string): string => path.join(seeds, name);
  fs.writeFileSync(outside(), REPORT);
  fs.writeFileSync(at('good.txt'), REPORT);
  fs.writeFileSync(at('sub/inner.txt'), REPORT);
  fs.symlinkSync('good.txt', at('alias.txt'));
  fs.symlinkSync('sub/inner.txt', at('inner-link.md'));
  fs.symlinkSync(outside(), at('escape.txt'));
  fs.symlinkSync('/etc/passwd', at('passwd.txt'));
  fs.symlinkSync('/dev/zero', at('zero.txt'));
  fs.symlinkSync('nowhere.txt', at('dangling.txt'));
  fs.symlinkSync('loop-b.txt', at('loop-a.txt'));
  fs.symlinkSync('loop-a.txt', at('loop-b.txt'));
  fs.symlinkSync('sub', at('dirlink.txt'));
  fs.mkdirSync(at('folder.txt'));
  expect(spawnSync('mkfifo', [at('pipe.txt')]).status).toBe(0);
  fs.symlinkSync('pipe.txt', at('pipe-link.txt'));
  // A sparse file one byte over the bound: never read.
  fs.writeFileSync(at('huge.txt'), '');
  fs.truncateSync(at('huge.txt'), MAX_SEED_BYTES + 1);
  fs.writeFileSync(at('.hidden.txt'), REPORT);
  fs.writeFileSync(at('dup.md'), REPORT);
  fs.writeFileSync(at('dup.txt'), REPORT);
  fs.writeFileSync(at('new\nline.txt'), REPORT);
  fs.writeFileSync(Buffer.from([...Buffer.from(seeds + '/bad-'), 0xff, 0xfe, ...Buffer.from('.txt')]), REPORT);
  fs.writeFileSync(at(`${'长'.repeat(300)}.txt`.slice(-80)), REPORT);
  fs.writeFileSync(at('notes.xlsx'), 'not a report');
  expect(spawnSync('mkfifo', [at('catalog.json')]).status).toBe(0);
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const skippedFile = (name: string): string | undefined => listSeeds(seeds).skipped.find((w) => w.file === name)?.reason;

describe('listSeeds', () => {
  it('keeps regular reports and links to regular files inside the folder, sorted by name', () => {
    const files = listSeeds(seeds).files;
    expect(files.map((f) => f.file)).toEqual(['alias.txt', 'dup.md', 'dup.txt', 'good.txt', 'inner-link.md', `${'长'.repeat(76)}.txt`]);
    expect(files.find((f) => f.file === 'inner-link.md')!.path).toBe(fs.realpathSync(path.join(seeds, 'sub/inner.txt')));
  });

  it('skips links that lead out of the folder, to /etc/passwd or /dev/zero, without reading them', () => {
    for (const name of ['escape.txt', 'passwd.txt', 'zero.txt']) expect(skippedFile(name), name).toMatch(/leads out of the seeds folder/);
  });

  it('skips dangling links, loops of links, directories, pipes and links to them', () => {
    expect(skippedFile('dangling.txt')).toMatch(/unreadable \(a dangling symbolic link\)/);
    expect(skippedFile('loop-a.txt')).toMatch(/loop of symbolic links/);
    expect(skippedFile('loop-b.txt')).toMatch(/loop of symbolic links/);
    expect(skippedFile('dirlink.txt')).toMatch(/a directory, not a regular file/);
    expect(skippedFile('folder.txt')).toMatch(/a directory, not a regular file/);
    expect(skippedFile('pipe.txt')).toMatch(/a named pipe, not a regular file/);
    expect(skippedFile('pipe-link.txt')).toMatch(/a named pipe, not a regular file/);
    expect(skippedFile('catalog.json')).toMatch(/a named pipe/);
  });

  it('skips a file over the size bound, hidden files and names no link could address, naming each', () => {
    expect(skippedFile('huge.txt')).toMatch(/too large \(32\.0 MB; at most 32\.0 MB is read\)/);
    expect(skippedFile('.hidden.txt')).toMatch(/hidden file/);
    expect(skippedFile('"new\\nline.txt"')).toMatch(/control character/);
    expect(listSeeds(seeds).skipped.find((w) => w.reason.includes('not valid UTF-8'))?.file).toBe('"bad-\uFFFD\uFFFD.txt"');
  });

  it('indexes both of two files with the same name in two formats, under two ids (the text file keeps the plain one)', async () => {
    expect(listSeeds(seeds).skipped.map((w) => w.file)).not.toContain('dup.txt');
    const docs = (await ingestDir(seeds)).docs.filter((d) => d.meta.file.startsWith('dup.'));
    expect(docs.map((d) => [d.meta.file, d.meta.id])).toEqual([['dup.md', 'dup_md'], ['dup.txt', 'dup']]);
  });

  it('ignores files that are not reports without a warning', () => {
    expect(listSeeds(seeds).skipped.map((w) => w.file)).not.toContain('notes.xlsx');
  });

  it('throws a clear error only when the folder itself cannot be read', () => {
    expect(() => listSeeds(path.join(tmp, 'nope'))).toThrow(/cannot read the seeds directory .*nope: ENOENT/);
  });
});

describe('fingerprintSeeds and ingestDir on a hostile folder', () => {
  it('fingerprint the readable reports only, without blocking on the pipes (here and in the hashing thread)', async () => {
    const names = ['alias.txt', 'dup.md', 'dup.txt', 'good.txt', 'inner-link.md', `${'长'.repeat(76)}.txt`];
    expect(fingerprintSeeds(seeds).map((e) => e.file)).toEqual(names);
    const hasher = new Hasher();
    try {
      expect((await fingerprintSeedsWith(seeds, hasher)).map((e) => e.file)).toEqual(names);
    } finally {
      hasher.close();
    }
  });

  it('ingest the same reports and name every skipped entry in the warnings', async () => {
    const r = await ingestDir(seeds);
    expect(r.docs.map((d) => d.meta.file)).toEqual(['alias.txt', 'dup.md', 'dup.txt', 'good.txt', 'inner-link.md', `${'长'.repeat(76)}.txt`]);
    const skipped = r.warnings.filter((w) => w.skipped).map((w) => w.file);
    for (const name of ['escape.txt', 'passwd.txt', 'zero.txt', 'dangling.txt', 'loop-a.txt', 'pipe.txt', 'huge.txt', 'catalog.json']) {
      expect(skipped, name).toContain(name);
    }
    // Nothing from outside the folder was read.
    expect(r.docs.flatMap((d) => d.paragraphs.map((p) => p.text)).join('\n')).not.toMatch(/root:/);
  });

  it('reads a catalog only as a regular file: a pipe is an error, not a hang', () => {
    expect(() => readCatalog(seeds)).toThrow(/named pipe/);
  });
});
