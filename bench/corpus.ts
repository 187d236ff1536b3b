/**
 * The scaled corpus: the seed reports repeated K times, each copy a distinct file whose id carries the copy number
 * (`c007_000_cacabed7aa6ec20d.txt`). The text is not changed, so every copy segments, ranks and mentions alike and a
 * figure at K = 100 is a figure for 100× the seeds. `seeds/catalog.json`, when present, is carried over to every copy.
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
 * await makeCorpus({ seeds: 'seeds', k: 2, dir: '/tmp/c' }) //=> { dir: '/tmp/c', k: 2, files: 10, bytes: 545040 }
 */
export async function makeCorpus(opts: { seeds: string; k: number; dir: string; varyYear?: boolean }): Promise<Corpus> {
  if (!Number.isInteger(opts.k) || opts.k < 1) throw new Error(`bench: K must be a whole number ≥ 1, got ${opts.k}`);
  const seedFiles = (await fs.readdir(opts.seeds)).filter((f) => REPORT.test(f)).sort();
  if (seedFiles.length === 0) throw new Error(`bench: no *.txt or *.md reports in ${opts.seeds}`);
  await fs.mkdir(opts.dir, { recursive: true });
  const catalog = await readCatalog(path.join(opts.seeds, 'catalog.json'));
  let bytes = 0;
  for (const file of seedFiles) bytes += (await fs.stat(path.join(opts.seeds, file))).size;
  for (let copy = 0; copy < opts.k; copy++) {
    await Promise.all(seedFiles.map((f) => fs.copyFile(path.join(opts.seeds, f), path.join(opts.dir, copyName(copy, f)))));
  }
  if (catalog !== undefined) {
    const derived = deriveCatalog(catalog, seedFiles, opts.k, opts.varyYear ?? false);
    await fs.writeFile(path.join(opts.dir, 'catalog.json'), JSON.stringify(derived, null, 1));
  }
  return { dir: opts.dir, k: opts.k, files: seedFiles.length * opts.k, bytes: bytes * opts.k };
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
 * Adds one more report to a built corpus (a copy of the seed `file` under a new name), as a user adding a report
 * would; returns the new file's name and size.
 */
export async function addReport(corpus: Corpus, seeds: string, file: string): Promise<{ file: string; bytes: number }> {
  const name = `add_${file}`;
  await fs.copyFile(path.join(seeds, file), path.join(corpus.dir, name));
  const catalogPath = path.join(corpus.dir, 'catalog.json');
  const catalog = await readCatalog(catalogPath);
  if (catalog !== undefined) {
    // The added report gets its seed's catalog entry, so its metadata is as good as the others'.
    const one = onlyCopies(deriveCatalog(await readCatalog(path.join(seeds, 'catalog.json')), [file], 1, false));
    const text = JSON.stringify(one).replaceAll(copyName(0, file).replace(REPORT, ''), name.replace(REPORT, ''));
    const merged = mergeCatalogs(catalog, JSON.parse(text) as unknown);
    await fs.writeFile(catalogPath, JSON.stringify(merged, null, 1));
  }
  return { file: name, bytes: (await fs.stat(path.join(corpus.dir, name))).size };
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
