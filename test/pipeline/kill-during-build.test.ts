import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndex } from '../../src/pipeline/open.js';
import { SEEDS } from '../helpers/real-engine.js';
import { startServerProcess, waitFor, type ServerProcess } from '../helpers/server-process.js';

// A build killed with SIGKILL half-way (a crash, an OOM kill, a pulled plug) must leave the index that was serving
// intact: the running server keeps answering from it and the next start loads it without rebuilding.
let tmp: string;
let seeds: string;
let index: string;
let server: ServerProcess;
const quiet = () => {};

/** Adds `n` distinct reports (each copy of a seed ends with its own line, so none is deduplicated). */
function addCopies(n: number): string[] {
  const files = fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt'));
  const added: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = files[i % files.length]!;
    const name = `k${String(i).padStart(3, '0')}_${f}`;
    fs.writeFileSync(path.join(seeds, name), Buffer.concat([fs.readFileSync(path.join(SEEDS, f)), Buffer.from(`\n[k${i}]\n`)]));
    added.push(name);
  }
  return added;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-kill-'));
  seeds = path.join(tmp, 'seeds');
  index = path.join(tmp, 'index');
  fs.cpSync(SEEDS, seeds, { recursive: true });
  server = await startServerProcess(['--seeds', seeds, '--index', index]);
});

afterAll(async () => {
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('a build killed half-way', () => {
  it('leaves the previous index serving and loadable without a rebuild', async () => {
    const current = () => fs.readFileSync(path.join(index, 'CURRENT'), 'utf8');
    const before = current();
    const added = addCopies(40);

    const build = spawn(process.execPath, ['dist/cli.js', 'index', '--seeds', seeds, '--out', index], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    build.stdout!.on('data', (c: Buffer) => (out += c));
    build.stderr!.on('data', (c: Buffer) => (out += c));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => build.on('exit', (_code, signal) => resolve(signal)));
    // Kill it once it is working: holding the build lock, before it has switched CURRENT.
    await waitFor('the build to take the lock', () => (fs.existsSync(path.join(index, 'build.lock')) ? true : undefined), 60_000, () => out);
    await new Promise((r) => setTimeout(r, 300));
    build.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(out).not.toMatch(/documents.*paragraphs/); // it never got to its summary

    // The server never noticed.
    const res = await fetch(`${server.base}/api/mentions?q=${encodeURIComponent('引黄入呼')}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { totalOccurrences: number }).totalOccurrences).toBe(3);

    // The index on disk is the one from before, whole: with the old seeds it loads as it is.
    expect(current()).toBe(before);
    for (const f of added) fs.rmSync(path.join(seeds, f));
    const reopened = await openIndex({ seeds, index, log: quiet });
    expect(reopened.rebuilt).toBe(false);
    expect(reopened.engine.mentions({ q: '引黄入呼' }).totalOccurrences).toBe(3);

    // And the next build, with the dead one's lock and leftovers lying around, still succeeds.
    addCopies(2);
    const rebuilt = await openIndex({ seeds, index, log: quiet });
    expect(rebuilt.rebuilt).toBe(true);
    expect(rebuilt.engine.stats().docs).toBe(7);
  });
});
