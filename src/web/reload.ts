/**
 * Live reload: holds the engine that answers requests and what is known of it (stale or not, the warnings of its
 * build), rebuilds in the background and swaps the new engine in with a single assignment, so a request is answered
 * wholly by the old engine or wholly by the new one. A failed rebuild keeps the old engine, logs why and marks it
 * stale. Watching survives the seeds folder being replaced or missing for a while, and waits until the files stop
 * changing before it rebuilds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPORT_FILE } from '../core/formats.js';
import type { IndexStatus, IngestWarning } from '../core/types.js';
import type { SearchBackend } from '../search/backend.js';

export interface ReloadOutcome {
  ok: boolean;
  /** Wall time of the rebuild in milliseconds. */
  ms: number;
  docs: number;
  paragraphs: number;
  /** Why the rebuild failed (only when `ok` is false). */
  error?: string;
}

/** What a rebuild gives: the engine, and what is known of it. */
export interface Loaded {
  engine: SearchBackend;
  warnings?: IngestWarning[];
  /** Why the engine is stale (the last good index served because the rebuild failed); absent when current. */
  stale?: string;
}

export interface Reloader {
  /** The engine that answers now. */
  get(): SearchBackend;
  /** Whether the engine answering now is stale, and the warnings of its build. */
  status(): IndexStatus;
  /**
   * Rebuilds and swaps. Calls during a rebuild schedule one more rebuild after it and get its outcome.
   * @param force rebuild even when the index looks up to date (`POST /api/reindex`).
   */
  reload(reason: string, force?: boolean): Promise<ReloadOutcome>;
  /**
   * Watches `dir` for changes to reports: after `debounceMs` without an event, and once the reports have not changed
   * for `settleMs` (a slow upload is one change, not many), rebuilds. Checks every `pollMs` that `dir` is the folder
   * being watched, and watches it again when it was replaced (or comes back after missing).
   */
  watch(dir: string, opts?: { debounceMs?: number; settleMs?: number; pollMs?: number }): void;
  /** Stops watching; a running rebuild finishes but is not followed by another. */
  close(): void;
}

/** Names of the files whose changes matter: reports and the catalog. Editors' swap files and the like do not. */
/** What a rebuild depends on: the report files of every format, and the catalog. */
const isWatched = (name: string): boolean => REPORT_FILE.test(name) || name === 'catalog.json';
/** The longest wait for files to stop changing before rebuilding anyway. */
const MAX_SETTLE_MS = 60_000;

/**
 * @param initial the engine to serve until the first successful rebuild, and its status.
 * @param rebuild builds a new engine from the current seeds (from scratch when `force`); it must not disturb the one
 *   being served.
 * @param log where progress and failures go.
 */
export function createReloader(opts: {
  initial: SearchBackend;
  initialStatus?: IndexStatus;
  rebuild: (force: boolean) => Promise<Loaded>;
  log?: (line: string) => void;
}): Reloader {
  const log = opts.log ?? ((line: string) => console.log(line));
  let current = opts.initial;
  let status: IndexStatus = opts.initialStatus ?? { stale: null, warnings: [] };
  let running: Promise<ReloadOutcome> | null = null;
  let again = false;
  let againForced = false;
  let closed = false;
  let stopWatching: (() => void) | null = null;

  async function runOnce(reason: string, force: boolean): Promise<ReloadOutcome> {
    const started = Date.now();
    log(`reload: rebuilding the index (${reason})`);
    try {
      const next = await opts.rebuild(force);
      // The swap: one assignment each, so no request ever sees a half-built engine.
      current = next.engine;
      status = { stale: next.stale ?? null, warnings: next.warnings ?? [] };
      const s = next.engine.stats();
      const ms = Date.now() - started;
      log(`reload: now serving ${s.docs} documents, ${s.paragraphs} paragraphs (rebuilt in ${ms} ms)`);
      return { ok: true, ms, ...s };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      log(`reload: rebuild failed, still serving the previous index: ${error}`);
      status = { ...status, stale: `the last rebuild (${new Date(started).toISOString()}) failed, so the previous index is served: ${error}` };
      return { ok: false, ms: Date.now() - started, ...current.stats(), error };
    }
  }

  function reload(reason: string, force = false): Promise<ReloadOutcome> {
    if (running) {
      // The running rebuild may have read the seeds before this change: build once more after it.
      again = true;
      againForced ||= force;
      return running;
    }
    running = (async () => {
      let outcome = await runOnce(reason, force);
      while (again && !closed) {
        const f = againForced;
        again = false;
        againForced = false;
        outcome = await runOnce('changes during the previous rebuild', f);
      }
      return outcome;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    get: () => current,
    status: () => status,
    reload,
    watch(dir, { debounceMs = 400, settleMs = 1000, pollMs = 1000 } = {}) {
      if (stopWatching || closed) return;
      stopWatching = watchFolder(dir, { debounceMs, settleMs, pollMs }, log, (why) => void reload(why));
      log(`reload: watching ${dir} for changes`);
    },
    close() {
      closed = true;
      stopWatching?.();
      stopWatching = null;
    },
  };
}

/** Identifies a folder: replaced by another at the same path, it has another identity. */
function identity(dir: string): string | null {
  try {
    const st = fs.statSync(dir);
    return st.isDirectory() ? `${st.dev}:${st.ino}:${st.birthtimeMs}` : null;
  } catch {
    return null;
  }
}

/** Names, sizes and modification times of the watched files of `dir`: equal snapshots mean nothing changed. */
function snapshot(dir: string): string {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter(isWatched).sort();
  } catch {
    return '';
  }
  return names
    .map((n) => {
      try {
        const st = fs.statSync(path.join(dir, n));
        return `${n}\0${st.size}\0${st.mtimeMs}`;
      } catch {
        return `${n}\0?`;
      }
    })
    .join('\n');
}

/**
 * Calls `changed` once the watched files of `dir` changed and then stayed the same for `settleMs`; keeps watching
 * `dir` when it is replaced or missing for a while. Returns the function that stops it.
 */
function watchFolder(
  dir: string,
  { debounceMs, settleMs, pollMs }: { debounceMs: number; settleMs: number; pollMs: number },
  log: (line: string) => void,
  changed: (why: string) => void,
): () => void {
  let watcher: fs.FSWatcher | null = null;
  let watched: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  // Each event bumps it: a settle check started before a newer event leaves the decision to the newer one.
  let events = 0;
  let firstEvent = 0;
  let what = '';
  // Said once while the folder is missing.
  let missing = false;

  const schedule = (file: string): void => {
    events++;
    if (firstEvent === 0) firstEvent = Date.now();
    what = file;
    if (timer) clearTimeout(timer);
    timer = setTimeout(settle, debounceMs);
  };

  const settle = (): void => {
    const seen = events;
    const before = snapshot(dir);
    timer = setTimeout(() => {
      timer = null;
      if (events !== seen) return;
      if (snapshot(dir) !== before && Date.now() - firstEvent < MAX_SETTLE_MS) {
        // Still being written: wait for it to stop.
        settle();
        return;
      }
      firstEvent = 0;
      changed(`${what} changed in ${dir}`);
    }, settleMs);
  };

  const attach = (): void => {
    watcher?.close();
    watcher = null;
    watched = identity(dir);
    if (watched === null) return;
    try {
      watcher = fs.watch(dir, (_event, file) => {
        if (file === path.basename(dir)) {
          // The folder itself was removed or renamed: this watcher sees no more; the next poll watches what is there
          // now (a folder made again may even have the same inode).
          watcher?.close();
          watcher = null;
          watched = null;
          return;
        }
        if (file && !isWatched(String(file))) return;
        schedule(file ? String(file) : 'a file');
      });
      watcher.on('error', (err) => {
        log(`reload: watching ${dir} failed (${err.message}); watching again when it is back`);
        watcher?.close();
        watcher = null;
        watched = null;
      });
    } catch (err) {
      log(`reload: cannot watch ${dir} (${(err as Error).message}); trying again`);
      watcher = null;
      watched = null;
    }
  };

  attach();
  const poll = setInterval(() => {
    const now = identity(dir);
    if (now === watched && watcher) return;
    if (now === null) {
      if (!missing) log(`reload: ${dir} is missing; watching for it to come back`);
      missing = true;
      watcher?.close();
      watcher = null;
      watched = null;
      return;
    }
    log(missing ? `reload: ${dir} is back; watching it` : now === watched ? `reload: watching ${dir} again` : `reload: ${dir} was replaced; watching the new folder`);
    missing = false;
    attach();
    schedule('the folder');
  }, pollMs);
  poll.unref();

  return () => {
    clearInterval(poll);
    if (timer) clearTimeout(timer);
    watcher?.close();
    watcher = null;
  };
}
