import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDS } from './helpers/real-engine.js';
import { startServerProcess } from './helpers/server-process.js';

// One server process for the whole file (building an index costs a couple of seconds of CPU).
let tmp: string;
let seeds: string;
let child: ChildProcess;
let base: string;
let output = '';
let exit: Promise<number | null>;

const TOKEN = 'test-token-123';

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server said:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const health = async () => (await (await fetch(`${base}/api/health`)).json()) as { docs: number };

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-server-'));
  seeds = path.join(tmp, 'seeds');
  fs.mkdirSync(seeds);
  for (const f of ['000_cacabed7aa6ec20d.txt', '001_34002d5d74df0e84.txt']) fs.copyFileSync(path.join(SEEDS, f), path.join(seeds, f));
  child = spawn(process.execPath, ['dist/server.js', '--port', '0', '--host', '127.0.0.1', '--seeds', seeds, '--index', path.join(tmp, 'index'), '--watch'], {
    env: { ...process.env, REINDEX_TOKEN: TOKEN, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c));
  child.stderr!.on('data', (c: Buffer) => (output += c));
  exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  base = await waitFor('the URL', () => /serving .* at (http:\/\/\S+)/.exec(output)?.[1]);
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm start (dist/server.js)', () => {
  it('builds the missing index, says why, and logs the URL it serves', async () => {
    expect(output).toMatch(/missing/);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await health()).docs).toBe(2);
  });

  it('with --watch, rebuilds when a report is added and swaps it in, answering every request meanwhile', async () => {
    fs.copyFileSync(path.join(SEEDS, '004_5b71bd7820752359.txt'), path.join(seeds, '004_5b71bd7820752359.txt'));
    const statuses: number[] = [];
    await waitFor('the new report', async () => {
      const res = await fetch(`${base}/api/docs`);
      statuses.push(res.status);
      const { docs } = (await res.json()) as { docs: { city: string }[] };
      return docs.some((d) => d.city === '乌兰察布') ? true : undefined;
    });
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect((await health()).docs).toBe(3);
    const found = await (await fetch(`${base}/api/search?q=${encodeURIComponent('乌兰察布')}&city=${encodeURIComponent('乌兰察布')}`)).json();
    expect(found.total).toBeGreaterThan(0);
  });

  it('refuses POST /api/reindex without the token from REINDEX_TOKEN', async () => {
    expect((await fetch(`${base}/api/reindex`, { method: 'POST' })).status).toBe(403);
    const wrong = await fetch(`${base}/api/reindex`, { method: 'POST', headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(403);
  });

  it('on SIGTERM finishes the request in flight (a reindex), stops accepting and exits 0', async () => {
    const inFlight = fetch(`${base}/api/reindex`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    await waitFor('the reindex to start', () => (/rebuilding the index \(POST \/api\/reindex\)/.test(output) ? true : undefined));
    child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, docs: 3 });
    expect(await exit).toBe(0);
    await expect(fetch(`${base}/api/health`)).rejects.toThrow();
    expect(output).toMatch(/SIGTERM received/);
  });

  it('on SIGINT (Ctrl-C) also exits 0, after opening the saved index without rebuilding it', async () => {
    let said = '';
    const again = spawn(process.execPath, ['dist/server.js', '--port', '0', '--host', '127.0.0.1', '--seeds', seeds, '--index', path.join(tmp, 'index')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    again.stdout!.on('data', (c: Buffer) => (said += c));
    again.stderr!.on('data', (c: Buffer) => (said += c));
    const code = new Promise((resolve) => again.on('exit', resolve));
    const url = await waitFor('the URL', () => /serving .* at (http:\/\/\S+)/.exec(said)?.[1]);
    expect(said).not.toMatch(/rebuilding/);
    expect((await (await fetch(`${url}/api/health`)).json()).docs).toBe(3);
    again.kill('SIGINT');
    expect(await code).toBe(0);
  });
});

describe('npm start when the index cannot be rebuilt', () => {
  it('serves the last good index, saying in its log and in /api/health that it is stale and why', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-stale-start-'));
    try {
      const seedsDir = path.join(dir, 'seeds');
      const index = path.join(dir, 'index');
      fs.mkdirSync(seedsDir);
      fs.copyFileSync(path.join(SEEDS, '000_cacabed7aa6ec20d.txt'), path.join(seedsDir, '000_cacabed7aa6ec20d.txt'));
      const first = await startServerProcess(['--seeds', seedsDir, '--index', index]);
      await first.stop();
      // A report added, and the index directory unable to take the rebuild (its cache folder is now a file).
      fs.copyFileSync(path.join(SEEDS, '004_5b71bd7820752359.txt'), path.join(seedsDir, '004_5b71bd7820752359.txt'));
      fs.rmSync(path.join(index, 'segcache'), { recursive: true });
      fs.writeFileSync(path.join(index, 'segcache'), 'not a folder');
      const second = await startServerProcess(['--seeds', seedsDir, '--index', index]);
      try {
        const h = (await (await fetch(`${second.base}/api/health`)).json()) as { docs: number; stale: boolean; staleReason: string };
        expect(h.docs).toBe(1);
        expect(h.stale).toBe(true);
        expect(h.staleReason).toMatch(/^stale: seed added: 004_5b71bd7820752359\.txt; the index could not be rebuilt: EEXIST/);
        expect(second.output()).toMatch(/serving the last good index \(1 documents, built .*\), which is stale/);
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
