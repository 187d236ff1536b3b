/**
 * The segmentation cache, `segcache/` in the index directory: jieba's tokens per document, each paragraph's tokens
 * space-joined in a JSON array, keyed by a hash of the segmenter and the document's normalised text. A rebuild
 * segments only what changed.
 *
 * An entry is the sha256 of its key and body on the first line, then the body: an entry that does not verify (torn
 * by a crash, corrupted, copied under another key, of an older layout) is ignored and segmented again, never sealed
 * into an index. Entries are fsynced before they are renamed into place.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { segmenterId } from '../text/segment.js';

/** The cache directory of an index directory. */
export function segcacheDir(indexDir: string): string {
  return path.join(indexDir, 'segcache');
}

/** The cache file of key `key`. */
export function cacheFile(dir: string, key: string): string {
  return path.join(dir, `${key}.json`);
}

/** The cache key of a document's segmentation: the segmenter's stamp and the document's normalised text. */
export function cacheKey(norms: readonly string[]): string {
  const h = createHash('sha256').update(segmenterId()).update('\0');
  for (const n of norms) h.update(n).update('\n');
  return h.digest('hex').slice(0, 40);
}

/** The checksum line of an entry: the sha256 of its key (from its file name) and its body. */
function checksum(file: string, body: Buffer | string): string {
  return createHash('sha256').update(path.basename(file, '.json')).update('\n').update(body).digest('hex');
}

/**
 * A cached segmentation: each paragraph's tokens space-joined; null unless it is there, verifies against its
 * checksum, and has `count` paragraphs.
 */
export async function readJoined(file: string, count: number): Promise<string[] | null> {
  try {
    const data = await fsp.readFile(file);
    const nl = data.indexOf(0x0a);
    if (nl !== 64) return null;
    const body = data.subarray(nl + 1);
    if (data.subarray(0, nl).toString('latin1') !== checksum(file, body)) return null;
    const lines = JSON.parse(body.toString('utf8')) as unknown;
    if (!Array.isArray(lines) || lines.length !== count || !lines.every((l) => typeof l === 'string')) return null;
    return lines as string[];
  } catch {
    return null;
  }
}

/** {@link readJoined}, each paragraph's tokens split. */
export async function readCache(file: string, count: number): Promise<string[][] | null> {
  return (await readJoined(file, count))?.map((l) => (l.length === 0 ? [] : l.split(' '))) ?? null;
}

/**
 * Writes a document's segmentation as the build's cache holds it (each paragraph's tokens space-joined, a JSON array,
 * after its checksum) through a temporary file, fsynced, and a rename; a failure to write only loses the cache entry.
 */
export function writeJoined(file: string, joined: readonly string[]): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const body = Buffer.from(JSON.stringify(joined), 'utf8');
    const data = Buffer.concat([Buffer.from(`${checksum(file, body)}\n`, 'latin1'), body]);
    const fd = fs.openSync(tmp, 'w');
    try {
      for (let at = 0; at < data.length;) at += fs.writeSync(fd, data, at, data.length - at);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}

/** Removes the cache entries of documents not among `keys` (a corpus keeps only what it uses). */
export async function keepOnly(dir: string, keys: readonly string[]): Promise<void> {
  const used = new Set(keys.map((k) => path.basename(cacheFile(dir, k))));
  for (const f of await fsp.readdir(dir)) if (!used.has(f)) await fsp.rm(path.join(dir, f), { force: true });
}
