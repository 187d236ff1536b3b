/**
 * From the seeds to a served index: build one, or open the saved one when it is sound and current — adding only new
 * reports when that is all that changed, rebuilding otherwise, and saying why.
 */
import fsp from 'node:fs/promises';
import { SearchEngine } from '../search/engine.js';
import { fingerprintSeedsWith } from '../store/fingerprint.js';
import { loadCurrent } from '../store/generations.js';
import { Hasher } from '../store/hasher.js';
import { acquireLock } from '../store/lock.js';
import { buildLocked } from './full.js';
import { addLocked } from './incremental.js';
import type { BuildOptions, BuildResult, OpenOptions, OpenResult } from './options.js';

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
 * broken index.
 *
 * @example
 * const { engine, rebuilt, reason } = await openIndex({ seeds: 'seeds', index: 'index' });
 */
export async function openIndex(opts: OpenOptions): Promise<OpenResult> {
  const log = opts.log ?? ((line: string): void => console.log(line));
  const hasher = new Hasher();
  try {
    const seedsP = fingerprintSeedsWith(opts.seeds, hasher);
    seedsP.catch(() => {});
    const first = await loadCurrent(opts.index, seedsP, hasher);
    if (first.ok) return { engine: new SearchEngine(first.index), rebuilt: false };
    const seeds = await seedsP;
    await fsp.mkdir(opts.index, { recursive: true });
    const release = await acquireLock(opts.index, log);
    try {
      // Another process may have built it while we waited for the lock.
      const again = await loadCurrent(opts.index, seedsP, hasher, true);
      if (again.ok) return { engine: new SearchEngine(again.index), rebuilt: false };
      if (again.base) {
        log(`index: adding to ${opts.index} (${first.reason})`);
        const inc = await addLocked({ seeds: opts.seeds, out: opts.index, log, onProgress: opts.onProgress, fingerprint: seeds }, again.base);
        if (inc) return { engine: inc.engine, rebuilt: true, reason: first.reason };
      }
      log(`index: rebuilding ${opts.index} (${first.reason})`);
      const built = await buildLocked({ seeds: opts.seeds, out: opts.index, log, onProgress: opts.onProgress, fingerprint: seeds });
      return { engine: built.engine, rebuilt: true, reason: first.reason };
    } finally {
      release();
    }
  } finally {
    hasher.close();
  }
}
