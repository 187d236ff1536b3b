/**
 * Child processes of the benchmark: measurement children (a fresh Node process per build, load or peer run, so one
 * measurement's heap never weighs on another's) and the server under test. Each runs in its own process group, so
 * stopping it also stops whatever it spawned (tsx's inner node, a build's worker processes), and everything still
 * running is stopped when the benchmark exits, however it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './paths.js';

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let cleanupInstalled = false;

/** Signals the whole process group of `child` (it was spawned detached, so its pid is the group id). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

/** Stops `child` and its group: SIGTERM, then SIGKILL after `graceMs`. Resolves once the child exited. */
export async function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    signalGroup(child, 'SIGKILL'); // grandchildren may outlive a parent that exited
    live.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  signalGroup(child, 'SIGKILL');
  live.delete(child);
}

/** A new temporary directory, removed when the benchmark exits unless `keep`. */
export function makeTempDir(prefix: string, keep = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (!keep) tempDirs.add(dir);
  return dir;
}

/** Stops every child still running and removes the temporary directories; safe to call more than once. */
export function cleanupSync(): void {
  for (const child of live) signalGroup(child, 'SIGKILL');
  live.clear();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/** Makes sure children and temp dirs go away on exit, Ctrl-C, SIGTERM and uncaught errors. */
export function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', cleanupSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping children and removing temp dirs\n`);
      cleanupSync();
      process.exit(130);
    });
  }
}

/** Spawns a process in its own group, tracked for cleanup. */
export function spawnTracked(cmd: string, args: readonly string[], opts: Parameters<typeof spawn>[2]): ChildProcess {
  const child = spawn(cmd, args, { ...opts, detached: true });
  live.add(child);
  child.once('exit', () => {
    if (child.pid !== undefined) {
      // the tsx wrapper's inner node or a worker may still run: the group goes with its leader
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // nothing left
      }
    }
    live.delete(child);
  });
  return child;
}

/** Keeps the last `max` characters written to a stream, for error messages. */
function tail(max: number): { push(chunk: Buffer): void; text(): string } {
  let buf = '';
  return {
    push(chunk) {
      buf = (buf + chunk.toString('utf8')).slice(-max);
    },
    text: () => buf,
  };
}

export interface ChildOptions {
  /** What the child measures, for messages (`build K=100`). */
  label: string;
  timeoutMs: number;
  /** Extra environment (NODE_OPTIONS, counters). */
  env?: NodeJS.ProcessEnv;
  /** Echo the child's stderr (its progress) to ours. */
  verbose?: boolean;
  /** Write a CPU profile of the child into this folder (`node --cpu-prof`). */
  profileDir?: string;
}

/**
 * Runs `bench/child/<script>` in a fresh Node process with tsx and `--expose-gc`; the child writes its result as JSON
 * to the file named by `--result`, which this returns parsed. Rejects with the child's output tail on failure.
 */
export async function runChild<T>(script: string, args: readonly string[], opts: ChildOptions): Promise<T> {
  const resultFile = path.join(makeTempDir('bench-result-'), 'result.json');
  const scriptPath = path.join(ROOT, 'bench', 'child', script);
  const child = spawnTracked(
    process.execPath,
    [
      '--import', 'tsx', '--expose-gc',
      ...(opts.profileDir ? ['--cpu-prof', '--cpu-prof-dir', opts.profileDir] : []),
      scriptPath, '--result', resultFile, ...args,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } },
  );
  const out = tail(4000);
  const err = tail(4000);
  child.stdout?.on('data', (c: Buffer) => out.push(c));
  child.stderr?.on('data', (c: Buffer) => {
    err.push(c);
    if (opts.verbose) process.stderr.write(c);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void stopProcess(child);
  }, opts.timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  const detail = `\n--- stdout (tail)\n${out.text()}\n--- stderr (tail)\n${err.text()}`;
  if (timedOut) throw new Error(`bench: ${opts.label} took over ${opts.timeoutMs / 1000} s and was stopped${detail}`);
  if (code !== 0) throw new Error(`bench: ${opts.label} exited with ${code}${detail}`);
  try {
    return JSON.parse(fs.readFileSync(resultFile, 'utf8')) as T;
  } catch (e) {
    throw new Error(`bench: ${opts.label} wrote no readable result (${(e as Error).message})${detail}`, { cause: e });
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Resident memory of the processes in group `pgid`, from /proc (Linux): the largest one is the server itself, the
 * others are wrappers (tsx) or helpers. Undefined where /proc is not readable.
 */
export function groupRss(pgid: number): { maxBytes: number; totalBytes: number; processes: number } | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return undefined;
  }
  let maxBytes = 0;
  let totalBytes = 0;
  let processes = 0;
  for (const pid of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // fields after the command (which may hold spaces) start after the last ')': state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue;
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      maxBytes = Math.max(maxBytes, kb * 1024);
      totalBytes += kb * 1024;
      processes++;
    } catch {
      // the process ended while we looked
    }
  }
  return { maxBytes, totalBytes, processes };
}
