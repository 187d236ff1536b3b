/**
 * Live reload: holds the engine that answers requests, rebuilds in the background and swaps the new engine in with a
 * single assignment, so a request is answered wholly by the old engine or wholly by the new one. A failed rebuild
 * keeps the old engine and logs why.
 */
import fs from 'node:fs';
import { REPORT_FILE } from '../core/formats.js';
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

export interface Reloader {
  /** The engine that answers now. */
  get(): SearchBackend;
  /**
   * Rebuilds and swaps. Calls during a rebuild schedule one more rebuild after it and get its outcome.
   * @param force rebuild even when the index looks up to date (`POST /api/reindex`).
   */
  reload(reason: string, force?: boolean): Promise<ReloadOutcome>;
  /** Watches `dir` for changes to reports and rebuilds after `debounceMs` of quiet. */
  watch(dir: string, debounceMs?: number): void;
  /** Stops watching; a running rebuild finishes but is not followed by another. */
  close(): void;
}

/**
 * @param initial the engine to serve until the first successful rebuild.
 * @param rebuild builds a new engine from the current seeds (from scratch when `force`); it must not disturb the one
 *   being served.
 * @param log where progress and failures go.
 */
export function createReloader(opts: {
  initial: SearchBackend;
  rebuild: (force: boolean) => Promise<SearchBackend>;
  log?: (line: string) => void;
}): Reloader {
  const log = opts.log ?? ((line: string) => console.log(line));
  let current = opts.initial;
  let running: Promise<ReloadOutcome> | null = null;
  let again = false;
  let againForced = false;
  let closed = false;
  let watcher: fs.FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;

  async function runOnce(reason: string, force: boolean): Promise<ReloadOutcome> {
    const started = Date.now();
    log(`reload: rebuilding the index (${reason})`);
    try {
      const next = await opts.rebuild(force);
      current = next; // the swap: one assignment, so no request ever sees a half-built engine
      const s = next.stats();
      const ms = Date.now() - started;
      log(`reload: now serving ${s.docs} documents, ${s.paragraphs} paragraphs (rebuilt in ${ms} ms)`);
      return { ok: true, ms, ...s };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      log(`reload: rebuild failed, still serving the previous index: ${error}`);
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
    reload,
    watch(dir, debounceMs = 400) {
      if (watcher) return;
      watcher = fs.watch(dir, (_event, file) => {
        // Only reports and the catalog matter; editors' swap files and the like do not.
        if (file && !REPORT_FILE.test(String(file)) && String(file) !== 'catalog.json') return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          timer = null;
          void reload(`${file ?? 'a file'} changed in ${dir}`);
        }, debounceMs);
      });
      watcher.on('error', (err) => log(`reload: stopped watching ${dir}: ${err.message}`));
      log(`reload: watching ${dir} for changes`);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
      watcher = null;
    },
  };
}
