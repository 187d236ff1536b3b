/**
 * The server and the CLI run compiled (`npm run build` compiles src/ into dist/, then `node dist/server.js` and
 * `node dist/cli.js`), while the tests import the TypeScript. All must agree: the compiled server finds its
 * dictionaries and views, opens an index the compiled CLI built without rebuilding it, computes the same format
 * stamp as the sources (so an index a test builds is one the server opens), and its segmentation child processes
 * start from dist/.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDS } from './helpers/real-engine.js';
import { waitFor } from './helpers/server-process.js';
import { formatStamp } from '../src/store/stamp.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let tmp: string;
let seeds: string;
let index: string;
let child: ChildProcess | undefined;
let output = '';
let exited: Promise<number | null>;
let base: string;
let buildLine = '';

/** Runs node with `args` from the repository root; fails the test with its output unless it exits 0. */
function node(args: string[], what: string): string {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status ?? r.signal}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-compiled-'));
  seeds = path.join(tmp, 'seeds');
  index = path.join(tmp, 'index');
  fs.cpSync(SEEDS, seeds, { recursive: true });
  // The index first, as `npm run index` builds it (the tests' global setup ran `npm run build`).
  node(['dist/cli.js', 'index', '--seeds', seeds, '--out', index], 'npm run index');
  // A second build into a folder of its own: rebuilding dist/ could pull modules from under the other test files.
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--out', path.join(tmp, 'dist')], { cwd: ROOT, encoding: 'utf8' });
  buildLine = r.stderr.trim();
  child = spawn(process.execPath, ['dist/server.js', '--port', '0', '--host', '127.0.0.1', '--seeds', seeds, '--index', index], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c));
  child.stderr!.on('data', (c: Buffer) => (output += c));
  exited = new Promise((resolve) => child!.on('exit', (code) => resolve(code)));
  base = await waitFor('the compiled server to log its URL', () => /serving .* at (http:\/\/\S+)/.exec(output)?.[1], 60_000, () => output);
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child!.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('npm start (compiled dist/server.js)', () => {
  it('builds every module of src/ with a source map, and says so in one line', () => {
    expect(buildLine).toMatch(/^build: \d+ modules from src\/ to .*dist\/ in \d+ ms$/);
    const out = path.join(tmp, 'dist');
    for (const f of ['server.js', 'server.js.map', 'cli.js', 'pipeline/segment-child.js', 'store/hash-worker.js', 'ingest/clean.js', 'web/routes/api.js']) {
      expect(fs.existsSync(path.join(out, f)), f).toBe(true);
    }
  });

  it('opens the index the compiled CLI built without rebuilding it: the same format stamp from dist/ as from src/', async () => {
    expect(output).not.toMatch(/index: (rebuilding|adding to|built)/);
    const compiled = node(['--input-type=module', '-e', "console.log((await import('./dist/store/stamp.js')).formatStamp())"], 'formatStamp from dist');
    expect(compiled.trim()).toBe(formatStamp());
  });

  it('answers /api/health and a search', async () => {
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    const expected = fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).length;
    expect(((await health.json()) as { docs: number }).docs).toBe(expected);
    const res = await fetch(`${base}/api/search?q=${encodeURIComponent('盛乐国际机场')}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; hits: unknown[] };
    expect(body.total).toBeGreaterThan(0);
    expect(body.hits.length).toBeGreaterThan(0);
    // A page too: views/ and public/ are found from dist/.
    const page = await fetch(`${base}/search?q=${encodeURIComponent('盛乐国际机场')}`);
    expect(page.status).toBe(200);
  });

  it('segments in child processes forked from dist/pipeline/segment-child.js, as in-process', () => {
    const script = `
      const { segmentInWorkers } = await import('./dist/pipeline/segment-children.js');
      const { segmentMany } = await import('./dist/text/segment.js');
      const { norm } = await import('./dist/text/normalize.js');
      const jobs = [
        { norms: ['呼和浩特新机场（盛乐国际机场）建设加快推进', '全面推进乡村振兴'].map(norm) },
        { norms: ['坚持以习近平新时代中国特色社会主义思想为指导'].map(norm) },
        { norms: ['优化营商环境，激发市场主体活力', '黄河流域生态保护和高质量发展'].map(norm) },
      ];
      const inWorkers = await segmentInWorkers(jobs, 2, { inProcess: false });
      const inProcess = jobs.map((j) => segmentMany(j.norms));
      console.log(JSON.stringify({ inWorkers, inProcess }));
    `;
    const out = JSON.parse(node(['--input-type=module', '-e', script], 'segmentInWorkers from dist')) as { inWorkers: string[][][]; inProcess: string[][][] };
    expect(out.inWorkers).toEqual(out.inProcess);
    expect(out.inProcess.flat(2)).toContain('盛乐国际机场');
  });
});
