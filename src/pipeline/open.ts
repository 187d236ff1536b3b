/**
 * From the seeds to a served index: build one, or open the saved one when it is sound and current — adding only new
 * reports when that is all that changed, rebuilding otherwise, and saying why.
 */
import fsp from 'node:fs/promises';
import type { IngestWarning } from '../core/types.js';
import type { CorpusIndex } from '../index/corpus.js';
import { listSeeds } from '../ingest/index.js';
import { SearchEngine } from '../search/engine.js';
import { fingerprintSeedsWith } from '../store/fingerprint.js';
import { loadCurrent, type Manifest } from '../store/generations.js';
import { Hasher } from '../store/hasher.js';
import { acquireLock } from '../store/lock.js';
import { buildLocked } from './full.js';
import { addLocked } from './incremental.js';
import type { BuildOptions, BuildResult, OpenOptions, OpenResult } from './options.js';
import { logWarnings, openedWarnings } from './warnings.js';

export type { BuildOptions, BuildProgress, BuildResult, OpenOptions, OpenResult } from './options.js';

/**
 * Builds the index of `seeds` into `out`, atomically, under the build lock.
 *
 * @example
 * const { docs, paragraphs, warnings } = await buildIndex({ seeds: 'seeds', out: 'index' });
 */
export async function buildIndex(opts: BuildOptions): Promise<BuildResult> {
  await fsp.mkdir(opts.out, { recursive: true });
  const release = await acquireLock(opts.out, opts.log ?? ((line) => console.log(line)));
  try {
    return await buildLocked(opts);
  } finally {
    release();
  }
}

/**
 * Opens the saved index when its format and seed fingerprint match and every file checks out; otherwise rebuilds
 * it (logging why: missing, stale, foreign format, unreadable, truncated, checksum mismatch). Never serves a
 * broken index. When the rebuild cannot be made (a full disk, an empty or missing seeds folder), serves the last
 * good index instead, stale, saying so in the log and in `stale` (unless `serveStale` is false).
 *
 * @example
 * const { engine, rebuilt, reason, stale, warnings } = await openIndex({ seeds: 'seeds', index: 'index' });
 */
export async function openIndex(opts: OpenOptions): Promise<OpenResult> {
  const log = opts.log ?? ((line: string): void => console.log(line));
  const hasher = new Hasher();
  // Why the saved index is not served as it is, once known.
  let why: string | null = null;
  try {
    try {
      const seedsP = fingerprintSeedsWith(opts.seeds, hasher);
      seedsP.catch(() => {});
      const first = await loadCurrent(opts.index, seedsP, hasher);
      if (first.ok) return opened(first, opts.seeds, log);
      why = first.reason;
      const seeds = await seedsP;
      await fsp.mkdir(opts.index, { recursive: true });
      const release = await acquireLock(opts.index, log);
      try {
        // Another process may have built it while we waited for the lock.
        const again = await loadCurrent(opts.index, seedsP, hasher, true);
        if (again.ok) return opened(again, opts.seeds, log);
        if (again.base) {
          log(`index: adding to ${opts.index} (${first.reason})`);
          const inc = await addLocked({ seeds: opts.seeds, out: opts.index, log, onProgress: opts.onProgress, fingerprint: seeds }, again.base);
          if (inc) return { engine: inc.engine, rebuilt: true, reason: first.reason, warnings: inc.warnings };
        }
        log(`index: rebuilding ${opts.index} (${first.reason})`);
        const built = await buildLocked({ seeds: opts.seeds, out: opts.index, log, onProgress: opts.onProgress, fingerprint: seeds });
        return { engine: built.engine, rebuilt: true, reason: first.reason, warnings: built.warnings };
      } finally {
        release();
      }
    } catch (e) {
      if (opts.serveStale === false) throw e;
      const last = await loadCurrent(opts.index, null, hasher);
      if (!last.ok) throw e;
      const error = e instanceof Error ? e.message : String(e);
      const stale = why ? `${why}; the index could not be rebuilt: ${error}` : `the seeds could not be checked: ${error}`;
      log(`index: serving the last good index (${last.manifest.stats.docs} documents, built ${last.manifest.createdAt}), which is stale: ${stale}`);
      return { ...opened(last, opts.seeds, log), stale };
    }
  } finally {
    hasher.close();
  }
}

/** The saved index as loaded, with its warnings, logged. */
function opened(loaded: { index: CorpusIndex; manifest: Manifest }, seeds: string, log: (line: string) => void): OpenResult {
  let skippedNow: IngestWarning[];
  try {
    skippedNow = listSeeds(seeds).skipped;
  } catch (e) {
    skippedNow = [{ file: seeds, reason: (e as Error).message, skipped: false }];
  }
  const warnings = openedWarnings(loaded.manifest, skippedNow);
  logWarnings(log, warnings);
  return { engine: new SearchEngine(loaded.index), rebuilt: false, warnings };
}
