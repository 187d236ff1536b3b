/**
 * The seed fingerprint: names, sizes and hashes of the seed files an index was built from, and how the seeds changed
 * since — the index is stale when they did.
 */
import { createHash } from 'node:crypto';
import { CATALOG_FILE, listSeeds, readSeedSync, type SeedFile } from '../ingest/index.js';
import type { Hasher } from './hasher.js';

/** One seed file as the fingerprint records it. */
export interface SeedEntry {
  file: string;
  size: number;
  sha256: string;
}

/**
 * The seed files the fingerprint covers (the reports `listSeeds` accepts and `catalog.json`), sorted by name; the
 * entries it skips are not part of it (they are named in the build's warnings instead).
 *
 * @throws AppError `bad_seeds` when the directory is unreadable.
 */
function seedFiles(seeds: string): SeedFile[] {
  const listing = listSeeds(seeds);
  const files = listing.catalog ? [...listing.files, listing.catalog] : listing.files;
  return files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Names, sizes and sha256 of the seed files (reports and `catalog.json`), sorted by name; files that cannot be read are left out. */
export function fingerprintSeeds(seeds: string): SeedEntry[] {
  const out: SeedEntry[] = [];
  for (const f of seedFiles(seeds)) {
    let buf: Buffer;
    try {
      buf = readSeedSync(f.path);
    } catch {
      // Gone or changed into something else since the listing: the build skips it with a warning.
      continue;
    }
    out.push({ file: f.file, size: buf.length, sha256: createHash('sha256').update(buf).digest('hex') });
  }
  return out;
}

/** {@link fingerprintSeeds}, the files read and hashed by `hasher` (the listing is done at once). */
export function fingerprintSeedsWith(seeds: string, hasher: Hasher): Promise<SeedEntry[]> {
  const files = seedFiles(seeds);
  return hasher.files(files.map((f) => f.path)).then((r) =>
    r.flatMap((h, i) => (h ? [{ file: files[i]!.file, ...h }] : [])));
}

/** How the seeds changed, for the log: `seed added: a.txt; seed changed: b.txt`; null when they did not. */
export function diffSeeds(before: readonly SeedEntry[], now: readonly SeedEntry[]): string | null {
  const old = new Map(before.map((e) => [e.file, e]));
  const cur = new Map(now.map((e) => [e.file, e]));
  const parts: string[] = [];
  const list = (label: string, names: string[]): void => {
    if (names.length === 0) return;
    parts.push(`${label}: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`);
  };
  list('seed added', [...cur.keys()].filter((f) => !old.has(f)));
  list('seed removed', [...old.keys()].filter((f) => !cur.has(f)));
  list('seed changed', [...cur.keys()].filter((f) => old.has(f) && (old.get(f)!.sha256 !== cur.get(f)!.sha256 || old.get(f)!.size !== cur.get(f)!.size)));
  return parts.length > 0 ? parts.join('; ') : null;
}

/**
 * The reports added since `before`, when that is the only change (none removed or changed; `catalog.json` may have
 * changed, the added reports' entries being checked against the old documents' metadata later); else null.
 */
export function addedReports(before: readonly SeedEntry[], now: readonly SeedEntry[]): string[] | null {
  const old = new Map(before.map((e) => [e.file, e]));
  const cur = new Set(now.map((e) => e.file));
  for (const e of before) if (e.file !== CATALOG_FILE && !cur.has(e.file)) return null;
  const added: string[] = [];
  for (const e of now) {
    const o = old.get(e.file);
    if (e.file === CATALOG_FILE) continue;
    if (!o) added.push(e.file);
    else if (o.sha256 !== e.sha256 || o.size !== e.size) return null;
  }
  return added.length > 0 ? added : null;
}
