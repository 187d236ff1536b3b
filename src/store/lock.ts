/**
 * The build lock of an index directory, so that two processes never build into it at once. The holder proves it is
 * alive by a heartbeat: a worker thread touches the lock file every {@link HEARTBEAT_MS}, even while the building
 * thread is busy for seconds. A lock not touched for {@link STALE_MS} belongs to a process that is gone (or hung
 * so badly that it no longer counts), whatever pid it names: a pid says nothing once the process is gone, since
 * another process (a restarted container's) may have it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../core/errors.js';

const LOCK = 'build.lock';
const LOCK_WAIT_MS = 10 * 60_000;
/** How often the holder touches the lock file. */
export const HEARTBEAT_MS = 1000;
/** A lock file untouched for this long is stale and taken over. */
export const STALE_MS = 10_000;

/**
 * The heartbeat, as a worker thread's source (CommonJS, run with `eval`): touches the lock file while it still holds
 * this holder's token, and says so when another process has taken it over.
 */
const HEARTBEAT = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { file, token, every } = workerData;
const beat = () => {
  try {
    if (!fs.readFileSync(file, 'utf8').includes(token)) throw new Error('taken over');
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch (e) {
    clearInterval(timer);
    parentPort.postMessage(e.message);
  }
};
const timer = setInterval(beat, every);
`;

/**
 * Takes the build lock of an index directory: `build.lock`, created with O_EXCL and holding
 * `{pid, host, since, token}`, kept fresh by a heartbeat. A lock whose file has not been touched for
 * {@link STALE_MS} is stale and taken over (an empty or unreadable one too); a fresh one is waited for, up to
 * `waitMs`.
 *
 * @param opts.waitMs how long to wait for a live holder (default ten minutes)
 * @param opts.staleMs how long a lock file may stay untouched before it is stale (default {@link STALE_MS})
 * @returns the release function (stops the heartbeat and removes the lock if it is still ours)
 * @throws AppError `index_locked` when a live holder keeps it longer than `waitMs`
 */
export async function acquireLock(
  indexDir: string,
  log: (line: string) => void,
  { waitMs = LOCK_WAIT_MS, staleMs = STALE_MS }: { waitMs?: number; staleMs?: number } = {},
): Promise<() => void> {
  const file = path.join(indexDir, LOCK);
  const token = randomBytes(8).toString('hex');
  const me = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString(), token });
  const deadline = Date.now() + waitMs;
  let announced = false;
  for (;;) {
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, me);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      return hold(file, token, log);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      // Released meanwhile: try again at once.
      continue;
    }
    const holder = describeHolder(file);
    const age = Date.now() - st.mtimeMs;
    if (age > staleMs) {
      // Only the lock judged stale is removed: not one another waiter created after removing it first.
      const now = statOrNull(file);
      if (now && now.ino === st.ino && now.mtimeMs === st.mtimeMs) {
        log(`index: taking over a stale build lock${holder} (not touched for ${Math.round(age / 1000)} s)`);
        fs.rmSync(file, { force: true });
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw new AppError(`index ${indexDir} is locked by a build that is still running${holder} (${file})`, { code: 'index_locked' });
    }
    if (!announced) {
      log(`index: waiting for the build${holder} to finish`);
      announced = true;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

/** ` of pid N on host H`, as far as the lock file says (for the log only: it decides nothing). */
function describeHolder(file: string): string {
  try {
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown; host?: unknown };
    return typeof h.pid === 'number' ? ` of pid ${h.pid}${typeof h.host === 'string' ? ` on ${h.host}` : ''}` : '';
  } catch {
    return '';
  }
}

/** Starts the heartbeat of a lock just taken; returns its release. */
function hold(file: string, token: string, log: (line: string) => void): () => void {
  let worker: Worker | null = null;
  try {
    // No execArgv: the heartbeat is a CommonJS script whatever flags this process runs with (`--input-type=module`).
    worker = new Worker(HEARTBEAT, { eval: true, execArgv: [], workerData: { file, token, every: HEARTBEAT_MS } });
    worker.on('message', (why: string) => log(`index: the build lock ${file} is no longer held by this process (${why})`));
    worker.on('error', (e) => log(`index: the heartbeat of ${file} stopped: ${e.message}`));
    // After the listeners, which would hold the process open again: the heartbeat never keeps a process alive.
    worker.unref();
  } catch (e) {
    log(`index: cannot start the heartbeat of ${file} (${(e as Error).message}); a build longer than ${STALE_MS / 1000} s may be taken over`);
  }
  return () => {
    void worker?.terminate();
    worker = null;
    try {
      if (fs.readFileSync(file, 'utf8').includes(token)) fs.unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
}
