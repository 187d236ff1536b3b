/**
 * Generations of the saved index. Layout of the index directory:
 *
 * | path | what |
 * |---|---|
 * | `CURRENT` | the name of the generation being served, replaced atomically (write, fsync, rename) |
 * | `gen-…/` | one complete build: `manifest.json` (format stamp, seed fingerprint, each report's catalog entry, each file's size and sha256), then the data files (`codec.ts`) |
 * | `segcache/` | jieba's tokens per document (`pipeline/segcache.ts`) |
 * | `build.lock` | held while a build runs (`lock.ts`) |
 *
 * A build writes a `.tmp-…` directory, fsyncs it and renames it to `gen-…`, then switches `CURRENT`: a crash at
 * any point leaves the previous generation serving. Loading checks everything before anything is served.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { IngestWarning } from '../core/types.js';
import type { CorpusIndex } from '../index/corpus.js';
import { bufferLines, deserialise, INDEX_FILES, serialise } from './codec.js';
import { addedReports, diffSeeds, type SeedEntry } from './fingerprint.js';
import { sha256, type Hasher } from './hasher.js';
import { FORMAT_NAME, FORMAT_VERSION, formatStamp } from './stamp.js';

/** What a generation says of itself; written last, so a generation without one is never loaded. */
export interface Manifest {
  format: string;
  version: number;
  stamp: string;
  createdAt: string;
  seeds: SeedEntry[];
  files: Record<string, { size: number; sha256: string }>;
  stats: { docs: number; paragraphs: number };
  warnings: IngestWarning[];
  /**
   * What `catalog.json` gave each indexed file that it had an entry for, as `catalogEntries` (`ingest/index.ts`) puts
   * it, so that an incremental build re-ingests only the reports whose entry changed; absent from generations made
   * before it was kept.
   */
  catalogEntries?: Record<string, string>;
  /** The generation that was current when this one was made (kept by {@link tidy} beside it). */
  previous?: string;
}

async function writeFileSynced(file: string, data: Buffer | string): Promise<void> {
  const fh = await fsp.open(file, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await fsp.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Some platforms cannot fsync a directory; the renames are still atomic.
  }
}

/** Writes a generation next to the others and makes it current. */
export async function saveGeneration(
  indexDir: string,
  ix: CorpusIndex,
  seeds: SeedEntry[],
  warnings: IngestWarning[],
  catalogEntries: Record<string, string>,
): Promise<string> {
  const files = serialise(ix);
  const previous = currentName(indexDir);
  const tmp = path.join(indexDir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  await fsp.mkdir(tmp, { recursive: true });
  try {
    const manifest: Manifest = {
      format: FORMAT_NAME,
      version: FORMAT_VERSION,
      stamp: formatStamp(),
      createdAt: new Date().toISOString(),
      seeds,
      files: {},
      stats: { docs: ix.docs.length, paragraphs: ix.paragraphs.length },
      warnings,
      catalogEntries,
      ...(previous ? { previous } : {}),
    };
    for (const [name, data] of Object.entries(files)) {
      await writeFileSynced(path.join(tmp, name), data);
      manifest.files[name] = { size: data.length, sha256: sha256(data) };
    }
    // The manifest goes last: a generation without one is never loaded.
    await writeFileSynced(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 1));
    await syncDir(tmp);
    const gen = `gen-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    await fsp.rename(tmp, path.join(indexDir, gen));
    const current = path.join(indexDir, `CURRENT.${process.pid}.tmp`);
    await writeFileSynced(current, `${gen}\n`);
    await fsp.rename(current, path.join(indexDir, 'CURRENT'));
    await syncDir(indexDir);
    return gen;
  } catch (e) {
    await fsp.rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** The name of the current generation, or null. */
function currentName(indexDir: string): string | null {
  try {
    const gen = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim();
    return /^gen-[a-z0-9-]+$/.test(gen) ? gen : null;
  } catch {
    return null;
  }
}

/**
 * Removes every generation but `keep` (the current one) and the one that was current before it (named in its
 * manifest), and the leftovers of crashed builds: a generation a crash left without making it current is never kept
 * as the previous one, however recent.
 */
export async function tidy(indexDir: string, keep: string): Promise<void> {
  const entries = await fsp.readdir(indexDir, { withFileTypes: true });
  // Keep the previous generation too: a reader that resolved CURRENT a moment ago may still be reading it.
  let previous: string | undefined;
  try {
    previous = (JSON.parse(await fsp.readFile(path.join(indexDir, keep, 'manifest.json'), 'utf8')) as Manifest).previous;
  } catch {
    previous = undefined;
  }
  const drop = entries.filter((e) => e.isDirectory() && e.name.startsWith('gen-') && e.name !== keep && e.name !== previous).map((e) => e.name);
  for (const e of entries) {
    if (e.isDirectory() && e.name.startsWith('.tmp-')) drop.push(e.name);
    if (e.isFile() && /^CURRENT\..*\.tmp$/.test(e.name)) drop.push(e.name);
  }
  for (const name of drop) await fsp.rm(path.join(indexDir, name), { recursive: true, force: true });
}

/** The manifest of the current generation, or null when there is none or it cannot be read. */
export function currentManifest(indexDir: string): Manifest | null {
  const gen = currentName(indexDir);
  if (!gen) return null;
  try {
    return JSON.parse(fs.readFileSync(path.join(indexDir, gen, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/** A file's bytes in shared memory, so that the hashing thread reads them without a copy. */
function readShared(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.from(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const n = fs.readSync(fd, buf, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return at === size ? buf : buf.subarray(0, at);
  } finally {
    fs.closeSync(fd);
  }
}

/** Why the saved index cannot be served as it is, or the loaded index. */
export type LoadOutcome =
  | { ok: true; index: CorpusIndex; manifest: Manifest }
  | { ok: false; reason: string; base?: { index: CorpusIndex; manifest: Manifest; added: string[] } };

/**
 * Loads the current generation if it is sound and current for these seeds (for any seeds when `seedsP` is null: the
 * last good index, served stale when a rebuild cannot be made). The checks and their order are those of
 * a load that verified everything first (stale seeds, then unreadable or truncated files, then checksums, then
 * contents); the files are hashed on the other core while they are parsed here, and nothing parsed is returned
 * unless every check passed.
 */
export async function loadCurrent(indexDir: string, seedsP: Promise<SeedEntry[]> | null, hasher: Hasher, acceptAdded = false): Promise<LoadOutcome> {
  let gen: string;
  try {
    gen = fs.readFileSync(path.join(indexDir, 'CURRENT'), 'utf8').trim();
  } catch {
    return { ok: false, reason: fs.existsSync(indexDir) ? 'missing: no index built yet' : 'missing: no index directory' };
  }
  if (!/^gen-[a-z0-9-]+$/.test(gen)) return { ok: false, reason: 'unreadable: CURRENT does not name a generation' };
  const dir = path.join(indexDir, gen);
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch (e) {
    return { ok: false, reason: `unreadable: ${gen}/manifest.json (${(e as Error).message})` };
  }
  if (manifest.format !== FORMAT_NAME) return { ok: false, reason: `foreign format: ${String(manifest.format)}` };
  if (manifest.stamp !== formatStamp()) {
    return { ok: false, reason: `format changed: index is ${manifest.stamp}, this version writes ${formatStamp()}` };
  }
  // Read every file and have it hashed meanwhile; the verdicts come in the order above.
  const files: Record<string, Buffer> = {};
  const hashes: Record<string, Promise<string>> = {};
  let problem: string | null = null;
  for (const [name, want] of Object.entries(manifest.files ?? {})) {
    let data: Buffer;
    try {
      data = readShared(path.join(dir, name));
    } catch (e) {
      problem = `unreadable: ${gen}/${name} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
      break;
    }
    if (data.length !== want.size) {
      problem = `truncated: ${gen}/${name} has ${data.length} bytes, expected ${want.size}`;
      break;
    }
    files[name] = data;
    hashes[name] = hasher.bytes(data);
    // Settled below; a rejection is not unhandled in the meantime.
    hashes[name].catch(() => {});
  }
  // Parsed while the seeds are still being hashed (on the other thread); used only if every check below passes.
  let index: CorpusIndex | null = null;
  let failure: Error | null = null;
  if (!problem && INDEX_FILES.every((name) => files[name])) {
    try {
      index = deserialise(files);
    } catch (e) {
      failure = e as Error;
    }
  }
  // Without seeds to compare with (`seedsP` null), the last good index is loaded whatever the seeds are now.
  const now = seedsP ? await seedsP : (manifest.seeds ?? []);
  const stale = diffSeeds(manifest.seeds ?? [], now);
  // Reports only added: the index is still checked and loaded, as the base of an incremental build.
  const added = stale && acceptAdded ? addedReports(manifest.seeds ?? [], now) : null;
  if (stale && !added) return { ok: false, reason: `stale: ${stale}` };
  if (problem) return { ok: false, reason: problem };
  for (const name of INDEX_FILES) {
    if (!files[name]) return { ok: false, reason: `unreadable: ${gen}/${name} is not in the manifest` };
  }
  for (const [name, want] of Object.entries(manifest.files)) {
    if ((await hashes[name]) !== want.sha256) return { ok: false, reason: `checksum mismatch: ${gen}/${name}` };
  }
  if (!index) return { ok: false, reason: `unreadable: ${gen} (${failure?.message})` };
  if (stale) {
    // The base of an incremental build: its ranked index is saved again with the new reports' postings spliced into
    // these lines (see RankIndex.retainSaved), released once saved.
    const rankFile = files['rank.ndjson']!;
    index.rank.retainSaved(() => bufferLines(rankFile));
    return { ok: false, reason: `stale: ${stale}`, base: { index, manifest, added: added! } };
  }
  return { ok: true, index, manifest };
}
