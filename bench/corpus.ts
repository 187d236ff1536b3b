/**
 * The scaled corpus: the seed reports repeated K times, each copy a distinct file whose id carries the copy number
 * (`c007_000_cacabed7aa6ec20d.txt`), so a figure at K = 100 is a figure for 100× the seeds. `seeds/catalog.json`,
 * when present, is carried over to every copy.
 *
 * Copy 0 is the seeds byte for byte. Every later copy ends with one extra line naming it (`[c007]`): the build
 * segments identical documents only once (its segmentation cache is keyed by content), which would make 100 identical
 * copies cost one, while a real corpus of 500 reports has 500 different texts. The line holds no Chinese, so no
 * query of the benchmark finds it and every copy mentions and ranks as the seeds do.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export interface Corpus {
  dir: string;
  k: number;
  /** Report files written (catalog.json not counted). */
  files: number;
  /** Bytes of the report files. */
  bytes: number;
}

const REPORT = /\.(txt|md)$/i;

/** The file name of copy `copy` of seed file `file`. */
export function copyName(copy: number, file: string): string {
  return `c${String(copy).padStart(3, '0')}_${file}`;
}

/**
 * Writes K copies of every report in `seeds` (and a derived catalog.json) into the empty or new directory `dir`.
 *
 * @param varyYear shift each copy's catalog year by 0, -1 or -2 so year filters and facets see several years
 * @example
 * await makeCorpus({ seeds: 'seeds', k: 2, dir: '/tmp/c' }) //=> { dir: '/tmp/c', k: 2, files: 10, bytes: 545090 }
 */
export async function makeCorpus(opts: {
  seeds: string;
  k: number;
  dir: string;
  varyYear?: boolean;
  /** Leave the copies byte-identical to the seeds (no marker line): shows what the build's dedup saves. */
  identical?: boolean;
}): Promise<Corpus> {
  if (!Number.isInteger(opts.k) || opts.k < 1) throw new Error(`bench: K must be a whole number ≥ 1, got ${opts.k}`);
  const seedFiles = (await fs.readdir(opts.seeds)).filter((f) => REPORT.test(f)).sort();
  if (seedFiles.length === 0) throw new Error(`bench: no *.txt or *.md reports in ${opts.seeds}`);
  await fs.mkdir(opts.dir, { recursive: true });
  const catalog = await readCatalog(path.join(opts.seeds, 'catalog.json'));
  let bytes: number;
  const contents = await Promise.all(seedFiles.map((f) => fs.readFile(path.join(opts.seeds, f))));
  const identical = opts.identical ?? false;
  bytes = 0;
  for (let copy = 0; copy < opts.k; copy++) {
    await Promise.all(
      seedFiles.map(async (f, i) => {
        const data = copy === 0 || identical ? contents[i]! : withMarker(contents[i]!, `c${String(copy).padStart(3, '0')}`);
        bytes += data.length;
        await fs.writeFile(path.join(opts.dir, copyName(copy, f)), data);
      }),
    );
  }
  if (catalog !== undefined) {
    const derived = deriveCatalog(catalog, seedFiles, opts.k, opts.varyYear ?? false);
    await fs.writeFile(path.join(opts.dir, 'catalog.json'), JSON.stringify(derived, null, 1));
  }
  return { dir: opts.dir, k: opts.k, files: seedFiles.length * opts.k, bytes };
}

/**
 * `data` with a last line `[marker]`, in the file's own encoding (UTF-16 after its BOM; ASCII is the same bytes in
 * UTF-8 and GB18030).
 *
 * @example
 * withMarker(Buffer.from('发展'), 'c001').toString() //=> '发展\n\n[c001]\n'
 */
export function withMarker(data: Buffer, marker: string): Buffer {
  const line = `\n\n[${marker}]\n`;
  if (data[0] === 0xff && data[1] === 0xfe) return Buffer.concat([data, Buffer.from(line, 'utf16le')]);
  if (data[0] === 0xfe && data[1] === 0xff) return Buffer.concat([data, Buffer.from(line, 'utf16le').swap16()]);
  return Buffer.concat([data, Buffer.from(line, 'ascii')]);
}

async function readCatalog(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
}

/**
 * The catalog of the scaled corpus: every entry of the seeds' catalog once per copy, under the copy's file name (or
 * id, when the seeds' catalog is keyed by id). Works for a map keyed by file or id, for `{files: {...}}` and for an
 * array of entries that name their `file` or `id`.
 */
export function deriveCatalog(catalog: unknown, seedFiles: readonly string[], k: number, varyYear: boolean): unknown {
  const rename = (key: string, copy: number): string => {
    const byFile = seedFiles.find((f) => f === key);
    if (byFile) return copyName(copy, byFile);
    const byId = seedFiles.find((f) => f.replace(REPORT, '') === key);
    if (byId) return copyName(copy, byId).replace(REPORT, '');
    return key;
  };
  const entryFor = (value: unknown, copy: number): unknown => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    const entry: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    if (typeof entry.file === 'string') entry.file = rename(entry.file, copy);
    if (typeof entry.id === 'string') entry.id = rename(entry.id, copy);
    if (varyYear && typeof entry.year === 'number') entry.year -= copy % 3;
    return entry;
  };
  if (Array.isArray(catalog)) {
    return Array.from({ length: k }, (_, copy) => catalog.map((e) => entryFor(e, copy))).flat();
  }
  if (catalog === null || typeof catalog !== 'object') return catalog;
  const obj = catalog as Record<string, unknown>;
  if (obj.files && typeof obj.files === 'object' && !Array.isArray(obj.files)) {
    return { ...obj, files: deriveCatalog(obj.files, seedFiles, k, varyYear) };
  }
  const out: Record<string, unknown> = {};
  for (let copy = 0; copy < k; copy++) {
    for (const [key, value] of Object.entries(obj)) {
      const renamed = rename(key, copy);
      if (renamed === key && copy > 0) continue; // not a seed's entry (a comment, a default): keep it once
      out[renamed] = entryFor(value, copy);
    }
  }
  return out;
}

/**
 * Adds one more report to a built corpus (the seed `file` with a marker line `[add]`, so its text is new to the
 * index), as a user adding a report would; returns the new file's name, size and characters.
 */
export async function addReport(corpus: Corpus, seeds: string, file: string): Promise<{ file: string; bytes: number; chars: number }> {
  // Named to sort after the copies: it repeats one of them, and of two copies of a report the first in file order is
  // the one counted (ingest/duplicates.ts), so an earlier name would turn an indexed copy into a duplicate — a change
  // to an old report, which no index can take by appending.
  const name = `zz_add_${file}`;
  const data = withMarker(await fs.readFile(path.join(seeds, file)), 'add');
  await fs.writeFile(path.join(corpus.dir, name), data);
  const catalogPath = path.join(corpus.dir, 'catalog.json');
  const catalog = await readCatalog(catalogPath);
  if (catalog !== undefined) {
    // The added report gets its seed's catalog entry, so its metadata is as good as the others'.
    const one = onlyCopies(deriveCatalog(await readCatalog(path.join(seeds, 'catalog.json')), [file], 1, false));
    const text = JSON.stringify(one).replaceAll(copyName(0, file).replace(REPORT, ''), name.replace(REPORT, ''));
    const merged = mergeCatalogs(catalog, JSON.parse(text) as unknown);
    await fs.writeFile(catalogPath, JSON.stringify(merged, null, 1));
  }
  // Characters as decoded (UTF-8 seeds): what segmentation sees, give or take whitespace and markup.
  return { file: name, bytes: data.length, chars: data.toString('utf8').length };
}

/** The entries of a derived catalog that belong to a copy (`c000_…`), without the seeds' other entries. */
function onlyCopies(catalog: unknown): unknown {
  const isCopy = (v: unknown): boolean => typeof v === 'string' && /^c\d{3}_/.test(v);
  if (Array.isArray(catalog)) {
    return catalog.filter((e) => e && typeof e === 'object' && (isCopy((e as { file?: unknown }).file) || isCopy((e as { id?: unknown }).id)));
  }
  if (!catalog || typeof catalog !== 'object') return catalog;
  const obj = catalog as Record<string, unknown>;
  if (obj.files && typeof obj.files === 'object') return { ...obj, files: onlyCopies(obj.files) };
  return Object.fromEntries(Object.entries(obj).filter(([key]) => isCopy(key)));
}

function mergeCatalogs(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    if (ao.files && bo.files) return { ...ao, files: mergeCatalogs(ao.files, bo.files) };
    return { ...ao, ...bo };
  }
  return a;
}

/** Total bytes of the files under `dir`, recursively (the index size on disk). */
export async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await dirBytes(p);
    else if (entry.isFile()) total += (await fs.stat(p)).size;
  }
  return total;
}

/** The report files of a real-world corpus folder: every format the engine reads (SPEC §1). */
const REAL_REPORT = /\.(txt|md|pdf|docx|doc|html|htm)$/i;

/**
 * Copies a real-world corpus folder (bench/realworld.md) into `dir` as a seeds folder: its report files byte for
 * byte and its catalog.json if any; its own README.md and truth files (`truth.tsv`, `truth-notes.md`), which describe
 * the corpus rather than belong to it, are left out.
 *
 * @example
 * await copyRealCorpus('/work/corpus', '/tmp/c') //=> { dir: '/tmp/c', k: 1, files: 107, bytes: 13353113 }
 */
export async function copyRealCorpus(from: string, dir: string): Promise<Corpus> {
  const entries = await fs.readdir(from, { withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && REAL_REPORT.test(e.name) && !/^readme\.md$/i.test(e.name) && !/^truth/i.test(e.name))
    .map((e) => e.name)
    .sort();
  if (files.length === 0) throw new Error(`bench: no report files in ${from}`);
  await fs.mkdir(dir, { recursive: true });
  let bytes = 0;
  for (const f of files) {
    await fs.copyFile(path.join(from, f), path.join(dir, f));
    bytes += (await fs.stat(path.join(dir, f))).size;
  }
  const catalog = path.join(from, 'catalog.json');
  if (await fs.stat(catalog).then((s) => s.isFile(), () => false)) await fs.copyFile(catalog, path.join(dir, 'catalog.json'));
  return { dir, k: 1, files: files.length, bytes };
}
