/**
 * One warning channel for every kind of build: a full build, an incremental one and an open without a rebuild all log
 * each skipped file by name and hand the warnings on (the server shows them in /api/health and on the home page).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildIndex, openIndex } from '../../src/pipeline/open.js';
import { freshSeeds, tempRoot } from '../helpers/seed-folder.js';

const tmpRoot = tempRoot('ps-warn-');

let seeds: string;
let index: string;
let lines: string[];
const log = (l: string): void => void lines.push(l);

beforeEach((ctx) => {
  ({ seeds, index } = freshSeeds(tmpRoot, ctx.task.name));
  fs.writeFileSync(path.join(seeds, 'empty.txt'), '');
  fs.symlinkSync('/etc/passwd', path.join(seeds, 'passwd.txt'));
  lines = [];
});

const logged = (): string => lines.join('\n');

describe('the warnings of a build', () => {
  it('are logged by a full build, each skipped file named, and returned', async () => {
    const r = await buildIndex({ seeds, out: index, log });
    // Two entries skipped, and the stretch seed 004 repeats of its own text.
    expect(logged()).toMatch(/index: 3 warning\(s\), 2 file\(s\) skipped/);
    expect(logged()).toMatch(/index: warning: empty\.txt: skipped, empty file/);
    expect(logged()).toMatch(/index: warning: passwd\.txt: skipped, a symbolic link that leads out of the seeds folder/);
    expect(r.warnings.map((w) => w.file).sort()).toEqual(['004_5b71bd7820752359.txt', 'empty.txt', 'passwd.txt']);
  });

  it('are logged and returned by an open that loads the saved index, with entries skipped since the build', async () => {
    await buildIndex({ seeds, out: index, log });
    fs.symlinkSync('nowhere.txt', path.join(seeds, 'dangling.txt'));
    lines = [];
    const r = await openIndex({ seeds, index, log });
    expect(r.rebuilt).toBe(false);
    expect(r.warnings.map((w) => w.file).sort()).toEqual(['004_5b71bd7820752359.txt', 'dangling.txt', 'empty.txt', 'passwd.txt']);
    expect(logged()).toMatch(/index: warning: dangling\.txt: skipped, unreadable \(a dangling symbolic link\)/);
    expect(logged()).toMatch(/index: warning: empty\.txt: skipped/);
  });

  it('are logged and returned by an incremental build, once each', async () => {
    await buildIndex({ seeds, out: index, log });
    fs.writeFileSync(path.join(seeds, '900_new.txt'), '包头市2026年政府工作报告\n\n推进稀土新材料产业集群建设。\n');
    lines = [];
    const r = await openIndex({ seeds, index, log });
    expect(logged()).toMatch(/incremental/);
    expect(r.warnings.filter((w) => w.skipped).map((w) => w.file).sort()).toEqual(['empty.txt', 'passwd.txt']);
    expect(logged()).toMatch(/index: warning: passwd\.txt/);
  });
});
