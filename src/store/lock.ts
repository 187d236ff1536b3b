/**
 * The build lock of an index directory, so that two processes never build into it at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../core/errors.js';

const LOCK = 'build.lock';
const LOCK_WAIT_MS = 10 * 60_000;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the build lock of an index directory: created with O_EXCL and holding `{pid, host, since}`. A lock whose
 * process is gone (same host), or that is unreadable and older than a minute, is stale and taken over.
 *
 * @returns the release function
 */
export async function acquireLock(indexDir: string, log: (line: string) => void, waitMs = LOCK_WAIT_MS): Promise<() => void> {
  const file = path.join(indexDir, LOCK);
  const me = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
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
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8') === me) fs.unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder: { pid?: number; host?: string } | null;
    let age = 0;
    try {
      age = Date.now() - fs.statSync(file).mtimeMs;
      holder = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: number; host?: string };
    } catch {
      holder = null;
    }
    const stale = holder && typeof holder.pid === 'number'
      ? holder.host === os.hostname() && !pidAlive(holder.pid)
      : age > 60_000;
    if (stale) {
      log(`index: removing a stale build lock${holder?.pid ? ` of pid ${holder.pid}, which is gone` : ''}`);
      try {
        fs.unlinkSync(file);
      } catch {
        // Someone else removed it first.
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw new AppError(`index ${indexDir} is locked by pid ${holder?.pid ?? '?'} (${file})`, { code: 'index_locked' });
    }
    if (!announced) {
      log(`index: waiting for the build of pid ${holder?.pid ?? '?'} to finish`);
      announced = true;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}
