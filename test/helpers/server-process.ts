/**
 * Starts the server in a child process the way `npm start` does (`node dist/server.js`, so the pid is the
 * server's own and its RSS can be read), and waits for the URL it logs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  /** Everything the server printed so far. */
  output(): string;
  /** Resident set size of the server process in bytes (from /proc). */
  rss(): number;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** Polls `probe` every 100 ms until it returns a value; throws with `context()` after `ms`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000, context = () => ''): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${context()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startServerProcess(args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  let out = '';
  const child = spawn(process.execPath, ['dist/server.js', '--port', '0', '--host', '127.0.0.1', ...args], {
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (out += c));
  child.stderr!.on('data', (c: Buffer) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = await waitFor('the server to log its URL', () => /serving .* at (http:\/\/\S+)/.exec(out)?.[1], 120_000, () => out);
  return {
    child,
    base,
    output: () => out,
    rss: () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
    },
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
