/**
 * The one channel for a build's warnings, whatever started it (`npm run index`, `npm start`, `--watch`,
 * `POST /api/reindex`): every build and every open logs them here, and hands them on for `/api/health` and the home
 * page.
 */
import type { IngestWarning } from '../core/types.js';
import type { Manifest } from '../store/generations.js';

/** Most warnings logged one by one; the count says how many there are beyond. */
const MAX_LOGGED = 1000;

/**
 * Logs a build's warnings: a count, then each one (the skipped files first).
 * @example
 * logWarnings(log, warnings) // index: 3 warning(s), 2 file(s) skipped / index: warning: dup.txt: skipped, …
 */
export function logWarnings(log: (line: string) => void, warnings: readonly IngestWarning[]): void {
  if (warnings.length === 0) return;
  const skipped = warnings.filter((w) => w.skipped);
  log(`index: ${warnings.length} warning(s), ${skipped.length} file(s) skipped`);
  const ordered = [...skipped, ...warnings.filter((w) => !w.skipped)];
  for (const w of ordered.slice(0, MAX_LOGGED)) log(`index: warning: ${w.reason}`);
  if (ordered.length > MAX_LOGGED) log(`index: and ${ordered.length - MAX_LOGGED} more warning(s)`);
}

/**
 * The warnings of a saved index opened as it is: its build's warnings about the seed files it covers, and the entries
 * the seeds folder's listing skips now (those are not part of the fingerprint, so they may have changed since).
 */
export function openedWarnings(manifest: Manifest, skippedNow: readonly IngestWarning[]): IngestWarning[] {
  const covered = new Set((manifest.seeds ?? []).map((e) => e.file));
  return [...skippedNow, ...(manifest.warnings ?? []).filter((w) => covered.has(w.file))];
}
