/**
 * The server under test, over loopback: start it as a user does and time the first answer, time single requests one
 * after another, and load it with autocannon.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import autocannon from 'autocannon';
import { ROOT } from './paths.js';
import { freePort, groupRss, spawnTracked, stopProcess } from './procs.js';
import { summarize, type RepeatOptions, type Summary } from './stats.js';

const HOST = '127.0.0.1';
/** How long the server idles after its first search before its settled RSS is read. */
const SETTLE_MS = 1000;

export interface Answer {
  status: number;
  bytes: number;
  body: string;
}

/** GET `url` with `agent` (keep-alive, as a browser or script would reuse a connection); body read to the end. */
export function get(url: string, agent: http.Agent, timeoutMs = 30_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, bytes: buf.length, body: buf.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`bench: GET ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

export interface RunningServer {
  child: ChildProcess;
  base: string;
  /** Spawn to the first 200 from /api/health, ms. */
  startMs: number;
  /** Spawn to the first 200 from /api/search (a query needs the segmenter loaded), ms. */
  firstSearchMs: number;
  /** Resident memory of the server process right after its first search answer, bytes. */
  rssBytes: number | null;
  /** … and right after its first /api/health answer (a server may load jieba's dictionary only later). */
  rssAtHealthBytes: number | null;
  /** … and after a second of idleness following the first search. */
  rssSettledBytes: number | null;
  logFile: string;
  stop(): Promise<void>;
}

/** package.json's scripts (none without a readable package.json). */
function packageScripts(): Record<string, string> {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    return pkg.scripts ?? {};
  } catch {
    return {};
  }
}

/**
 * The command `npm start` runs (package.json's `start` script, e.g. `node dist/server.js`), without npm's own
 * start-up: `node` is this Node, other programs come from node_modules/.bin. Falls back to `tsx src/server.ts`.
 * `compiledEntry` is the script's `dist/…` file when it runs compiled JavaScript (which `prestart` builds first).
 */
export function startCommand(): { cmd: string; args: string[]; text: string; compiledEntry: string | null } {
  let script = 'tsx src/server.ts';
  const s = packageScripts().start;
  // Only a plain command line: no shell operators, variables or quotes to interpret.
  if (s && /^[\w@./:=+-]+( [\w@./:=+-]+)*$/.test(s.trim())) script = s.trim();
  const [head, ...args] = script.split(' ');
  const cmd = head === 'node' ? process.execPath : path.join(ROOT, 'node_modules', '.bin', head!);
  const compiledEntry = (head === 'node' && args.find((a) => /^(\.\/)?dist\/.+\.js$/.test(a))) || null;
  return { cmd, args, text: script, compiledEntry };
}

let built = false;

/**
 * What `prestart` does before `npm start`: when `start` runs compiled JavaScript from dist/ and package.json has a
 * `build` script, compiles src/ into dist/ (`node scripts/build.mjs`), once per process and outside any timing.
 */
export function buildForStart(): void {
  if (built) return;
  const start = startCommand();
  if (start.compiledEntry && packageScripts().build) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bench: the build before the server start failed (${r.status ?? r.signal}):\n${r.stderr}${r.stdout}`);
  }
  built = true;
}

/**
 * Starts the server as `npm start` does (see `startCommand`) with `--port N --seeds DIR --index DIR` on 127.0.0.1
 * and waits for /api/health to answer 200, polling every 10 ms; fails after `deadlineMs`.
 */
export async function startServer(opts: {
  seeds: string;
  index: string;
  logDir: string;
  deadlineMs: number;
  /** Write a CPU profile of the server (written when it stops) into this folder. */
  profileDir?: string;
  /** More environment for the server (e.g. `SEARCH_TERM_CACHE=0`). */
  env?: Record<string, string>;
}): Promise<RunningServer> {
  buildForStart();
  const port = await freePort();
  const logFile = path.join(opts.logDir, `server-${port}.log`);
  const fd = fs.openSync(logFile, 'w');
  const t0 = performance.now();
  const flags = ['--port', String(port), '--seeds', opts.seeds, '--index', opts.index];
  const start = startCommand();
  // Profiling needs node's own flags (NODE_OPTIONS refuses --cpu-prof), so that run starts node itself: on the same
  // compiled entry as `start` when that runs dist/, else on the TypeScript through tsx.
  const profiled = start.compiledEntry ? start.args : ['--import', 'tsx', 'src/server.ts'];
  const [cmd, args] = opts.profileDir
    ? [process.execPath, ['--cpu-prof', '--cpu-prof-dir', opts.profileDir, ...profiled, ...flags]]
    : [start.cmd, [...start.args, ...flags]];
  const child = spawnTracked(cmd, args, { cwd: ROOT, stdio: ['ignore', fd, fd], env: { ...process.env, HOST, NODE_ENV: 'production', ...opts.env } });
  fs.closeSync(fd);
  const base = `http://${HOST}:${port}`;
  const agent = new http.Agent({ keepAlive: false });
  let startMs: number;
  let rssAtHealthBytes: number | null;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`bench: the server exited with ${child.exitCode} before answering`);
      if (performance.now() - t0 > opts.deadlineMs) throw new Error(`bench: the server did not answer /api/health within ${opts.deadlineMs} ms`);
      try {
        const r = await get(`${base}/api/health`, agent, 1000);
        if (r.status === 200) {
          startMs = performance.now() - t0;
          rssAtHealthBytes = child.pid !== undefined ? (groupRss(child.pid)?.maxBytes ?? null) : null;
          break;
        }
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const first = await get(`${base}/api/search?q=${encodeURIComponent('发展')}`, agent, opts.deadlineMs);
    if (first.status !== 200) throw new Error(`bench: the first /api/search answered ${first.status}: ${first.body.slice(0, 200)}`);
    const firstSearchMs = performance.now() - t0;
    const rss = child.pid !== undefined ? groupRss(child.pid) : undefined;
    // And once the server has been idle a second: what it holds for good, after the work it defers past the first
    // answers (jieba's dictionary, the ranked index's parse) and the memory it then hands back.
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const settled = child.pid !== undefined ? groupRss(child.pid) : undefined;
    return {
      child, base, startMs, firstSearchMs, rssAtHealthBytes, rssBytes: rss?.maxBytes ?? null, rssSettledBytes: settled?.maxBytes ?? null, logFile,
      stop: () => stopProcess(child),
    };
  } catch (e) {
    await stopProcess(child);
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-3000) : '';
    throw new Error(`${(e as Error).message}\n--- server log (tail)\n${log}`, { cause: e });
  } finally {
    agent.destroy();
  }
}

/** The server's current resident memory (largest process of its group), bytes. */
export function serverRss(server: RunningServer): number | null {
  return server.child.pid !== undefined ? (groupRss(server.child.pid)?.maxBytes ?? null) : null;
}

export interface HttpLatency {
  all: Summary;
  errors: number;
  /** Per path: p50 and the answer's size. */
  rows: { path: string; p50: number; bytes: number; status: number }[];
}

/** Sequential GETs of each path over one keep-alive connection: the latency one user sees. */
export async function httpLatency(base: string, paths: readonly string[], repeat: RepeatOptions): Promise<HttpLatency> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const all: number[] = [];
  const rows: HttpLatency['rows'] = [];
  let errors = 0;
  try {
    for (const p of paths) {
      let last: Answer | undefined;
      for (let i = 0; i < repeat.warmup; i++) last = await get(base + p, agent);
      const samples: number[] = [];
      const start = performance.now();
      for (let i = 0; i < repeat.reps; i++) {
        const t0 = performance.now();
        try {
          last = await get(base + p, agent);
          if (last.status !== 200) errors++;
        } catch {
          errors++;
        }
        samples.push(performance.now() - t0);
        if (samples.length >= repeat.minReps && performance.now() - start > repeat.budgetMs) break;
      }
      all.push(...samples);
      rows.push({ path: p, p50: summarize(samples).p50, bytes: last?.bytes ?? 0, status: last?.status ?? 0 });
    }
  } finally {
    agent.destroy();
  }
  return { all: summarize(all), errors, rows };
}

export interface Throughput {
  /** Requests per second (mean over the run). */
  rps: number;
  latencyP50: number;
  latencyP97_5: number;
  latencyP99: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  durationS: number;
}

/**
 * autocannon against `paths` in turn (each connection cycles through them), `connections` at once for `durationS`.
 */
export async function throughput(base: string, paths: readonly string[], opts: { connections: number; durationS: number }): Promise<Throughput> {
  let next = 0;
  const r = await autocannon({
    url: base,
    connections: opts.connections,
    duration: opts.durationS,
    timeout: 30,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length]! }),
      },
    ],
  });
  return {
    rps: r.requests.average,
    latencyP50: r.latency.p50,
    latencyP97_5: r.latency.p97_5,
    latencyP99: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    durationS: r.duration,
  };
}
