/**
 * The seeds folder, entry by entry: which files are reports to index, and how to read one safely. Each entry is
 * judged on its own, so one bad entry is skipped with a warning naming it and never stops the listing: a regular
 * file is read; a symbolic link is followed only to a regular file inside the seeds folder; directories, pipes,
 * sockets and devices, dangling links, link loops, files over {@link MAX_SEED_BYTES}, hidden files, names that are
 * not UTF-8 and names whose id could not address the document are skipped. Two files with the same name in two
 * formats (`dup.md`, `dup.txt`) are both indexed, under two ids (`seedIds` in `index.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import { docIdOf, idProblem } from '../core/ids.js';
import { REPORT_FILE } from '../core/formats.js';
import type { IngestWarning } from '../core/types.js';

/** The file name of the optional catalog inside a seeds directory. */
export const CATALOG_FILE = 'catalog.json';

export { REPORT_FILE };

/** The largest seed file read (32 MiB): a larger one is skipped with a warning, never read. */
export const MAX_SEED_BYTES = 32 * 1024 * 1024;

/** An entry of the seeds folder to read. */
export interface SeedFile {
  /** The entry's name in the seeds folder (`000_x.txt`). */
  file: string;
  /** Where to read it: the entry itself, or the file a symbolic link leads to (inside the seeds folder). */
  path: string;
  size: number;
}

export interface SeedListing {
  /** The reports to index, sorted by name. */
  files: SeedFile[];
  /** `catalog.json`, when there is one to read. */
  catalog: SeedFile | null;
  /** An entry skipped, each with why. */
  skipped: IngestWarning[];
}

/** Flags for opening a seed: never blocks on a pipe, never follows a link swapped in since the listing. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0);

/** What kind of thing a non-regular entry is, for the warning. */
function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** A name as a warning shows it: as it is, or JSON-quoted when it holds control characters or is not UTF-8. */
function shown(name: string): string {
  return /[\u0000-\u001F\u007F-\u009F\uFFFD]/.test(name) ? JSON.stringify(name) : name;
}

function skip(file: string, why: string): IngestWarning {
  return { file: shown(file), reason: `${shown(file)}: skipped, ${why}`, skipped: true };
}

const MB = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * Resolves one entry of the seeds folder: what to read, or why it is skipped.
 * @param root the seeds folder's real path
 */
function resolveEntry(seedsDir: string, root: string, name: string): SeedFile | IngestWarning {
  const full = path.join(seedsDir, name);
  let st: fs.Stats;
  let target = full;
  try {
    st = fs.lstatSync(full);
    if (st.isSymbolicLink()) {
      try {
        target = fs.realpathSync(full);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        return skip(name, code === 'ENOENT' ? 'unreadable (a dangling symbolic link)' : code === 'ELOOP' ? 'unreadable (a loop of symbolic links)' : `unreadable (${code ?? (e as Error).message})`);
      }
      const rel = path.relative(root, target);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return skip(name, 'a symbolic link that leads out of the seeds folder');
      st = fs.statSync(target);
    }
  } catch (e) {
    return skip(name, `unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (!st.isFile()) return skip(name, `${kindOf(st)}, not a regular file`);
  if (st.size > MAX_SEED_BYTES) return skip(name, `too large (${MB(st.size)}; at most ${MB(MAX_SEED_BYTES)} is read)`);
  return { file: name, path: target, size: st.size };
}

/**
 * Lists a seeds folder: its reports (every format `REPORT_FILE` names) and `catalog.json`, each entry judged on its own (see the
 * module's comment), with a warning for each entry skipped.
 *
 * @throws AppError `bad_seeds` when the folder itself cannot be read.
 * @example
 * listSeeds('seeds').files.map((f) => f.file) //=> ['000_cacabed7aa6ec20d.txt', …]
 */
export function listSeeds(seedsDir: string): SeedListing {
  let names: string[];
  let root: string;
  try {
    root = fs.realpathSync(seedsDir);
    names = fs.readdirSync(root).sort();
  } catch (e) {
    throw new AppError(`cannot read the seeds directory ${seedsDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { code: 'bad_seeds' });
  }
  const files: SeedFile[] = [];
  const skipped: IngestWarning[] = [];
  let catalog: SeedFile | null = null;
  for (const name of names) {
    if (name === CATALOG_FILE) {
      const r = resolveEntry(seedsDir, root, name);
      if ('reason' in r) skipped.push(r);
      else catalog = r;
      continue;
    }
    if (!REPORT_FILE.test(name)) continue;
    const id = docIdOf(name);
    const problem = idProblem(id);
    const why = name.includes('\uFFFD') ? 'its name is not valid UTF-8'
      : name.startsWith('.') ? 'a hidden file (its name starts with a dot)'
      : problem !== null ? `its id "${id}" ${problem}, so no link could address it`
      : null;
    if (why !== null) {
      skipped.push(skip(name, why));
      continue;
    }
    const r = resolveEntry(seedsDir, root, name);
    if ('reason' in r) {
      skipped.push(r);
      continue;
    }
    files.push(r);
  }
  return { files, catalog, skipped };
}

/** Opens a listed seed for reading: still a regular file, at most {@link MAX_SEED_BYTES}; never blocks. */
export function openSeed(file: string): { fd: number; size: number } {
  const fd = fs.openSync(file, OPEN_FLAGS);
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error(`${kindOf(st)}, not a regular file`), { code: 'ENOTREG' });
    if (st.size > MAX_SEED_BYTES) throw Object.assign(new Error(`too large (${MB(st.size)})`), { code: 'EFBIG' });
    return { fd, size: st.size };
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/** Reads a listed seed (see {@link openSeed}): at most the size it had when opened. */
export function readSeedSync(file: string): Buffer {
  const { fd, size } = openSeed(file);
  try {
    const buf = Buffer.allocUnsafe(size);
    let at = 0;
    for (let n = 1; at < size && n > 0; at += n) n = fs.readSync(fd, buf, at, size - at, at);
    return at === size ? buf : buf.subarray(0, at);
  } finally {
    fs.closeSync(fd);
  }
}

/** {@link readSeedSync}, without blocking the event loop. */
export async function readSeed(file: string): Promise<Buffer> {
  const fh = await fs.promises.open(file, OPEN_FLAGS);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw Object.assign(new Error(`${kindOf(st)}, not a regular file`), { code: 'ENOTREG' });
    if (st.size > MAX_SEED_BYTES) throw Object.assign(new Error(`too large (${MB(st.size)})`), { code: 'EFBIG' });
    const buf = Buffer.allocUnsafe(st.size);
    let at = 0;
    for (let n = 1; at < st.size && n > 0; at += n) n = (await fh.read(buf, at, st.size - at, at)).bytesRead;
    return at === st.size ? buf : buf.subarray(0, at);
  } finally {
    await fh.close();
  }
}
