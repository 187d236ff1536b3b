/**
 * The build lock trusts a heartbeat, not a pid: a lock file untouched for longer than the stale time is taken over
 * whatever process it names; a holder keeps its lock fresh even while its main thread is busy.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, HEARTBEAT_MS } from '../../src/store/lock.js';

let dir: string;
let lock: string;
let lines: string[];
const log = (l: string): void => void lines.push(l);

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-lock-'));
  lock = path.join(dir, 'build.lock');
  lines = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const age = (file: string, ms: number): void => {
  const t = new Date(Date.now() - ms);
  fs.utimesSync(file, t, t);
};

/** A child process that takes the lock (compiled code, as the server runs it), says so, then runs `then`. */
function holder(then: string): { ready: Promise<void>; kill: () => void; exited: Promise<void> } {
  const code = `import { acquireLock } from ${JSON.stringify(path.resolve('dist/store/lock.js'))};
    await acquireLock(${JSON.stringify(dir)}, () => {});
    console.log('held');
    ${then}`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve) => child.stdout!.on('data', (c: Buffer) => String(c).includes('held') && resolve()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { ready, exited, kill: () => child.kill('SIGKILL') };
}

describe('acquireLock', () => {
  it('takes over at once a lock naming a live, unrelated process whose file has not been touched for long', async () => {
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
    age(lock, 60_000);
    const started = Date.now();
    const release = await acquireLock(dir, log);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(lines.join('\n')).toMatch(new RegExp(`taking over a stale build lock of pid ${process.pid}`));
    release();
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('takes over an empty lock file left long ago at once', async () => {
    fs.writeFileSync(lock, '');
    age(lock, 60_000);
    const started = Date.now();
    (await acquireLock(dir, log))();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('keeps its own lock fresh while held, and hands it to a waiter when released', async () => {
    const release = await acquireLock(dir, log);
    age(lock, 5000);
    await new Promise((r) => setTimeout(r, HEARTBEAT_MS * 1.5));
    expect(Date.now() - fs.statSync(lock).mtimeMs).toBeLessThan(HEARTBEAT_MS * 1.5);
    let got = false;
    const waiter = acquireLock(dir, log, { staleMs: 3000 }).then((r) => ((got = true), r));
    await new Promise((r) => setTimeout(r, 3500));
    expect(got).toBe(false);
    release();
    (await waiter)();
  });

  it('is kept by a holder whose main thread is blocked (the heartbeat runs in a worker thread)', async () => {
    const h = holder('const end = Date.now() + 5000; while (Date.now() < end); process.exit(0);');
    await h.ready;
    let got = false;
    const waiter = acquireLock(dir, log, { staleMs: 3000 }).then((r) => ((got = true), r));
    await new Promise((r) => setTimeout(r, 4000));
    expect(got).toBe(false);
    await h.exited;
    // The holder exited without releasing: its lock goes stale, then is taken over.
    (await waiter)();
    expect(lines.join('\n')).toMatch(/taking over a stale build lock/);
  }, 30_000);

  it('is taken over within the stale time when its holder is killed', async () => {
    const h = holder('setInterval(() => {}, 1000);');
    await h.ready;
    h.kill();
    await h.exited;
    const started = Date.now();
    (await acquireLock(dir, log, { staleMs: 2000 }))();
    expect(Date.now() - started).toBeLessThan(2000 + 1000);
  }, 30_000);

  it('never keeps a process alive: one that ends without releasing exits at once', async () => {
    const h = holder('');
    await h.ready;
    const exited = await Promise.race([h.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 3000))]);
    if (!exited) h.kill();
    expect(exited).toBe(true);
  });

  it('gives up with index_locked when a live holder keeps it longer than the wait', async () => {
    const release = await acquireLock(dir, log);
    await expect(acquireLock(dir, log, { waitMs: 500 })).rejects.toMatchObject({ code: 'index_locked' });
    release();
  });
});
