/**
 * The saved index: build it from the seeds, save it atomically, and load it back only when it is sound and
 * current — else rebuild, saying why.
 *
 * Layout of the index directory:
 *
 * | path | what |
 * |---|---|
 * | `CURRENT` | the name of the generation being served, replaced atomically (write, fsync, rename) |
 * | `gen-…/` | one complete build: `manifest.json` (format stamp, seed fingerprint, each file's size and sha256), then the data files |
 * | `segcache/` | jieba's tokens per document, keyed by a hash of the segmenter and the document's text |
 * | `build.lock` | held (O_EXCL, with the builder's pid) while a build runs |
 *
 * A build writes a `.tmp-…` directory, fsyncs it and renames it to `gen-…`, then switches `CURRENT`: a crash at
 * any point leaves the previous generation serving.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from './errors.js';
import { CATALOG_FILE, ingestDir, listSeedFiles } from './ingest/index.js';
import { norm } from './normalize.js';
import { CorpusIndexBuilder, flatten, MentionIndex, PostingLists, RankIndex, type CorpusIndex } from './indexer.js';
import { learnTerms, Lexicon, segmenterId, segmentMany } from './segment.js';
import type { ChildProcess } from 'node:child_process';
import { segmentInWorkers, startSegmenters, stopSegmenters, writeJoined } from './segment-worker.js';
import { SearchEngine } from './engine.js';
import type { DocMeta, IngestedDoc, IngestWarning, Level, Paragraph } from './types.js';

/**
 * Bump when the layout or a file format below changes. (2: ranked search in MiniSearch's `rank.json`; 3: the same
 * serialisation one entry per line, `rank.ndjson`; 4: mention lists as varint gaps; 5: paragraph texts and normalised texts in `texts.bin`.)
 */
export const FORMAT_VERSION = 5;
const FORMAT_NAME = 'policy-search-index';

/** What a progress bar shows: the phase, and how far along it is. */
export interface BuildProgress {
  phase: 'ingest' | 'segment' | 'index' | 'save';
  done: number;
  total: number;
}

export interface BuildOptions {
  seeds: string;
  out: string;
  onProgress?: (p: BuildProgress) => void;
  log?: (line: string) => void;
  /**
   * Child processes that segment while this one indexes, for a corpus over `parallelThreshold` characters to
   * segment; 1 segments in this process. Default: the number of cores, at most 2.
   */
  workers?: number;
  /** Start child processes only when this many characters are not cached; default 3,000,000 (about 9 MB). */
  parallelThreshold?: number;
}

export interface BuildResult {
  engine: SearchEngine;
  docs: number;
  paragraphs: number;
  warnings: IngestWarning[];
  ms: number;
  /** Milliseconds per phase, for the benchmark. */
  phases: Record<BuildProgress['phase'], number>;
  /** Documents segmented in this build (the others came from the cache or were identical to another). */
  segmented: number;
}

/** Like a build's options, with `index` for the directory the build writes to (`out`). */
export interface OpenOptions extends Pick<BuildOptions, 'seeds' | 'log' | 'onProgress'> {
  index: string;
}

export interface OpenResult {
  engine: SearchEngine;
  rebuilt: boolean;
  /** Why it was rebuilt, e.g. `stale: seed added: 005_x.txt`. */
  reason?: string;
}

/** One seed file as the fingerprint records it. */
export interface SeedEntry {
  file: string;
  size: number;
  sha256: string;
}

interface Manifest {
  format: string;
  version: number;
  stamp: string;
  createdAt: string;
  seeds: SeedEntry[];
  files: Record<string, { size: number; sha256: string }>;
  stats: { docs: number; paragraphs: number };
  warnings: IngestWarning[];
}

const defaultLog = (line: string): void => console.log(line);

// ---------------------------------------------------------------------------------------------------------------
// Format stamp and seed fingerprint

let codeHash: string | undefined;

/**
 * The stamp an index must carry to be loaded: the file format, the segmenter (rules, user dictionary, jieba
 * version), the source of ingestion and normalisation, and MiniSearch's options and version, so that a change to
 * any of them forces a rebuild.
 */
export function formatStamp(): string {
  if (codeHash === undefined) {
    const h = createHash('sha256');
    // Always the TypeScript sources under <root>/src, whether this module runs from src/ (tsx) or from the
    // compiled dist/ (`npm start`): both sit one level below the root, so both modes compute the same stamp.
    const src = path.join(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'), 'src');
    const files = [path.join(src, 'normalize.ts'), path.join(src, 'minisearch-options.ts')];
    try {
      for (const f of fs.readdirSync(path.join(src, 'ingest')).sort()) {
        if (f.endsWith('.ts')) files.push(path.join(src, 'ingest', f));
      }
    } catch {
      // Without sources (a packaged build), the format version and the segmenter stamp still apply.
    }
    for (const f of files) {
      try {
        h.update(path.basename(f)).update(fs.readFileSync(f));
      } catch {
        h.update(`${path.basename(f)}:missing`);
      }
    }
    h.update(`minisearch:${miniSearchVersion()}`);
    codeHash = h.digest('hex').slice(0, 12);
  }
  return `${FORMAT_NAME}/${FORMAT_VERSION}/seg-${segmenterId()}/ingest-${codeHash}`;
}

/** The installed MiniSearch's version (its package.json is not exported, so found next to its entry point). */
function miniSearchVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('minisearch');
    let dir = path.dirname(entry);
    while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** The seed files (reports and `catalog.json`), sorted by name; a clear error when the directory is unreadable. */
function seedFileNames(seeds: string): string[] {
  let files: string[];
  try {
    files = listSeedFiles(seeds);
  } catch (e) {
    throw new AppError(`cannot read the seeds directory ${seeds}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      code: 'bad_seeds',
      status: 400,
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
function fingerprintSeedsWith(seeds: string, hasher: Hasher): Promise<SeedEntry[]> {
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

// ---------------------------------------------------------------------------------------------------------------
// Binary sections: a small container for typed arrays and strings

type Section = Uint8Array | Uint16Array | Uint32Array | Int32Array | string;
const MAGIC = 'PSIX';
const TYPES = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, i32: Int32Array } as const;
type TypeName = keyof typeof TYPES | 'utf8';

function typeOf(s: Section): TypeName {
  if (typeof s === 'string') return 'utf8';
  if (s instanceof Uint16Array) return 'u16';
  if (s instanceof Uint32Array) return 'u32';
  if (s instanceof Int32Array) return 'i32';
  return 'u8';
}

/** Packs named sections: `PSIX`, a uint32 header length, a JSON header, then each section 8-byte aligned. */
export function packSections(sections: Record<string, Section>): Buffer {
  const bodies = Object.entries(sections).map(([name, s]) => {
    const bytes = typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s.buffer, s.byteOffset, s.byteLength);
    return { name, type: typeOf(s), bytes, length: typeof s === 'string' ? bytes.length : s.length };
  });
  const align = (n: number): number => Math.ceil(n / 8) * 8;
  // The header's own length decides where the data starts; offsets are relative to the data start.
  let at = 0;
  const entries = bodies.map((b) => {
    const e = { name: b.name, type: b.type, offset: at, length: b.length, bytes: b.bytes.length };
    at = align(at + b.bytes.length);
    return e;
  });
  const header = Buffer.from(JSON.stringify(entries), 'utf8');
  const dataStart = align(8 + header.length);
  const out = Buffer.alloc(dataStart + at);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.length, 4);
  header.copy(out, 8);
  bodies.forEach((b, i) => b.bytes.copy(out, dataStart + entries[i]!.offset));
  return out;
}

/** Reads what `packSections` wrote; typed arrays are views on `buf` when aligned. Throws on a malformed file. */
export function unpackSections(buf: Buffer, what: string): Record<string, Section> {
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) throw new Error(`${what}: not an index file`);
  const headerLen = buf.readUInt32LE(4);
  if (8 + headerLen > buf.length) throw new Error(`${what}: truncated header`);
  const entries = JSON.parse(buf.toString('utf8', 8, 8 + headerLen)) as { name: string; type: TypeName; offset: number; length: number; bytes: number }[];
  const dataStart = Math.ceil((8 + headerLen) / 8) * 8;
  const out: Record<string, Section> = {};
  for (const e of entries) {
    const from = dataStart + e.offset;
    if (from + e.bytes > buf.length) throw new Error(`${what}: section ${e.name} runs past the end`);
    if (e.type === 'utf8') {
      out[e.name] = buf.toString('utf8', from, from + e.bytes);
      continue;
    }
    const T = TYPES[e.type];
    const abs = buf.byteOffset + from;
    out[e.name] = abs % T.BYTES_PER_ELEMENT === 0
      ? new T(buf.buffer as ArrayBuffer, abs, e.length)
      : new T(new Uint8Array(buf.subarray(from, from + e.bytes)).buffer as ArrayBuffer, 0, e.length);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Saving and loading one generation

interface StoredDocs {
  docs: DocMeta[];
  /** Chapter and section texts, referenced by index. */
  strings: string[];
  /** Per document: `[n, level, chapter, section]` per paragraph; the texts are in `texts.bin`. */
  paras: [number, Level, number, number][][];
}

/** Each line followed by `\n`, in one buffer built from pieces of about 1 MB rather than from one big string. */
function linesToBuffer(lines: Iterable<string>): Buffer {
  const parts: Buffer[] = [];
  let batch = '';
  for (const line of lines) {
    batch += `${line}\n`;
    if (batch.length >= 1 << 20) {
      parts.push(Buffer.from(batch, 'utf8'));
      batch = '';
    }
  }
  parts.push(Buffer.from(batch, 'utf8'));
  return Buffer.concat(parts);
}

/** The lines of a buffer written by {@link linesToBuffer}, decoded one at a time. */
function* bufferLines(buf: Buffer): Generator<string> {
  for (let at = 0; at < buf.length;) {
    let end = buf.indexOf(10, at);
    if (end < 0) end = buf.length;
    yield buf.toString('utf8', at, end);
    at = end + 1;
  }
}

/**
 * Strings laid end to end as UTF-16 code units (2 bytes a Han character rather than UTF-8's 3, lone surrogates
 * kept), with where each ends.
 */
function joined(strings: readonly string[]): { units: Uint16Array; ends: Uint32Array } {
  const ends = new Uint32Array(strings.length);
  let end = 0;
  strings.forEach((t, i) => (ends[i] = end += t.length));
  const b = Buffer.from(strings.join(''), 'utf16le');
  return { units: new Uint16Array(b.buffer, b.byteOffset, b.length / 2), ends };
}

/** The strings {@link joined} laid end to end, as slices of one string; throws unless there are `count`. */
function unjoined(units: unknown, ends: unknown, count: number, what: string): string[] {
  if (!(units instanceof Uint16Array) || !(ends instanceof Uint32Array)) throw new Error(`texts.bin: ${what}: sections missing or of the wrong type`);
  if (ends.length !== count) throw new Error(`texts.bin: ${ends.length} ${what}, docs.json has ${count} paragraphs`);
  if (count > 0 && ends[count - 1] !== units.length) throw new Error(`texts.bin: ${what}: ends past the text`);
  const all = Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le');
  const out = new Array<string>(count);
  for (let i = 0, from = 0; i < count; from = ends[i++]!) out[i] = all.slice(from, ends[i]!);
  return out;
}

function serialise(ix: CorpusIndex): Record<string, Buffer> {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const sid = (s: string): number => {
    let i = ids.get(s);
    if (i === undefined) {
      i = strings.length;
      ids.set(s, i);
      strings.push(s);
    }
    return i;
  };
  const stored: StoredDocs = {
    docs: ix.docs,
    strings,
    paras: ix.docParagraphs.map((ps) => ps.map((p) => [p.n, p.level, sid(p.chapter), sid(p.section)])),
  };
  // The paragraph texts and their normalised forms, each kind as one UTF-16 string with where each paragraph's ends:
  // loaded as slices of two strings, 0.25 s sooner at 100x the seeds than as strings in JSON and split UTF-8.
  const texts = joined(ix.paragraphs.map((p) => p.text));
  const norms = joined(ix.norms);
  const m = ix.mentionIndex;
  return {
    'docs.json': Buffer.from(JSON.stringify(stored), 'utf8'),
    'texts.bin': packSections({ textEnds: texts.ends, texts: texts.units, normEnds: norms.ends, norms: norms.units }),
    'lexicon.json': Buffer.from(JSON.stringify(ix.lexicon.toJSON()), 'utf8'),
    'rank.ndjson': linesToBuffer(ix.rank.toLines()),
    'mentions.bin': packSections({
      uniKeys: m.uni.keys, uniStarts: m.uni.starts, uniCounts: m.uni.counts, uniBytes: m.uni.bytes,
      biKeys: m.bi.keys, biStarts: m.bi.starts, biCounts: m.bi.counts, biBytes: m.bi.bytes,
    }),
  };
}

/** Loads a generation whose files were checked; throws (with the file's name) on anything malformed. */
function deserialise(files: Record<string, Buffer>): CorpusIndex {
  const stored = JSON.parse(files['docs.json']!.toString('utf8')) as StoredDocs;
  const t = unpackSections(files['texts.bin']!, 'texts.bin');
  const count = stored.paras.reduce((s, ps) => s + ps.length, 0);
  const texts = unjoined(t.texts, t.textEnds, count, 'texts');
  const norms = unjoined(t.norms, t.normEnds, count, 'norms');
  let pid = 0;
  const docs: IngestedDoc[] = stored.docs.map((meta, i) => ({
    meta,
    paragraphs: (stored.paras[i] ?? []).map(([n, level, c, s]): Paragraph => ({
      n, level, chapter: stored.strings[c] ?? '', section: stored.strings[s] ?? '', text: texts[pid++]!,
    })),
  }));
  const flat = flatten(docs, norms);
  const lexicon = new Lexicon(JSON.parse(files['lexicon.json']!.toString('utf8')) as string[]);
  let rank: RankIndex;
  try {
    rank = RankIndex.fromLines(bufferLines(files['rank.ndjson']!));
  } catch (e) {
    throw new Error(`rank.ndjson: ${(e as Error).message}`);
  }
  if (rank.size !== count) throw new Error(`rank.ndjson: ${rank.size} paragraphs, docs.json has ${count}`);
  const m = unpackSections(files['mentions.bin']!, 'mentions.bin');
  const lists = (p: 'uni' | 'bi'): PostingLists => {
    const [keys, starts, counts, bytes] = ['Keys', 'Starts', 'Counts', 'Bytes'].map((k) => m[p + k]);
    if (!(keys instanceof Uint32Array && starts instanceof Uint32Array && counts instanceof Uint32Array && bytes instanceof Uint8Array)) {
      throw new Error(`mentions.bin: the ${p}gram sections are missing or of the wrong type`);
    }
    try {
      return new PostingLists(keys, starts, counts, bytes);
    } catch (e) {
      throw new Error(`mentions.bin: ${p}grams: ${(e as Error).message}`);
    }
  };
  const mentionIndex = new MentionIndex(lists('uni'), lists('bi'));
  return { ...flat, lexicon, rank, mentionIndex };
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

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Writes a generation next to the others and makes it current. */
async function saveGeneration(
  indexDir: string,
  ix: CorpusIndex,
  seeds: SeedEntry[],
  warnings: IngestWarning[],
): Promise<string> {
  const files = serialise(ix);
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

/** Removes generations older than the current and the previous one, and leftovers of crashed builds. */
async function tidy(indexDir: string, keep: string): Promise<void> {
  const entries = await fsp.readdir(indexDir, { withFileTypes: true });
  const gens = entries.filter((e) => e.isDirectory() && e.name.startsWith('gen-')).map((e) => e.name).sort();
  // Keep the previous generation too: a reader that resolved CURRENT a moment ago may still be reading it.
  const others = gens.filter((g) => g !== keep);
  const drop = others.slice(0, Math.max(0, others.length - 1));
  for (const e of entries) {
    if (e.isDirectory() && e.name.startsWith('.tmp-')) drop.push(e.name);
    if (e.isFile() && /^CURRENT\..*\.tmp$/.test(e.name)) drop.push(e.name);
  }
  for (const name of drop) await fsp.rm(path.join(indexDir, name), { recursive: true, force: true });
}

/** The hashing thread's code: sha256 of a shared buffer, or of files it reads. Plain JavaScript, run with `eval`. */
const HASHER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const sha = (b) => createHash('sha256').update(b).digest('hex');
// Files are read into one reused buffer: the thread's freed allocations would stay in the process's memory.
let buf = Buffer.allocUnsafeSlow(1 << 20);
const hashFile = (file) => {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > buf.length) buf = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (let n = 1; at < size && n > 0; at += n) n = fs.readSync(fd, buf, at, size - at, at);
    return { size: at, sha256: sha(buf.subarray(0, at)) };
  } finally {
    fs.closeSync(fd);
  }
};
parentPort.on('message', (m) => {
  try {
    const result = m.shared ? sha(new Uint8Array(m.shared, m.offset, m.length)) : m.files.map(hashFile);
    parentPort.postMessage({ id: m.id, result });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e && e.message || e) });
  }
});
`;

/**
 * SHA-256 on the other core while this thread parses the index: a worker thread hashing buffers shared with it
 * (read into a `SharedArrayBuffer`, so not copied) and seed files it reads itself. Without a worker (or when it
 * fails) the same hashes are computed here. At 100x the seeds this takes about 0.1 s of index and seed hashing off
 * the start.
 */
class Hasher {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; local: () => unknown }>();
  private next = 0;

  constructor() {
    try {
      this.worker = new Worker(HASHER_SOURCE, { eval: true });
      this.worker.unref();
      this.worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error !== undefined) p?.reject(new Error(m.error));
        else p?.resolve(m.result);
      });
      this.worker.on('error', () => this.fallBack());
      this.worker.on('exit', () => this.fallBack());
    } catch {
      this.worker = null;
    }
  }

  /** Computes here whatever the worker had not answered, and everything from now on. */
  private fallBack(): void {
    this.worker = null;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      try {
        p.resolve(p.local());
      } catch (e) {
        p.reject(e as Error);
      }
    }
  }

  private ask<T>(message: object, local: () => T): Promise<T> {
    if (!this.worker) {
      try {
        return Promise.resolve(local());
      } catch (e) {
        return Promise.reject(e as Error);
      }
    }
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, local });
      this.worker!.postMessage({ id, ...message });
    });
  }

  /** sha256 of a buffer; hashed in the worker when the buffer is shared memory. */
  bytes(buf: Buffer): Promise<string> {
    const local = (): string => sha256(buf);
    if (!(buf.buffer instanceof SharedArrayBuffer)) return Promise.resolve().then(local);
    return this.ask({ shared: buf.buffer, offset: buf.byteOffset, length: buf.length }, local);
  }

  /** Size and sha256 of each file. */
  files(paths: readonly string[]): Promise<{ size: number; sha256: string }[]> {
    return this.ask({ files: paths }, () => paths.map((f) => {
      const b = fs.readFileSync(f);
      return { size: b.length, sha256: sha256(b) };
    }));
  }

  close(): void {
    const w = this.worker;
    this.worker = null;
    void w?.terminate();
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
type LoadOutcome =
  | { ok: true; index: CorpusIndex; manifest: Manifest }
  | { ok: false; reason: string; base?: { index: CorpusIndex; manifest: Manifest; added: string[] } };

/**
 * Loads the current generation if it is sound and current for these seeds. The checks and their order are those of
 * a load that verified everything first (stale seeds, then unreadable or truncated files, then checksums, then
 * contents); the files are hashed on the other core while they are parsed here, and nothing parsed is returned
 * unless every check passed.
 */
async function loadCurrent(indexDir: string, seedsP: Promise<SeedEntry[]>, hasher: Hasher, acceptAdded = false): Promise<LoadOutcome> {
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
  const now = await seedsP;
  const stale = diffSeeds(manifest.seeds ?? [], now);
  // Reports only added: the index is still checked and loaded, as the base of an incremental build.
  const added = stale && acceptAdded ? addedReports(manifest.seeds ?? [], now) : null;
  if (stale && !added) return { ok: false, reason: `stale: ${stale}` };
  if (problem) return { ok: false, reason: problem };
  for (const name of ['docs.json', 'texts.bin', 'lexicon.json', 'rank.ndjson', 'mentions.bin']) {
    if (!files[name]) return { ok: false, reason: `unreadable: ${gen}/${name} is not in the manifest` };
  }
  let index: CorpusIndex | null = null;
  let failure: Error | null = null;
  try {
    index = deserialise(files);
  } catch (e) {
    failure = e as Error;
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

// ---------------------------------------------------------------------------------------------------------------
// The build lock

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
    let holder: { pid?: number; host?: string } | null = null;
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
      throw new AppError(`index ${indexDir} is locked by pid ${holder?.pid ?? '?'} (${file})`, { code: 'index_locked', status: 503 });
    }
    if (!announced) {
      log(`index: waiting for the build of pid ${holder?.pid ?? '?'} to finish`);
      announced = true;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Building

/** The cache key of a document's segmentation: the segmenter's stamp and the document's normalised text. */
function cacheKey(norms: readonly string[]): string {
  const h = createHash('sha256').update(segmenterId()).update('\0');
  for (const n of norms) h.update(n).update('\n');
  return h.digest('hex').slice(0, 40);
}

/** A cached segmentation: each paragraph's tokens space-joined; null unless it is there with `count` paragraphs. */
async function readJoined(file: string, count: number): Promise<string[] | null> {
  try {
    const lines = JSON.parse(await fsp.readFile(file, 'utf8')) as unknown;
    if (!Array.isArray(lines) || lines.length !== count || !lines.every((l) => typeof l === 'string')) return null;
    return lines as string[];
  } catch {
    return null;
  }
}

/** {@link readJoined}, each paragraph's tokens split. */
async function readCache(file: string, count: number): Promise<string[][] | null> {
  return (await readJoined(file, count))?.map((l) => (l.length === 0 ? [] : l.split(' '))) ?? null;
}

/** Milliseconds per build phase: `lap(phase)` ends `phase` now, which started when the previous one ended. */
function phaseClock(): { phases: Record<BuildProgress['phase'], number>; lap: (phase: BuildProgress['phase']) => void } {
  const phases: Record<BuildProgress['phase'], number> = { ingest: 0, segment: 0, index: 0, save: 0 };
  let mark = performance.now();
  return {
    phases,
    lap: (phase) => {
      const now = performance.now();
      phases[phase] = Math.round(now - mark);
      mark = now;
    },
  };
}

async function buildLocked(opts: BuildOptions & { fingerprint?: SeedEntry[] }): Promise<BuildResult> {
  // Segmentation children the build starts; stopped however it ends (each holds jieba's 200 MB dictionary).
  const children: ChildProcess[] = [];
  try {
    return await buildWith(opts, children);
  } finally {
    stopSegmenters(children);
  }
}

async function buildWith(opts: BuildOptions & { fingerprint?: SeedEntry[] }, children: ChildProcess[]): Promise<BuildResult> {
  const t0 = performance.now();
  const log = opts.log ?? defaultLog;
  const progress = opts.onProgress ?? (() => {});
  const seeds = opts.fingerprint ?? fingerprintSeeds(opts.seeds);

  const { phases, lap } = phaseClock();
  // Segmentation children load jieba's dictionary (about a second) while this process reads the reports, when the
  // build looks big enough to want them: seed files over the threshold (about 3 bytes of UTF-8 a character) and a
  // segmentation cache that does not cover most reports (a rebuild after a small change segments little).
  const cacheDir = path.join(opts.out, 'segcache');
  const workers = opts.workers ?? Math.min(2, os.availableParallelism());
  const threshold = opts.parallelThreshold ?? 3_000_000;
  const seedBytes = seeds.reduce((s, e) => s + e.size, 0);
  const cachedFiles = await fsp.readdir(cacheDir).then((f) => f.length, () => 0);
  if (workers > 1 && seedBytes / 3 >= threshold && cachedFiles < seeds.length / 2) children.push(...startSegmenters(workers));
  progress({ phase: 'ingest', done: 0, total: 1 });
  const { docs, warnings } = await ingestDir(opts.seeds);
  progress({ phase: 'ingest', done: 1, total: 1 });
  lap('ingest');

  // Segmentation: from the cache where the document is unchanged; the rest here or in child processes.
  await fsp.mkdir(cacheDir, { recursive: true });
  const docNorms = docs.map((d) => d.paragraphs.map((p) => norm(p.text)));
  const keys = docNorms.map(cacheKey);
  // Each paragraph's tokens space-joined, as cached: the builder counts them without splitting.
  const tokens: (string[] | null)[] = await Promise.all(keys.map((k, i) => readJoined(path.join(cacheDir, `${k}.json`), docNorms[i]!.length)));
  // Identical documents (same key) are segmented once.
  const todo = new Map<string, number>();
  keys.forEach((k, i) => {
    if (!tokens[i] && !todo.has(k)) todo.set(k, i);
  });
  const todoIdx = [...todo.values()];
  const todoChars = todoIdx.reduce((s, i) => s + docNorms[i]!.reduce((a, n) => a + n.length, 0), 0);
  const parallel = workers > 1 && todoChars >= threshold;
  if (!parallel) {
    stopSegmenters(children);
    children.length = 0;
  } else if (children.length === 0) {
    children.push(...startSegmenters(workers));
  }
  progress({ phase: 'segment', done: 0, total: todoIdx.length });
  const builder = new CorpusIndexBuilder(docs, docNorms.flat());
  const fresh = new Map<string, string[]>();
  // Documents go into the index in corpus order, each once it and every one before it have their tokens.
  let nextDoc = 0;
  const cached = tokens.filter((t) => t !== null).length;
  // Where each segmentation is last needed: dropped after that, so that it dies young.
  const lastUse = new Map(keys.map((k, i) => [k, i]));
  const addNext = (): boolean => {
    const t = nextDoc < docs.length ? (tokens[nextDoc] ?? fresh.get(keys[nextDoc]!)) : undefined;
    if (!t) return false;
    builder.addJoined(t);
    tokens[nextDoc] = null;
    if (lastUse.get(keys[nextDoc]!) === nextDoc) fresh.delete(keys[nextDoc]!);
    nextDoc++;
    return true;
  };
  if (parallel) {
    // `workers` child processes segment while this one builds the mention lists and counts the postings of what
    // they have segmented. At 100x the seeds on two cores: one child, 5.8–7.4 s for this phase; two, 5.5 s.
    let wake: (() => void) | null = null;
    const poke = (): void => {
      wake?.();
      wake = null;
    };
    let settled = false;
    // The children write the segmentation cache too.
    const jobs = todoIdx.map((i) => ({ norms: docNorms[i]!, cacheFile: path.join(cacheDir, `${keys[i]}.json`) }));
    const segmenting = segmentInWorkers(jobs, children.length, {
      inProcess: false,
      children,
      onJoined: (j, t) => {
        fresh.set(keys[todoIdx[j]!]!, t);
        poke();
      },
      onDone: (done) => progress({ phase: 'segment', done, total: todoIdx.length }),
    }).finally(() => {
      settled = true;
      poke();
    });
    segmenting.catch(() => {});
    // Time for the mention lists while the first answers come.
    builder.buildMentions();
    while (!settled) {
      if (addNext()) await new Promise<void>((r) => setImmediate(r));
      else await new Promise<void>((r) => (wake = r));
    }
    await segmenting;
  } else {
    for (const [j, i] of todoIdx.entries()) {
      const joined = segmentMany(docNorms[i]!).map((t) => t.join(' '));
      fresh.set(keys[i]!, joined);
      writeJoined(path.join(cacheDir, `${keys[i]}.json`), joined);
      progress({ phase: 'segment', done: j + 1, total: todoIdx.length });
      // A server rebuilding in the background keeps answering between documents.
      await new Promise<void>((r) => setImmediate(r));
    }
  }
  lap('segment');

  progress({ phase: 'index', done: 0, total: 1 });
  while (addNext());
  const index = builder.finish();
  progress({ phase: 'index', done: 1, total: 1 });
  lap('index');

  progress({ phase: 'save', done: 0, total: 1 });
  const gen = await saveGeneration(opts.out, index, seeds, warnings);
  await tidy(opts.out, gen);
  // Keep only the cache entries this corpus uses.
  const used = new Set(keys.map((k) => `${k}.json`));
  for (const f of await fsp.readdir(cacheDir)) if (!used.has(f)) await fsp.rm(path.join(cacheDir, f), { force: true });
  progress({ phase: 'save', done: 1, total: 1 });
  lap('save');

  const ms = Math.round(performance.now() - t0);
  log(`index: built ${docs.length} documents, ${index.paragraphs.length} paragraphs in ${ms} ms: ` +
    `${todoIdx.length} segmented${parallel ? ` in ${children.length} child process${children.length > 1 ? 'es' : ''} while this one indexed` : ''}, ${cached} from the cache, ` +
    `${docs.length - cached - todoIdx.length} identical to another (${Object.entries(phases).map(([k, v]) => `${k} ${v} ms`).join(', ')})`);
  return {
    engine: new SearchEngine(index), docs: docs.length, paragraphs: index.paragraphs.length, warnings, ms, phases, segmented: todoIdx.length,
  };
}

/**
 * Adds reports to a loaded generation instead of rebuilding it, when reports were only added (see
 * {@link addedReports}): only the new reports are ingested into the index, segmented (or taken from the cache) and
 * added to the loaded MiniSearch, their pids after the existing ones; the mention lists are rebuilt (cheap) and a new
 * generation is saved atomically, as a build does.
 *
 * The documents keep their order and the new ones come after them (a full build orders all by file name), so
 * paragraphs with equal scores may rank in another order than after a full build; answers are otherwise the same.
 *
 * Terms the new reports quote join the corpus lexicon; the old paragraphs holding one are re-indexed with it (found
 * by the mention lists, tokens from the segmentation cache), as a full build would tokenise them.
 *
 * @returns null, having logged why, when the change is not one an incremental build reproduces exactly: an old
 *   report's metadata changed (with `catalog.json`), a new report repeats an id, or an old report that needs
 *   re-indexing is not in the segmentation cache.
 */
async function addLocked(
  opts: BuildOptions & { fingerprint: SeedEntry[] },
  base: { index: CorpusIndex; manifest: Manifest; added: string[] },
): Promise<BuildResult | null> {
  const t0 = performance.now();
  const log = opts.log ?? defaultLog;
  const progress = opts.onProgress ?? (() => {});
  const { phases, lap } = phaseClock();
  const old = base.index;
  const no = (why: string): null => {
    log(`index: not incremental (${why})`);
    return null;
  };

  progress({ phase: 'ingest', done: 0, total: 1 });
  // With catalog.json unchanged, the old reports (unchanged too) would ingest exactly as they did: only the new ones
  // are read, and the old warnings kept. Otherwise all are, and the old must come out as they were.
  const catalogEntry = (seeds: readonly SeedEntry[]): string => JSON.stringify(seeds.find((e) => e.file === CATALOG_FILE) ?? null);
  let ingested: IngestedDoc[];
  let warnings: IngestWarning[];
  if (catalogEntry(base.manifest.seeds ?? []) === catalogEntry(opts.fingerprint)) {
    const fresh = await ingestDir(opts.seeds, { only: new Set(base.added) });
    ingested = [...old.docs.map((meta, i): IngestedDoc => ({ meta, paragraphs: old.docParagraphs[i]! })), ...fresh.docs];
    warnings = [...(base.manifest.warnings ?? []), ...fresh.warnings.filter((w) => w.file !== CATALOG_FILE)];
  } else {
    ({ docs: ingested, warnings } = await ingestDir(opts.seeds));
  }
  progress({ phase: 'ingest', done: 1, total: 1 });
  lap('ingest');
  const byFile = new Map(ingested.map((d) => [d.meta.file, d]));
  // The old documents must ingest as they did (catalog.json may have changed with the added reports).
  for (const meta of old.docs) {
    const d = byFile.get(meta.file);
    if (!d) return no(`${meta.file} is no longer indexed`);
    if (JSON.stringify(d.meta) !== JSON.stringify(meta)) return no(`the metadata of ${meta.file} changed`);
  }
  const oldFiles = new Set(old.docs.map((m) => m.file));
  const added = ingested.filter((d) => !oldFiles.has(d.meta.file));
  const ids = new Set(old.docs.map((m) => m.id));
  for (const d of added) {
    if (ids.has(d.meta.id)) return no(`duplicate document id ${d.meta.id}`);
    ids.add(d.meta.id);
  }
  const newNorms = added.map((d) => d.paragraphs.map((p) => norm(p.text)));
  // Terms the new reports quote join the corpus lexicon: the old paragraphs holding one get its token too, as in a
  // full build (re-indexed from their cached segmentation).
  const newTerms = learnTerms(newNorms.flat()).filter((t) => !old.lexicon.terms.has(t));
  const lexicon = newTerms.length > 0 ? new Lexicon([...old.lexicon.terms, ...newTerms]) : old.lexicon;
  const touched = new Map<number, number[]>();
  for (const t of newTerms) {
    for (const pid of old.mentionIndex.containing(t, old.norms)) {
      const di = old.paraDoc[pid]!;
      let list = touched.get(di);
      if (!list) touched.set(di, (list = []));
      list.push(pid);
    }
  }
  const cacheDir = path.join(opts.out, 'segcache');
  const redo: { pid: number; before: string[]; after: string[] }[] = [];
  for (const [di, pids] of touched) {
    const first = old.paraDoc.indexOf(di);
    const count = old.docParagraphs[di]!.length;
    const docNorms = old.norms.slice(first, first + count);
    const base = await readCache(path.join(cacheDir, `${cacheKey(docNorms)}.json`), count);
    if (!base) return no(`the segmentation of ${old.docs[di]!.file} is not cached`);
    for (const pid of new Set(pids)) {
      const n = old.norms[pid]!;
      const b = base[pid - first]!;
      const before = b.concat(old.lexicon.overlay(n, b));
      const after = b.concat(lexicon.overlay(n, b));
      if (before.join(' ') !== after.join(' ')) redo.push({ pid, before, after });
    }
  }

  // Segmentation of the new reports only, from the cache when it has them.
  await fsp.mkdir(cacheDir, { recursive: true });
  const keys = newNorms.map(cacheKey);
  const tokens = await Promise.all(keys.map((k, i) => readCache(path.join(cacheDir, `${k}.json`), newNorms[i]!.length)));
  let segmented = 0;
  progress({ phase: 'segment', done: 0, total: added.length });
  for (let i = 0; i < added.length; i++) {
    if (!tokens[i]) {
      const same = keys.indexOf(keys[i]!);
      if (same < i) tokens[i] = tokens[same]!;
      else {
        tokens[i] = segmentMany(newNorms[i]!);
        segmented++;
        writeJoined(path.join(cacheDir, `${keys[i]}.json`), tokens[i]!.map((t) => t.join(' ')));
      }
    }
    progress({ phase: 'segment', done: i + 1, total: added.length });
    await new Promise<void>((r) => setImmediate(r));
  }
  lap('segment');

  progress({ phase: 'index', done: 0, total: 1 });
  const docs = [...old.docs.map((m) => byFile.get(m.file)!), ...added];
  const norms = old.norms.concat(newNorms.flat());
  const flat = flatten(docs, norms);
  const rank = old.rank;
  for (const r of redo) rank.replace(r.pid, r.before, r.after);
  rank.append(newNorms.flatMap((ns, i) => ns.map((n, j) => {
    const t = tokens[i]![j]!;
    return t.concat(lexicon.overlay(n, t));
  })));
  const index: CorpusIndex = { ...flat, lexicon, rank, mentionIndex: old.mentionIndex.append(newNorms.flat(), old.norms.length) };
  progress({ phase: 'index', done: 1, total: 1 });
  lap('index');

  progress({ phase: 'save', done: 0, total: 1 });
  let gen: string;
  try {
    gen = await saveGeneration(opts.out, index, opts.fingerprint, warnings);
  } finally {
    rank.releaseSaved();
  }
  await tidy(opts.out, gen);
  progress({ phase: 'save', done: 1, total: 1 });
  lap('save');
  const ms = Math.round(performance.now() - t0);
  log(`index: incremental: ${added.length} new report(s), ${newNorms.flat().length} paragraphs added to ${old.docs.length} documents in ${ms} ms: ` +
    `${segmented} segmented, ${newTerms.length} new quoted term(s) re-indexed in ${redo.length} old paragraph(s) (${Object.entries(phases).map(([k, v]) => `${k} ${v} ms`).join(', ')})`);
  return { engine: new SearchEngine(index), docs: docs.length, paragraphs: index.paragraphs.length, warnings, ms, phases, segmented };
}

/**
 * Builds the index of `seeds` into `out`, atomically, under the build lock.
 *
 * @example
 * const { docs, paragraphs, warnings } = await buildIndex({ seeds: 'seeds', out: 'index' });
 */
export async function buildIndex(opts: BuildOptions): Promise<BuildResult> {
  await fsp.mkdir(opts.out, { recursive: true });
  const release = await acquireLock(opts.out, opts.log ?? defaultLog);
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
  const log = opts.log ?? defaultLog;
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
