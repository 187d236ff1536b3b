/**
 * The seed fingerprint: names, sizes and hashes of the seed files an index was built from, and how the seeds changed
 * since — the index is stale when they did.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import { CATALOG_FILE, listSeedFiles } from '../ingest/index.js';
import type { Hasher } from './hasher.js';

/** One seed file as the fingerprint records it. */
export interface SeedEntry {
  file: string;
  size: number;
  sha256: string;
}

/** The seed files (reports and `catalog.json`), sorted by name; a clear error when the directory is unreadable. */
function seedFileNames(seeds: string): string[] {
  let files: string[];
  try {
    files = listSeedFiles(seeds);
  } catch (e) {
    throw new AppError(`cannot read the seeds directory ${seeds}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      code: 'bad_seeds',
    });
  }
  if (fs.existsSync(path.join(seeds, CATALOG_FILE))) files.push(CATALOG_FILE);
  return files.sort();
}

/** Names, sizes and sha256 of the seed files (reports and `catalog.json`), sorted by name. */
export function fingerprintSeeds(seeds: string): SeedEntry[] {
  return seedFileNames(seeds).map((file) => {
    const buf = fs.readFileSync(path.join(seeds, file));
    return { file, size: buf.length, sha256: createHash('sha256').update(buf).digest('hex') };
  });
}

/** {@link fingerprintSeeds}, the files read and hashed by `hasher` (the listing is done at once). */
export function fingerprintSeedsWith(seeds: string, hasher: Hasher): Promise<SeedEntry[]> {
  const names = seedFileNames(seeds);
  return hasher.files(names.map((f) => path.join(seeds, f))).then((r) => r.map((h, i) => ({ file: names[i]!, ...h })));
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
